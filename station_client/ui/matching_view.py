"""岗位推荐: vacancies ranked for the person on screen (F9), or job seekers ranked for a
vacancy (from 用人单位与岗位); 推荐 records the offer as an assistance contact.

Ranking and recording are the store's (:class:`~station_client.store.matching.JobMatching`:
it audits every person it lists); :mod:`.match_rows` turns the matches into plain rows
(names masked by role) on the worker thread; this panel shows score, reasons and cautions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.store.matching import CONTENT_MAX_CHARS
from station_client.store.person_file import PersonFile

from .i18n import error_text
from .main_window import CounterWindow
from .match_rows import MatchRow, list_separator, record, seekers_for, vacancies_for

__all__ = ["MatchPanel", "MatchRow", "attach", "seekers_for", "vacancies_for"]

_ERROR_STYLE = "color: #c62828;"
_DONE_STYLE = "color: #1b5e20;"


# -- the panel ------------------------------------------------------------------------------
class MatchPanel(QWidget):
    """Ranked candidates, the selected one's reasons, an editable note and 推荐."""

    recommended = Signal(str)  # the person a job was offered to

    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self._window, self._ops = window, window.operations
        self._store = window.context.store
        self.rows: list[MatchRow] = []
        self._request = 0  # results of an older request are dropped
        self._saving = False
        self._stale_person: str | None = None  # the file on screen misses an offer
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._selected(row))
        self.table.activated.connect(lambda _index: self.recommend())
        self.why = QLabel("")
        self.why.setWordWrap(True)
        self.content = QLineEdit()
        self.content.setMaxLength(CONTENT_MAX_CHARS)
        self.content.setPlaceholderText(
            QCoreApplication.translate("MatchPanel", "推荐说明（可修改）")
        )
        self.content.returnPressed.connect(self.recommend)
        self.button = QPushButton(QCoreApplication.translate("MatchPanel", "推荐 (Enter)"))
        self.button.setEnabled(False)
        self.button.clicked.connect(self.recommend)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        note = QHBoxLayout()
        note.addWidget(self.content, 1)
        note.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.why)
        layout.addLayout(note)
        layout.addWidget(self.status)
        window.workspace.currentChanged.connect(self._maybe_refresh_file)
        self.clear()

    # -- loading ------------------------------------------------------------------------
    def load_vacancies_for(self, person_id: str, name: str) -> None:
        self._start(
            QCoreApplication.translate("MatchPanel", "为 {name} 推荐岗位").format(name=name),
            QCoreApplication.translate("MatchPanel", "岗位"),
        )
        token = self._request
        self._ops.run(
            lambda: vacancies_for(self._store, person_id),
            lambda rows: self._show(
                token,
                rows,
                QCoreApplication.translate(
                    "MatchPanel", "共 {count} 个岗位，按匹配分排列：↑↓ 选择，回车推荐"
                ),
            ),
            lambda e: self._load_failed(token, e),
        )

    def load_seekers_for(self, vacancy_id: str, title: str) -> None:
        self._start(
            QCoreApplication.translate("MatchPanel", "为岗位“{title}”匹配求职者").format(
                title=title
            ),
            QCoreApplication.translate("MatchPanel", "求职者"),
        )
        token, actor, role = self._request, self._window.actor, self._window.role
        self._ops.run(
            lambda: seekers_for(self._store, actor, role, vacancy_id),
            lambda rows: self._show(
                token,
                rows,
                QCoreApplication.translate(
                    "MatchPanel", "共 {count} 位求职者，按匹配分排列：↑↓ 选择，回车推荐"
                ),
            ),
            lambda e: self._load_failed(token, e),
        )

    def _start(self, heading: str, who: str) -> None:
        self.clear()
        self.heading.setText(f"<b>{heading}</b>")
        headers = (
            QCoreApplication.translate("MatchPanel", "匹配分"),
            who,
            QCoreApplication.translate("MatchPanel", "情况"),
            QCoreApplication.translate("MatchPanel", "匹配理由"),
            QCoreApplication.translate("MatchPanel", "需注意"),
            QCoreApplication.translate("MatchPanel", "推荐"),
        )
        self.table.setHorizontalHeaderLabels(list(headers))
        self._say(QCoreApplication.translate("MatchPanel", "正在匹配…"))

    def _show(self, token: int, rows: list[MatchRow], found: str) -> None:
        """``found``: what to say of the rows, ``{count}`` standing for how many."""
        if token != self._request:
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._fill(r, row)
        if not rows:
            self._say(QCoreApplication.translate("MatchPanel", "暂无合适的匹配"))
            return
        self._say(found.format(count=len(rows)))
        self.table.setFocus()
        self.table.selectRow(0)
        self._selected(0)

    def _fill(self, r: int, row: MatchRow) -> None:
        cells = (
            str(row.score),
            row.name,
            row.detail,
            list_separator().join(row.reasons) or "—",
            list_separator().join(row.cautions) or "—",
            QCoreApplication.translate("MatchPanel", "已推荐 ✓") if row.offered else "",
        )
        for c, text in enumerate(cells):
            self.table.setItem(r, c, QTableWidgetItem(text))

    def _load_failed(self, token: int, error: Exception) -> None:
        if token == self._request:
            self._say(error_text(error) or str(error), _ERROR_STYLE)

    def _selected(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        self.why.setText(
            QCoreApplication.translate(
                "MatchPanel", "匹配理由：{reasons}　需注意：{cautions}"
            ).format(
                reasons=list_separator().join(row.reasons) or "—",
                cautions=list_separator().join(row.cautions) or "—",
            )
        )
        self.content.setText(row.suggestion)
        self.button.setEnabled(True)

    # -- recommending -------------------------------------------------------------------
    def recommend(self) -> None:
        index = self.table.currentRow()
        if self._saving or not 0 <= index < len(self.rows):
            return
        row, content, actor = self.rows[index], self.content.text().strip(), self._window.actor
        token = self._request
        self._saving = True
        self.button.setEnabled(False)
        self._say(QCoreApplication.translate("MatchPanel", "正在记录推荐…"))
        self._ops.run(
            lambda: record(self._store, actor, row, content),
            lambda day: self._recorded(token, index, row, day),
            self._refused,
        )

    def _recorded(self, token: int, index: int, row: MatchRow, day: date) -> None:
        self._saving = False
        self.button.setEnabled(True)
        self._stale_person = row.person_id
        self.recommended.emit(row.person_id)
        if token != self._request:
            return
        self.rows[index] = replace(row, offered=True)
        self._fill(index, self.rows[index])
        self._say(
            QCoreApplication.translate(
                "MatchPanel", "已推荐“{name}”，已记入援助联系记录（{date}）"
            ).format(name=row.name, date=day),
            _DONE_STYLE,
        )

    def _refused(self, error: Exception) -> None:
        self._saving = False
        self.button.setEnabled(True)
        self._say(error_text(error) or str(error), _ERROR_STYLE)

    def _say(self, text: str, style: str = "") -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    def _maybe_refresh_file(self, index: int) -> None:
        """Back on the file: show it again if an offer was made to the person on it."""
        file = self._window.file_view.file
        if index == 0 and file is not None and file.person_id == self._stale_person:
            self._stale_person = None
            self._window.refresh_file()

    def clear(self) -> None:
        self._request += 1
        self.heading.setText(
            QCoreApplication.translate(
                "MatchPanel",
                "在“办事”页打开一个人的档案后按 F9，或在“用人单位与岗位”中选择岗位后按回车",
            )
        )
        self.rows = []
        self.table.setRowCount(0)
        self.why.clear()
        self.content.clear()
        self.status.clear()
        self.button.setEnabled(False)


_PANEL_NAME = "personJobMatches"


def attach(window: CounterWindow) -> None:
    """Add 岗位推荐 (F9) for the person on screen, with its results tab (once)."""
    if window.findChild(MatchPanel, _PANEL_NAME) is not None:
        return
    panel = MatchPanel(window)
    panel.setObjectName(_PANEL_NAME)
    window.add_workspace_tab(panel, QCoreApplication.translate("MatchPanel", "岗位推荐"))

    def act(file: PersonFile) -> None:
        panel.load_vacancies_for(file.person_id, file.name)
        window.workspace.setCurrentWidget(panel)

    window.add_file_action(QCoreApplication.translate("MatchPanel", "岗位推荐"), "F9", act)
    window.personal_data_cleared.connect(panel.clear)

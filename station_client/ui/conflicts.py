"""冲突处理 (Ctrl+K): the supervisor's conflict queue and the field-by-field decision.

Shown only to supervisors and district admins. The queue (overdue first: older than
the escalation setting, 已超期) is filtered by table, kind, age and area; the selected
conflict shows each field's base, hub and station values with who changed what and when;
per field the supervisor keeps the hub's value, takes the station's or types a merged
value, gives a reason and resolves — or resolves every conflict of the same pattern at
once. The hub does the work (:mod:`station_client.sync.conflicts`), through Operations.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hub_sync.model import utc_now
from station_client.sync import conflicts as cc

from .conflict_queue import KINDS, ConflictQueueModel, kind_text, shown, when
from .i18n import Language, current_language, error_text
from .main_window import CounterWindow

_ALL = ""
_PICKS = (
    ("hub", str(QT_TRANSLATE_NOOP("ConflictsScreen", "保留中心值"))),
    ("station", str(QT_TRANSLATE_NOOP("ConflictsScreen", "采用站点值"))),
    ("merged", str(QT_TRANSLATE_NOOP("ConflictsScreen", "手工合并"))),
)


class ConflictsScreen(QWidget):
    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self.window_ = window
        self.found: list[cc.ConflictRecord] = []
        self.current: cc.ConflictRecord | None = None
        self.table_filter, self.kind_filter = QComboBox(), QComboBox()
        self.kind_filter.addItem(self.tr("全部类型"), _ALL)
        for kind in KINDS:
            self.kind_filter.addItem(kind_text(kind), kind)
        self.age_filter = QSpinBox()
        self.age_filter.setRange(0, 3650)
        self.age_filter.setSuffix(self.tr(" 天以上"))
        self.area_filter = QLineEdit()
        self.area_filter.setPlaceholderText(self.tr("区域代码前缀"))
        self.escalate = QSpinBox()
        self.escalate.setRange(1, 365)
        self.escalate.setValue(cc.DEFAULT_ESCALATE_DAYS)
        self.escalate.setSuffix(self.tr(" 天超期"))
        self.refresh_button = QPushButton(self.tr("刷新 (Ctrl+R)"))
        self.model = ConflictQueueModel()
        self.queue = QTableView()
        self.queue.setModel(self.model)
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue.verticalHeader().hide()
        self.count = QLabel("")
        self.origin = QLabel("")
        self.origin.setWordWrap(True)
        self.fields = QTableWidget(0, 5)
        headers = [self.tr("字段"), self.tr("原值"), self.tr("中心值"), self.tr("站点值")]
        self.fields.setHorizontalHeaderLabels([*headers, self.tr("处理")])
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.field_error = QLabel("")
        self.field_error.setObjectName("fieldError")
        self.field_error.setStyleSheet("color: #b00020")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("处理理由（必填）"))
        self.reason_error = QLabel("")
        self.reason_error.setStyleSheet("color: #b00020")
        self.resolve_button = QPushButton(self.tr("提交处理 (Ctrl+Enter)"))
        self.bulk_button = QPushButton(self.tr("同类批量处理 (Ctrl+B)"))
        self.message = QLabel("")
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        self.pickers: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for widget in (
            self.table_filter,
            self.kind_filter,
            self.age_filter,
            self.area_filter,
            self.escalate,
            self.refresh_button,
        ):
            filters.addWidget(widget)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.queue, 1)
        left_layout.addWidget(self.count)
        right = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("处理理由"), self.reason)
        form.addRow("", self.reason_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.bulk_button)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.origin)
        right_layout.addWidget(self.fields, 1)
        right_layout.addWidget(self.field_error)
        right_layout.addLayout(form)
        right_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        for combo in (self.table_filter, self.kind_filter):
            combo.currentIndexChanged.connect(self._refilter)
        self.age_filter.valueChanged.connect(self._refilter)
        self.area_filter.textChanged.connect(self._refilter)
        self.escalate.editingFinished.connect(self._save_escalation)
        self.refresh_button.clicked.connect(self.load)
        self.queue.selectionModel().currentRowChanged.connect(self._selected)
        self.reason.returnPressed.connect(self.resolve)
        self.resolve_button.clicked.connect(self.resolve)
        self.bulk_button.clicked.connect(self.bulk_resolve)
        for keys, slot in (
            ("Ctrl+R", self.load),
            ("Ctrl+Return", self.resolve),
            ("Ctrl+Enter", self.resolve),
            ("Ctrl+B", self.bulk_resolve),
            ("Escape", self.clear_detail),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- the queue -----------------------------------------------------------------------
    def load(self) -> None:
        session = self.window_.session
        if session is None:
            return
        store = self.window_.context.store
        self.count.setText(self.tr("正在读取冲突列表…"))

        def work() -> tuple[list[cc.ConflictRecord], int]:
            return cc.list_open(store, session), cc.escalate_days(store)

        self.window_.operations.run(work, self._loaded, self._failed)

    def _loaded(self, result: tuple[list[cc.ConflictRecord], int]) -> None:
        self.found, days = result
        self.escalate.setValue(days)
        tables = sorted({c.table for c in self.found})
        chosen = self.table_filter.currentData()
        self.table_filter.blockSignals(True)
        self.table_filter.clear()
        self.table_filter.addItem(self.tr("全部数据表"), _ALL)
        for name in tables:
            self.table_filter.addItem(name, name)
        self.table_filter.setCurrentIndex(max(0, self.table_filter.findData(chosen)))
        self.table_filter.blockSignals(False)
        self._refilter()

    def filters(self) -> cc.ConflictFilter:
        return cc.ConflictFilter(
            table=self.table_filter.currentData() or None,
            kind=self.kind_filter.currentData() or None,
            min_age_days=self.age_filter.value() or None,
            area_prefix=self.area_filter.text().strip() or None,
        )

    def _refilter(self) -> None:
        entries = cc.queue(
            self.found, now=utc_now(), escalate_days=self.escalate.value(), filters=self.filters()
        )
        self.model.show(entries)
        overdue = sum(1 for e in entries if e.overdue)
        self.count.setText(
            self.tr("共 {n} 条待处理，其中已超期 {late} 条").format(n=len(entries), late=overdue)
        )
        self.clear_detail()
        if entries:
            self.queue.selectRow(0)

    def _save_escalation(self) -> None:
        store, days = self.window_.context.store, self.escalate.value()
        self.window_.operations.run(
            lambda: cc.set_escalate_days(store, days), lambda _: self._refilter(), self._failed
        )

    # -- one conflict --------------------------------------------------------------------
    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() >= len(self.model.entries):
            return
        self.show_conflict(self.model.entries[current.row()].conflict)

    def show_conflict(self, conflict: cc.ConflictRecord) -> None:
        self.current = conflict
        self.fields.setRowCount(0)
        self.pickers.clear()
        self.field_error.clear()
        self.reason_error.clear()
        for row, (name, (base, hub_value, station_value)) in enumerate(conflict.fields.items()):
            self.fields.insertRow(row)
            for col, text in enumerate((name, shown(base), shown(hub_value), shown(station_value))):
                self.fields.setCellWidget(row, col, QLabel(text))
            pick, typed = QComboBox(), QLineEdit()
            for key, label in _PICKS:
                pick.addItem(self.tr(label), key)
            typed.setPlaceholderText(self.tr("合并后的值"))
            typed.setEnabled(False)
            pick.currentIndexChanged.connect(
                lambda _i, p=pick, t=typed: t.setEnabled(p.currentData() == "merged")
            )
            cell = QWidget()
            box = QHBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(pick)
            box.addWidget(typed, 1)
            self.fields.setCellWidget(row, 4, cell)
            self.pickers[name] = (pick, typed)
        self.fields.resizeColumnsToContents()
        self.origin.setText(
            self.tr("站点 {station} 提交的修改于 {when} 与中心数据冲突（{kind}）").format(
                station=conflict.station_id[-8:],
                when=when(conflict.created_at),
                kind=kind_text(conflict.kind),
            )
        )
        store = self.window_.context.store
        self.window_.operations.run(
            lambda: cc.provenance(store, conflict),
            lambda p: self._show_origin(conflict, p),
            lambda _e: None,
        )

    def _show_origin(self, conflict: cc.ConflictRecord, origin: cc.Provenance) -> None:
        if self.current is not conflict or origin.hub_at is None:
            return
        self.origin.setText(
            self.origin.text()
            + self.tr("；中心值由 {who}（{where}）于 {when} 修改").format(
                who=origin.hub_staff or self.tr("未知"),
                where=origin.hub_station or "—",
                when=when(origin.hub_at),
            )
        )

    def clear_detail(self) -> None:
        self.current = None
        self.fields.setRowCount(0)
        self.pickers.clear()
        self.origin.clear()
        self.field_error.clear()
        self.reason_error.clear()

    def decision(self) -> cc.Decision | None:
        """The decision on screen, or None with the problem shown at its field."""
        conflict = self.current
        if conflict is None:
            return None
        self.field_error.clear()
        self.reason_error.clear()
        sides: dict[str, cc.Side] = {}
        merged: dict[str, Any] = {}
        for name, (pick, typed) in self.pickers.items():
            typed.setStyleSheet("")
            if pick.currentData() != "merged":
                sides[name] = pick.currentData()
                continue
            try:
                merged[name] = cc.merged_value(conflict.table, name, typed.text())
            except cc.DecisionInvalid as e:
                typed.setStyleSheet("border: 2px solid #b00020")
                typed.setFocus()
                self.field_error.setText(self._field_message(name, e))
                return None
        if not self.reason.text().strip():
            self.reason_error.setText(self.tr("请填写处理理由"))
            self.reason.setFocus()
            return None
        return cc.Decision(self.reason.text(), sides, merged)

    def _field_message(self, name: str, error: Exception) -> str:
        return self.tr("{field}：{message}").format(
            field=name, message=error_text(error) or str(error)
        )

    def resolve(self) -> None:
        decision, conflict, session = self.decision(), self.current, self.window_.session
        if decision is None or conflict is None or session is None:
            return
        store = self.window_.context.store
        self.resolve_button.setEnabled(False)
        self.window_.operations.run(
            lambda: cc.resolve(store, session, conflict, decision),
            lambda version: self._resolved(
                self.tr("已处理，记录更新为第 {v} 版，将同步到各站点").format(v=version)
            ),
            self._failed,
        )

    def bulk_resolve(self) -> None:
        decision, conflict, session = self.decision(), self.current, self.window_.session
        if decision is None or conflict is None or session is None:
            return
        if decision.merged:
            self.field_error.setText(self.tr("批量处理只能按字段保留一方的值，手工合并请逐条处理"))
            return
        alike = cc.same_pattern((e.conflict for e in self.model.entries), conflict)
        store = self.window_.context.store
        self.bulk_button.setEnabled(False)
        self.window_.operations.run(
            lambda: cc.bulk_resolve(store, session, alike, decision), self._bulk_done, self._failed
        )

    def _bulk_done(self, outcome: cc.BulkOutcome) -> None:
        text = self.tr("批量处理 {n} 条").format(n=len(outcome.resolved))
        if outcome.refused:
            english = current_language() is Language.EN and outcome.refused_en
            reasons = outcome.refused_en if english else outcome.refused
            text += self.tr("，{m} 条未处理：{why}").format(
                m=len(outcome.refused), why=self.tr("；").join(sorted(set(reasons.values())))
            )
        self._resolved(text)

    def _resolved(self, text: str) -> None:
        self.resolve_button.setEnabled(True)
        self.bulk_button.setEnabled(True)
        self.reason.clear()
        self.message.setText(text)
        self.load()

    def _failed(self, error: Exception) -> None:
        self.resolve_button.setEnabled(True)
        self.bulk_button.setEnabled(True)
        if isinstance(error, cc.DecisionInvalid) and error.field in self.pickers:
            self.field_error.setText(self._field_message(error.field, error))
            return
        self.message.setText(error_text(error) or self.tr("操作失败，请稍后重试或联系信息科"))
        if isinstance(error, cc.AlreadyResolved):
            self.load()

    def clear(self) -> None:
        self.found = []
        self.model.show([])
        self.clear_detail()
        self.message.clear()
        self.reason.clear()


def attach(window: CounterWindow) -> None:
    """The 冲突处理 tab, visible only while a supervisor or district admin is logged in."""
    screen = ConflictsScreen(window)
    window.add_workspace_tab(
        screen, QCoreApplication.translate("ConflictsScreen", "冲突处理"), "Ctrl+K"
    )
    index = window.workspace.indexOf(screen)
    window.workspace.setTabVisible(index, False)

    def logged_in(*_args: object) -> None:
        allowed = window.session is not None and window.session.staff.role in cc.SUPERVISING
        window.workspace.setTabVisible(index, allowed)
        if allowed:
            screen.load()
        else:
            keep_hidden(window.workspace.currentIndex())
            screen.clear()

    def cleared() -> None:
        window.workspace.setTabVisible(index, False)
        keep_hidden(window.workspace.currentIndex())
        screen.clear()

    def keep_hidden(current: int) -> None:  # Ctrl+K while hidden, or hidden while shown
        if current == index and not window.workspace.isTabVisible(index):
            window.workspace.setCurrentIndex(0)

    window.workspace.currentChanged.connect(keep_hidden)
    window.login.logged_in.connect(logged_in)
    window.personal_data_cleared.connect(cleared)

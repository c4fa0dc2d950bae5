"""用人单位与岗位 (F8): find or register an employer, its vacancies, add / edit / close one,
and rank job seekers for a vacancy.

The tab only lays out and reacts: every read and write runs through :class:`Operations`
on the store's own validation (:mod:`station_client.store.vacancies`), and a refused value
comes back as a red message under the field it names, with nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.reference import ReferenceBundle
from station_client.rules.errors import ValidationError
from station_client.rules.uscc import validate_uscc
from station_client.store import Store
from station_client.store.search import EmployerHit, search_employers
from station_client.store.vacancies import EmployerCard, VacancyRegistry, VacancyRow

from .employer_forms import (
    FieldForm,
    code_choices,
    division_choices,
    employer_form,
    register_employer,
    vacancy_form,
)
from .i18n import error_text, gap
from .main_window import CounterWindow
from .matching_view import MatchPanel

_STATES = {
    "open": str(QT_TRANSLATE_NOOP("EmployersTab", "招聘中")),
    "not_started": str(QT_TRANSLATE_NOOP("EmployersTab", "未到期开始")),
    "expired": str(QT_TRANSLATE_NOOP("EmployersTab", "已过期")),
    "full": str(QT_TRANSLATE_NOOP("EmployersTab", "已招满")),
}
_CLOSED = str(QT_TRANSLATE_NOOP("EmployersTab", "已关闭"))
_EMPLOYER_FIELDS = ("uscc", "name", "division_code", "address", "contact_name", "contact_phone")


def _t(text: str) -> str:
    return QCoreApplication.translate("EmployersTab", text)


# -- the work, on worker threads (no widgets) ---------------------------------------------
def _choices(reference: ReferenceBundle) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    return code_choices(reference, "occupation"), division_choices(reference)


def _employer(
    store: Store, board: VacancyRegistry, eid: str
) -> tuple[EmployerCard, list[VacancyRow]]:
    with store.transaction() as s:
        return board.employer_card(s, eid), board.for_employer(s, eid)


class EmployersTab(QWidget):
    """The 用人单位与岗位 workspace tab."""

    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self._window, self._ops = window, window.operations
        self._store = window.context.store
        self._board = VacancyRegistry(self._store.reference, self._store.clock)
        self.employer: EmployerCard | None = None
        self.vacancies: list[VacancyRow] = []
        self._editing: str | None = None  # the vacancy the form edits; None: a new one
        self._closing: str | None = None  # asked once to close this vacancy
        self._wanted = ""  # the employer whose vacancies were asked for last
        self._original: dict[str, str] = {}  # the form's values before an edit
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            QCoreApplication.translate(
                "EmployersTab", "单位名称、拼音首字母或统一社会信用代码 (Ctrl+F)"
            )
        )
        self.search.returnPressed.connect(self.find_employers)
        self.results = QListWidget()
        self.results.itemActivated.connect(self._pick)
        self.results.currentItemChanged.connect(self._moved)
        new_employer = QPushButton(
            QCoreApplication.translate("EmployersTab", "登记新单位 (Ctrl+U)")
        )
        new_employer.clicked.connect(self.new_employer)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(new_employer)
        self.header = QLabel(QCoreApplication.translate("EmployersTab", "查找或登记用人单位"))
        self.header.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("EmployersTab", "岗位"),
                QCoreApplication.translate("EmployersTab", "职业"),
                QCoreApplication.translate("EmployersTab", "人数"),
                QCoreApplication.translate("EmployersTab", "月薪（元）"),
                QCoreApplication.translate("EmployersTab", "工作地点"),
                QCoreApplication.translate("EmployersTab", "有效期"),
                QCoreApplication.translate("EmployersTab", "状态"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self.match_seekers())
        self.message = QLabel("")
        self.message.setObjectName("counterNotice")
        self.message.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, (label, keys, slot) in {
            "add": (
                QCoreApplication.translate("EmployersTab", "新增岗位"),
                "Ctrl+G",
                self.new_vacancy,
            ),
            "edit": (
                QCoreApplication.translate("EmployersTab", "修改岗位"),
                "Ctrl+E",
                self.edit_vacancy,
            ),
            "close": (
                QCoreApplication.translate("EmployersTab", "关闭岗位"),
                "Ctrl+D",
                self.close_vacancy,
            ),
            "match": (
                QCoreApplication.translate("EmployersTab", "匹配求职者 (Enter)"),
                "Ctrl+M",
                self.match_seekers,
            ),
        }.items():
            button = self.buttons[key] = QPushButton(
                f"{label} ({keys})" if key != "match" else label
            )
            button.setEnabled(False)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self._key(keys, slot)
        bar.addStretch(1)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.header)
        detail_layout.addLayout(bar)
        detail_layout.addWidget(self.table, 1)
        detail_layout.addWidget(self.message)
        self.employer_form, self.vacancy_form = employer_form(), vacancy_form()
        self.employer_form.submitted.connect(self._save_employer)
        self.vacancy_form.submitted.connect(self._save_vacancy)
        uscc = self.employer_form.inputs["uscc"]
        assert isinstance(uscc, QLineEdit)
        uscc.editingFinished.connect(self._check_uscc)
        self.seekers = MatchPanel(window)
        self.pages = QStackedWidget()
        for page in (detail, self.employer_form, self.vacancy_form, self.seekers):
            self.pages.addWidget(page)
        for form in (self.employer_form, self.vacancy_form):
            form.cancelled.connect(self.back)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.pages)
        split.setStretchFactor(1, 3)
        QVBoxLayout(self).addWidget(split)
        self._key("Ctrl+F", self.search.setFocus)
        self._key("Ctrl+U", self.new_employer)
        self._key("Escape", self.back)
        reference = self._store.reference
        self._ops.run(lambda: _choices(reference()), self._got_choices, self._failed)

    def _key(self, keys: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _got_choices(self, choices: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> None:
        occupations, places = choices
        self.vacancy_form.picker("occupation_code").set_entries(occupations)
        self.vacancy_form.picker("location_division").set_entries(places)
        self.employer_form.picker("division_code").set_entries(places)

    def _failed(self, error: Exception) -> None:
        self.message.setText(
            error_text(error)
            or QCoreApplication.translate("EmployersTab", "出错了：{error}").format(error=error)
        )

    # -- employers ------------------------------------------------------------------------
    def find_employers(self) -> None:
        query = self.search.text().strip()
        if not query:
            return

        def work() -> list[EmployerHit]:
            with self._store.engine.connect() as conn:
                return search_employers(conn, query)

        self._ops.run(work, self._found, self._failed)

    def _found(self, hits: list[EmployerHit]) -> None:
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.name}\n{hit.uscc}")
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.results.addItem(item)
        self.message.setText(
            QCoreApplication.translate("EmployersTab", "未找到该单位，可登记新单位 (Ctrl+U)")
            if not hits
            else ""
        )
        if hits:
            self.results.setFocus()
            self.results.setCurrentRow(0)

    def _moved(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self._pick(item)

    def _pick(self, item: QListWidgetItem) -> None:
        self.open_employer(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_employer(self, employer_id: str, notice: str = "") -> None:
        self._wanted = employer_id
        self._ops.run(
            lambda: _employer(self._store, self._board, employer_id),
            lambda found: self._show_employer(found, notice),
            self._failed,
        )

    def _show_employer(self, found: tuple[EmployerCard, list[VacancyRow]], notice: str) -> None:
        card, rows = found
        if card.id != self._wanted:
            return  # the clerk has moved on to another employer
        self.employer, self.vacancies, self._closing = card, rows, None
        parts = (card.uscc, card.division_name, card.contact_name, card.contact_phone)
        self.header.setText(
            f"<b style='font-size:18pt'>{card.name}</b><br>" + gap().join(p for p in parts if p)
        )
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            until = (
                row.valid_until.isoformat()
                if row.valid_until
                else QCoreApplication.translate("EmployersTab", "长期")
            )
            cells = (
                row.title,
                f"{row.occupation_code or ''} {row.occupation_name}",
                str(row.headcount),
                f"{row.wage_min or ''}–{row.wage_max or ''}"
                if row.wage_max
                else QCoreApplication.translate("EmployersTab", "面议"),
                row.location_name or QCoreApplication.translate("EmployersTab", "单位所在地"),
                f"{row.valid_from:%Y-%m-%d} ~ {until}",
                _t(_STATES.get(row.state, _CLOSED)),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.buttons["add"].setEnabled(True)
        for key in ("edit", "close", "match"):
            self.buttons[key].setEnabled(bool(rows))
        self.message.setText(notice)
        self.pages.setCurrentIndex(0)
        if rows:
            self.table.selectRow(0)
        (self.table if rows else self.buttons["add"]).setFocus()

    def new_employer(self) -> None:
        self.employer_form.reset()
        self.pages.setCurrentWidget(self.employer_form)

    def _check_uscc(self) -> None:
        text = self.employer_form.text("uscc")
        label = self.employer_form.errors["uscc"]
        try:
            if text:
                self.employer_form.set_text("uscc", validate_uscc(text).code)
            label.hide()
        except ValidationError as e:
            label.setText(error_text(e) or str(e))
            label.show()

    def _save_employer(self) -> None:
        form = self.employer_form
        if not form.save.isEnabled():
            return  # Enter pressed again while saving
        form.clear_errors()
        values = {field: form.text(field) for field in _EMPLOYER_FIELDS}
        actor = self._window.actor
        form.save.setEnabled(False)
        self._ops.run(
            lambda: register_employer(self._store, actor, values),
            lambda eid: self.open_employer(
                eid,
                QCoreApplication.translate("EmployersTab", "单位已登记：{name}").format(
                    name=values["name"]
                ),
            ),
            lambda e: self._refused(form, e),
        )

    def _refused(self, form: FieldForm, error: Exception) -> None:
        form.save.setEnabled(True)
        text = error_text(error) or str(error)
        form.show_error(error.field if isinstance(error, ValidationError) else "", text)

    # -- vacancies ------------------------------------------------------------------------
    def selected(self) -> VacancyRow | None:
        row = self.table.currentRow()
        return self.vacancies[row] if 0 <= row < len(self.vacancies) else None

    def new_vacancy(self) -> None:
        if self.employer is None or self.pages.currentIndex() != 0:
            return
        self._editing = None
        self.vacancy_form.heading.setText(
            "<b>{action} · {name}</b>".format(
                action=QCoreApplication.translate("EmployersTab", "新增岗位"),
                name=self.employer.name,
            )
        )
        defaults = {"headcount": 1, "valid_from": self._board.today().isoformat()}
        self.vacancy_form.reset(defaults | {"location_division": self.employer.division_code})
        self.pages.setCurrentWidget(self.vacancy_form)

    def edit_vacancy(self) -> None:
        row, form = self.selected(), self.vacancy_form
        if row is None or self.employer is None or self.pages.currentIndex() != 0:
            return
        self._editing = row.id
        form.heading.setText(
            "<b>{action} · {name}</b>".format(
                action=QCoreApplication.translate("EmployersTab", "修改岗位"), name=row.title
            )
        )
        form.reset({f: getattr(row, f) for f in form.inputs})
        self._original = {f: form.text(f) for f in form.inputs}
        self.pages.setCurrentWidget(form)

    def _save_vacancy(self) -> None:
        form, employer, editing = self.vacancy_form, self.employer, self._editing
        if employer is None or not form.save.isEnabled():
            return
        form.clear_errors()
        values: dict[str, Any] = {field: form.text(field) for field in form.inputs}
        if editing is not None:  # only what the clerk changed: an old date may stay as it is
            values = {f: v for f, v in values.items() if v != self._original.get(f)}
        actor = self._window.actor
        form.save.setEnabled(False)

        def work() -> str:
            with self._store.transaction() as s:
                if editing is None:
                    return self._board.register(s, actor, employer.id, values).id
                return self._board.edit(s, actor, editing, values).id

        done = QCoreApplication.translate("EmployersTab", "岗位已保存：{title}").format(
            title=values.get("title") or form.text("title")
        )
        self._ops.run(
            work,
            lambda _vid: self.open_employer(employer.id, done),
            lambda e: self._refused(form, e),
        )

    def close_vacancy(self) -> None:
        row, employer = self.selected(), self.employer
        if row is None or employer is None or self.pages.currentIndex() != 0:
            return
        if self._closing != row.id:  # a closed vacancy cannot reopen: ask once more
            self._closing = row.id
            self.message.setText(
                QCoreApplication.translate(
                    "EmployersTab", "再按一次“关闭岗位 (Ctrl+D)”确认停止招聘：{title}"
                ).format(title=row.title)
            )
            return
        actor = self._window.actor

        def work() -> None:
            with self._store.transaction() as s:
                self._board.close(s, actor, row.id)

        done = QCoreApplication.translate("EmployersTab", "岗位已关闭：{title}").format(
            title=row.title
        )
        self._ops.run(work, lambda _r: self.open_employer(employer.id, done), self._failed)

    def match_seekers(self) -> None:
        row = self.selected()
        if row is None or self.pages.currentIndex() != 0:
            return
        self.pages.setCurrentWidget(self.seekers)
        self.seekers.load_seekers_for(row.id, row.title)

    def back(self) -> None:
        if self.pages.currentIndex() != 0 and self.employer is not None:
            self.open_employer(self.employer.id)
        self.pages.setCurrentIndex(0)

    def arrived(self, _index: int) -> None:
        """On arriving at the tab: the search box, unless a form or a ranking is open."""
        if self._window.workspace.currentWidget() is self and self.pages.currentIndex() == 0:
            self.search.setFocus()

    def clear(self) -> None:
        """Switch user: nothing the last person looked at stays."""
        self.search.clear()
        self.results.clear()
        self.employer, self.vacancies, self._wanted = None, [], ""
        self.table.setRowCount(0)
        self.header.setText(QCoreApplication.translate("EmployersTab", "查找或登记用人单位"))
        self.message.clear()
        self.seekers.clear()
        self.pages.setCurrentIndex(0)
        for button in self.buttons.values():
            button.setEnabled(False)


def attach(window: CounterWindow) -> None:
    """Add the 用人单位与岗位 (F8) tab to the counter window (once)."""
    if window.findChild(EmployersTab) is not None:
        return
    tab = EmployersTab(window)
    window.add_workspace_tab(
        tab, QCoreApplication.translate("EmployersTab", "用人单位与岗位"), "F8"
    )
    window.personal_data_cleared.connect(tab.clear)
    window.workspace.currentChanged.connect(tab.arrived)

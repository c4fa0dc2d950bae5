"""审核审批 (Ctrl+Shift+A): the approvals queue of every reviewed matter.

The list holds what the logged-in staff member may decide now — of a hard-to-employ
recognition the village check and public-notice objections for village staff, the town
review for a town supervisor, the district decision for a district supervisor; the
review of an unemployment registration and the acceptance of a mediation application or
an inspection complaint for a town supervisor (where the catalogue sets a review) — plus
overdue steps escalated to them to chase up (督办), overdue first. Each row names the
matter (the catalogue item) and its number. ↑↓ choose, Tab goes to the result, the reason (required
to refuse) and the password, which is asked again for every decision; Enter in the
password field or Ctrl+Enter submits, Ctrl+R reads the list again. The store does the
work (:mod:`station_client.store.review_queue`) through Operations; refusals are shown in
words at their field, or above the list.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.rules.codes import Role
from station_client.rules.deadlines import DeadlineState
from station_client.rules.errors import ValidationError
from station_client.store import review_queue as rq

from .approval_panel import DecisionPanel
from .i18n import Language, current_language, error_text
from .main_window import CounterWindow

#: Roles that take part in approvals (district IT does not decide on people).
DECIDING = frozenset({Role.CLERK, Role.SUPERVISOR, Role.DISTRICT_ADMIN})
_COLOURS = {DeadlineState.OVERDUE: "#c62828", DeadlineState.DUE_SOON: "#b26a00"}


class ApprovalsScreen(QWidget):
    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self.window_ = window
        self.entries: list[rq.MatterEntry] = []
        self.message = QLabel("")
        self.message.setObjectName("approvalMessage")
        self.message.setWordWrap(True)
        self.count = QLabel("")
        self.refresh_button = QPushButton(self.tr("刷新 (Ctrl+R)"))
        self.queue = QTableWidget(0, 6)
        self.queue.setHorizontalHeaderLabels(
            [
                self.tr("状态"),
                self.tr("事项"),
                self.tr("编号"),
                self.tr("申请人"),
                self.tr("当前环节"),
                self.tr("期限"),
            ]
        )
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue.verticalHeader().hide()
        self.queue.horizontalHeader().setStretchLastSection(True)
        self.panel = DecisionPanel()
        self._lay_out()
        self.refresh_button.clicked.connect(self.load)
        self.queue.currentCellChanged.connect(self._selected)
        self.panel.submitted.connect(self.decide)
        for keys, slot in (
            ("Ctrl+R", self.load),
            ("Ctrl+Return", self.panel.submit),
            ("Ctrl+Enter", self.panel.submit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.refresh_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.queue, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    # -- the queue -----------------------------------------------------------------------
    def load(self) -> None:
        session = self.window_.session
        if session is None:
            return
        store, staff_id = self.window_.context.store, session.staff.id
        self.count.setText(self.tr("正在读取待审批事项…"))
        self.window_.operations.run(
            lambda: rq.queue(store, staff_id), self.show_queue, self._failed
        )

    def show_queue(self, entries: list[rq.MatterEntry]) -> None:
        chosen = _key(self.panel.entry) if self.panel.entry else None
        self.entries = entries
        self.queue.setRowCount(0)
        en = current_language() is Language.EN
        for row, entry in enumerate(entries):
            self.queue.insertRow(row)
            due = entry.due_on.isoformat() + (self.tr("（估算）") if entry.due_estimated else "")
            cells = (
                self._state_text(entry),
                entry.item_en if en else entry.item_zh,
                entry.record_no,
                entry.name,
                entry.step_en if en else entry.step_zh,
                due,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                colour = _COLOURS.get(entry.state)
                if colour and column in (0, 5):
                    item.setForeground(QBrush(QColor(colour)))
                self.queue.setItem(row, column, item)
        self.queue.resizeColumnsToContents()
        late = sum(1 for e in entries if e.overdue)
        self.count.setText(
            self.tr("待审批 {n} 件，其中已超期 {late} 件").format(n=len(entries), late=late)
        )
        rows = [i for i, e in enumerate(entries) if _key(e) == chosen] or [0]
        if entries:
            self.queue.setCurrentCell(rows[0], 0)
            self.panel.show_entry(entries[rows[0]])
        else:
            self.panel.show_entry(None)

    def _state_text(self, entry: rq.MatterEntry) -> str:
        if not entry.may_decide:
            return self.tr("督办（已超期）")
        if entry.objections_only:
            return self.tr("公示中")
        return {
            DeadlineState.OVERDUE: self.tr("已超期"),
            DeadlineState.DUE_SOON: self.tr("即将到期"),
        }.get(entry.state, self.tr("正常"))

    def _selected(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if 0 <= row < len(self.entries):
            self.panel.show_entry(self.entries[row])

    # -- deciding ------------------------------------------------------------------------
    def decide(self, result: str, reason: str, password: str) -> None:
        entry, session = self.panel.entry, self.window_.session
        if entry is None or session is None:
            return
        store, actor = self.window_.context.store, self.window_.actor
        self.message.setText(self.tr("正在保存决定…"))
        self.window_.operations.run(
            lambda: rq.decide(
                store, actor, entry, result, reason=reason or None, password=password
            ),
            self._decided,
            self._refused,
        )

    def _decided(self, done: rq.Decided) -> None:
        en = current_language() is Language.EN
        self.message.setText(done.message_en() if en else done.message_zh())
        self.panel.clear_form()
        self.load()

    def _refused(self, error: Exception) -> None:
        text = error_text(error) or self.tr("保存失败，请稍后重试或联系信息科")
        if isinstance(error, rq.PasswordRefused):
            self.panel.refused("password", text)
            self.message.clear()
            return
        if isinstance(error, ValidationError) and error.field == "reason":
            self.panel.refused("reason", text)
            self.message.clear()
            return
        self.panel.refused("", text)
        self.message.setText(text)
        self.load()  # decided elsewhere meanwhile, say: the list says where it stands now

    def _failed(self, error: Exception) -> None:
        self.count.setText(error_text(error) or self.tr("读取失败，请稍后重试"))

    def clear(self) -> None:
        self.entries = []
        self.queue.setRowCount(0)
        self.panel.show_entry(None)
        self.message.clear()
        self.count.clear()


def _key(entry: rq.MatterEntry) -> tuple[str, str]:
    """A matter's identity across reloads of the list."""
    return entry.subject_table, entry.record_id


def attach(window: CounterWindow) -> None:
    """The 审核审批 tab (Ctrl+Shift+A), for staff who take part in approvals."""
    screen = ApprovalsScreen(window)
    window.add_workspace_tab(
        screen, QCoreApplication.translate("ApprovalsScreen", "审核审批"), "Ctrl+Shift+A"
    )
    index = window.workspace.indexOf(screen)
    window.workspace.setTabVisible(index, False)

    def allowed() -> bool:
        session = window.session
        return session is not None and session.staff.role in DECIDING

    def logged_in(*_args: object) -> None:
        window.workspace.setTabVisible(index, allowed())
        if allowed():
            screen.load()
        else:
            screen.clear()
            keep_hidden(window.workspace.currentIndex())

    def shown(current: int) -> None:
        keep_hidden(current)
        if current == index and allowed():
            screen.queue.setFocus()  # ↑↓ at once
            screen.load()

    def keep_hidden(current: int) -> None:  # Ctrl+Shift+A while hidden
        if current == index and not window.workspace.isTabVisible(index):
            window.workspace.setCurrentIndex(0)

    def cleared() -> None:
        window.workspace.setTabVisible(index, False)
        keep_hidden(window.workspace.currentIndex())
        screen.clear()

    window.workspace.currentChanged.connect(shown)
    window.login.logged_in.connect(logged_in)
    window.personal_data_cleared.connect(cleared)

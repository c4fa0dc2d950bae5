"""办件 (F4): the matters of the person on screen, and what can be done with them.

- 受理事项 (F7, on the person's file): pick a service from the catalogue; the clerk asked
  first owns the matter (首问负责), the deadline is counted in working days, and the
  receipt (受理回执) is offered for printing.
- 变更状态 (Ctrl+E or Enter on a matter): only the statuses the matter may take next;
  不予办理 needs the reason; 待补材料 needs the missing materials, ticked from the
  catalogue item's list, and then prints the one-time notice (一次性告知书).
- 缺材料告知 (Ctrl+M): the same, with 待补材料 chosen.
- 移交/上报 (Ctrl+T): to a colleague of the station or up a level, with the reason.
- 打印回执 (Ctrl+R), 打印告知书 (Ctrl+Shift+N), 服务评价 (Ctrl+J, after completion).

Every save runs through Operations; a refusal shows under the field it names and saves
nothing. When the clerk goes back to the file (F2) after a change, the file is read again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.reference import ServiceItem
from station_client.rules.deadlines import DeadlineState
from station_client.rules.tickets import TicketStatus
from station_client.store.documents import one_time_notice, ticket_receipt
from station_client.store.person_file import PersonFile
from station_client.store.ticket_views import (
    Colleague,
    TicketView,
    colleagues,
    person_tickets,
    station_catalogue,
)

from .evaluation import ask_rating
from .i18n import localized
from .main_window import CounterWindow
from .printing import error_text, flow_for
from .ticket_dialogs import (
    CataloguePicker,
    HandOverDialog,
    SavingDialog,
    StatusDialog,
    material_name,
    status_text,
)

_COLOURS = {
    DeadlineState.OVERDUE: "#c62828",
    DeadlineState.DUE_SOON: "#b26a00",
    DeadlineState.ON_TRACK: "#2e7d32",
}
_STATE_ZH = {
    DeadlineState.OVERDUE: str(QT_TRANSLATE_NOOP("TicketsPanel", "已超期")),
    DeadlineState.DUE_SOON: str(QT_TRANSLATE_NOOP("TicketsPanel", "即将到期")),
    DeadlineState.ON_TRACK: str(QT_TRANSLATE_NOOP("TicketsPanel", "正常")),
    DeadlineState.DONE_ON_TIME: str(QT_TRANSLATE_NOOP("TicketsPanel", "按时办结")),
    DeadlineState.DONE_LATE: str(QT_TRANSLATE_NOOP("TicketsPanel", "超期办结")),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("TicketsPanel", text)


class TicketsPanel(QWidget):
    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self.counter = window
        self.person: PersonFile | None = None
        self.tickets: list[TicketView] = []
        self.file_stale = False  # the file view shows matters as they were
        self.shown_for: str | None = None  # whose matters the table shows
        self.dialog: SavingDialog | None = None  # the dialog open now, if any
        self.heading = QLabel("")
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("受理编号"),
                self.tr("事项"),
                self.tr("状态"),
                self.tr("受理日期"),
                self.tr("办结期限"),
                self.tr("经办人"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda _item: self.change_status())
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, label, keys, act in (
            ("status", self.tr("变更状态"), "Ctrl+E", self.change_status),
            ("materials", self.tr("缺材料告知"), "Ctrl+M", self.missing_materials),
            ("handover", self.tr("移交/上报"), "Ctrl+T", self.hand_over),
            ("receipt", self.tr("打印回执"), "Ctrl+R", self.print_receipt),
            ("notice", self.tr("打印告知书"), "Ctrl+Shift+N", self.print_notice),
            ("rate", self.tr("服务评价"), "Ctrl+J", self.rate),
        ):
            self.buttons[key] = self._action(bar, f"{label} ({keys})", keys, act)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        self.clear()

    def _action(
        self, bar: QHBoxLayout, label: str, keys: str, act: Callable[[], None]
    ) -> QPushButton:
        button = QPushButton(label)
        button.clicked.connect(lambda: act())
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: act() if button.isEnabled() else None)
        bar.addWidget(button)
        return button

    # -- the list --------------------------------------------------------------------
    def close_dialog(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()

    def clear(self) -> None:
        self.close_dialog()
        self.person, self.tickets, self.shown_for = None, [], None
        self.table.setRowCount(0)
        self.heading.setText(self.tr("办件：请先打开办事人档案（F2）"))
        self.message.clear()
        self.details.clear()
        self._selected()

    def load(self, select_id: str | None = None, then: Callable[[], None] | None = None) -> None:
        """Read the matters of the person whose file is open; ``then`` runs once they are
        shown (one store operation after the other, never two at once)."""
        file = self.counter.file_view.file
        if file is None or self.counter.session is None:
            self.clear()
            return
        self.person = file
        self.heading.setText(self.tr("{0} 的办件").format(file.name))
        store, person_id = self.counter.context.store, file.person_id

        def shown(tickets: list[TicketView]) -> None:
            self.show_tickets(tickets, select_id)
            if then is not None:
                then()

        self.counter.operations.run(lambda: person_tickets(store, person_id), shown, self._failed)

    def show_tickets(self, tickets: list[TicketView], select_id: str | None = None) -> None:
        self.tickets = tickets
        self.shown_for = self.person.person_id if self.person else None
        self.table.setRowCount(len(tickets))
        for row, t in enumerate(tickets):
            due = t.due_on.isoformat() if t.due_on else "—"
            if t.status is TicketStatus.WAITING_MATERIALS:  # restarts when they arrive
                due = self.tr("时限暂停（材料补齐后重新计时）")
            elif t.deadline_state is not None:
                state = tr(_STATE_ZH[t.deadline_state])
                due = self.tr("{due}（{state}）").format(due=due, state=state)
            texts = [
                t.ticket_no,
                localized(t.item_zh, t.item_en),
                status_text(t.status),
                t.accepted_on.isoformat(),
                due,
                t.owner,
            ]
            for col, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                colour = _COLOURS.get(t.deadline_state) if t.deadline_state else None
                if colour and col == 4:
                    cell.setForeground(QBrush(QColor(colour)))
                self.table.setItem(row, col, cell)
        ids = [t.id for t in tickets]
        if tickets:
            self.table.selectRow(ids.index(select_id) if select_id in ids else 0)
        if not tickets:
            self.message.setText(self.tr("此人暂无办件。按 F7 受理事项。"))
        self._selected()

    def selected(self) -> TicketView | None:
        row = self.table.currentRow()
        return self.tickets[row] if 0 <= row < len(self.tickets) else None

    def _selected(self) -> None:
        t = self.selected()
        is_open = t is not None and not t.status.final
        self.buttons["status"].setEnabled(bool(t and t.next_statuses))
        self.buttons["materials"].setEnabled(
            bool(t and TicketStatus.WAITING_MATERIALS in t.next_statuses and t.materials)
        )
        self.buttons["handover"].setEnabled(is_open)
        self.buttons["receipt"].setEnabled(t is not None)
        waiting = t is not None and t.status is TicketStatus.WAITING_MATERIALS
        self.buttons["notice"].setEnabled(waiting)
        done = t is not None and t.status is TicketStatus.COMPLETED
        self.buttons["rate"].setEnabled(done and t is not None and not t.rated)
        if t is None:
            self.details.clear()
            return
        lines = [self.tr("首问负责人：{0}　经办人：{1}").format(t.first_owner, t.owner)]
        if t.missing:
            missing = self.tr("、").join(material_name(t, m) for m in t.missing)
            lines.append(self.tr("待补材料：") + missing)
        if t.rated:
            lines.append(self.tr("已评价"))
        lines += [self.tr("移交：") + h for h in t.handovers]
        lines += t.notes.splitlines()
        self.details.setText("\n".join(lines))

    def _failed(self, error: Exception) -> None:
        self.message.setText(error_text(error))

    # -- saving ----------------------------------------------------------------------
    def _save(
        self,
        dialog: SavingDialog,
        work: Callable[[Any], Any],
        saved: Callable[[Any], None],
    ) -> None:
        """Open ``dialog``; on submit run ``work(values)`` in the background."""
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # the last one is done with
        self.dialog = dialog

        def submitted(values: Any) -> None:
            self.counter.operations.run(lambda: work(values), done, dialog.refuse)

        def done(result: Any) -> None:
            dialog.finish()
            self.file_stale = True
            saved(result)

        dialog.submitted.connect(submitted)
        dialog.open()

    def change_status(self, preset: TicketStatus | None = None) -> None:
        t = self.selected()
        if t is None or not t.next_statuses:
            return
        desk, actor = self.counter.context.store.tickets, self.counter.actor
        dialog = StatusDialog(t, self, preset)

        def work(values: Any) -> Any:
            status, reason, missing = values
            return desk.set_status(
                actor, t.id, status, reason=reason or None, missing_materials=missing
            )

        def saved(ticket: Any) -> None:
            status = TicketStatus(ticket.status)
            self.message.setText(
                self.tr("{0} 已改为“{1}”").format(t.ticket_no, status_text(status))
            )
            if status is TicketStatus.COMPLETED:  # the person rates the service now
                self.load(t.id, lambda: self._rate_by_id(t.id))
            elif status is TicketStatus.WAITING_MATERIALS:  # 一次性告知, in writing
                self.load(t.id, lambda: self.print_notice(t))
            else:
                self.load(t.id)

        self._save(dialog, work, saved)

    def missing_materials(self) -> None:
        self.change_status(TicketStatus.WAITING_MATERIALS)

    def hand_over(self) -> None:
        t = self.selected()
        if t is None or t.status.final:
            return
        store, actor = self.counter.context.store, self.counter.actor

        def ask(staff: list[Colleague]) -> None:
            dialog = HandOverDialog(t, staff, self)

            def work(values: Any) -> Any:
                to_staff, to_level, reason = values
                return store.tickets.hand_over(
                    actor, t.id, reason=reason, to_staff_id=to_staff, to_level=to_level
                )

            def saved(_handover: object) -> None:
                self.message.setText(self.tr("{0} 已移交，原因已记录").format(t.ticket_no))
                self.load(t.id)

            self._save(dialog, work, saved)

        self.counter.operations.run(lambda: colleagues(store, actor), ask, self._failed)

    # -- printing and rating ------------------------------------------------------------
    def print_receipt(self, ticket_id: str | None = None) -> None:
        selected = self.selected()
        ident = ticket_id or (selected.id if selected else None)
        if ident is None:
            return
        store, actor, role = self.counter.context.store, self.counter.actor, self.counter.role
        flow_for(self.counter).print_document(lambda: ticket_receipt(store, actor, role, ident))

    def print_notice(self, ticket: TicketView | None = None) -> None:
        t = ticket or self.selected()
        if t is None:
            return
        store, actor = self.counter.context.store, self.counter.actor
        flow_for(self.counter).print_document(lambda: one_time_notice(store, actor, t.id))

    def rate(self) -> None:
        t = self.selected()
        if t is not None and t.status is TicketStatus.COMPLETED and not t.rated:
            self._rate_by_id(t.id)

    def _rate_by_id(self, ticket_id: str) -> None:
        t = next((t for t in self.tickets if t.id == ticket_id), None)
        if t is not None:
            dialog = ask_rating(self.counter, t)
            dialog.saved.connect(lambda _e: self.load(ticket_id))

    # -- accepting a matter ---------------------------------------------------------------
    def accept_matter(self, file: PersonFile) -> None:
        """受理事项 (F7): from the catalogue; the receipt is offered for printing."""
        store, actor = self.counter.context.store, self.counter.actor
        station_id = self.counter.context.station_id

        def ask(items: list[ServiceItem]) -> None:
            dialog = CataloguePicker(items, self.counter)

            def work(values: Any) -> Any:
                code, notes = values
                return store.tickets.open_ticket(actor, code, person_id=file.person_id, notes=notes)

            def saved(ticket: Any) -> None:
                ident, no, due = ticket.id, ticket.ticket_no, ticket.due_on
                self.person = self.counter.file_view.file  # no second load on switching
                self.counter.workspace.setCurrentWidget(self)
                self.load(ident, lambda: self.print_receipt(ident))
                self.message.setText(
                    self.tr("已受理，受理编号 {0}，承诺办结日期 {1}").format(
                        no, due.isoformat() if due else "—"
                    )
                )

            self._save(dialog, work, saved)

        self.counter.operations.run(lambda: station_catalogue(store, station_id), ask, self._failed)


def attach(window: CounterWindow) -> None:
    panel = TicketsPanel(window)
    window.add_workspace_tab(panel, QCoreApplication.translate("TicketsPanel", "办件"), "F4")
    window.add_file_action(
        QCoreApplication.translate("TicketsPanel", "受理事项"), "F7", panel.accept_matter
    )

    def switched(index: int) -> None:
        if window.workspace.currentWidget() is panel:
            panel.table.setFocus()  # ↑↓ and the panel's keys work at once
            if panel.person is None or window.file_view.file is not panel.person:
                panel.load()
        elif index == 0 and panel.file_stale:
            panel.file_stale = False
            window.refresh_file()

    window.workspace.currentChanged.connect(switched)
    window.personal_data_cleared.connect(panel.clear)
    window.pages.currentChanged.connect(
        lambda _index: (
            panel.close_dialog() if window.pages.currentWidget() is not window.work_page else None
        )
    )

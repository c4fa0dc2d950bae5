"""我的待办 (F3): the clerk's day at a glance.

Open matters grouped by deadline (已超期 / 即将到期 / 正常 / 待补材料, most urgent first),
the people owed a follow-up (monthly contact with the registered unemployed, assistance
rounds for the hard-to-employ) and completed matters still waiting for the person's
rating. ↑↓ to move, Enter opens the person's file. The list is read again each time the
tab is shown (F3) or on Ctrl+R, and cleared when the user switches (names are personal
data).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.rules.deadlines import DeadlineState
from station_client.rules.tickets import TicketStatus
from station_client.store.follow_ups import FollowUp, WorkList, work_list
from station_client.store.ticket_support import DayItem

from .i18n import gap, localized, phrase_text
from .main_window import CounterWindow
from .printing import error_text
from .ticket_dialogs import status_text

_GROUPS: tuple[tuple[DeadlineState | None, str, str], ...] = (
    (DeadlineState.OVERDUE, str(QT_TRANSLATE_NOOP("MyDay", "已超期")), "#c62828"),
    (DeadlineState.DUE_SOON, str(QT_TRANSLATE_NOOP("MyDay", "即将到期")), "#b26a00"),
    (DeadlineState.ON_TRACK, str(QT_TRANSLATE_NOOP("MyDay", "正常")), "#2e7d32"),
    (None, str(QT_TRANSLATE_NOOP("MyDay", "待补材料（时限暂停）")), "#546e7a"),
)
_PERSON = Qt.ItemDataRole.UserRole


#: The translation context of the follow-ups' kinds and details (the store's words).
FOLLOW_UPS = "FollowUps"


def _matter(item_zh: str, item_en: str, ticket_no: str) -> str:
    """The catalogue's name of a matter's service in the screen's language, and its number."""
    return f"{localized(item_zh, item_en)}{gap()}{ticket_no}"


def follow_up_texts(f: FollowUp) -> tuple[str, str]:
    """A follow-up's kind and detail in the language of the screen."""
    kind = QCoreApplication.translate(FOLLOW_UPS, f.kind.zh)
    separator = QCoreApplication.translate(FOLLOW_UPS, f.kind.separator_zh)
    detail = separator.join(phrase_text(FOLLOW_UPS, p.text_zh, p.values) for p in f.detail)
    return kind, detail


def tr(text: str) -> str:
    return QCoreApplication.translate("MyDay", text)


class MyDayPanel(QWidget):
    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self.counter = window
        self.heading = QLabel(self.tr("我的待办"))
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("事项 / 人员"), self.tr("办事人"), self.tr("期限"), self.tr("说明")]
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._open)
        self.refresh_button = QPushButton(self.tr("刷新 (Ctrl+R)"))
        self.refresh_button.clicked.connect(self.refresh)
        shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tree, 1)
        self.loaded: WorkList | None = None

    # -- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.counter.session
        if session is None:
            return
        store, role = self.counter.context.store, self.counter.role
        staff_id, station_id = session.staff.id, self.counter.context.station_id
        self.message.setText(self.tr("正在读取…"))
        self.counter.operations.run(
            lambda: work_list(store, staff_id, station_id, role), self.show_list, self._failed
        )

    def _failed(self, error: Exception) -> None:
        self.message.setText(error_text(error))

    def clear(self) -> None:
        self.tree.clear()
        self.loaded = None
        self.message.clear()
        self.heading.setText(self.tr("我的待办"))

    # -- showing ---------------------------------------------------------------------
    def _group(self, title: str, count: int, colour: str | None = None) -> QTreeWidgetItem:
        group = QTreeWidgetItem(
            self.tree, [self.tr("{title}（{count}）").format(title=title, count=count)]
        )
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        if colour:
            group.setForeground(0, QBrush(QColor(colour)))
        group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        group.setExpanded(True)
        return group

    @staticmethod
    def _row(group: QTreeWidgetItem, person_id: str | None, texts: list[str]) -> QTreeWidgetItem:
        row = QTreeWidgetItem(group, texts)
        row.setData(0, _PERSON, person_id)
        return row

    def show_list(self, day: WorkList) -> None:
        self.tree.clear()
        self.loaded = day
        self.message.clear()
        total = len(day.matters) + len(day.follow_ups) + len(day.to_rate)
        self.heading.setText(
            self.tr("我的待办 · {0}　共 {1} 项").format(day.today.isoformat(), total)
        )
        for state, title, colour in _GROUPS:
            matters = [m for m in day.matters if m.deadline_state == state]
            if state is None:  # not running: waiting for materials (or no due date)
                matters = [m for m in day.matters if m.deadline_state is None]
            group = self._group(tr(title), len(matters), colour)
            for m in matters:
                self._row(group, m.person_id, self._matter_texts(day, m))
        group = self._group(self.tr("待跟进（定期联系 / 就业援助）"), len(day.follow_ups))
        for f in day.follow_ups:
            late = f.days_late(day.today)
            when = f"{f.due_on.isoformat()}" + (
                self.tr("（已过 {0} 天）").format(late) if late else ""
            )
            kind, detail = follow_up_texts(f)
            self._row(group, f.person_id, [kind, f.name, when, detail])
        group = self._group(self.tr("待评价（已办结未评价）"), len(day.to_rate))
        for p in day.to_rate:
            done = p.completed_on.isoformat() if p.completed_on else ""
            matter = _matter(p.item_zh, p.item_en, p.ticket_no)
            self._row(group, p.person_id, [matter, p.name, done, ""])
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        first = self._first_row()
        if first is not None:
            self.tree.setCurrentItem(first)

    def _matter_texts(self, day: WorkList, m: DayItem) -> list[str]:
        due = m.due_on.isoformat() if m.due_on else "—"
        if m.status is TicketStatus.WAITING_MATERIALS:  # restarts when the materials arrive
            due = self.tr("时限暂停")
        elif m.due_estimated:
            due += self.tr("（估算）")
        who = day.names.get(m.person_id or "", "") if m.person_id else self.tr("（单位）")
        return [_matter(m.item_zh, m.item_en, m.ticket_no), who, due, status_text(m.status)]

    def _first_row(self) -> QTreeWidgetItem | None:
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None and group.childCount():
                return group.child(0)
        return None

    def rows(self, group_index: int) -> list[list[str]]:
        """The texts of a group's rows (what the clerk reads)."""
        group = self.tree.topLevelItem(group_index)
        children = [group.child(i) for i in range(group.childCount())] if group else []
        return [[row.text(c) for c in range(4)] for row in children if row is not None]

    def _open(self, item: QTreeWidgetItem) -> None:
        person_id = item.data(0, _PERSON)
        if person_id:
            self.counter.open_person(str(person_id))


def attach(window: CounterWindow) -> None:
    panel = MyDayPanel(window)
    window.add_workspace_tab(panel, QCoreApplication.translate("MyDay", "我的待办"), "F3")

    def switched(_index: int) -> None:
        if window.workspace.currentWidget() is panel:
            panel.tree.setFocus()  # ↑↓ and Enter work at once
            panel.refresh()

    window.workspace.currentChanged.connect(switched)
    window.personal_data_cleared.connect(panel.clear)

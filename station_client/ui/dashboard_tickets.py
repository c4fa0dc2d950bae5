"""The dashboard's last step down: the matters behind one figure of one unit.

A table, one row per matter (for the rating: per rating), as many rows as the figure
says; Enter on a row asks to open it (:attr:`TicketsBehind.open_requested`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hub_sync.reports.drilldown import TicketLine, TicketList
from station_client.rules.tickets import TicketStatus

from .ticket_dialogs import status_text


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _status(value: str | None) -> str:
    try:
        return status_text(TicketStatus(value)) if value else "—"
    except ValueError:  # a status this station's software does not know yet
        return value or "—"


class TicketsBehind(QWidget):
    open_requested = Signal(object)  # the TicketLine of the row

    def __init__(self) -> None:
        super().__init__()
        self.listing: TicketList | None = None
        self.heading = QLabel("")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.count = QLabel("")
        headers = [
            QCoreApplication.translate("DashboardScreen", "受理编号"),
            QCoreApplication.translate("DashboardScreen", "事项"),
            QCoreApplication.translate("DashboardScreen", "办事人"),
            QCoreApplication.translate("DashboardScreen", "站点"),
            QCoreApplication.translate("DashboardScreen", "经办人"),
            QCoreApplication.translate("DashboardScreen", "状态"),
            QCoreApplication.translate("DashboardScreen", "受理日期"),
            QCoreApplication.translate("DashboardScreen", "办结期限"),
            QCoreApplication.translate("DashboardScreen", "办结日期"),
            QCoreApplication.translate("DashboardScreen", "用时（工作日）"),
            QCoreApplication.translate("DashboardScreen", "评分"),
            QCoreApplication.translate("DashboardScreen", "评价日期"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(lambda item: self._open(item.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

    def show_list(self, listing: TicketList, title: str, rated: bool) -> None:
        """``title`` says whose figure and which; ``rated``: the rows are ratings."""
        self.listing = listing
        self.heading.setText(title)
        lines = listing.tickets
        if listing.truncated:
            said = QCoreApplication.translate(
                "DashboardScreen", "共 {total} 件，显示前 {shown} 件"
            ).format(total=listing.total, shown=len(lines))
        elif rated:
            said = QCoreApplication.translate(
                "DashboardScreen", "共 {total} 条评价（Enter 打开办事人档案）"
            ).format(total=listing.total)
        else:
            said = QCoreApplication.translate(
                "DashboardScreen", "共 {total} 件（Enter 打开办事人档案）"
            ).format(total=listing.total)
        self.count.setText(said)
        self.table.setRowCount(len(lines))
        for row, t in enumerate(lines):
            cells = (
                t.ticket_no or "—",
                t.item or t.item_code or "—",
                t.person_name or "—",
                t.station_name or t.station_id[-8:],
                t.staff_name or "—",
                _status(t.status),
                _day(t.accepted_on),
                _day(t.due_on),
                _day(t.completed_on),
                "—" if t.working_days is None else str(t.working_days),
                "—" if t.score is None else str(t.score),
                _day(t.rated_on),
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if lines:
            self.table.selectRow(0)

    def line(self, row: int) -> TicketLine | None:
        lines = self.listing.tickets if self.listing else ()
        return lines[row] if 0 <= row < len(lines) else None

    def _open(self, row: int) -> None:
        found = self.line(row)
        if found is not None:
            self.open_requested.emit(found)

    def clear(self) -> None:
        self.listing = None
        self.heading.clear()
        self.count.clear()
        self.table.setRowCount(0)

"""The conflict queue of 冲突处理 as a Qt table model (cells made on demand, so 10,000
open conflicts open at once) and the labels the screen shows for conflicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from hub_sync.model import utc_now
from station_client.sync import conflicts as cc

KINDS = {
    "fields": "字段冲突",
    "edit_vs_delete": "修改遇删除",
    "delete_vs_edit": "删除遇修改",
    "duplicate": "重复登记",
}
HEADERS = ("状态", "数据表", "类型", "字段", "提交站点", "区域", "发生时间", "天数")
AnyIndex = QModelIndex | QPersistentModelIndex


def when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


def shown(value: Any) -> str:
    return "（空）" if value is None else str(value)


class ConflictQueueModel(QAbstractTableModel):
    """The queue as a table model: cheap for 10,000 rows (cells are made on demand)."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[cc.QueueEntry] = []
        self.now = utc_now()

    def show(self, entries: list[cc.QueueEntry]) -> None:
        self.beginResetModel()
        self.entries, self.now = entries, utc_now()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("ConflictQueue", HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        entry = self.entries[index.row()]
        c = entry.conflict
        return (
            QCoreApplication.translate("ConflictQueue", "已超期") if entry.overdue else "",
            c.table,
            QCoreApplication.translate("ConflictQueue", KINDS.get(c.kind, c.kind)),
            "、".join(sorted(c.fields)),
            c.station_id[-8:],
            c.area_code or "全区",
            when(c.created_at),
            f"{c.age_days(self.now):.0f}",
        )[index.column()]

"""The conflict queue of 冲突处理 as a Qt table model (cells made on demand, so 10,000
open conflicts open at once) and the labels the screen shows for conflicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from hub_sync.model import utc_now
from station_client.sync import conflicts as cc

_CONTEXT = "ConflictQueue"
# The kinds and columns in Chinese, marked for translation (shown through tr()).
KINDS = {
    "fields": str(QT_TRANSLATE_NOOP("ConflictQueue", "字段冲突")),
    "edit_vs_delete": str(QT_TRANSLATE_NOOP("ConflictQueue", "修改遇删除")),
    "delete_vs_edit": str(QT_TRANSLATE_NOOP("ConflictQueue", "删除遇修改")),
    "duplicate": str(QT_TRANSLATE_NOOP("ConflictQueue", "重复登记")),
}
HEADERS = (
    str(QT_TRANSLATE_NOOP("ConflictQueue", "状态")),
    str(QT_TRANSLATE_NOOP("ConflictQueue", "数据表")),
    str(QT_TRANSLATE_NOOP("ConflictQueue", "类型")),
    str(QT_TRANSLATE_NOOP("ConflictQueue", "字段")),
    str(QT_TRANSLATE_NOOP("ConflictQueue", "提交站点")),
    str(QT_TRANSLATE_NOOP("ConflictQueue", "区域")),
    str(QT_TRANSLATE_NOOP("ConflictQueue", "发生时间")),
    str(QT_TRANSLATE_NOOP("ConflictQueue", "天数")),
)
AnyIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def kind_text(kind: str) -> str:
    """A conflict's kind in the language of the screen (an unknown one as it is)."""
    return tr(KINDS[kind]) if kind in KINDS else kind


def when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


def shown(value: Any) -> str:
    return QCoreApplication.translate("ConflictQueue", "（空）") if value is None else str(value)


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
            return tr(HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        entry = self.entries[index.row()]
        c = entry.conflict
        return (
            QCoreApplication.translate("ConflictQueue", "已超期") if entry.overdue else "",
            c.table,
            kind_text(c.kind),
            QCoreApplication.translate("ConflictQueue", "、").join(sorted(c.fields)),
            c.station_id[-8:],
            c.area_code or QCoreApplication.translate("ConflictQueue", "全区"),
            when(c.created_at),
            f"{c.age_days(self.now):.0f}",
        )[index.column()]

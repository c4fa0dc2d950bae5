"""The sync detail (F12): what waits to be sent, and what the hub refused and why.

A refused change is never retried; the clerk reads the hub's reason, fixes the record
(in the person's file) and dismisses the notice here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.store import Store
from station_client.store import outbox as ob
from station_client.sync.attention import RejectedOp, dismiss_rejected, rejected

from .main_window import CounterWindow
from .operations import Operations

_OPS = {
    "insert": str(QT_TRANSLATE_NOOP("SyncDetail", "新增")),
    "update": str(QT_TRANSLATE_NOOP("SyncDetail", "修改")),
    "delete": str(QT_TRANSLATE_NOOP("SyncDetail", "删除")),
    "undelete": str(QT_TRANSLATE_NOOP("SyncDetail", "恢复")),
}


def _operation(op: str) -> str:
    return QCoreApplication.translate("SyncDetail", _OPS[op]) if op in _OPS else op


def _waiting(store: Store, limit: int = 500) -> list[ob.OutboxEntry]:
    with store.transaction() as s:
        return ob.pending(s.connection(), limit=limit)


class SyncDetail(QWidget):
    def __init__(self, store: Store, operations: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._operations = operations
        self.waiting_title = QLabel("")
        self.waiting = QTableWidget(0, 4)
        self.waiting.setHorizontalHeaderLabels(
            [self.tr("序号"), self.tr("数据表"), self.tr("操作"), self.tr("修改时间")]
        )
        self.rejected_title = QLabel("")
        self.rejected = QTableWidget(0, 4)
        self.rejected.setHorizontalHeaderLabels(
            [self.tr("序号"), self.tr("数据表"), self.tr("操作"), self.tr("区级中心退回原因")]
        )
        for table in (self.waiting, self.rejected):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.dismiss = QPushButton(self.tr("已处理，移除提示 (Del)"))
        self.dismiss.clicked.connect(self.dismiss_selected)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.rejected)
        delete.activated.connect(self.dismiss_selected)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.waiting_title)
        layout.addWidget(self.waiting, 1)
        layout.addWidget(self.rejected_title)
        layout.addWidget(self.rejected, 1)
        layout.addWidget(self.dismiss)
        layout.addWidget(self.refresh_button)
        self.refused: list[RejectedOp] = []

    def refresh(self) -> None:
        store = self._store
        self._operations.run(
            lambda: (_waiting(store), rejected(store)), self._show, lambda _e: None
        )

    def _show(self, found: tuple[list[ob.OutboxEntry], list[RejectedOp]]) -> None:
        waiting, refused = found
        self.refused = refused
        self.waiting_title.setText(self.tr("待上传 {count} 条").format(count=len(waiting)))
        self.waiting.setRowCount(len(waiting))
        for row, e in enumerate(waiting):
            cells = (str(e.seq), e.table_name, _operation(e.op), e.changed_at)
            for col, text in enumerate(cells):
                self.waiting.setItem(row, col, QTableWidgetItem(text))
        self.rejected_title.setText(
            self.tr("被区级中心退回 {count} 条（不会自动重试，请核对后移除）").format(
                count=len(refused)
            )
        )
        self.rejected.setRowCount(len(refused))
        for row, r in enumerate(refused):
            cells = (str(r.seq), r.table_name, _operation(r.op), r.reason)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.seq)
                self.rejected.setItem(row, col, item)

    def dismiss_selected(self) -> None:
        row = self.rejected.currentRow()
        if row < 0 or row >= len(self.refused):
            return
        seq = self.refused[row].seq
        store = self._store
        self._operations.run(
            lambda: dismiss_rejected(store, seq), lambda _ok: self.refresh(), lambda _e: None
        )


def attach(window: CounterWindow) -> None:
    """The "同步详情 (F12)" tab; the status bar's detail opens it too."""
    if getattr(window, "sync_detail", None) is not None:
        return
    detail = SyncDetail(window.context.store, window.operations)
    window.sync_detail = detail  # type: ignore[attr-defined]
    window.add_workspace_tab(detail, QCoreApplication.translate("SyncDetail", "同步详情"), "F12")
    window.workspace.currentChanged.connect(
        lambda index: detail.refresh() if window.workspace.widget(index) is detail else None
    )

"""Choosing the service to record: type to filter, arrows to move, Enter to open.

The filter matches the item code (``jy-002``), any part of the name (``失业``) or the
pinyin initials of the name (``sydj`` for 失业登记). Each line shows the time limit, so
the clerk sees before choosing whether the matter is done on the spot.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.reference import ServiceItem
from station_client.store.textindex import initials

from ..i18n import Language, current_language


def tr(text: str) -> str:
    return QCoreApplication.translate("Forms", text)


def describe(item: ServiceItem) -> str:
    days = item.time_limit_working_days
    limit = (
        QCoreApplication.translate("Forms", "当场办结")
        if days is None
        else QCoreApplication.translate("Forms", "{0}个工作日").format(days)
    )
    return QCoreApplication.translate("Forms", "{code}　{name}　（{limit}）").format(
        code=item.code, name=item_name(item), limit=limit
    )


def item_name(item: ServiceItem) -> str:
    """The catalogue's own name of the item, in the language of the screen."""
    return item.en if item.en and current_language() is Language.EN else item.zh


class CataloguePicker(QDialog):
    chosen = Signal(str)  # the catalogue code

    def __init__(self, parent: QWidget, items: Sequence[ServiceItem], who: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("Forms", "办理业务"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(
            QCoreApplication.translate(
                "Forms", "输入事项名称、拼音首字母或编号筛选，↑↓ 选择，回车办理"
            )
        )
        self.list = QListWidget()
        self._keys: list[str] = []
        for item in items:
            row = QListWidgetItem(describe(item))
            row.setData(Qt.ItemDataRole.UserRole, item.code)
            self.list.addItem(row)
            self._keys.append(f"{item.code.lower()} {item.zh} {initials(item.zh)}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(QCoreApplication.translate("Forms", "为 {0} 办理：").format(who)))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(self._narrow)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        self.resize(620, 560)
        self._narrow("")
        self.filter.setFocus()

    def visible_codes(self) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if not self.list.item(i).isHidden()
        ]

    def _narrow(self, text: str) -> None:
        wanted = text.strip().lower()
        first = None
        for i, key in enumerate(self._keys):
            hidden = bool(wanted) and wanted not in key
            self.list.item(i).setHidden(hidden)
            if not hidden and first is None:
                first = i
        self.list.setCurrentRow(first if first is not None else -1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the filter line: ↑↓ move through the list, Enter opens the one selected."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._step(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.list.currentItem()
                if current is not None and not current.isHidden():
                    self._choose(current)
                return True
        return super().eventFilter(watched, event)

    def _step(self, delta: int) -> None:
        rows = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        if not rows:
            return
        current = self.list.currentRow()
        at = rows.index(current) if current in rows else -1
        self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, at + delta))])

    def _choose(self, row: QListWidgetItem) -> None:
        self.chosen.emit(str(row.data(Qt.ItemDataRole.UserRole)))
        self.accept()

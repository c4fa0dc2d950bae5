"""The dialogs of the 办件 panel: accept a matter from the catalogue, change its status,
hand it over.

Each dialog only collects values: ``submitted`` carries them, the panel saves them in the
background and then calls :meth:`SavingDialog.finish` (saved) or
:meth:`SavingDialog.refuse` (the store's ValidationError, shown in red under the field
it names; nothing was saved). Enter submits, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.reference import Material, ServiceItem
from station_client.rules.tickets import TicketStatus
from station_client.store.ticket_views import Colleague, TicketView

from .i18n import localized
from .printing import error_text, message_label, show_message

_DATA = Qt.ItemDataRole.UserRole


def status_text(status: TicketStatus) -> str:
    """A ticket status in the language of the screen."""
    return QCoreApplication.translate("TicketStatus", status.zh)


def catalogue_name(entry: ServiceItem | Material) -> str:
    """A catalogue name (item, material) in the language of the screen."""
    return localized(entry.zh, entry.en)


def material_name(ticket: TicketView, zh: str) -> str:
    """A material of the ticket's item, named in Chinese (as the store keeps it), in the
    language of the screen."""
    english = dict(zip(ticket.materials, ticket.materials_en, strict=False))
    return localized(zh, english.get(zh))


class SavingDialog(QDialog):
    submitted = Signal(object)

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        self.layout_ = QVBoxLayout(self)
        self.errors: dict[str, QLabel] = {}
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("确定 (Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消 (Esc)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def add_field(self, label: str, widget: QWidget, *fields: str) -> None:
        """A labelled field with its red message line (for the store's field names)."""
        if label:
            self.layout_.addWidget(QLabel(label))
        self.layout_.addWidget(widget)
        error = message_label()
        self.layout_.addWidget(error)
        for name in fields:
            self.errors[name] = error

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def values(self) -> object:
        raise NotImplementedError

    def accept(self) -> None:  # Enter / 确定: hand the values over, stay open while saving
        for label in [*self.errors.values(), self.message]:
            show_message(label, None)
        self.ok.setEnabled(False)
        self.submitted.emit(self.values())

    def finish(self) -> None:
        super().accept()

    def refuse(self, error: Exception) -> None:
        self.ok.setEnabled(True)
        label = self.errors.get(getattr(error, "field", ""), self.message)
        show_message(label, error_text(error))


class _ListKeys(QObject):
    """↑↓ in the filter box move the list's selection."""

    def __init__(self, target: QListWidget) -> None:
        super().__init__(target)
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step:
                rows = [i for i in range(self.target.count()) if not self.target.item(i).isHidden()]
                if rows:
                    here = self.target.currentRow()
                    at = rows.index(here) + step if here in rows else 0
                    self.target.setCurrentRow(rows[max(0, min(at, len(rows) - 1))])
                return True
        return False


class CataloguePicker(SavingDialog):
    """受理事项: type to filter the service catalogue, ↑↓, Enter accepts the matter."""

    def __init__(self, items: Sequence[ServiceItem], parent: QWidget) -> None:
        super().__init__(self.tr("受理事项 · 服务事项目录"), parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("输入事项名称或编号筛选"))
        self.list = QListWidget()
        self.list.setMinimumHeight(320)
        for item in items:
            limit = item.time_limit_working_days
            when = self.tr("{0}个工作日").format(limit) if limit else self.tr("即办")
            row = QListWidgetItem(
                self.tr("{code}　{name}　· {when}").format(
                    code=item.code, name=catalogue_name(item), when=when
                )
            )
            row.setData(_DATA, item.code)
            row.setData(
                Qt.ItemDataRole.ToolTipRole,
                self.tr("、").join(catalogue_name(m) for m in item.materials),
            )
            self.list.addItem(row)
        self.list.setCurrentRow(0)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(self.tr("备注（可不填）"))
        self.add_field(self.tr("事项"), self.filter)
        self.layout_.addWidget(self.list)
        self.add_field(self.tr("备注"), self.notes, "notes")
        self.errors["catalogue_code"] = self.message
        self.finish_layout()
        self.filter.installEventFilter(_ListKeys(self.list))
        self.filter.textChanged.connect(self._refilter)
        self.list.itemActivated.connect(lambda _row: self.accept())
        self.filter.setFocus()

    def _refilter(self, text: str) -> None:
        wanted = text.strip().upper()
        first = None
        for i in range(self.list.count()):
            row = self.list.item(i)
            row.setHidden(wanted not in row.text().upper())
            if first is None and not row.isHidden():
                first = i
        self.list.setCurrentRow(first if first is not None else -1)

    def chosen_code(self) -> str | None:
        row = self.list.currentItem()
        return str(row.data(_DATA)) if row is not None and not row.isHidden() else None

    def values(self) -> tuple[str | None, str | None]:
        return self.chosen_code(), self.notes.text().strip() or None

    def accept(self) -> None:
        if self.chosen_code() is None:
            show_message(self.message, self.tr("请从目录中选择一个事项"))
            return
        super().accept()


class StatusDialog(SavingDialog):
    """变更状态: only the statuses the matter may take next; materials for a notice."""

    def __init__(
        self, ticket: TicketView, parent: QWidget, preset: TicketStatus | None = None
    ) -> None:
        super().__init__(self.tr("变更状态 · ") + ticket.ticket_no, parent)
        self.statuses = QListWidget()
        for status in ticket.next_statuses:
            row = QListWidgetItem(status_text(status))
            row.setData(_DATA, status.value)
            self.statuses.addItem(row)
        self.materials = QListWidget()
        for name in ticket.materials:  # shown in the screen's language, kept in Chinese
            row = QListWidgetItem(material_name(ticket, name))
            row.setData(_DATA, name)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.materials.addItem(row)
        self.materials_label = QLabel(self.tr("缺少的材料（空格勾选，须一次列全）"))
        self.reason = QLineEdit()
        self.reason_label = QLabel()
        self.layout_.addWidget(QLabel(self.tr("当前状态：") + status_text(ticket.status)))
        self.add_field(self.tr("改为"), self.statuses, "status")
        self.layout_.addWidget(self.materials_label)
        self.add_field("", self.materials, "missing_materials")
        self.layout_.addWidget(self.reason_label)
        self.add_field("", self.reason, "reason")
        self.finish_layout()
        self.statuses.currentRowChanged.connect(self._changed)
        self.statuses.itemActivated.connect(lambda _row: self.accept())
        values = [s.value for s in ticket.next_statuses]
        start = values.index(preset.value) if preset is not None and preset.value in values else 0
        self.statuses.setCurrentRow(start)
        self._changed(start)
        (self.materials if preset is TicketStatus.WAITING_MATERIALS else self.statuses).setFocus()

    def status(self) -> TicketStatus | None:
        row = self.statuses.currentItem()
        return TicketStatus(str(row.data(_DATA))) if row is not None else None

    def _changed(self, _row: int) -> None:
        status = self.status()
        waiting = status is TicketStatus.WAITING_MATERIALS
        self.materials.setVisible(waiting)
        self.materials_label.setVisible(waiting)
        required = status is TicketStatus.REJECTED
        self.reason_label.setText(
            self.tr("不予办理的理由（必填）") if required else self.tr("说明（可不填）")
        )
        if waiting and self.materials.count():
            self.materials.setCurrentRow(0)

    def check(self, name: str) -> None:
        for i in range(self.materials.count()):
            if self.materials.item(i).data(_DATA) == name:
                self.materials.item(i).setCheckState(Qt.CheckState.Checked)

    def values(self) -> tuple[str, str | None, list[str]]:
        status = self.status()
        checked = [
            str(self.materials.item(i).data(_DATA))
            for i in range(self.materials.count())
            if self.materials.item(i).checkState() == Qt.CheckState.Checked
        ]
        waiting = status is TicketStatus.WAITING_MATERIALS
        return (status.value if status else "", self.reason.text(), checked if waiting else [])


class HandOverDialog(SavingDialog):
    """移交/上报: to a colleague of the station, or up a level; the reason is recorded."""

    def __init__(self, ticket: TicketView, colleagues: Sequence[Colleague], parent: QWidget):
        super().__init__(self.tr("移交/上报 · ") + ticket.ticket_no, parent)
        self.staff = QComboBox()
        self.staff.addItem(self.tr("（不移交给个人）"), None)
        for c in colleagues:
            self.staff.addItem(c.name + (self.tr("（不在岗）") if c.absent else ""), c.id)
        self.level = QComboBox()
        self.level.addItem(self.tr("（不上报）"), None)
        for code, name in ticket.hand_up_levels:
            self.level.addItem(name, code)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填：为什么移交（将记录在案）"))
        self.layout_.addWidget(QLabel(self.tr("现经办人：") + ticket.owner))
        self.add_field(self.tr("交给本站工作人员"), self.staff, "to_staff_id", "staff")
        self.add_field(self.tr("或上报至"), self.level, "to_level")
        self.add_field(self.tr("移交原因"), self.reason, "reason")
        self.finish_layout()
        self.staff.setFocus()

    def values(self) -> tuple[str | None, str | None, str]:
        return self.staff.currentData(), self.level.currentData(), self.reason.text()

"""The forms of 用人单位与岗位: code-table pickers, labelled inputs that show a refused
value's message in red under the field it concerns (Enter submits), the employer and the
vacancy form, and saving a new employer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_client.reference import ReferenceBundle
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.store.vacancies import known_division

from .i18n import gap, localized

ERROR_STYLE = "color: #c62828;"


def code_choices(reference: ReferenceBundle, table: str) -> list[tuple[str, str]]:
    """(code, name) of a code table in the screen's language, for a :class:`CodePicker`."""
    return [(e.code, localized(e.zh, e.en)) for e in reference.table(table)]


def division_choices(reference: ReferenceBundle) -> list[tuple[str, str]]:
    """The district's towns and villages with their full names, in code order."""
    tree = reference.divisions
    return sorted((n.code, tree.full_name(n.code)) for n in (*tree.towns(), *tree.villages()))


class CodePicker(QComboBox):
    """A code-table picker: type part of a code or a name, pick from the list."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)

    def set_entries(self, entries: list[tuple[str, str]]) -> None:
        kept = self.code()
        self.clear()
        for code, name in entries:
            self.addItem(f"{code}{gap()}{name}", code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.set_code(kept)

    def code(self) -> str:
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0:
            return str(self.itemData(index))
        return text.split()[0] if text else ""  # a code typed before its name

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText(code or "")


class FieldForm(QWidget):
    """Labelled inputs, each with a red message under it; Enter submits."""

    submitted = Signal()
    cancelled = Signal()

    def __init__(self, title: str) -> None:
        super().__init__()
        self.heading = QLabel(f"<b>{title}</b>")
        self.inputs: dict[str, QLineEdit | CodePicker] = {}
        self.errors: dict[str, QLabel] = {}
        self._rows = QFormLayout()
        self.message = QLabel("")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.save = QPushButton(QCoreApplication.translate("EmployersTab", "保存 (Enter)"))
        self.save.clicked.connect(self.submitted)
        cancel = QPushButton(QCoreApplication.translate("EmployersTab", "取消 (Esc)"))
        cancel.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self._rows)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def add(self, field: str, label: str, widget: QLineEdit | CodePicker, hint: str = "") -> None:
        line = widget if isinstance(widget, QLineEdit) else widget.lineEdit()
        assert line is not None  # a CodePicker is editable
        line.setPlaceholderText(hint)
        line.returnPressed.connect(self.submitted)
        error = QLabel("")
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        cell = QVBoxLayout()
        cell.setSpacing(0)
        cell.addWidget(widget)
        cell.addWidget(error)
        self._rows.addRow(label, cell)
        self.inputs[field], self.errors[field] = widget, error

    def text(self, field: str) -> str:
        widget = self.inputs[field]
        return widget.code() if isinstance(widget, CodePicker) else widget.text().strip()

    def set_text(self, field: str, value: object) -> None:
        widget, text = self.inputs[field], "" if value is None else str(value)
        if isinstance(widget, CodePicker):
            widget.set_code(text)
        else:
            widget.setText(text)

    def picker(self, field: str) -> CodePicker:
        widget = self.inputs[field]
        assert isinstance(widget, CodePicker)
        return widget

    def show_error(self, field: str, text: str) -> None:
        """``text`` under ``field`` (focused, for the clerk to correct), or under the form."""
        label = self.errors.get(field)
        if label is None:
            self.message.setText(text)
            return
        label.setText(text)
        label.show()
        self.inputs[field].setFocus()

    def clear_errors(self) -> None:
        self.message.clear()
        for label in self.errors.values():
            label.clear()
            label.hide()

    def reset(self, values: dict[str, object] | None = None) -> None:
        self.clear_errors()
        for field in self.inputs:
            self.set_text(field, (values or {}).get(field))
        self.save.setEnabled(True)
        next(iter(self.inputs.values())).setFocus()


def register_employer(store: Store, actor: Actor, values: dict[str, Any]) -> str:
    """Save a new employer (on a worker thread); its id. Blank fields are left out."""
    clean = {k: v for k, v in values.items() if v not in ("", None)}
    if "division_code" in clean:
        clean["division_code"] = known_division(
            clean["division_code"], store.reference(), "division_code"
        )
    with store.transaction() as s:
        return store.employers.register(s, actor, clean).id


def employer_form() -> FieldForm:
    form = FieldForm(QCoreApplication.translate("EmployersTab", "登记用人单位"))
    form.add(
        "uscc",
        QCoreApplication.translate("EmployersTab", "统一社会信用代码"),
        QLineEdit(),
        QCoreApplication.translate("EmployersTab", "18位，如 91320115…"),
    )
    form.add("name", QCoreApplication.translate("EmployersTab", "单位名称"), QLineEdit())
    form.add(
        "division_code",
        QCoreApplication.translate("EmployersTab", "所在街道/社区"),
        CodePicker(),
        QCoreApplication.translate("EmployersTab", "输入名称或代码选择"),
    )
    form.add("address", QCoreApplication.translate("EmployersTab", "地址"), QLineEdit())
    form.add("contact_name", QCoreApplication.translate("EmployersTab", "联系人"), QLineEdit())
    form.add("contact_phone", QCoreApplication.translate("EmployersTab", "联系电话"), QLineEdit())
    return form


def vacancy_form() -> FieldForm:
    form = FieldForm(QCoreApplication.translate("EmployersTab", "岗位"))
    form.add("title", QCoreApplication.translate("EmployersTab", "岗位名称"), QLineEdit())
    form.add(
        "occupation_code",
        QCoreApplication.translate("EmployersTab", "职业"),
        CodePicker(),
        QCoreApplication.translate("EmployersTab", "输入职业名称或代码选择"),
    )
    form.add("headcount", QCoreApplication.translate("EmployersTab", "招聘人数"), QLineEdit())
    form.add(
        "wage_min",
        QCoreApplication.translate("EmployersTab", "最低月薪（元）"),
        QLineEdit(),
        QCoreApplication.translate("EmployersTab", "可不填"),
    )
    form.add(
        "wage_max",
        QCoreApplication.translate("EmployersTab", "最高月薪（元）"),
        QLineEdit(),
        QCoreApplication.translate("EmployersTab", "可不填"),
    )
    form.add(
        "location_division",
        QCoreApplication.translate("EmployersTab", "工作地点"),
        CodePicker(),
        QCoreApplication.translate("EmployersTab", "不填则按单位所在地"),
    )
    form.add(
        "valid_from",
        QCoreApplication.translate("EmployersTab", "有效期起"),
        QLineEdit(),
        QCoreApplication.translate("EmployersTab", "年-月-日"),
    )
    form.add(
        "valid_until",
        QCoreApplication.translate("EmployersTab", "有效期止"),
        QLineEdit(),
        QCoreApplication.translate("EmployersTab", "年-月-日，不填为长期"),
    )
    form.add(
        "skills",
        QCoreApplication.translate("EmployersTab", "技能要求"),
        QLineEdit(),
        QCoreApplication.translate("EmployersTab", "技能代码，逗号分隔"),
    )
    form.add("requirements", QCoreApplication.translate("EmployersTab", "其他要求"), QLineEdit())
    return form

"""One editor per kind of field: text, dates, numbers, yes/no and code-table pickers.

Each editor hands back what the clerk entered as it stands (text as typed, a code, a
date or None); the store checks it and says what is wrong, so the screen never has a
second set of rules. Long code tables get a picker that filters as the clerk types
(by code or by any part of the name).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from station_client.store.service_specs import FieldSpec, Kind

from ..i18n import gap

#: A code table longer than this gets a picker one can type into to filter it.
SEARCH_FROM = 12
_BLANK_DAY = QDate(1900, 1, 1)  # shown empty: the date edit's "no date"


def forms_text(text: str) -> str:
    """A form's own Chinese words (labels, hints, fixed choices, from the store's specs) in
    the language of the screen."""
    return QCoreApplication.translate("Forms", text) if text else ""


class Editor:
    """An input for one field; ``widget`` is what the form lays out."""

    widget: QWidget

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError


class LineEditor(Editor):
    def __init__(self, spec: FieldSpec) -> None:
        self.widget = self.line = QLineEdit()
        self.line.setPlaceholderText(forms_text(spec.hint))
        if spec.kind in (Kind.CITIZEN_ID, Kind.USCC):
            self.line.setMaxLength(18)

    def value(self) -> object:
        return self.line.text()

    def set_value(self, value: object) -> None:
        self.line.setText("" if value is None else str(value))


class TextEditor(Editor):
    """Several lines; Tab moves on (a tab character is no use in these fields)."""

    def __init__(self, spec: FieldSpec) -> None:
        self.widget = self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(forms_text(spec.hint))
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 3 + 16)

    def value(self) -> object:
        return self.text.toPlainText()

    def set_value(self, value: object) -> None:
        self.text.setPlainText("" if value is None else str(value))


class DateEditor(Editor):
    """A date typed year-month-day or picked from the calendar; empty means no date."""

    def __init__(self, spec: FieldSpec) -> None:
        self.widget = self.edit = QDateEdit()
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_BLANK_DAY)
        self.edit.setSpecialValueText(" ")  # the minimum date shows as blank
        self.edit.setDate(_BLANK_DAY)

    def value(self) -> object:
        day = self.edit.date()
        if day == _BLANK_DAY:
            return None
        return date(day.year(), day.month(), day.day())

    def set_value(self, value: object) -> None:
        if isinstance(value, str):
            value = date.fromisoformat(value) if value else None
        if isinstance(value, date):
            self.edit.setDate(QDate(value.year, value.month, value.day))
        else:
            self.edit.setDate(_BLANK_DAY)


class FlagEditor(Editor):
    def __init__(self, spec: FieldSpec) -> None:
        self.widget = self.box = QCheckBox(forms_text(spec.hint))

    def value(self) -> object:
        return self.box.isChecked()

    def set_value(self, value: object) -> None:
        self.box.setChecked(bool(value))


class CodePicker(Editor):
    """A code-table picker. Short tables: a plain list. Long ones: type a code or any
    part of a name and pick from what matches."""

    def __init__(self, spec: FieldSpec, options: Sequence[tuple[str, str]]) -> None:
        self.widget = self.combo = QComboBox()
        self.combo.setMaxVisibleItems(15)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(16)
        self.searchable = len(options) > SEARCH_FROM
        self.combo.addItem("", None)  # nothing chosen yet
        for code, name in options:  # a fixed choice shows its name, a code table both
            shown = forms_text(name) if spec.kind is Kind.CHOICE else f"{code}{gap()}{name}"
            self.combo.addItem(shown, code)
        if self.searchable:
            self.combo.setEditable(True)
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(self.combo.model(), self.combo)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.combo.setCompleter(completer)
            line = self.combo.lineEdit()
            if line is not None:
                hint = forms_text(spec.hint)
                line.setPlaceholderText(
                    hint or QCoreApplication.translate("Forms", "输入代码或名称筛选")
                )
        self._codes = {code for code, _name in options}

    def value(self) -> object:
        text = self.combo.currentText().strip()
        index = self.combo.currentIndex()
        if index > 0 and self.combo.itemText(index) == self.combo.currentText():
            return self.combo.itemData(index)
        if not text:
            return None
        head = text.split()[0]  # a code typed before its name (any space, full-width too)
        found = self.combo.findText(text)
        if found > 0:
            return self.combo.itemData(found)
        return head if head in self._codes else text  # the store says what is wrong

    def set_value(self, value: object) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        if self.searchable and index <= 0:
            self.combo.setEditText("")


def editor_for(spec: FieldSpec, options: Sequence[tuple[str, str]] = ()) -> Editor:
    """The editor for ``spec``; pickers offer ``options`` (code, name: a code table's name in
    the screen's language, a fixed choice's Chinese word, translated here)."""
    if spec.picker:
        return CodePicker(spec, options)
    if spec.kind is Kind.LONG_TEXT:
        return TextEditor(spec)
    if spec.kind is Kind.DATE:
        return DateEditor(spec)
    if spec.kind is Kind.FLAG:
        return FlagEditor(spec)
    return LineEditor(spec)

"""A form built from field specs: labels, editors, a red message under each bad field.

Enter moves to the next field, Ctrl+S saves, Esc cancels. Saving runs the given work
on a worker (through Operations); while it runs the form cannot be saved again or
closed. A refusal puts each field's message under that field (and any other at the
top) and nothing is saved; a success emits ``saved`` with the result and closes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_client.reference import ReferenceBundle
from station_client.rules.errors import ValidationError
from station_client.store.service_checks import errors_of
from station_client.store.service_specs import FieldSpec

from ..i18n import data_language, error_text, gap
from ..operations import Operations
from .fields import Editor, editor_for, forms_text

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def message_label() -> QLabel:
    """A red line saying what is wrong (hidden while there is nothing to say)."""
    label = QLabel("")
    label.setObjectName("fieldMessage")
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    label.hide()
    return label


def show_message(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def failure_text(error: Exception) -> str:
    """What a clerk reads about a failure: our message in the screen's language, else what
    to do."""
    text = error_text(error)
    if text:
        return text
    return QCoreApplication.translate(
        "Forms", "未能保存，请重试；如仍不行请联系区人社局信息科。（{error}）"
    ).format(error=error)


class RecordForm(QDialog):
    """One form: the fields of a spec, prefilled, saved by ``submit(values)``."""

    saved = Signal(object)  # whatever ``submit`` returned

    def __init__(
        self,
        parent: QWidget,
        operations: Operations,
        *,
        title: str,
        subtitle: str,
        fields: Sequence[FieldSpec],
        bundle: ReferenceBundle,
        values: Mapping[str, Any],
        submit: Callable[[dict[str, Any]], Any],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._operations = operations
        self._submit = submit
        self.busy = False
        self._discarded = False
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        heading = QLabel(f"<b>{title}</b>{gap()}{subtitle}")
        heading.setObjectName("formHeading")
        self.message = message_label()
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, spec in enumerate(fields):
            editor = editor_for(spec, spec.options(bundle, data_language()))
            editor.set_value(values.get(spec.name))
            star = "<span style='color:#c62828'> *</span>" if spec.required else ""
            label = QLabel(forms_text(spec.zh) + star)
            label.setBuddy(editor.widget)
            error = message_label()
            grid.addWidget(label, 2 * row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor.widget, 2 * row, 1)
            grid.addWidget(error, 2 * row + 1, 1)
            self.editors[spec.name] = editor
            self.errors[spec.name] = error
            self._watch(editor.widget)
        grid.setRowStretch(2 * len(fields), 1)  # room to spare goes below the last field
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.save_button = QPushButton(QCoreApplication.translate("Forms", "保存 (Ctrl+S)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(QCoreApplication.translate("Forms", "取消 (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        self.resize(760, min(140 + 70 * len(fields), 820))
        if fields:
            self.editors[fields[0].name].widget.setFocus()

    # -- the keyboard ------------------------------------------------------------------
    def _watch(self, widget: QWidget) -> None:
        """Watch the editor and the line it types into (never a picker's popup list)."""
        widget.installEventFilter(self)
        for child in widget.findChildren(QLineEdit):
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a field moves to the next one (not in a multi-line field)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not isinstance(watched, QPlainTextEdit)
        ):
            self.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    # -- saving ------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def save(self) -> None:
        if self.busy:
            return
        for label in (self.message, *self.errors.values()):
            show_message(label, None)
        values = self.values()
        self._set_busy(True)
        show_message(self.message, None)
        self._operations.run(lambda: self._submit(values), self._saved, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.save_button.setText(
            QCoreApplication.translate("Forms", "正在保存…")
            if busy
            else QCoreApplication.translate("Forms", "保存 (Ctrl+S)")
        )

    def _saved(self, result: object) -> None:
        self._set_busy(False)
        if self._discarded:
            self.deleteLater()
            return
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        if self._discarded:
            self.deleteLater()
            return
        if not isinstance(error, ValidationError):
            show_message(self.message, failure_text(error))
            return
        first: QWidget | None = None
        others = []
        for problem in errors_of(error):
            label = self.errors.get(problem.field)
            if label is None:
                others.append(error_text(problem) or str(problem))
                continue
            show_message(label, error_text(problem) or str(problem))
            first = first or self.editors[problem.field].widget
        show_message(
            self.message,
            QCoreApplication.translate("Forms", "；").join(others)
            or QCoreApplication.translate("Forms", "请更正标红的项目后再保存。"),
        )
        if first is not None:
            first.setFocus()

    def reject(self) -> None:
        if not self.busy:  # a save under way finishes first
            super().reject()

    def discard(self) -> None:
        """Close at once (switch user): a save under way completes, nothing is shown."""
        if self.busy:
            self._discarded = True
            self.hide()
        else:
            super().reject()

"""Printing receipts, one-time notices and registration forms, to a printer or a PDF file.

:class:`PrintFlow` is what screens use: load the document in the background, ask
"printer or PDF?" (keyboard: Enter prints, Esc cancels), print in the background (the
page itself, with the station barcode, is :mod:`.printed_page`), and say where it went or
what went wrong. ``attach(window)`` adds "打印登记表 (Ctrl+P)" for the person on screen.

Also the small helpers the counter's dialogs share: a red message line under a field and
the text a clerk reads about an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from station_client.store.documents import FORMS, PrintedDocument, registration_form
from station_client.store.person_file import SECTIONS, PersonFile

from . import i18n
from .main_window import CounterWindow
from .printed_page import print_to_pdf, print_to_printer


def tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def message_label() -> QLabel:
    """A red line under a field (or a dialog) saying what is wrong."""
    label = QLabel("")
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    label.hide()
    return label


def show_message(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def error_text(error: Exception) -> str:
    """What a clerk reads about a failure: our message in the screen's language, else what
    to do."""
    text = i18n.error_text(error)
    if text:
        return text
    return QCoreApplication.translate(
        "Printing", "出错了，请重试；如仍不行请联系区人社局信息科："
    ) + str(error)


# ------------------------------------------------------------------------ the dialog


class PrintChoiceDialog(QDialog):
    """Printer or PDF file? Enter prints, Esc cancels."""

    def __init__(self, title: str, pdf_path: Path, printer: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印：") + title)
        self.to_printer = QRadioButton(self.tr("打印机：") + (printer or self.tr("未安装")))
        self.to_printer.setEnabled(bool(printer))
        self.to_pdf = QRadioButton(self.tr("保存为 PDF 文件："))
        (self.to_printer if printer else self.to_pdf).setChecked(True)
        self.path = QLineEdit(str(pdf_path))
        self.path_error = message_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("打印 (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.to_printer, self.to_pdf, self.path, self.path_error, buttons):
            layout.addWidget(widget)

    def pdf_path(self) -> Path:
        text = self.path.text().strip()
        return Path(text if text.lower().endswith(".pdf") else f"{text}.pdf")

    def accept(self) -> None:
        if self.to_pdf.isChecked():
            text = self.path.text().strip()
            if not text or Path(text).is_dir():
                show_message(self.path_error, self.tr("请填写要保存的 PDF 文件名"))
                self.path.setFocus()
                return
        super().accept()


class PrintFlow(QObject):
    """Load → choose printer or PDF → print, never blocking the window."""

    printed = Signal(str)  # where it went: a file path or a printer name
    failed = Signal(str)

    def __init__(self, window: CounterWindow) -> None:
        super().__init__(window)
        self.window = window
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self.pdf_dir = Path(documents or Path.home()) / self.tr("人社服务站打印")
        self.dialog: PrintChoiceDialog | None = None  # the last "printer or PDF?" asked
        self.picker: FormPicker | None = None  # the last registration-form picker
        window.personal_data_cleared.connect(self.close_dialogs)
        window.pages.currentChanged.connect(
            lambda _index: (
                self.close_dialogs()
                if window.pages.currentWidget() is not window.work_page
                else None
            )
        )

    def close_dialogs(self) -> None:
        """Locked or another user: no dialog about the last person stays open."""
        for dialog in (self.dialog, self.picker):
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    def print_document(self, load: Callable[[], PrintedDocument]) -> None:
        self.window.notice.setText(self.tr("正在准备打印…"))

        def work() -> tuple[PrintedDocument, str]:  # asking CUPS may take a moment
            return load(), QPrinterInfo.defaultPrinter().printerName()

        self.window.operations.run(work, self._ask, self._fail)

    def _ask(self, loaded: tuple[PrintedDocument, str]) -> None:
        doc, printer = loaded
        self.window.notice.clear()
        path = self.pdf_dir / f"{doc.file_stem}.pdf"
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # the last one is done with
        self.dialog = PrintChoiceDialog(doc.title, path, printer, self.window)
        dialog = self.dialog
        dialog.accepted.connect(lambda: self._chosen(doc, dialog))
        dialog.open()

    def _chosen(self, doc: PrintedDocument, dialog: PrintChoiceDialog) -> None:
        if dialog.to_pdf.isChecked():
            path = dialog.pdf_path()
            self.window.operations.run(lambda: str(print_to_pdf(doc, path)), self._done, self._fail)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup = QPrintDialog(printer, self.window)

        def go(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                run = self.window.operations.run
                run(lambda: print_to_printer(doc, printer), self._done, self._fail)

        setup.finished.connect(go)
        setup.setWindowModality(Qt.WindowModality.WindowModal)
        setup.show()

    def _done(self, where: str) -> None:
        self.window.notice.setText(self.tr("已打印：") + where)
        self.printed.emit(where)

    def _fail(self, error: Exception) -> None:
        text = error_text(error)
        self.window.notice.setText(self.tr("打印失败：") + text)
        self.failed.emit(text)


def flow_for(window: CounterWindow) -> PrintFlow:
    """The window's print flow (one per window)."""
    found = window.findChild(PrintFlow)
    return found if isinstance(found, PrintFlow) else PrintFlow(window)


# --------------------------------------------------------------- registration forms


_FORM_SECTIONS = {
    key: (model.__tablename__, title)
    for key, model, title in SECTIONS
    if model.__tablename__ in FORMS
}


class FormPicker(QDialog):
    """Which of the person's registrations to print (↑↓, Enter)."""

    def __init__(self, file: PersonFile, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印登记表"))
        self.list = QListWidget()
        for key, (table, title) in _FORM_SECTIONS.items():
            for record in file.sections.get(key, ()):
                when = next(iter(v for k, v in record.summary.items() if k.endswith("_on")), "")
                item = QListWidgetItem(f"{FORMS[table].title}　{title} {when}".strip())
                item.setData(Qt.ItemDataRole.UserRole, (table, record.id))
                self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("选择要打印的登记表（↑↓ 回车）")))
        layout.addWidget(self.list)

    def chosen(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        table, record_id = item.data(Qt.ItemDataRole.UserRole)
        return str(table), str(record_id)


def print_registration_form(window: CounterWindow, file: PersonFile) -> None:
    picker = FormPicker(file, window)
    if picker.list.count() == 0:
        picker.deleteLater()
        window.notice.setText(QCoreApplication.translate("Printing", "此人暂无可打印的登记表"))
        return

    def chosen() -> None:
        choice = picker.chosen()
        if choice is None:
            return
        table, record_id = choice
        store, actor, role = window.context.store, window.actor, window.role
        flow_for(window).print_document(
            lambda: registration_form(store, actor, role, table, record_id)
        )

    picker.accepted.connect(chosen)
    flow = flow_for(window)
    if flow.picker is not None and not flow.picker.isVisible():
        flow.picker.deleteLater()
    flow.picker = picker
    picker.open()


def attach(window: CounterWindow) -> None:
    flow_for(window)
    window.add_file_action(
        QCoreApplication.translate("Printing", "打印登记表"),
        "Ctrl+P",
        lambda file: print_registration_form(window, file),
    )

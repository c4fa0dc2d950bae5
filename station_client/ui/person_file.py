"""A person's file on screen: identity (masked by role), target groups, every record."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_client.store.person_file import SECTIONS, PersonFile

from .i18n import gap

_SEX: dict[str, str] = {
    "1": str(QT_TRANSLATE_NOOP("PersonFileView", "男")),
    "2": str(QT_TRANSLATE_NOOP("PersonFileView", "女")),
}


def _title(title: str, count: int | None = None) -> str:
    text = QCoreApplication.translate("PersonFile", title)
    return text if count is None else f"{text} ({count})"


class PersonFileView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QLabel("")
        self.banner.setObjectName("fileBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.header = QLabel("")
        self.header.setObjectName("fileHeader")
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags = QLabel("")
        self.flags.setObjectName("fileFlags")
        self.tabs = QTabWidget()
        # One table per section, made once; a file is shown by refilling them. (Making
        # fourteen tables for every file was most of a card tap's time, and the pages
        # QTabWidget.clear() removes are never deleted: memory grew with every file.)
        self.tables: dict[str, QTableWidget] = {}
        for key, _model, title in SECTIONS:
            table = QTableWidget(0, 0)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.tables[key] = table
            self.tabs.addTab(table, _title(title))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addWidget(self.flags)
        layout.addWidget(self.tabs, 1)
        self.file: PersonFile | None = None

    def show_file(self, file: PersonFile, notice: str | None = None) -> None:
        self.file = file
        self.set_notice(notice)
        space = gap()
        self.header.setText(
            f"<b style='font-size:20pt'>{file.name}</b>{space}"
            f"{self.tr(_SEX.get(file.sex, file.sex))}{space}"
            f"{file.birth_date:%Y-%m-%d}<br>{self.tr('身份证号')} {file.citizen_id}{space}"
            f"{self.tr('电话')} {file.phone or '—'}<br>{self.tr('住址')} {file.address or '—'}"
            + (
                f"{space}<span style='color:#b26a00'>{self.tr('⚠ 有冲突待主管处理')}</span>"
                if file.conflict
                else ""
            )
        )
        flags = [
            self.tr("【{flag}】").format(flag=QCoreApplication.translate("PersonFile", f))
            for f in file.flags
        ]
        self.flags.setText(gap().join(flags) or self.tr("无重点群体标识"))
        for index, (key, _model, title) in enumerate(SECTIONS):
            records = file.sections.get(key, ())
            self._fill(self.tables[key], records)
            self.tabs.setTabText(index, _title(title, len(records)))
        self.tabs.setCurrentIndex(0)

    def clear(self) -> None:
        """Nothing of the last person stays on screen (switch user, lock)."""
        self.file = None
        self.header.clear()
        self.flags.clear()
        self.set_notice(None)
        for index, (key, _model, title) in enumerate(SECTIONS):
            self._fill(self.tables[key], ())
            self.tabs.setTabText(index, _title(title))

    def set_notice(self, notice: str | None) -> None:
        self.banner.setText(notice or "")
        self.banner.setVisible(bool(notice))

    @staticmethod
    def _fill(table: QTableWidget, records: tuple) -> None:  # type: ignore[type-arg]
        columns = list(records[0].summary) if records else []
        table.clearContents()
        table.setRowCount(len(records))
        table.setColumnCount(len(columns))
        table.setHorizontalHeaderLabels(columns)
        for row, record in enumerate(records):
            for col, name in enumerate(columns):
                table.setItem(row, col, QTableWidgetItem(record.summary[name]))

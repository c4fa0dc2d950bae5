"""A person's file on screen: identity (masked by role), target groups, every record."""

from __future__ import annotations

from PySide6.QtCore import Qt
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

_SEX = {"1": "男", "2": "女"}


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
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addWidget(self.flags)
        layout.addWidget(self.tabs, 1)
        self.file: PersonFile | None = None

    def show_file(self, file: PersonFile, notice: str | None = None) -> None:
        self.file = file
        self.set_notice(notice)
        self.header.setText(
            f"<b style='font-size:20pt'>{file.name}</b>　{_SEX.get(file.sex, file.sex)}　"
            f"{file.birth_date:%Y-%m-%d}<br>身份证号 {file.citizen_id}　电话 {file.phone or '—'}"
            f"<br>住址 {file.address or '—'}"
            + ("　<span style='color:#b26a00'>⚠ 有冲突待主管处理</span>" if file.conflict else "")
        )
        self.flags.setText("　".join(f"【{f}】" for f in file.flags) or "无重点群体标识")
        self.tabs.clear()
        for key, _model, title in SECTIONS:
            records = file.sections.get(key, ())
            self.tabs.addTab(self._table(records), f"{title} ({len(records)})")

    def set_notice(self, notice: str | None) -> None:
        self.banner.setText(notice or "")
        self.banner.setVisible(bool(notice))

    @staticmethod
    def _table(records: tuple) -> QTableWidget:  # type: ignore[type-arg]
        columns = list(records[0].summary) if records else []
        table = QTableWidget(len(records), len(columns))
        table.setHorizontalHeaderLabels(columns)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, record in enumerate(records):
            for col, name in enumerate(columns):
                table.setItem(row, col, QTableWidgetItem(record.summary[name]))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

"""First run: the station is not enrolled yet, so the clerk (or district IT at
installation) enters the hub's address and the one-time enrolment code."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from station_client import __version__
from station_client.store import Store
from station_client.sync import enrol
from station_client.sync.meta import StationIdentity

from .i18n import error_text
from .operations import Operations


class FirstRunPanel(QWidget):
    """``enrolled`` carries the new :class:`StationIdentity`."""

    enrolled = Signal(object)

    def __init__(self, store: Store, operations: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._operations = operations
        title = QLabel(self.tr("首次使用 · 注册到区级中心"))
        title.setObjectName("loginTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain = QLabel(
            self.tr("请输入区人社信息科提供的区级中心地址和一次性注册码（72小时内有效）。")
        )
        explain.setWordWrap(True)
        self.hub_url = QLineEdit()
        self.hub_url.setPlaceholderText("https://hub.example:8443")
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("注册码"))
        self.button = QPushButton(self.tr("注册 (Enter)"))
        self.button.setDefault(True)
        self.message = QLabel("")
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("区级中心地址"), self.hub_url)
        form.addRow(self.tr("注册码"), self.code)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addStretch(2)
        self.button.clicked.connect(self.submit)
        self.code.returnPressed.connect(self.submit)
        self.hub_url.returnPressed.connect(self.code.setFocus)

    def submit(self) -> None:
        url, code = self.hub_url.text().strip(), self.code.text().strip()
        if not url.startswith(("http://", "https://")):
            self.message.setText(self.tr("地址应以 http:// 或 https:// 开头"))
            self.hub_url.setFocus()
            return
        if not code:
            self.message.setText(self.tr("请输入注册码"))
            self.code.setFocus()
            return
        self.button.setEnabled(False)
        self.message.setText(self.tr("正在注册…"))
        store = self._store
        self._operations.run(lambda: enrol(store, url, code, __version__), self._done, self._failed)

    def _done(self, identity: StationIdentity) -> None:
        self.message.setText(
            self.tr("注册成功：{name}（{code}）").format(name=identity.name, code=identity.org_code)
        )
        self.enrolled.emit(identity)

    def _failed(self, error: Exception) -> None:
        self.button.setEnabled(True)
        self.message.setText(error_text(error) or str(error))

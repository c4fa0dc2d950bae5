"""Logging in at the counter, and the lock screen after idle time.

The password check runs in the background (online at the hub, else offline against the
kept verifier: both take a moment by design), so the window stays responsive.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_client.sync.login import StaffSession

from .i18n import error_text
from .operations import Operations

LogIn = Callable[[str, str], StaffSession]


class LoginPanel(QWidget):
    """Username, password, 登录. ``logged_in`` carries the :class:`StaffSession`."""

    logged_in = Signal(object)

    def __init__(
        self,
        log_in: LogIn,
        operations: Operations,
        *,
        title: str | None = None,
        fixed_username: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._log_in = log_in
        self._operations = operations
        heading = QLabel(title or self.tr("人社服务站 · 登录"))
        heading.setObjectName("loginTitle")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("用户名"))
        if fixed_username is not None:  # the lock screen: only the same person may go on
            self.username.setText(fixed_username)
            self.username.setReadOnly(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.button = QPushButton(self.tr("登录 (Enter)"))
        self.button.setDefault(True)
        self.message = QLabel("")
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addStretch(2)
        self.button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)

    def reset(self) -> None:
        self.password.clear()
        self.message.clear()
        self.button.setEnabled(True)
        (self.password if self.username.isReadOnly() else self.username).setFocus()

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.setText(self.tr("请输入用户名和密码"))
            return
        self.button.setEnabled(False)
        self.message.setText(self.tr("正在验证…"))
        self._operations.run(
            lambda: self._log_in(username, password), self._succeeded, self._failed
        )

    def _succeeded(self, session: StaffSession) -> None:
        self.password.clear()
        self.button.setEnabled(True)
        self.message.setText("" if session.online else self.tr("离线登录（网络恢复后自动同步）"))
        self.logged_in.emit(session)

    def _failed(self, error: Exception) -> None:
        self.password.clear()
        self.button.setEnabled(True)
        self.message.setText(error_text(error) or str(error))
        self.password.setFocus()

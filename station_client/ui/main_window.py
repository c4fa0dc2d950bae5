"""The counter window: scan or type to find a person, their file, the sync status.

Everything that touches the store or the hub runs through :class:`Operations`; this
class only arranges widgets and reacts to results. Switching user or locking clears
every screen that showed personal data before another person sees the window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_client.devices import CodeScanned, DeviceState, DeviceStatus, IdentityPresented
from station_client.rules.codes import Role
from station_client.rules.idnumber import is_valid_citizen_id
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.store.person_file import PersonFile
from station_client.store.search import PersonHit
from station_client.sync.login import StaffSession

from . import counter_work as work
from .i18n import error_text, gap
from .login import LoginPanel
from .operations import Operations
from .person_file import PersonFileView
from .sync_status import SyncStatusWidget

_ID_LIKE = re.compile(r"[0-9]{17}[0-9Xx]")


@dataclass
class CounterContext:
    """What the window works with; built by the composition root."""

    store: Store
    station_id: str
    log_in: Callable[[str, str], StaffSession]
    sync_now: Callable[[], None] = lambda: None
    idle_lock_ms: int = 10 * 60 * 1000


class CounterWindow(QMainWindow):
    register_requested = Signal(object)  # an IdentityPresented nobody here knows yet
    personal_data_cleared = Signal()  # switch user: other screens clear theirs too

    def __init__(self, context: CounterContext, operations: Operations) -> None:
        super().__init__()
        self.context = context
        self.operations = operations
        self.session: StaffSession | None = None
        self.setWindowTitle(self.tr("人社服务站 RenShe Station"))
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.file_actions: list[QPushButton] = []
        self.login = LoginPanel(context.log_in, operations)
        self.login.logged_in.connect(self._logged_in)
        self.lock_panel: LoginPanel | None = None
        self.pages.addWidget(self.login)
        self.work_page = self._build_work_page()
        self.pages.addWidget(self.work_page)
        self.sync_status = SyncStatusWidget()
        self.sync_status.sync_now.connect(context.sync_now)
        self.device_label = QLabel(self.tr("设备：未连接"))
        self.staff_label = QLabel("")
        self.statusBar().addPermanentWidget(self.staff_label)
        self.statusBar().addPermanentWidget(self.device_label)
        self.statusBar().addPermanentWidget(self.sync_status, 1)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        self._shortcuts()
        self.pages.setCurrentWidget(self.login)
        self.login.reset()

    # -- layout ------------------------------------------------------------------------------
    def _build_work_page(self) -> QWidget:
        page = QWidget()
        self.search = QLineEdit()
        self.search.setObjectName("scanBox")
        self.search.setPlaceholderText(
            self.tr("刷社保卡、读身份证、扫码，或输入身份证号/姓名/拼音 (F2)")
        )
        self.search.returnPressed.connect(self.search_now)
        self.results = QListWidget()
        self.results.itemActivated.connect(self._open_hit)
        self.file_view = PersonFileView()
        self.notice = QLabel("")
        self.notice.setObjectName("counterNotice")
        self.notice.setWordWrap(True)
        self.actions_bar = QHBoxLayout()  # what can be done for the person on screen
        file_page = QWidget()
        file_layout = QVBoxLayout(file_page)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addLayout(self.actions_bar)
        file_layout.addWidget(self.file_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.results)
        split.addWidget(file_page)
        split.setStretchFactor(1, 3)
        self.workspace = QTabWidget()  # the counter's tabs: 办事 (the file), 我的待办, …
        self.workspace.addTab(split, self.tr("办事 (F2)"))
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.workspace, 1)
        return page

    # -- extension points for the counter's other screens ---------------------------------
    def add_workspace_tab(self, widget: QWidget, title: str, shortcut: str | None = None) -> None:
        """Another screen of the counter (我的待办, 岗位匹配 …) as a tab, with a key."""
        index = self.workspace.addTab(widget, f"{title} ({shortcut})" if shortcut else title)
        if shortcut:
            QShortcut(QKeySequence(shortcut), self).activated.connect(
                lambda: self.workspace.setCurrentIndex(index)
            )

    def add_file_action(
        self, label: str, shortcut: str, act: Callable[[PersonFile], None]
    ) -> QPushButton:
        """A button (and key) acting on the person whose file is open (办理业务 …)."""
        button = QPushButton(f"{label} ({shortcut})")
        button.setEnabled(self.file_view.file is not None)

        def run() -> None:
            if self.file_view.file is not None and self.session is not None:
                act(self.file_view.file)

        button.clicked.connect(run)
        QShortcut(QKeySequence(shortcut), self).activated.connect(run)
        self.actions_bar.addWidget(button)
        self.file_actions.append(button)
        return button

    def refresh_file(self) -> None:
        """Open the file on screen again (after a form saved something for the person)."""
        if self.file_view.file is not None:
            self.open_person(self.file_view.file.person_id)

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("F2", self._focus_search),
            ("F5", self.context.sync_now),
            ("Ctrl+L", self.lock),
            ("Ctrl+Shift+L", self.switch_user),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

    # -- who is at the keyboard --------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        staff = self.session.staff.id if self.session else None
        return Actor(station_id=self.context.station_id, staff_id=staff)

    @property
    def role(self) -> Role:
        return Role(self.session.staff.role) if self.session else Role.DISTRICT_IT

    def _logged_in(self, session: StaffSession) -> None:
        self.session = session
        mode = self.tr("联网") if session.online else self.tr("离线")
        self.staff_label.setText(
            self.tr("{name}（{mode}）").format(name=session.staff.full_name, mode=mode)
        )
        self.pages.setCurrentWidget(self.work_page)
        self._focus_search()
        self.note_activity()

    def lock(self) -> None:
        """Hide the screen until the same person enters the password again (Ctrl+L)."""
        if self.session is None:
            return
        if self.lock_panel is not None:
            self.pages.removeWidget(self.lock_panel)
            self.lock_panel.deleteLater()
        self.lock_panel = LoginPanel(
            self.context.log_in,
            self.operations,
            title=self.tr("已锁定 · 请输入密码解锁"),
            fixed_username=self.session.staff.username,
        )
        self.lock_panel.logged_in.connect(self._unlocked)
        self.pages.addWidget(self.lock_panel)
        self.pages.setCurrentWidget(self.lock_panel)
        self.lock_panel.reset()

    def _unlocked(self, session: StaffSession) -> None:
        self.pages.setCurrentWidget(self.work_page)
        self.session = session
        self.note_activity()

    def switch_user(self) -> None:
        """Log out: nothing the last person saw stays on screen (Ctrl+Shift+L)."""
        self.session = None
        self.clear_personal_data()
        self.staff_label.clear()
        self.pages.setCurrentWidget(self.login)
        self.login.reset()

    def clear_personal_data(self) -> None:
        self.search.clear()
        self.results.clear()
        self.notice.clear()
        self.file_view.clear()
        for button in self.file_actions:
            button.setEnabled(False)
        self.personal_data_cleared.emit()

    def note_activity(self) -> None:
        """Any key or click: the idle lock starts counting again."""
        if self.session is not None and self.context.idle_lock_ms > 0:
            self._idle.start(self.context.idle_lock_ms)

    # -- finding people ----------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def search_now(self) -> None:
        query = self.search.text().strip()
        if not query or self.session is None:
            return
        self.notice.setText(self.tr("正在查找…"))
        self.operations.run(lambda: work.find(self.context.store, query), self._found, self._failed)

    def _found(self, hits: list[PersonHit]) -> None:
        self.results.clear()
        for hit in hits:
            space = gap()
            item = QListWidgetItem(f"{hit.name}{space}{hit.citizen_id[-4:]}{space}{hit.birth_date}")
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.results.addItem(item)
        if len(hits) == 1:
            self.open_person(hits[0].id)
        elif not hits:
            self.notice.setText(self.tr("本站未找到此人。联网时可用全市查询，或为其办理新登记。"))
        else:
            self.notice.setText(
                self.tr("找到 {count} 人，请选择（↑↓ 回车）").format(count=len(hits))
            )
            self.results.setFocus()
            self.results.setCurrentRow(0)

    def _open_hit(self, item: QListWidgetItem) -> None:
        self.open_person(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_person(self, person_id: str, notice: str | None = None) -> None:
        actor, role = self.actor, self.role
        self.operations.run(
            lambda: work.open_file(self.context.store, actor, role, person_id),
            lambda file: self._show_file(file, notice),
            self._failed,
        )

    def _show_file(self, file: PersonFile, notice: str | None) -> None:
        self.notice.clear()
        self.file_view.show_file(file, notice)
        self.workspace.setCurrentIndex(0)
        for button in self.file_actions:
            button.setEnabled(True)

    def _failed(self, error: Exception) -> None:
        self.notice.setText(error_text(error) or self.tr("出错了：{error}").format(error=error))

    # -- devices -----------------------------------------------------------------------------
    def on_device_event(self, event: Any) -> None:
        """A device event, already on the UI thread."""
        self.note_activity()
        if isinstance(event, DeviceStatus):
            self._show_device(event)
        elif self.session is None or self.pages.currentWidget() is not self.work_page:
            return  # nobody logged in, or locked: a card opens nothing
        elif isinstance(event, IdentityPresented):
            self.present(event)
        elif isinstance(event, CodeScanned):
            text = event.text.strip()
            self.search.setText(text)
            self.search_now()

    def _show_device(self, status: DeviceStatus) -> None:
        ok = status.state in (DeviceState.READY, DeviceState.CONNECTED, DeviceState.READING)
        text = self.tr("设备就绪") if ok else (status.reason or self.tr("设备未连接"))
        self.device_label.setText(
            self.tr("{device}：{state}").format(device=status.device.split(":")[0], state=text)
        )

    def present(self, identity: IdentityPresented) -> None:
        """A card was tapped or read: open the person's file, or offer a registration."""
        self.search.setText(identity.id_number)
        self.operations.run(
            lambda: work.check_card(self.context.store, identity),
            lambda check: self._card_checked(identity, check),
            self._failed,
        )

    def _card_checked(self, identity: IdentityPresented, check: Any) -> None:
        if check.registered:
            self.open_person(check.person_id, check.message_zh())
            return
        self.results.clear()
        self.file_view.set_notice(None)
        self.notice.setText(
            self.tr("{name}（{last4}）不在本站档案中：可全市查询或办理新登记。").format(
                name=identity.name, last4=identity.id_number[-4:]
            )
        )
        self.register_requested.emit(identity)

    @staticmethod
    def looks_like_id(text: str) -> bool:
        return bool(_ID_LIKE.fullmatch(text)) and is_valid_citizen_id(text)

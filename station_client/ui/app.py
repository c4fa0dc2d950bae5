"""Running the counter app: the Qt side of the composition root.

:func:`build_counter` wires the window to the store, the sync agent, the devices and
the keyboard-wedge scanner filter; :func:`run_counter` runs it until the window closes
and stops everything cleanly.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication

from station_client.devices.manager import DeviceManager, DeviceSettings
from station_client.store import Store
from station_client.sync import SyncAgent
from station_client.sync.identity import is_enrolled, load
from station_client.sync.login import StaffLogin
from station_client.sync.updates import Updates

from . import (
    approvals,
    audit_review,
    conflicts,
    dashboard,
    employers,
    evaluation,
    matching_view,
    my_day,
    printing,
    sync_detail,
    tickets_panel,
)
from .first_run import FirstRunPanel
from .forms import attach as attach_forms
from .i18n import install_translations
from .info_screen import attach as attach_info_screen
from .main_window import CounterContext, CounterWindow
from .operations import Operations
from .style import STYLE
from .sync_status import StatusBridge
from .wedge_filter import WedgeFilter

LOCAL_STATION = "local"  # a station not yet enrolled (demo, first run)

#: The counter's screens besides the file: each adds its tabs and person actions.
SCREENS: tuple[Callable[[CounterWindow], None], ...] = (
    attach_forms,
    employers.attach,
    matching_view.attach,
    attach_info_screen,
    sync_detail.attach,
    conflicts.attach,
    approvals.attach,
    audit_review.attach,
    dashboard.attach,
    tickets_panel.attach,
    my_day.attach,
    evaluation.attach,
    printing.attach,
)


class DeviceBridge(QObject):
    """Device events from driver threads, delivered on the UI thread."""

    arrived = Signal(object)

    def report(self, event: Any) -> None:
        self.arrived.emit(event)


class ActivityWatch(QObject):
    """Any key or click anywhere restarts the idle lock's count."""

    def __init__(self, on_activity: Callable[[], None]) -> None:
        super().__init__()
        self._on_activity = on_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self._on_activity()
        return False


@dataclass
class Counter:
    app: QApplication
    window: CounterWindow
    operations: Operations
    agent: SyncAgent | None
    devices: DeviceManager
    wedge: WedgeFilter
    bridges: tuple[QObject, ...]

    def start(self) -> None:
        self.window.show()
        self.devices.start()
        if self.agent is not None:
            self.agent.start()

    def stop(self) -> None:
        self.wedge.uninstall(self.app)
        for bridge in self.bridges:
            self.app.removeEventFilter(bridge)
        self.devices.stop()
        if self.agent is not None:
            self.agent.stop(timeout=10)
        self.operations.wait_for_done(10000)


def build_counter(
    app: QApplication,
    store: Store,
    device_settings: DeviceSettings,
    *,
    sync_interval: float = 300.0,
    idle_lock_ms: int = 10 * 60 * 1000,
    updates: Updates | None = None,
) -> Counter:
    app.setStyleSheet(STYLE)
    operations = Operations()
    enrolled = is_enrolled(store)
    station_id = load(store).station_id if enrolled else LOCAL_STATION
    sync_bridge = StatusBridge()
    agent = (
        SyncAgent(store, interval=sync_interval, on_status=sync_bridge.report, updates=updates)
        if enrolled
        else None
    )
    context = CounterContext(
        store=store,
        station_id=station_id,
        log_in=StaffLogin(store).log_in,
        sync_now=agent.trigger if agent is not None else (lambda: None),
        idle_lock_ms=idle_lock_ms,
    )
    window = CounterWindow(context, operations)
    for attach in SCREENS:
        attach(window)
    sync_bridge.changed.connect(window.sync_status.show_status)
    device_bridge = DeviceBridge()
    device_bridge.arrived.connect(window.on_device_event)
    devices = DeviceManager(device_settings, device_bridge.report)
    wedge = WedgeFilter()
    wedge.scanned.connect(window.on_device_event)
    wedge.install(app)
    activity = ActivityWatch(window.note_activity)
    app.installEventFilter(activity)
    # The reference bundle (every division code, the catalogue) and Qt's wrappers are
    # millions of objects that live as long as the app. Frozen, the garbage collector's
    # full passes no longer walk them: such a pass, set off by a sync's many short-lived
    # objects, held the UI thread for over 150 ms.
    store.reference()
    gc.freeze()
    return Counter(
        app, window, operations, agent, devices, wedge, (sync_bridge, device_bridge, activity)
    )


def run_counter(
    store: Store,
    device_settings: DeviceSettings,
    argv: list[str],
    *,
    updates: Updates | None = None,
) -> int:
    """The counter app until its window closes; on a first run, enrolment comes first."""
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    install_translations(app)
    app.setStyleSheet(STYLE)
    running: list[Counter] = []

    def open_counter() -> None:
        counter = build_counter(app, store, device_settings, updates=updates)
        running.append(counter)
        counter.start()

    first_run: FirstRunPanel | None = None
    if is_enrolled(store):
        open_counter()
    else:
        operations = Operations()
        first_run = FirstRunPanel(store, operations)
        first_run.setWindowTitle(
            QCoreApplication.translate("CounterWindow", "人社服务站 RenShe Station")
        )
        panel = first_run

        def enrolled(_identity: object) -> None:
            panel.close()
            open_counter()

        first_run.enrolled.connect(enrolled)
        first_run.show()
    try:
        return int(app.exec())
    finally:
        for counter in running:
            counter.stop()

"""A counter app on a real encrypted store, enrolled with a real hub on loopback, with
simulated devices; and a logged-in clerk."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from hub_sync.model import Staff, utc_now
from hub_sync.server import staff as hub_staff
from station_client.devices.manager import DeviceSettings
from station_client.store import Store
from station_client.sync import enrol
from station_client.ui.app import Counter, build_counter

from ..hubserver import RunningHub, running_hub

PASSWORD = "counter-pass-1"
STATION_AREA = "320115001001"


@dataclass
class CounterRig:
    hub: RunningHub
    store: Store
    counter: Counter
    username: str

    @property
    def window(self):  # type: ignore[no-untyped-def]
        return self.counter.window

    def add_staff(self, role: str = "clerk") -> str:
        """A staff member of this station, as district IT adds one (it reaches the station
        with the next sync)."""
        username = f"{role}_{secrets.token_hex(3)}"
        with self.hub.engine.begin() as conn:
            hub_staff.add_staff(
                conn,
                username=username,
                full_name="王芳" if role == "clerk" else "李主管",
                role=role,
                area_code=STATION_AREA,
                password=PASSWORD,
                now=utc_now(),
                station_id=self.station_id,
            )
        return username

    @property
    def station_id(self) -> str:
        return str(self.counter.window.context.station_id)

    def staff_here(self, username: str) -> bool:
        with self.store.transaction() as s:
            return s.scalar(select(Staff.id).where(Staff.username == username)) is not None


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[RunningHub]:
    with running_hub(f"sqlite:///{tmp_path / 'hub.db'}") as running:
        yield running


@pytest.fixture
def counter_rig(qapp, qtbot, hub, make_store) -> Iterator[CounterRig]:  # type: ignore[no-untyped-def]
    store: Store = make_store("counter")
    enrol(store, hub.url, hub.add_station(STATION_AREA, "东山街道服务站"), "test")
    counter = build_counter(qapp, store, DeviceSettings(simulated=True), sync_interval=3600)
    qtbot.addWidget(counter.window)
    rig = CounterRig(hub, store, counter, "")
    rig.username = rig.add_staff()
    counter.start()  # its first sync brings the clerk's staff record to the station
    qtbot.waitUntil(lambda: rig.staff_here(rig.username), timeout=30000)
    try:
        yield rig
    finally:
        counter.stop()


def log_in(qtbot, rig: CounterRig, username: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Type the username and password into the login screen, as a clerk does."""
    panel = rig.window.login
    panel.username.setText(username or rig.username)
    qtbot.keyClicks(panel.password, PASSWORD)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rig.window.session is not None, timeout=20000)

"""A logged-in counter whose station and staff are in the store, as a pull from the hub
leaves them: 王芳 (the clerk at the keyboard) and 李明 are each other's AB partner, 赵强
is away this week. The station clock reads Monday 2 November 2026, 09:30 in Beijing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from hub_sync.model import Staff, Station
from station_client.store import Actor
from station_client.store import outbox as ob
from station_client.sync import Phase
from station_client.ui import evaluation, my_day, printing, tickets_panel
from station_client.ui.my_day import MyDayPanel
from station_client.ui.tickets_panel import TicketsPanel

from ..store.helpers import person_values
from .counter_fixtures import CounterRig, log_in

TODAY = date(2026, 11, 2)
PARTNER, AWAY = "staff-li-ming", "staff-zhao-qiang"


@dataclass
class Desk:
    rig: CounterRig
    me: str
    qtbot: Any

    def settle(self) -> None:
        """Wait until no background work of the window is running, before the test reads
        the store itself (the store's engine must not be used from many threads at once:
        see the report on its SingletonThreadPool)."""
        operations = self.window.operations
        self.qtbot.waitUntil(lambda: operations.in_flight == 0, timeout=20000)

    @property
    def window(self) -> Any:
        return self.rig.window

    @property
    def tickets_panel(self) -> TicketsPanel:
        return self.window.findChild(TicketsPanel)

    @property
    def my_day(self) -> MyDayPanel:
        return self.window.findChild(MyDayPanel)

    @property
    def actor(self) -> Actor:
        return Actor(self.window.context.station_id, self.me)

    def person(self, name: str = "张三丰", serial: int = 1, **over: Any) -> str:
        self.settle()
        with self.rig.store.transaction() as s:
            values = person_values(serial, name=name, **over)
            return self.rig.store.persons.register(s, self.actor, values).id

    def outbox(self) -> list[ob.OutboxEntry]:
        self.settle()
        with self.rig.store.engine.connect() as conn:
            return ob.pending(conn, limit=10000)

    def open_file(self, qtbot: Any, person_id: str) -> None:
        view = self.window.file_view
        self.window.open_person(person_id)
        qtbot.waitUntil(
            lambda: view.file is not None and view.file.person_id == person_id, timeout=10000
        )


def _put(s: Any, model: type, ident: str, **values: Any) -> None:
    found = s.get(model, ident)
    if found is None:
        s.add(model(id=ident, **values))
    else:
        for name, value in values.items():
            setattr(found, name, value)


def attach_screens(window: Any) -> None:
    """办件, 我的待办, 服务评价 and 打印登记表, as build_counter attaches them (once: a
    second attach would make their keys ambiguous)."""
    actions = [b.text() for b in window.file_actions]
    if window.findChild(TicketsPanel) is None:
        tickets_panel.attach(window)
    if window.findChild(MyDayPanel) is None:
        my_day.attach(window)
    if not any(a.startswith("服务评价") for a in actions):
        evaluation.attach(window)
    if not any(a.startswith("打印登记表") for a in actions):
        printing.attach(window)


def staffed_counter(qtbot: Any, rig: CounterRig, clock: Any) -> Desk:
    clock.now = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
    log_in(qtbot, rig)
    agent = rig.counter.agent
    # The sync at start pulls the station; let it finish so it cannot race the test.
    qtbot.waitUntil(
        lambda: agent.status.last_attempt_at is not None and agent.status.phase != Phase.SYNCING,
        timeout=20000,
    )
    station_id, me = rig.window.context.station_id, rig.window.session.staff.id
    with rig.store.applying_pulled() as s:
        station = {"org_code": "320115001001", "name": "东山街道服务站", "level": "village"}
        _put(s, Station, station_id, **station)
        common = {"role": "clerk", "station_id": station_id, "area_code": "320115001001"}
        _put(
            s, Staff, me, username=rig.username, full_name="王芳", backup_staff_id=PARTNER, **common
        )
        _put(s, Staff, PARTNER, username="liming", full_name="李明", backup_staff_id=me, **common)
        away = {"backup_staff_id": PARTNER, "absent_until": date(2026, 11, 6)}
        _put(s, Staff, AWAY, username="zhaoqiang", full_name="赵强", **away, **common)
    attach_screens(rig.window)
    rig.window.activateWindow()  # shortcuts (F3, F4, F7 …) act in the active window
    qtbot.waitUntil(rig.window.isActiveWindow, timeout=5000)
    return Desk(rig, me, qtbot)

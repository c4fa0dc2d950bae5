"""冲突处理 against a real hub: two stations make a real conflict through sync, a
supervisor resolves it on screen with a merged value and a reason, both stations get the
decision at their next sync; a conflict another supervisor resolved first is refused
with a clear message and the queue refreshed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from hub_sync.model import Person
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.sync import SyncAgent, enrol
from station_client.sync import conflicts as cc
from station_client.sync.login import StaffLogin
from station_client.ui.conflicts import ConflictsScreen, attach
from station_client.ui.main_window import CounterWindow

from ..store.helpers import person_values
from ..sync.conftest import new_citizen_id
from .counter_fixtures import PASSWORD, STATION_AREA, CounterRig, log_in


@dataclass
class Other:
    store: Store
    agent: SyncAgent


@pytest.fixture
def other(counter_rig: CounterRig, make_store) -> Other:  # type: ignore[no-untyped-def]
    store = make_store("other")
    enrol(store, counter_rig.hub.url, counter_rig.hub.add_station(STATION_AREA, "乙村"), "test")
    return Other(store, SyncAgent(store, client_version="test", timeout=(2.0, 20.0)))


def _edit(store: Store, person_id: str, phone: str) -> None:
    with store.transaction() as s:
        store.persons.edit(s, Actor("x", None), person_id, {"phone": phone})


def _phone(store: Store, person_id: str) -> tuple[str | None, bool]:
    with store.transaction() as s:
        p = s.get(Person, person_id)
        assert p is not None
        return p.phone, p.conflict


def _real_conflict(rig: CounterRig, other: Other) -> str:
    """Both stations change the same person's phone differently and sync."""
    with rig.store.transaction() as s:
        values = person_values(citizen_id=new_citizen_id(), residence_division=STATION_AREA)
        pid = rig.store.persons.register(s, Actor(rig.station_id, None), values).id
    rig.counter.agent.sync_once()
    other.agent.sync_once()
    _edit(rig.store, pid, "13800000001")
    _edit(other.store, pid, "13700000002")
    rig.counter.agent.sync_once()
    assert other.agent.sync_once().conflicts == 1
    return str(pid)


def _attach_once(window: CounterWindow) -> None:
    """The lead's build_counter may attach the screen already (SCREENS)."""
    tabs = window.workspace
    if not any(isinstance(tabs.widget(i), ConflictsScreen) for i in range(tabs.count())):
        attach(window)


def _screen(rig: CounterRig) -> ConflictsScreen:
    return next(
        w
        for i in range(rig.window.workspace.count())
        if isinstance(w := rig.window.workspace.widget(i), ConflictsScreen)
    )


def _open_as_supervisor(qtbot, rig: CounterRig, pid: str) -> ConflictsScreen:  # type: ignore[no-untyped-def]
    _attach_once(rig.window)
    log_in(qtbot, rig, rig.add_staff("supervisor"))
    screen = _screen(rig)
    index = rig.window.workspace.indexOf(screen)
    assert rig.window.workspace.isTabVisible(index)
    qtbot.keyClick(rig.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert rig.window.workspace.currentWidget() is screen
    qtbot.waitUntil(
        lambda: any(e.conflict.record_id == pid for e in screen.model.entries), timeout=20000
    )
    qtbot.waitUntil(lambda: screen.current is not None, timeout=5000)
    assert screen.current.record_id == pid
    return screen


def test_a_supervisor_merges_on_screen_and_both_stations_get_it(qtbot, counter_rig, other):
    rig = counter_rig
    pid = _real_conflict(rig, other)
    screen = _open_as_supervisor(qtbot, rig, pid)
    assert "站点" in screen.origin.text() and "1 条" in screen.count.text()
    cells = [screen.fields.cellWidget(0, c).text() for c in range(4)]
    assert cells[0] == "phone" and cells[2:] == ["13800000001", "13700000002"]

    pick, typed = screen.pickers["phone"]
    pick.setCurrentIndex(pick.findData("merged"))
    assert typed.isEnabled()
    typed.setText("1" * 31)  # longer than a phone may be: refused at the field
    screen.reason.setText("本人到站确认新号码")
    qtbot.keyClick(screen.reason, Qt.Key.Key_Return)
    assert "phone" in screen.field_error.text() and "30" in screen.field_error.text()
    screen.reason.clear()
    typed.clear()
    qtbot.keyClicks(typed, "13900000003")
    qtbot.keyClick(screen.reason, Qt.Key.Key_Return)
    assert screen.reason_error.text() == "请填写处理理由"  # nothing sent without a reason
    screen.reason.setText("本人到站确认新号码")
    qtbot.keyClick(screen.reason, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: "已处理" in screen.message.text(), timeout=20000)
    qtbot.waitUntil(lambda: screen.model.entries == [], timeout=20000)
    rig.counter.agent.sync_once()
    other.agent.sync_once()
    assert _phone(rig.store, pid) == ("13900000003", False)
    assert _phone(other.store, pid) == ("13900000003", False)


def test_a_conflict_resolved_elsewhere_first_is_refused_clearly(qtbot, counter_rig, other):
    rig = counter_rig
    pid = _real_conflict(rig, other)
    screen = _open_as_supervisor(qtbot, rig, pid)
    shown = screen.current
    # Another supervisor, at the other station, resolves it meanwhile.
    boss = StaffLogin(other.store).log_in(rig.add_staff("supervisor"), PASSWORD)
    cc.resolve(other.store, boss, shown, cc.Decision("电话核实", sides={"phone": "station"}))

    screen.reason.setText("保留中心的号码")
    qtbot.keyClick(screen.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已被其他主管处理" in screen.message.text(), timeout=20000)
    qtbot.waitUntil(
        lambda: all(e.conflict.record_id != pid for e in screen.model.entries), timeout=20000
    )
    rig.counter.agent.sync_once()
    assert _phone(rig.store, pid) == ("13700000002", False)  # the other decision stands


def test_clerks_do_not_see_the_tab_and_switching_user_clears_it(qtbot, counter_rig, other):
    rig = counter_rig
    pid = _real_conflict(rig, other)
    screen = _open_as_supervisor(qtbot, rig, pid)
    index = rig.window.workspace.indexOf(screen)
    rig.window.switch_user()
    assert not rig.window.workspace.isTabVisible(index) and screen.model.entries == []
    log_in(qtbot, rig)  # the clerk
    assert not rig.window.workspace.isTabVisible(index)
    qtbot.keyClick(rig.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert rig.window.workspace.currentWidget() is not screen

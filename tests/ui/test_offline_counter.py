"""A village counter on a bad line: work goes on offline, and reaches the hub once the
line is back."""

from __future__ import annotations

from sqlalchemy import select

from hub_sync.model import Person
from station_client.store.actor import Actor
from station_client.sync.agent import Phase
from station_client.sync.identity import load, set_hub_url

from ..hubserver import free_port
from ..store.helpers import person_values
from .counter_fixtures import log_in


def test_a_registration_made_offline_waits_and_is_sent_when_the_line_comes_back(qtbot, counter_rig):
    rig = counter_rig
    log_in(qtbot, rig)  # online: the clerk's verifier is kept for later
    hub_url = load(rig.store).hub_url
    set_hub_url(rig.store, f"http://127.0.0.1:{free_port()}")  # the line goes down

    rig.window.switch_user()
    log_in(qtbot, rig)  # offline this time, against the kept verifier
    assert not rig.window.session.online and "离线" in rig.window.staff_label.text()
    actor = Actor(station_id=rig.station_id, staff_id=rig.window.session.staff.id)
    with rig.store.transaction() as s:
        pid = rig.store.persons.register(s, actor, person_values(name="孙八")).id
    rig.counter.agent.trigger()
    status = rig.window.sync_status
    qtbot.waitUntil(
        lambda: status.status is not None and status.status.phase is Phase.OFFLINE, timeout=20000
    )
    assert "离线" in status.label.text() and "待上传 1 条" in status.label.text()

    set_hub_url(rig.store, hub_url)  # the line is back
    rig.counter.agent.trigger()
    qtbot.waitUntil(
        lambda: status.status is not None and status.status.phase is Phase.IDLE, timeout=30000
    )
    assert "待上传 0 条" in status.label.text()
    with rig.hub.engine.connect() as c:
        assert c.execute(select(Person.name).where(Person.id == pid)).scalar_one() == "孙八"

"""审计查询 against a real hub: a supervisor finds who viewed a person, verifies the hub's
chains and this station's own; a tampered entry at the hub is reported where it breaks."""

from __future__ import annotations

from sqlalchemy import update

from hub_sync.model import AuditEntry, table_of
from station_client.store.actor import Actor
from station_client.ui.audit_review import AuditReviewScreen, attach
from station_client.ui.main_window import CounterWindow

from ..store.helpers import person_values
from ..sync.conftest import new_citizen_id
from .counter_fixtures import STATION_AREA, CounterRig, log_in


def _screen(window: CounterWindow) -> AuditReviewScreen:
    return next(
        w
        for i in range(window.workspace.count())
        if isinstance(w := window.workspace.widget(i), AuditReviewScreen)
    )


def test_a_supervisor_finds_a_view_and_sees_the_chain_break(qtbot, counter_rig: CounterRig):
    rig = counter_rig
    citizen_id = new_citizen_id()
    with rig.store.transaction() as s:
        values = person_values(citizen_id=citizen_id, residence_division=STATION_AREA)
        pid = rig.store.persons.register(s, Actor(rig.station_id, None), values).id
    tabs = rig.window.workspace
    if not any(isinstance(tabs.widget(i), AuditReviewScreen) for i in range(tabs.count())):
        attach(rig.window)  # unless build_counter attached it already (SCREENS)
    log_in(qtbot, rig, rig.add_staff("supervisor"))
    screen = _screen(rig.window)
    assert rig.window.workspace.isTabVisible(rig.window.workspace.indexOf(screen))
    rig.window.open_person(pid)  # audited at the station, pushed with the next sync
    qtbot.waitUntil(lambda: rig.window.file_view.file is not None, timeout=15000)
    rig.counter.agent.sync_once()

    screen.since.setText("昨天")
    qtbot.keyClick(screen.person, "\r")
    assert "YYYY-MM-DD" in screen.date_error.text() and screen.results.rowCount() == 0
    screen.since.clear()
    qtbot.keyClicks(screen.person, citizen_id)
    qtbot.keyClick(screen.person, "\r")
    qtbot.waitUntil(lambda: screen.results.rowCount() > 0, timeout=20000)
    actions = {screen.results.item(r, 3).text() for r in range(screen.results.rowCount())}
    assert "view_person" in actions
    assert screen.results.item(0, 6).text() == citizen_id  # a supervisor sees it unmasked

    screen.local_button.click()
    qtbot.waitUntil(lambda: "本站审计链完整" in screen.chain.text(), timeout=10000)
    screen.verify_button.click()
    qtbot.waitUntil(lambda: "区级审计链完整" in screen.chain.text(), timeout=20000)

    audit = table_of(AuditEntry)
    with rig.hub.engine.begin() as conn:
        conn.execute(
            update(audit)
            .where(audit.c.station_id == rig.station_id, audit.c.chain_seq == 1)
            .values(detail="tampered")
        )
    screen.verify_button.click()
    qtbot.waitUntil(lambda: "断裂" in screen.chain.text(), timeout=20000)
    assert rig.station_id in screen.chain.text() and "第 1 条" in screen.chain.text()
    assert "内容被篡改" in screen.chain.text()

"""The sync detail: what waits to be sent, what the hub refused and why, dismissing it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from hub_sync.model import new_id
from station_client.store.actor import Actor

from ..store.helpers import person_values
from .counter_fixtures import log_in


def test_waiting_changes_and_refused_ones_are_listed_and_a_refusal_dismissed(qtbot, counter_rig):
    rig = counter_rig
    log_in(qtbot, rig)
    actor = Actor(station_id=rig.station_id, staff_id=None)
    # A record the hub never heard of (loaded from an old export, not captured), edited:
    # the hub refuses that edit when it is pushed.
    ghost = new_id()
    values = {**person_values(7), "id": ghost, "sex": "1", "birth_date": date(1985, 3, 14)}
    rig.store.bulk_insert("persons", [values])
    with rig.store.transaction() as s:
        rig.store.persons.edit(s, actor, ghost, {"phone": "13800000009"})
    rig.counter.agent.trigger()
    qtbot.waitUntil(lambda: rig.counter.agent.status.rejected_waiting == 1, timeout=20000)
    with rig.store.transaction() as s:  # a change made since, still waiting to be sent
        rig.store.persons.register(s, actor, person_values(2, name="钱七"))

    qtbot.keyClick(rig.window, Qt.Key.Key_F12)
    detail = rig.window.sync_detail
    qtbot.waitUntil(lambda: detail.rejected.rowCount() == 1, timeout=10000)
    assert detail.waiting.rowCount() == 1 and "待上传 1 条" in detail.waiting_title.text()
    assert "unknown_record" in detail.rejected.item(0, 3).text()
    detail.rejected.setCurrentCell(0, 0)
    qtbot.keyClick(detail.rejected, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: detail.rejected.rowCount() == 0, timeout=10000)

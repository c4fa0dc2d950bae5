"""Every view of a person is audited in an append-only, hash-chained log."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from station_client.store import AuditChainBroken, StoreError, audit

from .helpers import person_values


def _view_three_times(store, actor):
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    for _ in range(3):
        with store.transaction() as s:
            store.persons.view(s, actor, pid)
    return pid


def test_each_view_is_logged_with_who_and_when(make_store, actor, clock):
    store = make_store()
    pid = _view_three_times(store, actor)
    with store.transaction() as s:
        views = store.persons.views_of(s, pid)
        assert [(v.staff_id, v.action, v.at) for v in views] == [
            (actor.staff_id, "view_person", clock.now)
        ] * 3
        assert audit.verify(s, actor.station_id) == 3


def test_audit_entries_are_synced_like_other_records(make_store, actor):
    store = make_store()
    _view_three_times(store, actor)
    with store.engine.connect() as c:
        tables = [r[0] for r in c.execute(text("SELECT table_name FROM outbox"))]
    assert tables.count("audit_entries") == 3


def test_the_log_cannot_be_edited_or_shortened(make_store, actor):
    store = make_store()
    _view_three_times(store, actor)
    for sql in ("UPDATE audit_entries SET staff_id = 'someone-else'", "DELETE FROM audit_entries"):
        with pytest.raises(StoreError, match="insert-only"), store.transaction() as s:
            s.execute(text(sql))


@pytest.mark.parametrize(
    ("tamper", "why"),
    [
        ("UPDATE audit_entries SET staff_id = 'x' WHERE chain_seq = 2", "altered"),
        ("DELETE FROM audit_entries WHERE chain_seq = 2", "missing"),
    ],
)
def test_tampering_below_the_triggers_is_detected(make_store, actor, tamper, why):
    store = make_store()
    _view_three_times(store, actor)
    with store.applying_pulled() as s:  # bypasses the guards, as raw file surgery would
        s.execute(text(tamper))
    with pytest.raises(AuditChainBroken, match=why) as err, store.transaction() as s:
        audit.verify(s, actor.station_id)
    assert err.value.chain_seq == 2

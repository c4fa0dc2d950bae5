"""Change capture: every local change and its outbox entry, in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select, text

from hub_sync.model import AssistanceContact, Person
from station_client.store import StoreError
from station_client.store import outbox as ob

from .helpers import person_values


def _entries(store):
    with store.engine.connect() as c:
        return ob.pending(c)


def test_register_writes_the_whole_record_to_the_outbox(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        person = store.persons.register(s, actor, person_values())
    [entry] = _entries(store)
    assert (entry.table_name, entry.record_id, entry.op) == ("persons", person.id, "insert")
    assert entry.new_values["name"] == "张三丰"
    assert entry.new_values["citizen_id"] == person.citizen_id
    assert entry.new_values["changed_station"] == actor.station_id
    assert entry.new_values["changed_staff"] == actor.staff_id
    assert entry.base_version == 0


def test_an_edit_records_only_the_changed_fields_with_old_and_new(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    with store.transaction() as s:
        store.persons.edit(s, actor, pid, {"phone": "13800001111", "education": "30"})
    _, edit = _entries(store)
    assert edit.op == "update"
    assert edit.old_values == {"phone": "13912345678", "education": "20"}
    assert {k: edit.new_values[k] for k in ("phone", "education")} == {
        "phone": "13800001111",
        "education": "30",
    }
    assert "name" not in edit.new_values and "citizen_id" not in edit.new_values
    assert edit.seq > _entries(store)[0].seq


def test_saving_unchanged_values_adds_no_outbox_entry(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    with store.transaction() as s:
        store.persons.edit(s, actor, pid, {"phone": "13912345678"})
    assert len(_entries(store)) == 1


def test_removal_is_a_tombstone_and_a_hard_delete_is_refused(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    with store.transaction() as s:
        store.persons.remove(s, actor, pid)
    assert _entries(store)[-1].op == "delete"
    with pytest.raises(StoreError, match="never deleted"), store.transaction() as s:
        s.execute(text("DELETE FROM persons WHERE id = :i"), {"i": pid})
    with store.transaction() as s:
        assert s.get(Person, pid).deleted is True


def test_a_failed_transaction_leaves_neither_change_nor_entry(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), store.transaction() as s:
        store.persons.edit(s, actor, pid, {"name": "张三"})
        raise Interrupted
    with store.transaction() as s:
        assert s.get(Person, pid).name == "张三丰"
    assert len(_entries(store)) == 1


def test_pulled_changes_are_not_captured_and_capture_resumes(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    with store.applying_pulled() as s:
        s.execute(text("UPDATE persons SET name = '张三', version = 4 WHERE id = :i"), {"i": pid})
    assert len(_entries(store)) == 1
    with store.transaction() as s:
        store.persons.edit(s, actor, pid, {"phone": "13800001111"})
    last = _entries(store)[-1]
    assert last.op == "update" and last.base_version == 4


def test_capture_resumes_after_a_failed_pull(make_store, actor):
    store = make_store()
    with pytest.raises(StoreError), store.applying_pulled() as s:
        s.execute(text("INSERT INTO persons (id) VALUES ('broken')"))  # NOT NULL violations
    with store.transaction() as s:
        store.persons.register(s, actor, person_values())
    assert len(_entries(store)) == 1


def test_insert_only_records_cannot_be_changed(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        s.execute(
            insert(AssistanceContact).values(
                id="c1",
                plan_id="p1",
                person_id="x",
                contacted_on=date(2026, 11, 2),
                method="01",
                changed_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
            )
        )
    assert _entries(store)[0].op == "insert"
    for sql in ("UPDATE assistance_contacts SET method = '02'", "DELETE FROM assistance_contacts"):
        with pytest.raises(StoreError, match="insert-only"), store.transaction() as s:
            s.execute(text(sql))


def test_acknowledged_entries_go_and_sequence_numbers_are_never_reused(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        for i in range(3):
            store.persons.register(s, actor, person_values(i + 1))
    seqs = [e.seq for e in _entries(store)]
    with store.engine.begin() as c:
        assert ob.acknowledge(c, seqs[1]) == 2
    assert [e.seq for e in _entries(store)] == seqs[2:]
    with store.engine.begin() as c:
        ob.acknowledge(c, seqs[2])
    with store.transaction() as s:
        store.persons.register(s, actor, person_values(9))
    assert _entries(store)[0].seq > seqs[2]


def test_rejected_entry_is_parked_and_does_not_block(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        for i in range(2):
            store.persons.register(s, actor, person_values(i + 1))
    first, second = _entries(store)
    with store.engine.begin() as c:
        ob.mark_rejected(c, first.seq, "unknown county")
        assert ob.count_pending(c) == 1
        rows = c.execute(select(text("state, error")).select_from(text("outbox"))).all()
    assert ("rejected", "unknown county") in [tuple(r) for r in rows]
    assert [e.seq for e in _entries(store)] == [second.seq]

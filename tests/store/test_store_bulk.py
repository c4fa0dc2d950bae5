"""Bulk loads (initial download, sample district): fast, whole or not at all."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from hub_sync.model import Employer, Person
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id
from station_client.store import StoreError
from station_client.store import outbox as ob
from station_client.store.search import search_persons

from .helpers import person_values


def _rows(n: int, start: int = 0) -> list[dict]:
    # Only what a form would give: id, version, flags and times come from defaults.
    return [
        {
            "citizen_id": make_citizen_id("320115", date(1980, 1, 1 + i % 28), i % 100, Sex.FEMALE),
            "name": ["李秀英", "王芳", "刘洋"][i % 3],
            "sex": "2",
            "birth_date": date(1980, 1, 1 + i % 28),
            "is_unemployed": i % 2 == 0,
        }
        for i in range(start, start + n)
    ]


def _trigger_names(store) -> set[str]:
    with store.engine.connect() as c:
        return {
            r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        }


def test_loaded_rows_get_defaults_are_searchable_and_not_queued(make_store):
    store = make_store()
    assert store.bulk_insert("persons", _rows(60)) == 60
    with store.transaction() as s:
        people = s.scalars(select(Person)).all()
    assert len({p.id for p in people}) == 60
    assert all(p.version == 0 and p.deleted is False and p.changed_at.tzinfo for p in people)
    assert sum(p.is_unemployed for p in people) == 30
    with store.engine.connect() as c:
        assert ob.count_pending(c) == 0
        assert len(search_persons(c, "王芳", limit=100)) == 20
        assert len(search_persons(c, "lxy", limit=100)) == 20


def test_a_load_with_capture_queues_every_row(make_store):
    store = make_store()
    store.bulk_insert("persons", _rows(5), capture=True)
    with store.engine.connect() as c:
        assert [e.op for e in ob.pending(c)] == ["insert"] * 5


def test_a_failing_load_leaves_nothing_and_the_store_working(make_store, actor):
    store = make_store()
    before = _trigger_names(store)
    rows = _rows(10)
    rows.append(dict(rows[3]))  # the same person twice: the unique ID number refuses it
    with pytest.raises(StoreError):
        store.bulk_load(
            {"employers": [{"uscc": "91320115MA1XXXXX0", "name": "x"}], "persons": rows}
        )
    with store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert s.scalar(select(func.count()).select_from(Employer)) == 0
    assert _trigger_names(store) == before  # search and capture triggers all back
    with store.transaction() as s:
        store.persons.register(s, actor, person_values())
    with store.engine.connect() as c:
        assert ob.count_pending(c) == 1
        assert [h.name for h in search_persons(c, "张三丰")] == ["张三丰"]


def test_a_load_into_a_filled_table_keeps_its_indexes(make_store):
    store = make_store()
    store.bulk_insert("persons", _rows(50))
    store.bulk_insert("persons", _rows(5, start=50))
    with store.engine.connect() as c:
        indexes = {r[1] for r in c.execute(text("PRAGMA index_list('persons')"))}
        plan = " ".join(
            str(r[-1])
            for r in c.execute(text("EXPLAIN QUERY PLAN SELECT id FROM persons WHERE phone = '1'"))
        )
    assert {"ix_persons_phone", "ix_persons_residence_division"} <= indexes
    assert "ix_persons_phone" in plan

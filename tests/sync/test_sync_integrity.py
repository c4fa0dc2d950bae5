"""The integrity check finds a table that differs and repairs just that table."""

from __future__ import annotations

from sqlalchemy import insert, select, text, update

from hub_sync.model import Person, new_id, table_of

from .conftest import new_citizen_id


def test_a_station_that_lost_and_gained_records_is_repaired(hub, make_station):
    a = make_station("甲")
    b = make_station("乙")
    ids = [a.register() for _ in range(4)]
    a.agent.sync_once()
    b.agent.sync_once()
    clean = b.agent.check_integrity()
    assert clean.mismatched == () and clean.fetched == 0
    # Damage b's copy below the sync layer: a record lost, one stale, one stray.
    stray = new_id()
    with b.store.applying_pulled() as s:
        s.execute(text("DELETE FROM persons WHERE id = :i"), {"i": ids[0]})
        s.execute(update(Person).where(Person.id == ids[1]).values(version=99, name="旧名"))
        row = dict(s.execute(select(table_of(Person)).where(Person.id == ids[2])).one()._mapping)
        s.execute(
            insert(table_of(Person)).values(
                {**row, "id": stray, "citizen_id": new_citizen_id(), "version": 3}
            )
        )
    report = b.agent.check_integrity()
    assert report.mismatched == ("persons",)
    assert (report.fetched, report.dropped) == (2, 1)
    assert b.person(ids[0]) is not None
    assert (b.person(ids[1]).name, b.person(ids[1]).version) == (
        a.person(ids[1]).name,
        a.person(ids[1]).version,
    )
    assert b.person(stray) is None
    assert b.agent.check_integrity().mismatched == ()

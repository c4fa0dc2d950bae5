"""Loading a sample district into a station store: as if downloaded from the hub."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select, text

from hub_sync.model import Employer, Person, ServiceTicket, Staff, Station
from station_client.reference import ReferenceBundle
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id
from station_client.sample import area_from_reference, load_sample, persons
from station_client.store import Actor, Store
from station_client.store import outbox as ob
from station_client.store.search import search_employers, search_persons

PEOPLE = 1500


@pytest.fixture
def loaded(make_store: Callable[..., Store], reference: ReferenceBundle) -> Store:
    store = make_store()
    result = load_sample(store, reference, persons_count=PEOPLE, seed=5)
    assert result.counts["persons"] == PEOPLE
    return store


def test_area_is_the_district_of_the_reference_bundle(reference: ReferenceBundle) -> None:
    area = area_from_reference(reference)
    assert (area.city_name, area.district_name) == ("南京市", "江宁区")
    assert area.district_code == "320115"
    assert {code for code, _name in area.towns} == {t.code for t in reference.divisions.towns()}
    assert {v[0] for v in area.villages} == {v.code for v in reference.divisions.villages()}
    towns = {code for code, _name in area.towns}
    assert all(town in towns for _code, _name, town in area.villages)


def test_load_puts_the_persons_and_the_organisation_in_the_store(
    make_store: Callable[..., Store], reference: ReferenceBundle
) -> None:
    store = make_store()
    result = load_sample(store, reference, persons_count=PEOPLE, seed=5)
    area = area_from_reference(reference)
    with store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == PEOPLE
        stations = s.scalar(select(func.count()).select_from(Station))
        assert stations == 1 + len(area.towns) + len(area.villages)
        employers = s.scalar(select(func.count()).select_from(Employer))
        assert employers == PEOPLE // 25
        staff = s.scalar(select(func.count()).select_from(Staff))
    # What load_sample reports is what is in the store.
    assert result.counts["stations"] == stations
    assert result.counts["employers"] == employers
    assert result.counts["staff"] == staff
    with store.engine.connect() as c:
        for table, n in result.counts.items():
            assert c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == n, table
        assert result.counts["service_tickets"] > 0
        assert result.counts["unemployment_registrations"] > 0


def test_loaded_records_read_back_as_generated(loaded: Store, reference: ReferenceBundle) -> None:
    # load_sample(seed=5) generated exactly these people (record ids aside).
    area = area_from_reference(reference)
    generated = {p["citizen_id"]: p for p in persons(area, PEOPLE, seed=5, today=date(2026, 11, 1))}
    columns = [c.key for c in Person.__table__.columns if c.key != "id"]
    with loaded.transaction() as s:
        stored = s.scalars(select(Person)).all()
        assert len(stored) == PEOPLE
        for person in stored:
            row = generated[person.citizen_id]
            assert {c: getattr(person, c) for c in columns} == {c: row[c] for c in columns}
            assert isinstance(person.birth_date, date)
            assert person.changed_at.tzinfo is not None
        tickets = s.scalars(select(ServiceTicket)).all()
        assert tickets
        for ticket in tickets:
            assert ticket.accepted_on <= date(2026, 11, 1)
            if ticket.due_on is not None:
                assert reference.calendar.is_working_day(ticket.due_on)
                item = reference.catalogue.item(ticket.catalogue_code)
                limit = item.time_limit_working_days
                assert limit is not None
                assert (
                    ticket.due_on
                    == reference.calendar.add_working_days(ticket.accepted_on, limit).due
                )


def test_loaded_sample_writes_nothing_to_the_outbox(loaded: Store) -> None:
    # The sample plays the part of data downloaded from the hub: nothing to send back.
    with loaded.engine.connect() as c:
        assert ob.count_pending(c) == 0
        assert ob.pending(c) == []


def test_every_loaded_person_is_found_by_id_number_and_by_name(loaded: Store) -> None:
    with loaded.engine.connect() as c:
        people = c.execute(text("SELECT id, citizen_id, name FROM persons")).all()
        assert len(people) == PEOPLE
        for person in people:
            by_number = search_persons(c, person.citizen_id)
            assert by_number, person.citizen_id
            assert by_number[0].id == person.id, person.citizen_id
            by_name = search_persons(c, person.name, limit=50)
            assert person.id in {h.id for h in by_name}, person.name
            assert all(person.name in h.name for h in by_name)


def test_every_loaded_employer_is_found_by_credit_code_and_by_name(loaded: Store) -> None:
    with loaded.engine.connect() as c:
        firms = c.execute(text("SELECT id, uscc, name FROM employers")).all()
        assert firms
        for firm in firms:
            assert [h.id for h in search_employers(c, firm.uscc)] == [firm.id]
            assert firm.id in {h.id for h in search_employers(c, firm.name)}, firm.name


def test_after_the_load_a_person_registered_at_the_counter_is_searchable_and_synced(
    loaded: Store, reference: ReferenceBundle, actor: Actor
) -> None:
    number = make_citizen_id("320115", date(1988, 3, 14), 77, Sex.FEMALE)
    with loaded.engine.connect() as c:
        assert search_persons(c, number) == []
    with loaded.transaction() as s:
        person = loaded.persons.register(
            s, actor, {"citizen_id": number, "name": "司马晓燕", "phone": "13912345678"}
        )
        person_id = person.id
    with loaded.engine.connect() as c:
        assert [h.id for h in search_persons(c, number)] == [person_id]
        assert [h.id for h in search_persons(c, "司马晓燕")] == [person_id]
        assert person_id in {h.id for h in search_persons(c, "smxy")}
        entries = ob.pending(c)
    assert [(e.table_name, e.record_id, e.op) for e in entries] == [
        ("persons", person_id, "insert")
    ]
    assert entries[0].new_values["citizen_id"] == number
    # The sample's people are still there and still found.
    with loaded.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM persons")).scalar_one() == PEOPLE + 1


def test_after_the_load_editing_a_sample_person_is_captured_for_the_hub(
    loaded: Store, actor: Actor
) -> None:
    with loaded.engine.connect() as c:
        row = c.execute(text("SELECT id, name FROM persons ORDER BY rowid LIMIT 1")).one()
    with loaded.transaction() as s:
        loaded.persons.edit(s, actor, row.id, {"name": "上官婉儿"})
    with loaded.engine.connect() as c:
        entries = ob.pending(c)
        assert [(e.table_name, e.record_id, e.op) for e in entries] == [
            ("persons", row.id, "update")
        ]
        assert entries[0].new_values["name"] == "上官婉儿"
        # The search index follows the edit: new name found, old name no longer this person.
        assert row.id in {h.id for h in search_persons(c, "上官婉儿")}
        assert row.id not in {h.id for h in search_persons(c, row.name, limit=50)}

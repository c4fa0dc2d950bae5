"""Push and pull between real stations and a real hub (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import requests
from sqlalchemy import func, select

from hub_sync.model import Person
from hub_sync.protocol.signing import H_SIGNATURE
from hub_sync.server.tables import conflicts, served_persons
from station_client.store import outbox as ob
from station_client.sync import Phase, waiting

from .conftest import new_area, new_citizen_id


def hub_person(hub, person_id: str) -> Any:
    with hub.engine.connect() as c:
        return c.execute(select(Person.__table__).where(Person.id == person_id)).one()


def hub_count(hub, table, *where) -> int:
    with hub.engine.connect() as c:
        return c.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def recording(sent: list[requests.PreparedRequest]) -> requests.Session:
    session = requests.Session()
    session.hooks["response"].append(lambda r, *_a, **_k: sent.append(r.request))
    return session


def test_a_registration_and_an_edit_reach_the_hub_and_the_outbox_empties(hub, make_station):
    sent: list[requests.PreparedRequest] = []
    a = make_station("甲村", http_session=lambda: recording(sent))
    pid = a.register()
    a.edit(pid, phone="13800001111", education="30")
    assert waiting(a.store).pending == 2

    report = a.agent.sync_once()

    assert (report.pushed, report.applied, report.merged, report.conflicts) == (2, 2, 0, 0)
    assert report.pending == 0 and waiting(a.store).pending == 0
    row = hub_person(hub, pid)
    assert (row.phone, row.education, row.version) == ("13800001111", "30", 2)
    assert row.changed_station == a.identity.station_id and row.deleted is False
    assert a.person(pid).version == 2  # the hub's version, for the next edit's base
    assert a.agent.status.phase is Phase.IDLE and a.agent.status.last_success_at
    # Signed, and the push (a whole person record and more) went gzip-compressed.
    push = next(r for r in sent if r.path_url == "/v1/push")
    assert push.headers["Content-Encoding"] == "gzip" and H_SIGNATURE in push.headers
    assert all(H_SIGNATURE in r.headers for r in sent)
    # Nothing to do is one small round trip each way, and changes nothing.
    again = a.agent.sync_once()
    assert (again.pushed, again.pulled_applied) == (0, 0)


def test_a_pull_brings_one_stations_changes_to_another_in_its_area(hub, make_station):
    a = make_station("甲村")
    b = make_station("甲村二站")
    pid = a.register()
    elsewhere = a.register(residence_division=new_area())  # another village
    a.agent.sync_once()

    report = b.agent.sync_once()

    assert report.pulled_applied >= 1
    got = b.person(pid)
    assert got is not None and got.version == 1 and got.name == "张三丰"
    assert b.person(elsewhere) is None  # outside B's village and never served by B
    assert waiting(b.store).pending == 0  # what was pulled is not pushed back
    a.edit(pid, address="甲村3组12号")
    a.agent.sync_once()
    b.agent.sync_once()
    assert (b.person(pid).address, b.person(pid).version) == ("甲村3组12号", 2)


def test_edits_of_different_fields_at_two_stations_both_survive_everywhere(hub, make_station):
    a, b = make_station("甲"), make_station("乙")
    pid = a.register()
    a.agent.sync_once()
    b.agent.sync_once()
    a.edit(pid, phone="13800000001")
    b.edit(pid, education="30")

    ra = a.agent.sync_once()
    rb = b.agent.sync_once()
    a.agent.sync_once()

    assert ra.applied == 1 and rb.merged == 1 and rb.conflicts == 0
    for station in (a, b):
        p = station.person(pid)
        assert (p.phone, p.education, p.conflict, p.version) == ("13800000001", "30", False, 3)
    row = hub_person(hub, pid)
    assert (row.phone, row.education, row.version) == ("13800000001", "30", 3)
    assert hub_count(hub, conflicts, conflicts.c.record_id == pid) == 0


def test_the_same_field_changed_differently_is_a_conflict_the_hub_value_stands(hub, make_station):
    a, b = make_station("甲"), make_station("乙")
    pid = a.register()
    a.agent.sync_once()
    b.agent.sync_once()
    a.edit(pid, phone="13800000001")
    b.edit(pid, phone="13700000002")

    a.agent.sync_once()
    rb = b.agent.sync_once()
    ra = a.agent.sync_once()

    assert rb.conflicts == 1 and rb.pending == 0
    assert rb.conflicts_waiting == 1 and ra.conflicts_waiting == 1
    for station in (a, b):
        p = station.person(pid)
        assert (p.phone, p.conflict) == ("13800000001", True)
        assert station.agent.status.phase is Phase.CONFLICTS
        assert station.agent.status.conflicts_waiting == 1
    row = hub_person(hub, pid)
    assert (row.phone, row.conflict) == ("13800000001", True)
    with hub.engine.connect() as c:
        [conflict] = c.execute(select(conflicts).where(conflicts.c.record_id == pid)).all()
    assert conflict.record_id == pid and conflict.status == "open"


def test_a_pending_local_edit_is_not_overwritten_by_a_pull(hub, make_station):
    from station_client.sync.client import Credentials, HubClient, HubClock
    from station_client.sync.pull import pull_all

    a, b = make_station("甲"), make_station("乙")
    pid = a.register()
    a.agent.sync_once()
    b.agent.sync_once()
    b.edit(pid, phone="13700000002")  # waits in B's outbox
    a.edit(pid, phone="13800000001", address="新地址")
    a.agent.sync_once()

    me = b.identity
    with HubClient(
        me.hub_url, credentials=Credentials(me.station_id, me.key), clock=HubClock()
    ) as client:
        counts = pull_all(b.store, client)  # a pull alone, before B pushes

    assert counts.kept_local == 1
    p = b.person(pid)
    assert p.phone == "13700000002"  # the pending local edit
    assert p.address == "新地址" and p.version == 2  # everything else from the hub
    with b.store.transaction() as s:
        [entry] = ob.pending(s.connection())
    assert entry.new_values["phone"] == "13700000002" and entry.base_version == 1
    # When it is pushed it meets A's edit of the same field: a conflict, hub value stands.
    report = b.agent.sync_once()
    assert report.conflicts == 1 and b.person(pid).phone == "13800000001"


def test_a_delete_right_after_a_registration_is_applied_not_a_conflict(hub, make_station):
    a = make_station("甲")
    pid = a.register()
    with a.store.transaction() as s:
        a.store.persons.remove(s, a.actor, pid)

    report = a.agent.sync_once()

    assert (report.pushed, report.applied, report.conflicts) == (2, 2, 0)
    row = hub_person(hub, pid)
    assert row.deleted is True and row.conflict is False
    assert a.person(pid).deleted is True and a.person(pid).version == 2


def test_the_same_person_registered_at_two_stations_becomes_one_record(hub, make_station):
    from datetime import date

    from hub_sync.model import JobSeekerRegistration
    from station_client.store.records import create

    a, b = make_station("甲"), make_station("乙")
    same = new_citizen_id()
    survivor = a.register(citizen_id=same, phone="13500000000")
    a.agent.sync_once()
    alias = b.register(citizen_id=same, address="乙村1号")  # B has not seen A's record yet
    with b.store.transaction() as s:
        job = create(
            s,
            b.actor,
            b.store.clock(),
            JobSeekerRegistration,
            {"person_id": alias, "registered_on": date(2026, 11, 1)},
        ).id

    report = b.agent.sync_once()

    assert report.duplicates == 1
    assert b.person(alias) is None
    [person] = b.persons()
    assert person.id == survivor and person.address == "乙村1号"  # filled in at the hub
    assert person.phone == "13500000000" and person.version >= 2
    with b.store.transaction() as s:
        assert s.get(JobSeekerRegistration, job).person_id == survivor
    assert hub_count(hub, Person, Person.citizen_id == same) == 1
    with hub.engine.connect() as c:
        served = (
            c.execute(
                select(served_persons.c.person_id).where(
                    served_persons.c.station_id == b.identity.station_id
                )
            )
            .scalars()
            .all()
        )
    assert survivor in served

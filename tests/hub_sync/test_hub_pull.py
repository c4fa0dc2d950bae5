"""Pulling from a real hub: scope, paging, late commits and resync."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import insert, text

from hub_sync.model import new_id, utc_now
from hub_sync.server import state
from hub_sync.server.tables import change_log

from ..hubserver import running_hub
from .signing_client import SigningStation
from .test_hub_push import insert_op, person_fields


@pytest.fixture
def hub(hub_database_url):
    with running_hub(hub_database_url) as running:
        yield running


def _epoch(hub) -> str:
    with hub.engine.connect() as c:
        return state.epoch(c)


def _pull_all(st, epoch, seq=0, limit=500):
    seen, more = [], True
    while more:
        body = st.pull(epoch, seq, limit).json()
        assert not body["resync"]
        seen += body["changes"]
        seq, more = body["cursor"]["seq"], body["more"]
    return seen, seq


def test_each_station_sees_its_own_area_and_people_it_served(hub):
    village_a = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲村"))
    village_b = SigningStation.enrol(hub.url, hub.add_station("320115001002", "乙村"))
    district = SigningStation.enrol(hub.url, hub.add_station("320115", "区中心"))
    in_a, in_b = new_id(), new_id()
    village_a.push([insert_op(1, in_a, **person_fields(1, residence_division="320115001001"))])
    village_b.push([insert_op(1, in_b, **person_fields(2, residence_division="320115001002"))])
    epoch = _epoch(hub)
    assert {c["record_id"] for c in _pull_all(village_a, epoch)[0]} == {in_a}
    assert {c["record_id"] for c in _pull_all(district, epoch)[0]} == {in_a, in_b}
    # Village A serves the person from village B: from then on A sees that person too.
    village_a.push(
        [
            {
                "seq": 2,
                "table": "persons",
                "record_id": in_b,
                "op": "update",
                "base_version": 1,
                "old": {"education": None},
                "fields": {"education": "20", "changed_at": "2026-11-02T10:00:00Z"},
                "hlc": "0000000000002-00000-t",
            }
        ]
    )
    records = {c["record_id"]: c for c in _pull_all(village_a, epoch)[0]}
    assert set(records) == {in_a, in_b}
    assert records[in_b]["values"]["education"] == "20" and records[in_b]["version"] == 2


def test_paging_returns_everything_once_with_the_latest_values(hub):
    st = SigningStation.enrol(hub.url, hub.add_station("320115"))
    ids = [new_id() for _ in range(25)]
    st.push([insert_op(i + 1, pid, **person_fields(i + 1)) for i, pid in enumerate(ids)])
    changes, cursor = _pull_all(st, _epoch(hub), limit=7)
    assert sorted(c["record_id"] for c in changes) == sorted(ids)
    assert all(c["values"]["name"] == "张三丰" and c["version"] == 1 for c in changes)
    again, _ = _pull_all(st, _epoch(hub), seq=cursor)
    assert again == []


def test_a_foreign_epoch_or_a_purged_cursor_gets_resync(hub):
    st = SigningStation.enrol(hub.url, hub.add_station("320115"))
    st.push([insert_op(1, new_id(), **person_fields(1))])
    body = st.pull("another-epoch", 1).json()
    assert body["resync"] is True and body["cursor"] == {"epoch": _epoch(hub), "seq": 0}
    with hub.engine.begin() as c:
        state.set_horizon(c, 5)
    assert st.pull(_epoch(hub), 3).json()["resync"] is True
    with hub.engine.begin() as c:
        new_epoch = state.start_new_epoch(c)
    body = st.pull(new_epoch, 0).json()
    assert body["resync"] is False and len(body["changes"]) == 1


def test_a_slow_transaction_that_commits_late_is_not_skipped(hub):
    st = SigningStation.enrol(hub.url, hub.add_station("320115"))
    st.push([insert_op(1, new_id(), **person_fields(1))])
    epoch = _epoch(hub)
    _, cursor = _pull_all(st, epoch)
    other = SigningStation.enrol(hub.url, hub.add_station("320115", "另一站"))
    # A slow writer takes the next sequence number and holds its transaction open…
    slow = hub.engine.connect()
    tx = slow.begin()
    slow_id = new_id()
    seq = state.take_sequence(slow, 1)
    slow.execute(
        insert(change_log).values(
            server_seq=seq,
            table_name="persons",
            record_id=slow_id,
            version=1,
            area_code=None,
            committed_at=utc_now(),
        )
    )
    # …while another station's push is made meanwhile.
    fast_done = threading.Event()

    def fast_push():
        other.push([insert_op(1, new_id(), **person_fields(2))])
        fast_done.set()

    if hub.engine.dialect.name == "postgresql":
        worker = threading.Thread(target=fast_push)
        worker.start()
        time.sleep(0.5)
        # Whatever the fast push did, nothing past the slow writer's number is visible yet.
        changes, _ = _pull_all(st, epoch, seq=cursor)
        assert all(c["server_seq"] < seq for c in changes)
        tx.commit()
        worker.join(timeout=30)
        assert fast_done.is_set()
    else:  # SQLite has one writer at a time: the fast push simply waits for the slow one
        tx.commit()
        fast_push()
    slow.close()
    changes, _ = _pull_all(st, epoch, seq=cursor)
    got = [c["server_seq"] for c in changes]
    assert got == sorted(got) and len(got) == 1  # the fast push's person (slow_id has no row)
    with hub.engine.connect() as c:
        logged = [r[0] for r in c.execute(text("SELECT server_seq FROM change_log ORDER BY 1"))]
    assert logged == list(range(1, len(logged) + 1))  # no holes: nothing can be skipped


def test_tombstones_past_the_horizon_are_purged_and_old_cursors_resync(hub):
    from datetime import timedelta

    from sqlalchemy import func, select

    from hub_sync.model import Person
    from hub_sync.server.purge import purge

    st = SigningStation.enrol(hub.url, hub.add_station("320115"))
    gone, kept = new_id(), new_id()
    st.push([insert_op(1, gone, **person_fields(1)), insert_op(2, kept, **person_fields(2))])
    st.push(
        [
            {
                "seq": 3,
                "table": "persons",
                "record_id": gone,
                "op": "delete",
                "base_version": 1,
                "old": {"deleted": False},
                "fields": {"deleted": True, "changed_at": "2026-01-02T00:00:00Z"},
                "hlc": "0000000000003-00000-t",
            }
        ]
    )
    epoch = _epoch(hub)
    _, old_cursor = _pull_all(st, epoch)
    with hub.engine.begin() as c:
        done = purge(c, before=utc_now() + timedelta(days=1))
    assert done.tombstones == 1 and done.log_rows >= 2
    with hub.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Person)).scalar_one() == 1
    assert st.pull(epoch, 1).json()["resync"] is True  # it may have missed the deletion
    fresh, _ = _pull_all(st, epoch, seq=0)  # a download from zero finds the live record
    assert [c["record_id"] for c in fresh] == [kept]
    assert st.pull(epoch, old_cursor).json()["resync"] is False  # up to date: nothing missed

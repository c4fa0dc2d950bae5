"""Pushing to a real hub over HTTP: applied once, in order, merged, conflicts kept."""

from __future__ import annotations

import gzip
import json
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from hub_sync.model import Person, new_id
from hub_sync.protocol.hlc import HLC
from hub_sync.server.tables import applied_ops, change_log, conflicts
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id

from ..hubserver import running_hub
from .signing_client import SigningStation

STAMP = {"changed_staff": None, "changed_at": "2026-11-02T09:30:00.000000Z"}


def person_fields(serial: int = 1, **over: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "citizen_id": make_citizen_id("320115", date(1985, 3, 14), serial, Sex.MALE),
        "name": "张三丰",
        "sex": "1",
        "birth_date": "1985-03-14",
        "phone": "13912345678",
        "residence_division": "320115001001",
        "deleted": False,
        **STAMP,
    }
    fields.update(over)
    return fields


def insert_op(seq: int, record_id: str, table: str = "persons", **fields: object) -> dict:
    return {
        "seq": seq,
        "table": table,
        "record_id": record_id,
        "op": "insert",
        "base_version": 0,
        "fields": fields,
        "hlc": f"{seq:013d}-00000-t",
    }


def update_op(seq: int, record_id: str, base: int, old: dict, new: dict) -> dict:
    return {
        "seq": seq,
        "table": "persons",
        "record_id": record_id,
        "op": "update",
        "base_version": base,
        "fields": {**new, **STAMP},
        "old": old,
        "hlc": f"{seq:013d}-00000-t",
    }


@pytest.fixture
def hub(hub_database_url):
    with running_hub(hub_database_url) as running:
        yield running


@pytest.fixture
def station(hub):
    return SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲村"))


def _count(hub, table_or_model) -> int:
    with hub.engine.connect() as c:
        return c.execute(select(func.count()).select_from(table_or_model)).scalar_one()


def test_an_insert_is_applied_once_even_when_the_batch_is_sent_again(hub, station):
    pid = new_id()
    batch = [insert_op(1, pid, **person_fields())]
    first = station.push(batch)
    assert first.status_code == 200, first.text
    assert first.json()["results"] == [{"seq": 1, "status": "applied", "version": 1}]
    assert first.json()["acked_seq"] == 1
    again = station.push(batch)
    assert again.json() == first.json()
    assert _count(hub, Person) == 1
    assert _count(hub, change_log) == 1


def test_a_gap_is_refused_and_nothing_of_that_batch_is_stored(hub, station):
    r = station.push(
        [insert_op(1, new_id(), **person_fields(1)), insert_op(3, new_id(), **person_fields(2))]
    )
    assert r.status_code == 409
    assert r.json()["code"] == "gap" and r.json()["detail"] == {"expected_seq": 2}
    assert _count(hub, Person) == 0 and _count(hub, applied_ops) == 0


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 422, "invalid_request"),
        (json.dumps({"ops": []}).encode(), 422, "invalid_request"),
        (json.dumps({"ops": [{"seq": 1}]}).encode(), 422, "invalid_request"),
    ],
)
def test_malformed_batches_get_a_4xx_naming_the_problem(hub, station, body, status, code):
    r = station.post("/v1/push", body)
    assert r.status_code == status
    assert r.json()["code"] == code and r.json()["message"]
    assert _count(hub, applied_ops) == 0


def test_an_oversized_body_is_refused_before_anything_is_stored(hub_database_url):
    with running_hub(hub_database_url, max_body_bytes=2000) as hub:
        st = SigningStation.enrol(hub.url, hub.add_station())
        ops = [insert_op(i + 1, new_id(), **person_fields(i + 1)) for i in range(20)]
        r = st.push(ops)
        assert r.status_code == 413 and r.json()["code"] == "body_too_large"
        bomb = gzip.compress(json.dumps({"ops": ops}).encode() + b" " * 100_000)
        r = st.post("/v1/push", bomb, **{"Content-Encoding": "gzip"})
        assert r.status_code == 413
        assert _count(hub, Person) == 0


def test_a_compressed_push_is_accepted(hub, station):
    body = gzip.compress(json.dumps({"ops": [insert_op(1, new_id(), **person_fields())]}).encode())
    r = station.post("/v1/push", body, **{"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "applied"


def test_a_bad_op_is_rejected_with_a_reason_and_does_not_block_the_next(hub, station):
    r = station.push(
        [
            insert_op(1, new_id(), **person_fields(1, shoe_size=42)),
            update_op(2, new_id(), 1, {"phone": "1"}, {"phone": "2"}),  # no such record
            insert_op(3, new_id(), **person_fields(3)),
        ]
    )
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected", "rejected", "applied"]
    assert "shoe_size" in results[0]["reason"] and "unknown_record" in results[1]["reason"]
    assert r.json()["acked_seq"] == 3  # rejected ops are acknowledged: never retried
    assert _count(hub, Person) == 1


def test_different_fields_merge_and_equal_values_are_no_conflict(hub):
    a = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲"))
    b = SigningStation.enrol(hub.url, hub.add_station("320115001001", "乙"))
    pid = new_id()
    a.push([insert_op(1, pid, **person_fields())])
    ra = a.push([update_op(2, pid, 1, {"phone": "13912345678"}, {"phone": "13800000001"})])
    rb = b.push(
        [
            update_op(1, pid, 1, {"education": None}, {"education": "20"}),
            update_op(2, pid, 1, {"phone": "13912345678"}, {"phone": "13800000001"}),  # same value
        ]
    )
    assert ra.json()["results"][0]["status"] == "applied"
    assert [x["status"] for x in rb.json()["results"]] == ["merged", "applied"]
    with hub.engine.connect() as c:
        p = c.execute(select(Person)).one()
    assert (p.phone, p.education, p.conflict) == ("13800000001", "20", False)
    assert _count(hub, conflicts) == 0


def test_the_same_field_changed_differently_is_a_conflict_and_the_hub_value_stands(hub):
    a = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲"))
    b = SigningStation.enrol(hub.url, hub.add_station("320115001001", "乙"))
    pid = new_id()
    a.push([insert_op(1, pid, **person_fields())])
    a.push([update_op(2, pid, 1, {"phone": "13912345678"}, {"phone": "13800000001"})])
    r1 = b.push([update_op(1, pid, 1, {"phone": "13912345678"}, {"phone": "13700000002"})])
    r2 = b.push(
        [
            update_op(2, pid, 1, {"address": None}, {"address": "新地址"}),
            update_op(3, pid, 1, {"phone": "13912345678"}, {"phone": "13600000003"}),
        ]
    )
    first = r1.json()["results"][0]
    assert first["status"] == "conflict" and first["conflict_id"]
    assert r2.json()["results"][1]["conflict_id"] == first["conflict_id"]  # joined
    with hub.engine.connect() as c:
        p = c.execute(select(Person)).one()
        open_conflicts = c.execute(select(conflicts)).all()
    assert p.phone == "13800000001" and p.conflict is True and p.address == "新地址"
    assert len(open_conflicts) == 1
    fields = json.loads(open_conflicts[0].fields)
    assert fields["phone"][1] == "13800000001" and fields["phone"][2] in {
        "13700000002",
        "13600000003",
    }


def test_edit_against_delete_is_a_conflict(hub):
    a = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲"))
    b = SigningStation.enrol(hub.url, hub.add_station("320115001001", "乙"))
    pid = new_id()
    a.push([insert_op(1, pid, **person_fields())])
    a.push([{**update_op(2, pid, 1, {"deleted": False}, {"deleted": True}), "op": "delete"}])
    r = b.push([update_op(1, pid, 1, {"phone": "13912345678"}, {"phone": "13700000002"})])
    assert r.json()["results"][0]["status"] == "conflict"
    with hub.engine.connect() as c:
        p = c.execute(select(Person)).one()
    assert p.deleted is True and p.phone == "13912345678"


def test_the_same_person_created_at_two_stations_becomes_one_record(hub):
    a = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲"))
    b = SigningStation.enrol(hub.url, hub.add_station("320115001002", "乙"))
    first, second = new_id(), new_id()
    a.push([insert_op(1, first, **person_fields(7, phone=None))])
    r = b.push([insert_op(1, second, **person_fields(7, phone="13500000000", address="乙村1号"))])
    result = r.json()["results"][0]
    assert result["status"] == "duplicate" and result["merged_into"] == first
    # Later ops that name the second id land on the survivor.
    b.push([update_op(2, second, 1, {"education": None}, {"education": "30"})])
    with hub.engine.connect() as c:
        people = c.execute(select(Person)).all()
    assert len(people) == 1
    assert (people[0].id, people[0].phone, people[0].education) == (first, "13500000000", "30")


def test_references_to_a_merged_duplicate_land_on_the_survivor(hub):
    from hub_sync.model import JobSeekerRegistration
    from hub_sync.server.tables import served_persons

    a = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲"))
    b = SigningStation.enrol(hub.url, hub.add_station("320115002001", "乙"))
    first, second, reg = new_id(), new_id(), new_id()
    a.push([insert_op(1, first, **person_fields(8))])
    r = b.push(
        [
            insert_op(1, second, **person_fields(8)),  # identical: nothing to fill, no clash
            insert_op(
                2,
                reg,
                table="job_seeker_registrations",
                person_id=second,
                registered_on="2026-11-02",
                status="active",
                deleted=False,
                **STAMP,
            ),
        ]
    )
    assert [x["status"] for x in r.json()["results"]] == ["duplicate", "applied"]
    with hub.engine.connect() as c:
        stored = c.execute(select(JobSeekerRegistration)).one()
        served = {
            row.person_id
            for row in c.execute(
                select(served_persons).where(served_persons.c.station_id == b.station_id)
            )
        }
    assert stored.person_id == first and served == {first}
    pulled = b.pull(_epoch_of(hub), 0).json()["changes"]
    assert {c["record_id"] for c in pulled} >= {first, reg}


def _epoch_of(hub) -> str:
    from hub_sync.server import state

    with hub.engine.connect() as c:
        return state.epoch(c)


def test_ops_are_stamped_by_the_hubs_clock_and_a_bad_stamp_refuses_only_its_op(hub, station):
    now_ms = int(time.time() * 1000)
    good, bad, after = (new_id() for _ in range(3))
    ops = [
        {**insert_op(1, good, **person_fields(1)), "hlc": f"{now_ms:013d}-00003-a1b2"},
        {**insert_op(2, bad, **person_fields(2)), "hlc": "yesterday"},
        # A station clock a day ahead must not drag the hub's clock along.
        {
            **insert_op(3, after, **person_fields(3)),
            "hlc": f"{now_ms + 86_400_000:013d}-00000-a1b2",
        },
    ]
    r = station.push(ops)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "rejected", "applied"]
    assert results[1]["reason"].startswith("bad_hlc")
    assert r.json()["acked_seq"] == 3  # the refused op is answered, never retried
    assert _count(hub, Person) == 2
    with hub.engine.connect() as c:
        rows = {
            row.seq: row
            for row in c.execute(
                select(applied_ops).where(applied_ops.c.station_id == station.station_id)
            )
        }
    assert rows[1].hlc == ops[0]["hlc"]
    first_hub = HLC.parse(rows[1].hub_hlc)
    assert first_hub > HLC.parse(ops[0]["hlc"])  # received after it was sent
    assert rows[2].hub_hlc is None
    third_hub = HLC.parse(rows[3].hub_hlc)
    assert first_hub < third_hub < HLC.parse(ops[2]["hlc"])  # the hub kept its own time
    assert abs(third_hub.wall_ms - now_ms) < 60_000

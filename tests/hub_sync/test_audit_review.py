"""Audit review at the hub: search by person, staff, station and time, masked by role and
scoped by area; the hash chains verified and a tampered entry reported (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, update

from hub_sync.model import AuditEntry, new_id, table_of, utc_now
from hub_sync.model.audit_chain import GENESIS, entry_digest

from ..hubserver import running_hub
from .signing_client import SigningStation
from .test_hub_push import insert_op, person_fields
from .test_hub_staff import _add, _as, _login

HERE, THERE = "320115001001", "320115002001"


@pytest.fixture
def hub(hub_database_url):
    with running_hub(hub_database_url) as running:
        yield running


def _station_chain(hub, station_id: str, entries: list[dict]) -> None:
    """A station's own audit chain as it arrives at the hub (insert-only records)."""
    prev = GENESIS
    with hub.engine.begin() as conn:
        for seq, e in enumerate(entries, start=1):
            values = {
                "station_id": station_id,
                "chain_seq": seq,
                "staff_id": e.get("staff_id"),
                "action": e.get("action", "view_person"),
                "subject_table": "persons",
                "subject_id": e["subject_id"],
                "at": e.get("at", utc_now()),
                "detail": e.get("detail"),
                "prev_hash": prev,
            }
            prev = entry_digest(values)
            conn.execute(
                insert(table_of(AuditEntry)).values(
                    id=new_id(),
                    version=1,
                    changed_station=station_id,
                    changed_staff=values["staff_id"],
                    changed_at=values["at"],
                    hash=prev,
                    **values,
                )
            )


@pytest.fixture
def audited(hub):
    """Two villages, a person in each, views of both at both stations."""
    here = SigningStation.enrol(hub.url, hub.add_station(HERE, "甲村"))
    there = SigningStation.enrol(hub.url, hub.add_station(THERE, "远方村"))
    mine, theirs = new_id(), new_id()
    mine_fields = person_fields(41, residence_division=HERE, name="张三丰")
    here.push([insert_op(1, mine, **mine_fields)])
    there.push([insert_op(1, theirs, **person_fields(42, residence_division=THERE, name="李四"))])
    clerk = _add(hub, "clerk_a", "clerk", area=HERE)
    _add(hub, "super_a", "supervisor", area="320115001")
    _add(hub, "admin_a", "district_admin", area="320115")
    old = utc_now() - timedelta(days=10)
    _station_chain(
        hub,
        here.station_id,
        [
            {"subject_id": mine, "staff_id": clerk, "at": old},
            {"subject_id": mine, "staff_id": clerk},
        ],
    )
    _station_chain(hub, there.station_id, [{"subject_id": theirs}])
    return {
        "here": here,
        "there": there,
        "mine": mine,
        "theirs": theirs,
        "citizen_id": mine_fields["citizen_id"],
        "clerk": clerk,
    }


def _token(st, username):
    return _login(st, username).json()["token"]


def test_a_supervisor_finds_who_viewed_a_person_of_their_area_unmasked(hub, audited):
    st = audited["here"]
    token = _token(st, "super_a")
    answer = _as(st, token, "GET", f"/v1/audit?person={audited['citizen_id']}")
    assert answer.status_code == 200, answer.text
    entries = answer.json()["entries"]
    assert [e["chain_seq"] for e in entries] == [2, 1]  # newest first
    assert {e["staff_name"] for e in entries} == {"王芳"}
    assert {e["station_name"] for e in entries} == {"甲村"}
    assert (
        entries[0]["citizen_id"] == audited["citizen_id"] and entries[0]["person_name"] == "张三丰"
    )
    # Outside the supervisor's area: nothing, though the entries exist.
    other = _as(st, token, "GET", f"/v1/audit?person={audited['theirs']}")
    assert other.json()["entries"] == []


def test_filters_by_staff_station_and_dates(hub, audited):
    st = audited["here"]
    token = _token(st, "admin_a")
    today = utc_now().date()
    by_staff = _as(st, token, "GET", "/v1/audit?staff=clerk_a").json()["entries"]
    assert len(by_staff) == 2
    recent = _as(st, token, "GET", f"/v1/audit?staff=clerk_a&since={today - timedelta(days=1)}")
    assert [e["chain_seq"] for e in recent.json()["entries"]] == [2]
    early = _as(st, token, "GET", f"/v1/audit?until={today - timedelta(days=5)}")
    assert [e["chain_seq"] for e in early.json()["entries"]] == [1]
    there = _as(st, token, "GET", f"/v1/audit?station={audited['there'].station_id}")
    assert [e["subject_id"] for e in there.json()["entries"]] == [audited["theirs"]]


def test_a_district_admin_sees_every_area_masked_and_the_search_is_audited(hub, audited):
    st = audited["here"]
    entries = _as(st, _token(st, "admin_a"), "GET", "/v1/audit").json()["entries"]
    subjects = {e["subject_id"] for e in entries}
    assert {audited["mine"], audited["theirs"]} <= subjects
    mine = next(e for e in entries if e["subject_id"] == audited["mine"])
    assert mine["citizen_id"] != audited["citizen_id"] and "*" in mine["citizen_id"]
    again = _as(st, _token(st, "admin_a"), "GET", "/v1/audit?station=hub").json()["entries"]
    assert [e["action"] for e in again] == ["audit_search"]  # the first search, audited


def test_clerks_and_bad_dates_are_refused(hub, audited):
    st = audited["here"]
    clerk = _as(st, _token(st, "clerk_a"), "GET", "/v1/audit")
    assert (clerk.status_code, clerk.json()["code"]) == (403, "not_allowed")
    token = _token(st, "super_a")
    bad = _as(st, token, "GET", "/v1/audit?since=yesterday")
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_query")
    assert bad.json()["detail"] == {"field": "since"}
    assert _as(st, "nobody", "GET", "/v1/audit/verify").status_code == 401


def test_verify_reports_intact_chains_then_the_first_tampered_entry(hub, audited):
    st = audited["here"]
    token = _token(st, "super_a")
    _as(st, token, "GET", "/v1/audit")  # the hub's own chain gets an entry too
    report = _as(st, token, "GET", "/v1/audit/verify").json()
    assert report["intact"] is True and report["first_break"] is None
    assert report["chains"] == 3 and report["entries"] == 4

    audit = table_of(AuditEntry)
    with hub.engine.begin() as conn:
        conn.execute(
            update(audit)
            .where(audit.c.station_id == audited["here"].station_id, audit.c.chain_seq == 1)
            .values(detail="改过的内容")
        )
    report = _as(st, token, "GET", "/v1/audit/verify").json()
    assert report["intact"] is False
    assert report["first_break"] == {
        "station_id": audited["here"].station_id,
        "chain_seq": 1,
        "problem": "altered",
    }
    assert len(report["breaks"]) == 1  # the other chains are still whole


def test_verify_reports_a_missing_entry(hub, audited):
    st = audited["here"]
    audit = table_of(AuditEntry)
    with hub.engine.begin() as conn:
        conn.execute(
            audit.delete().where(
                audit.c.station_id == audited["here"].station_id, audit.c.chain_seq == 1
            )
        )
    report = _as(st, _token(st, "admin_a"), "GET", "/v1/audit/verify").json()
    assert report["first_break"] == {
        "station_id": audited["here"].station_id,
        "chain_seq": 1,
        "problem": "missing",
    }

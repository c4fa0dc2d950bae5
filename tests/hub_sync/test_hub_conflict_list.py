"""``GET /v1/conflicts``'s answer (``open_json``) built a table at a time: the same
conflicts, areas and JSON as reading each conflict's record on its own, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from hub_sync import db
from hub_sync.model import Employer, Person, UnemploymentRegistration, new_id, utc_now
from hub_sync.server import conflicts as hub_conflicts
from hub_sync.server.staff import StaffMember
from hub_sync.server.tables import conflicts


@pytest.fixture
def hub_engine(hub_database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(hub_database_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


def _person(serial: int, area: str | None) -> dict[str, Any]:
    return {
        "id": new_id(),
        "citizen_id": f"32011519850314{serial:03d}X",
        "name": "张三",
        "sex": "1",
        "birth_date": date(1985, 3, 14),
        "residence_division": area,
    }


def _registration(serial: int, person_id: str) -> dict[str, Any]:
    return {
        "id": new_id(),
        "person_id": person_id,
        "registration_no": f"R{serial:06d}",
        "registered_on": date(2025, 1, 2),
    }


def _fill(engine: Engine) -> None:
    """Conflicts on records whose area is their own (persons, employers), their person's
    (registrations: of a known person, of one the hub lacks), or unknown (no record)."""
    people = [_person(i, area) for i, area in enumerate(["320115001001", "320116002001", None])]
    employers = [
        {"id": new_id(), "uscc": f"91320115MA{i:08d}", "name": "某公司", "division_code": area}
        for i, area in enumerate(["320115001", "320116"])
    ]
    registrations = [_registration(i, p["id"]) for i, p in enumerate(people)]
    registrations.append(_registration(9, new_id()))  # a person the hub does not have
    disputed = [("persons", p["id"]) for p in people]
    disputed += [("employers", e["id"]) for e in employers]
    disputed += [("unemployment_registrations", r["id"]) for r in registrations]
    disputed += [("persons", new_id())]  # no such record at the hub
    now = utc_now()
    with engine.begin() as conn:
        conn.execute(insert(Person.__table__), people)
        conn.execute(insert(Employer.__table__), employers)
        conn.execute(insert(UnemploymentRegistration.__table__), registrations)
        conn.execute(
            insert(conflicts),
            [
                {
                    "id": new_id(),
                    "table_name": table,
                    "record_id": record_id,
                    "station_id": 'st"\\站',  # quoted as JSON asks
                    "kind": "fields",
                    "fields": json.dumps({"address": [None, "东街\n1号", '"西"街']}),
                    "ops": '["s:1"]',
                    "status": "resolved" if i == 1 else "open",  # not listed
                    "created_at": now - timedelta(minutes=i),
                }
                for i, (table, record_id) in enumerate(disputed)
            ],
        )


@pytest.mark.parametrize("area", ["320115", "320115001", "3201", "320116"])
def test_the_answer_is_each_conflict_with_its_records_area(hub_engine: Engine, area: str) -> None:
    _fill(hub_engine)
    boss = StaffMember("b", "boss", "李主管", "district_admin", area, None)
    with hub_engine.connect() as conn:
        answer = json.loads(hub_conflicts.open_json(conn, boss))
        listed = hub_conflicts.list_open(conn, boss)
        rows = conn.execute(
            select(conflicts).where(conflicts.c.status == "open").order_by(conflicts.c.created_at)
        ).all()
        # The reference: each conflict's record read on its own (as resolving one does).
        one_by_one = [hub_conflicts._view(conn, r) for r in rows]
    expected = [
        {
            "id": v.id,
            "table": v.table,
            "record_id": v.record_id,
            "kind": v.kind,
            "station_id": v.station_id,
            "fields": v.fields,
            "ops": v.ops,
            "created_at": v.created_at.isoformat(),
            "status": v.status,
            "area_code": v.area_code,
        }
        for v in one_by_one
        if v.area_code is None or v.area_code.startswith(area)
    ]
    assert answer == expected
    assert [(v.id, v.area_code) for v in listed] == [(e["id"], e["area_code"]) for e in expected]
    areas = {(e["table"], e["area_code"]) for e in expected}
    if area == "3201":  # every kind of area was worked out, not only "none"
        assert ("unemployment_registrations", "320115001001") in areas
        assert ("unemployment_registrations", None) in areas
        assert ("employers", "320116") in areas and ("persons", None) in areas

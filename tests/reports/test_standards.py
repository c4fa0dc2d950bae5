"""Standards and acceptance: the checklist of each station of the fixed district."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine

from hub_sync.reports import BadFacilities, Equipment, Facilities, Standards, acceptance, area_scope
from hub_sync.reports.standards import facilities_from_json, station_checks
from station_client.rules.codes import StationLevel
from station_client.rules.staffing import required_staff

from .dataset import DISTRICT, TOWN_A, ident

ALL_TOWN = frozenset(Standards().town_equipment)
INSPECTIONS = {
    "TA": Facilities(ident("TA"), 150, 100, 25, 2.5, 4, ALL_TOWN, date(2026, 10, 20)),
    # hall 50 %: too small a share; one clerk for 2,400 people (3 needed)
    "V1": Facilities(
        ident("V1"),
        60,
        30,
        computers=2,
        equipment=frozenset(
            {
                Equipment.SSC_READER,
                Equipment.ID_READER,
                Equipment.BARCODE_SCANNER,
                Equipment.PRINTER,
            }
        ),
    ),
    # 45 m² (50 needed) and no scanner
    "V2": Facilities(
        ident("V2"),
        45,
        30,
        computers=1,
        equipment=frozenset({Equipment.SSC_READER, Equipment.ID_READER, Equipment.PRINTER}),
    ),
    "D": Facilities(ident("D"), 3200, 2000),
    # TB not inspected: staffing (1 for 7,000; 2 needed) still fails
}


def test_acceptance_of_the_district(fixed: Engine) -> None:
    with fixed.connect() as conn:
        found = acceptance(
            conn, area_scope(conn, DISTRICT), {f.station_id: f for f in INSPECTIONS.values()}
        )
    by_name = {s.name: s for s in found.stations}
    assert sorted(by_name) == ["D服务站", "TA服务站", "TB服务站", "V1服务站", "V2服务站"]
    ta, v1, v2, tb, d = (by_name[f"{n}服务站"] for n in ("TA", "V1", "V2", "TB", "D"))
    assert (ta.population, ta.population_source, ta.staff) == (3300, "所辖村（社区）合计", 2)
    assert ta.passed is True
    assert [c.code for c in ta.checks] == [
        "staff",
        "floor",
        "hall",
        "archive",
        "screen",
        "computers",
        "equipment",
    ]
    assert ta.check("staff").required == "≥1人"
    assert (v1.population, v1.staff, v1.check("staff").required) == (2400, 1, "≥3人")
    assert v1.check("staff").passed is False
    assert v1.check("hall").passed is False and v1.check("hall").actual == "50%"
    assert v1.check("floor").passed is True and v1.check("equipment").passed is True
    assert v1.passed is False
    assert v2.check("staff").passed is True  # 900 served: one is enough
    assert v2.check("floor").passed is False
    assert v2.check("equipment").actual == "缺扫码枪"
    assert (tb.check("staff").required, tb.check("staff").passed) == ("≥2人", False)
    assert tb.check("floor").passed is None and tb.check("floor").actual == "未记录"
    assert tb.passed is False
    assert [c.code for c in d.checks] == ["floor", "hall"]  # no staffing standard
    assert (d.staff, d.passed) == (1, True)  # district IT is not service staff
    assert (found.count(True), found.count(False), found.count(None)) == (2, 3, 0)
    assert (found.failing("staff"), found.failing("floor"), found.failing("hall")) == (2, 1, 1)
    assert found.failing("equipment") == 1


def test_a_station_with_missing_records_is_not_judged(fixed: Engine) -> None:
    with fixed.connect() as conn:
        found = acceptance(
            conn, area_scope(conn, TOWN_A), {ident("TA"): Facilities(ident("TA"), 150)}
        )
    ta = next(s for s in found.stations if s.name == "TA服务站")
    assert ta.check("hall").passed is None
    assert ta.passed is None  # nothing failed, but not everything is recorded
    assert {s.name for s in found.stations} == {"TA服务站", "V1服务站", "V2服务站"}


def test_staffing_standard_is_the_station_rule() -> None:
    standards = Standards()
    for population in [*range(0, 20_001, 37), 800, 1000, 1001, 6000, 6001]:
        for level in (StationLevel.TOWN, StationLevel.VILLAGE):
            assert standards.required_staff(level.value, population) == required_staff(
                level, population
            )
    assert standards.required_staff("district", 10_000) is None


def test_checks_without_records() -> None:
    checks = station_checks("village", None, 1, None, Standards())
    assert [(c.code, c.passed) for c in checks] == [
        ("staff", None),
        ("floor", None),
        ("hall", None),
        ("computers", None),
        ("equipment", None),
    ]


def test_facilities_file() -> None:
    text = json.dumps(
        {
            "stations": [
                {
                    "station": "320115001",
                    "floor_m2": 150,
                    "hall_m2": 95.5,
                    "computers": 3,
                    "equipment": ["printer", "fax"],
                    "inspected_on": "2026-10-20",
                }
            ]
        }
    )
    found = facilities_from_json(text)["320115001"]
    assert (found.floor_m2, found.hall_m2, found.computers) == (150.0, 95.5, 3)
    assert found.equipment == frozenset({Equipment.PRINTER, Equipment.FAX})
    assert found.inspected_on == date(2026, 10, 20)


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        '{"stations": {}}',
        '{"stations": [{"floor_m2": 1}]}',
        '{"stations": [{"station": "x", "floor_m2": -3}]}',
        '{"stations": [{"station": "x", "floor_m2": 50, "hall_m2": 80}]}',
        '{"stations": [{"station": "x", "equipment": ["teleporter"]}]}',
        '{"stations": [{"station": "x", "computers": 2.5}]}',
        '{"stations": [{"station": "x", "colour": "red"}]}',
        '{"stations": [{"station": "x"}, {"station": "x"}]}',
        '{"stations": [{"station": "x", "inspected_on": "yesterday"}]}',
    ],
)
def test_bad_facilities_file(bad: str) -> None:
    with pytest.raises(BadFacilities):
        facilities_from_json(bad)


def test_facilities_of_unknown_stations_are_refused(fixed: Engine) -> None:
    with fixed.connect() as conn, pytest.raises(BadFacilities, match="unknown station"):
        acceptance(conn, area_scope(conn, TOWN_A), {"320115002": Facilities("320115002", 10)})

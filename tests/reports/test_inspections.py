"""Facilities recorded on the stations' records: `renshe-hub station inspect FILE`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub_sync.model import Station, table_of
from hub_sync.reports import acceptance, area_scope
from hub_sync.server import cli
from hub_sync.server.tables import change_log
from station_client.store import outbox

from . import dataset
from .conftest import hub_engine, load_hub
from .dataset import DISTRICT, ident

ALL_TOWN = ["ssc_reader", "id_reader", "barcode_scanner", "fax", "printer", "fingerprint"]
FILE = {
    "stations": [
        {
            "station": "320115001",  # TA, by division code
            "floor_m2": 150,
            "hall_m2": 100,
            "archive_m2": 25,
            "screen_m2": 2.5,
            "computers": 4,
            "equipment": ALL_TOWN,
            "inspected_on": "2026-10-20",
        },
        # V2 by id: 45 m² (50 needed) and no scanner
        {
            "station": ident("V2"),
            "floor_m2": 45,
            "hall_m2": 30,
            "computers": 1,
            "equipment": ["ssc_reader", "id_reader", "printer"],
        },
    ]
}


def _inspect(url: str, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["--database", url, "station", "inspect", str(path)])
    out, err = capsys.readouterr()
    return code, out + err


def test_recorded_facilities_are_what_acceptance_checks(
    hub_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = hub_engine(hub_database_url)
    load_hub(engine, dataset.rows())
    inspections = tmp_path / "inspections.json"
    inspections.write_text(json.dumps(FILE), encoding="utf-8")
    try:
        code, out = _inspect(hub_database_url, inspections, capsys)
        assert (code, out.strip()) == (0, "facilities recorded on 2 station(s)")
        with engine.connect() as conn:
            found = acceptance(conn, area_scope(conn, DISTRICT), {})
            ta = conn.execute(select(table_of(Station)).where(Station.id == ident("TA"))).one()
            logged = conn.execute(
                select(func.count())
                .select_from(change_log)
                .where(change_log.c.table_name == "stations")
            ).scalar_one()
        by_name = {s.name: s for s in found.stations}
        assert by_name["TA服务站"].passed is True
        assert by_name["TA服务站"].inspected_on == date(2026, 10, 20)
        v2 = by_name["V2服务站"]
        assert v2.check("floor").passed is False
        assert v2.check("equipment").actual == "缺扫码枪"
        # Not inspected: cannot be judged, not failed.
        assert by_name["TB服务站"].check("floor").passed is None
        # A new version each, logged so the stations download it.
        assert ta.version == 2 and ta.equipment == ",".join(sorted(ALL_TOWN))
        assert (ta.floor_dm2, ta.screen_dm2) == (15000, 250)  # 150 m², 2.5 m²
        assert logged == 2

        # The same file again changes nothing: no new version for 300 stations to fetch.
        assert _inspect(hub_database_url, inspections, capsys)[1].strip() == (
            "facilities recorded on 0 station(s)"
        )

        # An inspection file naming a station that does not exist records nothing.
        bad = {"stations": [{**FILE["stations"][1], "floor_m2": 60}, {"station": "999999"}]}
        inspections.write_text(json.dumps(bad), encoding="utf-8")
        code, out = _inspect(hub_database_url, inspections, capsys)
        assert code == 2 and "999999: no active station" in out
        with engine.connect() as conn:
            floor = conn.execute(select(Station.floor_dm2).where(Station.id == ident("V2")))
            assert floor.scalar_one() == 4500
    finally:
        engine.dispose()


def test_an_inspection_file_that_is_not_valid_is_refused(
    hub_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub_engine(hub_database_url).dispose()
    path = tmp_path / "inspections.json"
    path.write_text('{"stations": [{"station": "320115001", "floor_m2": -3}]}', encoding="utf-8")
    code, out = _inspect(hub_database_url, path, capsys)
    assert code == 2 and "must not be negative" in out
    code, out = _inspect(hub_database_url, tmp_path / "missing.json", capsys)
    assert code == 2 and "cannot read" in out


def test_the_station_store_keeps_and_sends_facilities(make_store, actor) -> None:
    """The station's copy has the columns (migration 0004) and captures edits to them."""
    store = make_store()
    with store.applying_pulled() as s:
        s.add(Station(id="st-1", org_code="320115001001", name="东山服务站", level="village"))
    with store.transaction() as s:
        station = s.get(Station, "st-1")
        assert station is not None
        station.floor_dm2, station.equipment = 5550, "printer"
    with store.engine.connect() as conn:
        [entry] = outbox.pending(conn)
    assert entry.table_name == "stations"
    assert (entry.new_values["floor_dm2"], entry.new_values["equipment"]) == (5550, "printer")

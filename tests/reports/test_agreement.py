"""The same figures from the station and from the hub, on the sample district.

One generated district is loaded into a hub database (SQLite and PostgreSQL, migrated
as deployed), into the district centre's station store (the whole district) and into a
village station's store (only what that station holds: its area and its own work).
Every report must come out the same on each: what the hub says of the district, and of
a village, is what the stations say of themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, Engine

from hub_sync import db
from hub_sync.reports import (
    LedgerKind,
    WorkingDays,
    acceptance,
    area_scope,
    assess,
    clerk_scope,
    ledger,
    parse_period,
    revealed,
    station_scope,
    statistics,
)
from station_client.reference import ReferenceBundle
from station_client.store import Store

from .conftest import load_hub
from .sample_district import TODAY, generate, own_share

PERSONS = 3000
PERIODS = [parse_period("2026-10"), parse_period("2026-Q3"), parse_period("2026-09-15..2026-10-20")]


@pytest.fixture(scope="module")
def district(reference: ReferenceBundle) -> dict[str, list[dict[str, Any]]]:
    return generate(reference, PERSONS)


def _figures(conn: Connection, scope: Any, workdays: WorkingDays) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for period in PERIODS:
        a = assess(conn, scope, period, workdays=workdays, as_of=TODAY)
        out[f"assessment {period.label}"] = [
            (u.unit_key, u.name, u.parent, u.current, u.previous) for u in a.units
        ]
        s = statistics(conn, scope, period, as_of=TODAY)
        out[f"statistics {period.label}"] = (s.areas, s.cancellation_reasons)
        for kind in LedgerKind:
            out[f"{kind} {period.label}"] = ledger(
                conn, kind, scope, period, mask=revealed, as_of=TODAY
            ).rows
    found = acceptance(conn, scope, {})
    out["acceptance"] = found.stations
    return out


def _everything(
    engine: Engine, scopes: list[Callable[[Connection], Any]], workdays: WorkingDays
) -> dict[str, Any]:
    with engine.connect() as conn:
        return {
            f"{i} {key}": value
            for i, make in enumerate(scopes)
            for key, value in _figures(conn, make(conn), workdays).items()
        }


# A station holds the employers of its own area only (sync-protocol §8.3), so its
# registers name an employer elsewhere by nothing; every other value must agree.
_EMPLOYER_COLUMNS = {"employment": (5, 6), "vacancies": (0,)}


def _without_employer_names(figures: dict[str, Any]) -> dict[str, Any]:
    out = dict(figures)
    for key, rows in figures.items():
        ledger_kind = key.split(" ")[1]
        if ledger_kind in _EMPLOYER_COLUMNS:
            blank = _EMPLOYER_COLUMNS[ledger_kind]
            out[key] = [tuple(None if i in blank else v for i, v in enumerate(r)) for r in rows]
    return out


def _pick_village(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The village station with the most matters (so its figures are not all zero)."""
    counts: dict[str, int] = {}
    for ticket in tables["service_tickets"]:
        counts[ticket["station_id"]] = counts.get(ticket["station_id"], 0) + 1
    villages = [s for s in tables["stations"] if s["level"] == "village"]
    return max(villages, key=lambda s: (counts.get(s["id"], 0), s["org_code"]))


def test_station_and_hub_agree(
    district: dict[str, list[dict[str, Any]]],
    hub_database_url: str,
    make_store: Callable[..., Store],
    workdays: WorkingDays,
) -> None:
    hub = db.make_engine(hub_database_url)
    try:
        db.upgrade(hub)
        load_hub(hub, district)
        centre = make_store("centre")
        centre.bulk_load(district)
        village = _pick_village(district)
        own = make_store("village")
        own.bulk_load(own_share(district, village["id"], village["org_code"]))
        clerk = next(s for s in district["staff"] if s["station_id"] == village["id"])
        town = village["org_code"][:9]
        district_scopes = [
            lambda c: area_scope(c, "320115"),
            lambda c: area_scope(c, town),
            lambda c: station_scope(c, village["id"]),
        ]
        village_scopes = [
            lambda c: station_scope(c, village["id"]),
            lambda c: area_scope(c, village["org_code"]),
            lambda c: clerk_scope(c, clerk["id"]),
        ]
        from_hub = _everything(hub, district_scopes, workdays)
        assert _everything(centre.engine, district_scopes, workdays) == from_hub
        hub_of_village = _everything(hub, village_scopes, workdays)
        from_village = _everything(own.engine, village_scopes, workdays)
        assert _without_employer_names(from_village) == _without_employer_names(hub_of_village)
    finally:
        hub.dispose()
    # The figures are not trivially equal: there is real work in them.
    root = from_hub["0 assessment 2026-10"][0]
    assert root[3].tickets.completed > 20 and root[3].persons_served > 20
    assert (
        root[3].ratings.bad > 0
        and root[3].ratings.callback_on_time + root[3].ratings.callback_late > 0
    )
    assert (
        sum(root[3].by_item[code].completed for code in root[3].by_item)
        == root[3].tickets.completed
    )
    areas, _ = from_hub["0 statistics 2026-10"]
    assert areas[0].unemployed_at_end > 50 and areas[0].hard_to_employ_at_end > 0
    assert len(from_hub["0 unemployed 2026-Q3"]) > 50
    assert hub_of_village["0 assessment 2026-10"][0][3].tickets.accepted > 0
    assert len(hub_of_village["1 unemployed 2026-10"]) > 0

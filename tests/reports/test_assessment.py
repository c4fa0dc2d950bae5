"""The performance assessment of the fixed district, figure by figure, on the hub
(SQLite, PostgreSQL) and in a station store; every expectation worked out by hand
(see ``dataset``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from hub_sync.reports import (
    Assessment,
    BadPeriod,
    BadScope,
    RatingCounts,
    TicketCounts,
    WorkingDays,
    area_scope,
    assess,
    clerk_scope,
    parse_period,
    parse_scope,
    station_scope,
)
from hub_sync.reports.workdays import weekdays_only
from station_client.reference import ReferenceBundle
from station_client.store import Store

from . import dataset
from .dataset import AS_OF, DISTRICT, TOWN_A, TOWN_B, ident

OCTOBER = parse_period("2026-10")


def _assess(engine: Engine, scope_text: str, workdays: WorkingDays) -> Assessment:
    with engine.connect() as conn:
        scope = parse_scope(conn, scope_text)
        return assess(conn, scope, OCTOBER, workdays=workdays, as_of=AS_OF)


def test_district_totals(fixed: Engine, workdays: WorkingDays) -> None:
    a = _assess(fixed, DISTRICT, workdays)
    root = a.root
    assert (root.level, root.key, root.name) == ("district", DISTRICT, "江宁区")
    assert a.previous_period == parse_period("2026-09")
    # October: T1 T2 T3 T4 T5 T6 T10 T13 T15 T16 accepted; T1 T2 T7 T13 T15 T16 on time,
    # T5 T9 late; T4 (due 16 Oct), T11 (17 Sep) and T12 (8 Oct, done 1 Nov) overdue on
    # 31 Oct; working days 3+0+5+8+1+0+4+4 = 25.
    assert root.current.tickets == TicketCounts(10, 8, 6, 2, 3, 25)
    assert root.current.tickets.average_completion_working_days == pytest.approx(25 / 8)
    assert root.current.tickets.on_time_rate == pytest.approx(6 / 8)
    # p1 p2 p5 (V1), p3 p6 (V2, TA), p4 p7 (TB); T15 had no person.
    assert root.current.persons_served == 7
    # September: T7 T8 T9 T11 T12 accepted, T8 done in 2 working days, T11 overdue.
    assert root.previous.tickets == TicketCounts(5, 1, 1, 0, 1, 2)
    assert root.previous.persons_served == 4  # p3 p8 p4 p2
    assert not a.estimated_years


def test_district_ratings(fixed: Engine, workdays: WorkingDays) -> None:
    root = _assess(fixed, DISTRICT, workdays).root
    # E1 E2 E3 E4 E5 (E3 is 1 Oct in China; E7 is 1 Nov in China, in neither period).
    assert root.current.ratings == RatingCounts(
        rated=5,
        score_sums=(15, 10, 4, 10),
        score_counts=(5, 3, 1, 3),
        bad=3,
        callback_on_time=1,  # E2, by T13
        callback_late=0,
        callback_pending=1,  # E5, due 20 Nov
        callback_overdue=1,  # E4, 15 wd after 8 Oct = 28 Oct
    )
    assert root.current.ratings.average("overall") == pytest.approx(3.0)
    assert root.current.ratings.average("competence") == pytest.approx(4.0)
    # E6, E8; E8 called back by T16 on 26 Oct, after its due 22 Oct.
    assert root.previous.ratings == RatingCounts(2, (7, 5, 5, 5), (2, 1, 1, 1), 1, 0, 1, 0, 0)


def test_units_of_the_district(fixed: Engine, workdays: WorkingDays) -> None:
    a = _assess(fixed, DISTRICT, workdays)
    town_a, town_b = a.unit("town", TOWN_A), a.unit("town", TOWN_B)
    assert (town_a.name, town_b.name) == ("东山街道", "秣陵街道")
    assert town_a.current.tickets == TicketCounts(8, 6, 5, 1, 1, 17)
    assert town_a.current.persons_served == 5
    assert town_a.previous.tickets == TicketCounts(2, 1, 1, 0, 0, 2)
    assert town_a.current.ratings.rated == 4 and town_a.current.ratings.bad == 2
    assert town_b.current.tickets == TicketCounts(2, 2, 1, 1, 0, 8)
    assert town_b.current.persons_served == 2
    expected = {
        "D": (TicketCounts(0, 0, 0, 0, 2, 0), 0, TicketCounts(2, 0, 0, 0, 1, 0), 2),
        "TA": (TicketCounts(1, 2, 2, 0, 0, 8), 1, TicketCounts(2, 1, 1, 0, 0, 2), 2),
        "V1": (TicketCounts(4, 2, 2, 0, 1, 3), 3, TicketCounts(), 0),
        "V2": (TicketCounts(3, 2, 1, 1, 0, 6), 2, TicketCounts(), 0),
        "TB": (TicketCounts(2, 2, 1, 1, 0, 8), 2, TicketCounts(1, 0, 0, 0, 0, 0), 1),
    }
    for name, (now, served, before, served_before) in expected.items():
        unit = a.unit("station", ident(name))
        assert (unit.current.tickets, unit.current.persons_served) == (now, served), name
        assert (unit.previous.tickets, unit.previous.persons_served) == (before, served_before), (
            name
        )
    assert a.unit("station", ident("D")).parent == ("district", DISTRICT)
    assert a.unit("station", ident("V1")).parent == ("town", TOWN_A)
    # Clerks: every assessed one, idle or not; district IT is not assessed.
    clerks = {u.name: u for u in a.of_level("clerk")}
    assert sorted(clerks) == sorted(f"职员{n}" for n in ("d1", "ta1", "ta2", "v1a", "v2a", "tb1"))
    assert clerks["职员ta1"].current.tickets == TicketCounts()
    assert clerks["职员ta1"].previous.tickets == TicketCounts(1, 1, 1, 0, 0, 2)
    assert clerks["职员ta2"].current.tickets == TicketCounts(1, 2, 2, 0, 0, 8)
    assert clerks["职员ta2"].current.persons_served == 1
    assert clerks["职员ta2"].previous.persons_served == 1


def test_services_by_item(fixed: Engine, workdays: WorkingDays) -> None:
    root = _assess(fixed, DISTRICT, workdays).root
    items = root.current.by_item
    # JY-002: T1 T4 T5 T6 T10 accepted; T1 on time, T5 T9 late; T4 T11 overdue; 3+5+4 wd.
    assert items["JY-002"] == TicketCounts(5, 3, 1, 2, 2, 12)
    assert items["JY-001"] == TicketCounts(1, 1, 1, 0, 0, 0)
    assert items["JY-004"] == TicketCounts(1, 0, 0, 0, 1, 0)  # T3 accepted, T12 overdue
    assert items["PJ-001"] == TicketCounts(2, 2, 2, 0, 0, 5)
    assert items["JY-007"] == TicketCounts(0, 1, 1, 0, 0, 8)
    assert items["SB-002"] == TicketCounts(1, 1, 1, 0, 0, 0)
    total = TicketCounts()
    for counts in items.values():
        total += counts
    assert total == root.current.tickets


def test_town_station_and_clerk_scopes(fixed: Engine, workdays: WorkingDays) -> None:
    town = _assess(fixed, TOWN_A, workdays)
    assert (town.root.level, town.root.name) == ("town", "东山街道")
    assert town.root.current.tickets == TicketCounts(8, 6, 5, 1, 1, 17)
    assert town.root.current.persons_served == 5
    assert {u.name for u in town.of_level("station")} == {"TA服务站", "V1服务站", "V2服务站"}
    assert town.of_level("town") == [town.root]  # no other towns below a town
    station = _assess(fixed, f"station:{ident('TA')}", workdays)
    assert (station.root.level, station.root.name) == ("station", "TA服务站")
    assert station.root.current.tickets == TicketCounts(1, 2, 2, 0, 0, 8)
    assert station.root.previous.persons_served == 2
    assert [u.name for u in station.of_level("clerk")] == ["职员ta1", "职员ta2"]
    clerk = _assess(fixed, "staff:ta2", workdays)
    assert (clerk.root.level, clerk.root.name, len(clerk.units)) == ("clerk", "职员ta2", 1)
    assert clerk.root.current.tickets == TicketCounts(1, 2, 2, 0, 0, 8)
    assert clerk.root.current.persons_served == 1
    assert clerk.root.current.ratings.rated == 1
    village = _assess(fixed, "320115001001", workdays)
    assert village.root.current.tickets == TicketCounts(4, 2, 2, 0, 1, 3)


def test_running_period_is_cut_at_as_of(fixed: Engine, workdays: WorkingDays) -> None:
    with fixed.connect() as conn:
        scope = area_scope(conn, DISTRICT)
        mid = assess(conn, scope, OCTOBER, workdays=workdays, as_of=date(2026, 10, 15))
    # On 15 Oct T11 (due 17 Sep) and T4 (due 16 Oct: not yet) → only T11 and none else;
    # T12 due 8 Oct and open: overdue too.
    assert mid.root.current.tickets.open_overdue == 2


def test_weekday_estimate_is_reported(fixed: Engine) -> None:
    guessed = WorkingDays.of(weekdays_only, [2024, 2025])
    a = _assess(fixed, DISTRICT, guessed)
    assert a.estimated_years == (2026,)
    # On weekdays only, 1–7 Oct count and 10 Oct does not: T7 21 Sep → 9 Oct is 14.
    assert a.unit("station", ident("TA")).current.tickets.completion_working_days == 14


def test_bad_input_is_refused(fixed: Engine, workdays: WorkingDays) -> None:
    with fixed.connect() as conn:
        with pytest.raises(BadPeriod, match="has not started"):
            assess(
                conn,
                area_scope(conn, DISTRICT),
                parse_period("2026-12"),
                workdays=workdays,
                as_of=AS_OF,
            )
        for text in ("3201", "999999", "station:nope", "staff:nobody", "town:320115001"):
            with pytest.raises(BadScope):
                parse_scope(conn, text)
        assert station_scope(conn, ident("V1")).division == "320115001001"
        assert clerk_scope(conn, ident("v2a")).station_id == ident("V2")
        with pytest.raises(BadScope, match="works at no station"):
            clerk_scope(conn, "adm")


def test_a_matter_accepted_long_before_is_counted_exactly(
    make_store: Callable[..., Store], reference: ReferenceBundle, workdays: WorkingDays
) -> None:
    """Working days are looked up for a year before the period; older matters make the
    query run again on their whole span."""
    tables = dataset.rows()
    old = {
        **tables["service_tickets"][0],
        "id": "old-ticket",
        "ticket_no": "OLD",
        "accepted_on": date(2025, 1, 6),
        "due_on": date(2025, 1, 9),
        "completed_on": date(2026, 10, 9),
    }
    store = make_store()
    store.bulk_load(
        {k: tables[k] for k in ("org_units", "stations", "staff")} | {"service_tickets": [old]}
    )
    with store.engine.connect() as conn:
        a = assess(conn, station_scope(conn, ident("V1")), OCTOBER, workdays=workdays, as_of=AS_OF)
    expected = reference.calendar.working_days_between(date(2025, 1, 6), date(2026, 10, 9))
    assert expected > 400
    assert a.root.current.tickets == TicketCounts(0, 1, 0, 1, 0, expected)

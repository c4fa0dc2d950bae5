"""From a figure down to the matters behind it, on the hub (SQLite, PostgreSQL) and in a
station store: for every unit of the fixed district and every measure, the list is as
long as the figure; the figures survive the trip through the wire types."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from hub_sync.reports import BadScope, WorkingDays, area_scope, assess, parse_period, revealed
from hub_sync.reports.behind import tickets_behind
from hub_sync.reports.drilldown import AssessmentView, Measure, assessment_view, unit_scope

from .dataset import AS_OF, DISTRICT, TOWN_A, ident

OCTOBER = parse_period("2026-10")


def _view(engine: Engine, workdays: WorkingDays) -> AssessmentView:
    with engine.connect() as conn:
        found = assess(conn, area_scope(conn, DISTRICT), OCTOBER, workdays=workdays, as_of=AS_OF)
    view = assessment_view(found)
    # What the hub sends is what the station reads back.
    assert AssessmentView.model_validate_json(view.model_dump_json()) == view
    for unit, wired in zip(found.units, view.units, strict=True):
        assert (wired.current.tickets, wired.current.ratings) == (
            unit.current.tickets,
            unit.current.ratings,
        )
        assert wired.previous.persons_served == unit.previous.persons_served
    return view


def test_every_list_is_as_long_as_its_figure(fixed: Engine, workdays: WorkingDays) -> None:
    view = _view(fixed, workdays)
    checked = 0
    with fixed.connect() as conn:
        for unit in view.units:
            scope = unit_scope(conn, unit.level, unit.key)
            for measure in Measure:
                for period, figures in (
                    (OCTOBER, unit.current),
                    (OCTOBER.previous(), unit.previous),
                ):
                    found = tickets_behind(
                        conn,
                        scope,
                        period,
                        measure,
                        as_of=AS_OF,
                        workdays=workdays,
                        mask=revealed,
                    )
                    expected = figures.count_behind(measure)
                    assert (found.total, len(found.tickets)) == (expected, expected), (
                        unit.name,
                        measure,
                        period.label,
                    )
                    assert (found.level, found.key) == (unit.level, unit.key)
                    checked += expected
    assert checked > 50


def test_the_lists_carry_what_the_averages_are_made_of(
    fixed: Engine, workdays: WorkingDays
) -> None:
    view = _view(fixed, workdays)
    town = view.unit("town", TOWN_A)
    with fixed.connect() as conn:
        scope = unit_scope(conn, "town", TOWN_A)
        done = tickets_behind(
            conn,
            scope,
            OCTOBER,
            Measure.COMPLETION_DAYS,
            as_of=AS_OF,
            workdays=workdays,
            mask=revealed,
        )
        rated = tickets_behind(
            conn, scope, OCTOBER, Measure.RATING, as_of=AS_OF, workdays=workdays, mask=revealed
        )
        short = tickets_behind(
            conn,
            unit_scope(conn, "district", DISTRICT),
            OCTOBER,
            Measure.ACCEPTED,
            as_of=AS_OF,
            workdays=workdays,
            mask=lambda _field, value: "张*" if value else "",
            limit=3,
        )
    days = [t.working_days for t in done.tickets]
    assert sum(d or 0 for d in days) == town.current.completion_working_days == 17
    assert town.current.value(Measure.COMPLETION_DAYS) == pytest.approx(17 / 6)
    assert sum(t.score or 0 for t in rated.tickets) == town.current.score_sums[0]
    assert all(t.rated_on is not None and OCTOBER.contains(t.rated_on) for t in rated.tickets)
    assert short.total == 10 and len(short.tickets) == 3 and short.truncated
    assert {t.person_name for t in short.tickets} <= {"张*", ""}


def test_units_that_do_not_exist_are_refused(fixed: Engine) -> None:
    with fixed.connect() as conn:
        for level, key in (
            ("town", DISTRICT),
            ("station", "nope"),
            ("clerk", ident("V1")),
            ("planet", "x"),
        ):
            with pytest.raises(BadScope):
                unit_scope(conn, level, key)
        clerk = unit_scope(conn, "clerk", f"{ident('V1')}/{ident('v1a')}")
        assert (clerk.station_id, clerk.staff_id, clerk.division) == (
            ident("V1"),
            ident("v1a"),
            "320115001001",
        )

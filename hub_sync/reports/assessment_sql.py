"""The queries behind the performance assessment, on both databases.

Each query reads the current and the previous period in one pass (conditional sums) and
groups by the finest unit, a clerk at a station (and the service item); the assessment
adds the groups up to stations, towns and the district. Distinct persons do not add
up, so they are counted at every level in SQL. See ``assessment`` for the definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    and_,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    values,
)

from hub_sync.model import ServiceEvaluation, ServiceTicket, Station, table_of

from .figures import INDICATORS, RatingCounts
from .periods import Period, station_day
from .scope import Scope, ScopeLevel
from .workdays import WorkingDays

T = table_of(ServiceTicket)
E = table_of(ServiceEvaluation)
S = table_of(Station)
#: Statuses in which a matter's time limit is not running: ended without completion
#: (when is not recorded), or waiting for the applicant's materials.
NOT_RUNNING = ("rejected", "withdrawn", "waiting_materials")
COMPLETED = "completed"
TOWN_CODE_LENGTH = 9


@dataclass(frozen=True)
class Window:
    """The current and previous period, and the day the figures are taken."""

    current: Period
    previous: Period
    as_of: date

    @property
    def periods(self) -> tuple[Period, Period]:
        return self.current, self.previous


def _ones(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _accepted_in(p: Period) -> ColumnElement[bool]:
    return T.c.accepted_on.between(p.start, p.end)


def _completed_in(p: Period) -> ColumnElement[bool]:
    return and_(T.c.status == COMPLETED, T.c.completed_on.between(p.start, p.end))


def _due() -> ColumnElement[date]:
    # No time limit means done on the spot: due the day it was accepted.
    return func.coalesce(T.c.due_on, T.c.accepted_on)


def _overdue_at(cutoff: date) -> ColumnElement[bool]:
    """Open on ``cutoff`` and past its due date then."""
    return and_(
        T.c.accepted_on <= cutoff,
        _due() < cutoff,
        or_(T.c.completed_on.is_(None), T.c.completed_on > cutoff),
        T.c.status.not_in(NOT_RUNNING),
    )


def _tickets_in_scope(scope: Scope) -> ColumnElement[bool]:
    return and_(T.c.deleted.is_(False), scope.work_condition(T.c.station_id, T.c.owner_staff_id))


@dataclass(frozen=True)
class TicketGroup:
    station_id: str
    staff_id: str
    item: str
    # The TicketCounts fields of the current and the previous period, as plain sums.
    counts: tuple[tuple[int, ...], tuple[int, ...]]


def ticket_groups(
    conn: Connection, scope: Scope, window: Window, workdays: WorkingDays
) -> list[TicketGroup]:
    """Matters by clerk, station and service item, for both periods, in one pass.

    Working days come from a day → ordinal table joined on both dates. It covers a year
    before the window, which holds the acceptance of nearly every matter completed in
    it; when one was accepted earlier, the query runs again on the exact span."""
    low, high = window.previous.start, window.current.end
    groups, outside = _ticket_query(conn, scope, window, workdays, low - _LOOKBACK, high)
    if outside:
        completed = and_(_tickets_in_scope(scope), _completed_in(Period.days(low, high)))
        first, last = conn.execute(
            select(func.min(T.c.accepted_on), func.max(T.c.accepted_on)).where(completed)
        ).one()
        groups, _ = _ticket_query(conn, scope, window, workdays, min(first, low), max(last, high))
    return groups


_LOOKBACK = timedelta(days=366)


def _ticket_query(
    conn: Connection, scope: Scope, window: Window, workdays: WorkingDays, first: date, last: date
) -> tuple[list[TicketGroup], int]:
    """The groups, and how many matters completed in the window were accepted outside
    ``first``..``last`` (their working days unknown)."""
    low, high = window.previous.start, window.current.end
    table = workdays.ordinal_table(first, last)
    start, end = table.alias("start_day"), table.alias("end_day")
    joined = T.outerjoin(start, start.c.day == T.c.accepted_on).outerjoin(
        end, end.c.day == T.c.completed_on
    )
    sums: list[ColumnElement[Any]] = []
    for p in window.periods:
        cutoff = p.cutoff(window.as_of)
        sums += [
            _ones(_accepted_in(p)),
            _ones(_completed_in(p)),
            _ones(and_(_completed_in(p), T.c.completed_on <= _due())),
            _ones(and_(_completed_in(p), T.c.completed_on > _due())),
            _ones(_overdue_at(cutoff)),
            func.sum(case((_completed_in(p), end.c.ordinal - start.c.ordinal), else_=0)),
        ]
    unknown = _ones(and_(_completed_in(Period.days(low, high)), start.c.ordinal.is_(None)))
    keys = (T.c.station_id, T.c.owner_staff_id, T.c.catalogue_code)
    relevant = or_(
        T.c.accepted_on.between(low, high),
        T.c.completed_on.between(low, high),
        *(_overdue_at(p.cutoff(window.as_of)) for p in window.periods),
    )
    query = (
        select(*keys, *sums, unknown)
        .select_from(joined)
        .where(_tickets_in_scope(scope), relevant)
        .group_by(*keys)
    )
    out, outside = [], 0
    for row in conn.execute(query):
        values = tuple(int(v or 0) for v in row[3:15])
        out.append(TicketGroup(row[0], row[1], row[2], (values[:6], values[6:])))
        outside += int(row[15] or 0)
    return out, outside


@dataclass(frozen=True)
class PersonsServed:
    """Distinct persons per unit: ``level`` clerk, station, town or root."""

    level: str
    key: str
    counts: tuple[int, int]  # current, previous


def persons_served(conn: Connection, scope: Scope, window: Window) -> list[PersonsServed]:
    """A person is served in a period when a matter of theirs was accepted or completed
    in it; counted once per unit however many matters they had.

    One sort does it: the matters of each period ordered by person, town, station and
    clerk. A row that differs from the one before it in the period or the person is the
    person's first in the scope; in the town too, their first in the town; and so on.
    (Comparing neighbours is one pass; a window per level would be four.)"""
    low, high = window.previous.start, window.current.end
    periods = (
        values(column("period", Integer), name="periods")
        .data([(0,), (1,)])
        .cte("periods")
        .prefix_with("NOT MATERIALIZED")
    )
    number = periods.c.period
    served_in = or_(
        *(
            and_(number == i, _accepted_in(p) | _completed_in(p))
            for i, p in enumerate(window.periods)
        )
    )
    town = func.substr(S.c.org_code, literal_column("1"), literal_column(str(TOWN_CODE_LENGTH)))
    keys = [number, T.c.person_id, town, T.c.station_id, T.c.owner_staff_id]
    before = [func.lag(key).over(order_by=keys) for key in keys]
    changed = [key.is_distinct_from(prior) for key, prior in zip(keys, before, strict=True)]
    first_in_scope = or_(changed[0], changed[1])
    firsts = [
        first_in_scope,
        or_(first_in_scope, changed[2]),
        or_(first_in_scope, changed[2], changed[3]),
        or_(first_in_scope, changed[2], changed[3], changed[4]),
    ]
    rows = (
        select(
            number,
            T.c.station_id,
            T.c.owner_staff_id,
            *(case((first, 1), else_=0).label(f"first_{i}") for i, first in enumerate(firsts)),
        )
        .select_from(T.join(periods, served_in).outerjoin(S, S.c.id == T.c.station_id))
        .where(
            _tickets_in_scope(scope),
            T.c.person_id.is_not(None),
            or_(T.c.accepted_on.between(low, high), T.c.completed_on.between(low, high)),
        )
        .subquery("served")
    )
    group = (rows.c.period, rows.c.station_id, rows.c.owner_staff_id)
    counted = [func.sum(rows.c[f"first_{i}"]) for i in (3, 2, 1, 0)]  # clerk … scope
    totals: dict[tuple[str, str], list[int]] = {}
    orgs: dict[str, str] = {}
    if scope.level is ScopeLevel.DISTRICT:
        orgs = {k: v for k, v in conn.execute(select(S.c.id, S.c.org_code))}
    for period, station, staff, clerk, at_station, in_town, in_scope in conn.execute(
        select(*group, *counted).group_by(*group)
    ):
        found = [
            (("clerk", f"{station}/{staff}"), clerk),
            (("station", station), at_station),
            (("root", ""), in_scope),
        ]
        org = orgs.get(station, "")
        if len(org) >= TOWN_CODE_LENGTH:
            found.append((("town", org[:TOWN_CODE_LENGTH]), in_town))
        for key, n in found:
            totals.setdefault(key, [0, 0])[int(period)] += int(n or 0)
    return [
        PersonsServed(level, key, (now, before)) for (level, key), (now, before) in totals.items()
    ]


@dataclass(frozen=True)
class RatingGroup:
    station_id: str
    staff_id: str | None
    counts: tuple[RatingCounts, RatingCounts]


def _rated_in(p: Period) -> ColumnElement[bool]:
    since, until = p.utc_bounds()
    return and_(E.c.evaluated_at >= since, E.c.evaluated_at < until)


def _bad(levels: Iterable[int]) -> ColumnElement[bool]:
    wanted = sorted(set(levels))
    return or_(*(E.c[name].in_(wanted) for name in INDICATORS))


def rating_groups(
    conn: Connection,
    scope: Scope,
    window: Window,
    workdays: WorkingDays,
    *,
    bad_levels: Sequence[int],
    callback_item: str,
    callback_working_days: int,
) -> list[RatingGroup]:
    """Ratings by clerk and station, with the call-back state of each bad one."""
    since, until = window.previous.utc_bounds()[0], window.current.utc_bounds()[1]
    where = and_(
        scope.work_condition(E.c.station_id, E.c.staff_id),
        E.c.evaluated_at >= since,
        E.c.evaluated_at < until,
    )
    sums: list[ColumnElement[Any]] = []
    for p in window.periods:
        rated = _rated_in(p)
        sums.append(_ones(rated))
        sums += [func.sum(case((rated, E.c[name]), else_=0)) for name in INDICATORS]
        sums += [func.count(case((rated, E.c[name]))) for name in INDICATORS]
        sums.append(_ones(and_(rated, _bad(bad_levels))))
    keys = (E.c.station_id, E.c.staff_id)
    groups: dict[tuple[str, str | None], list[list[int]]] = {}
    for row in conn.execute(select(*keys, *sums).where(where).group_by(*keys)):
        values = [int(v or 0) for v in row[2:]]
        groups[(row[0], row[1])] = [values[:10], values[10:]]
    callbacks = _callback_states(
        conn, where, window, workdays, bad_levels, callback_item, callback_working_days
    )
    out = []
    for key, per_period in groups.items():
        made = []
        for i, v in enumerate(per_period):
            states = callbacks.get((key, i), [0, 0, 0, 0])
            made.append(RatingCounts(v[0], tuple(v[1:5]), tuple(v[5:9]), v[9], *states))
        out.append(RatingGroup(key[0], key[1], (made[0], made[1])))
    return out


def _callback_states(
    conn: Connection,
    where: ColumnElement[bool],
    window: Window,
    workdays: WorkingDays,
    bad_levels: Sequence[int],
    callback_item: str,
    callback_working_days: int,
) -> dict[tuple[tuple[str, str | None], int], list[int]]:
    """[on time, late, pending, overdue] per (clerk, period). A bad rating is called back
    by completing a ticket of ``callback_item`` linked to it (subject
    ``service_evaluations``), by its ``callback_due`` (or that many working days after
    the rating where none was recorded). Bad ratings are few: they are read one by one."""
    done = (
        select(T.c.subject_id, func.min(T.c.completed_on).label("done"))
        .where(
            T.c.catalogue_code == callback_item,
            T.c.subject_table == E.name,
            T.c.status == COMPLETED,
            T.c.completed_on <= window.as_of,
            T.c.deleted.is_(False),
        )
        .group_by(T.c.subject_id)
        .subquery("called_back")
    )
    bad = conn.execute(
        select(E.c.station_id, E.c.staff_id, E.c.evaluated_at, E.c.callback_due, done.c.done)
        .select_from(E.outerjoin(done, done.c.subject_id == E.c.id))
        .where(where, _bad(bad_levels))
    ).all()
    states: dict[tuple[tuple[str, str | None], int], list[int]] = {}
    for station_id, staff_id, moment, callback_due, finished in bad:
        day = station_day(moment)
        period = next((i for i, p in enumerate(window.periods) if p.contains(day)), None)
        if period is None:
            continue
        due = callback_due or workdays.add(day, callback_working_days)
        if finished is not None:
            state = 0 if finished <= due else 1
        else:
            state = 3 if due < window.as_of else 2
        states.setdefault(((station_id, staff_id), period), [0, 0, 0, 0])[state] += 1
    return states

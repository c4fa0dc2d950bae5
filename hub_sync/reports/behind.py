"""The matters behind a figure of the assessment: the tickets a count is made of.

Each measure selects its matters with the very conditions the assessment counts with
(:mod:`.assessment_sql`), so the list of a unit is as long as the unit's figure, on the
hub and on the station alike. The average completion lies over the completed matters
(each with its working days), the average rating over the ratings of the period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, select
from sqlalchemy.exc import SQLAlchemyError

from hub_sync.model import Person, Staff, Station, table_of

from .assessment_sql import (
    E,
    T,
    _accepted_in,
    _completed_in,
    _due,
    _overdue_at,
    _rated_in,
    _tickets_in_scope,
)
from .drilldown import Measure, TicketLine, TicketList
from .errors import QueryFailed
from .ledger_specs import PersonalField
from .ledgers import Masker
from .periods import Period, station_day
from .reference_files import CATALOGUE, CodeNames, no_names
from .scope import Scope, ScopeLevel
from .tuning import for_reports
from .workdays import WorkingDays

__all__ = ["MAX_LINES", "tickets_behind"]

#: More than a screen can usefully list; the total is still counted exactly.
MAX_LINES = 2000
_P, _S, _ST = table_of(Person), table_of(Staff), table_of(Station)


def _ticket_condition(measure: Measure, period: Period, as_of: date) -> ColumnElement[bool]:
    if measure is Measure.ACCEPTED:
        return _accepted_in(period)
    if measure is Measure.ON_TIME:
        return and_(_completed_in(period), T.c.completed_on <= _due())
    if measure is Measure.LATE:
        return and_(_completed_in(period), T.c.completed_on > _due())
    if measure is Measure.OPEN_OVERDUE:
        return _overdue_at(period.cutoff(as_of))
    return _completed_in(period)  # completed, and the completion days' average


def _names(conn: Connection, rows: Sequence[Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Station and staff names of the rows (few: looked up by id)."""
    stations = sorted({r.station_id for r in rows})
    staff = sorted({r.staff_id for r in rows if r.staff_id})
    station_names: dict[str, str] = {}
    staff_names: dict[str, str] = {}
    for i in range(0, len(stations), 500):
        query = select(_ST.c.id, _ST.c.name).where(_ST.c.id.in_(stations[i : i + 500]))
        station_names |= {k: v for k, v in conn.execute(query)}
    for i in range(0, len(staff), 500):
        query = select(_S.c.id, _S.c.full_name).where(_S.c.id.in_(staff[i : i + 500]))
        staff_names |= {k: v for k, v in conn.execute(query)}
    return station_names, staff_names


def _unit_key(scope: Scope) -> str:
    """The assessment's key of the unit (a clerk-less rating's clerk unit is "station/")."""
    if scope.level is ScopeLevel.CLERK:
        return f"{scope.station_id}/{scope.staff_id or ''}"
    return scope.key


def tickets_behind(
    conn: Connection,
    scope: Scope,
    period: Period,
    measure: Measure,
    *,
    as_of: date,
    workdays: WorkingDays,
    mask: Masker,
    names: CodeNames = no_names,
    limit: int = MAX_LINES,
) -> TicketList:
    """The matters (for ``Measure.RATING`` the ratings) behind ``measure`` of the unit
    ``scope`` in ``period`` as known on ``as_of``: at most ``limit`` of them, oldest
    first, and how many there are in all. Names of persons pass through ``mask``."""
    try:
        for_reports(conn)
        if measure is Measure.RATING:
            where = and_(scope.work_condition(E.c.station_id, E.c.staff_id), _rated_in(period))
            columns: tuple[Any, ...] = (
                E.c.station_id,
                E.c.staff_id,
                E.c.person_id,
                E.c.overall,
                E.c.evaluated_at,
                T.c.id.label("ticket_id"),
            )
            source: Any = E.outerjoin(T, T.c.id == E.c.ticket_id)
            order: tuple[Any, ...] = (E.c.evaluated_at, E.c.id)
            count = select(func.count()).select_from(E).where(where)
        else:
            where = and_(_tickets_in_scope(scope), _ticket_condition(measure, period, as_of))
            columns = (
                T.c.station_id,
                T.c.owner_staff_id.label("staff_id"),
                T.c.person_id,
                T.c.id.label("ticket_id"),
            )
            source = T
            order = (T.c.accepted_on, T.c.ticket_no)
            count = select(func.count()).select_from(T).where(where)
        total = int(conn.execute(count).scalar_one())
        ticket_columns = (
            T.c.ticket_no,
            T.c.catalogue_code,
            T.c.status,
            T.c.accepted_on,
            T.c.due_on,
            T.c.completed_on,
        )
        query = (
            select(*columns, *ticket_columns, _P.c.name.label("person_name"))
            .select_from(source.outerjoin(_P, _P.c.id == columns[2]))
            .where(where)
            .order_by(*order)
            .limit(limit)
        )
        rows = conn.execute(query).all()
        station_names, staff_names = _names(conn, rows)
    except SQLAlchemyError as e:
        raise QueryFailed(f"the list behind a figure failed: {e}", "办件明细查询失败") from e
    lines = []
    for r in rows:
        rated = measure is Measure.RATING
        done = r.completed_on is not None and r.accepted_on is not None
        lines.append(
            TicketLine(
                ticket_id=r.ticket_id,
                ticket_no=r.ticket_no,
                item_code=r.catalogue_code,
                item=(names(CATALOGUE, r.catalogue_code) if r.catalogue_code else None),
                person_id=r.person_id,
                person_name=mask(PersonalField.NAME, r.person_name) if r.person_name else "",
                station_id=r.station_id,
                station_name=station_names.get(r.station_id, ""),
                staff_id=r.staff_id,
                staff_name=staff_names.get(r.staff_id, "") if r.staff_id else "",
                status=r.status,
                accepted_on=r.accepted_on,
                due_on=r.due_on,
                completed_on=r.completed_on,
                working_days=workdays.between(r.accepted_on, r.completed_on) if done else None,
                score=r.overall if rated else None,
                rated_on=station_day(r.evaluated_at) if rated else None,
            )
        )
    return TicketList(
        level=scope.level.value,
        key=_unit_key(scope),
        measure=measure,
        period=period.label,
        as_of=as_of,
        total=total,
        tickets=tuple(lines),
    )

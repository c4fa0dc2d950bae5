"""Statistics that are otherwise hand-keyed: unemployment, the four kinds of people,
hard-to-employ placements and zero-employment households.

Figures are per area of the people concerned (their ``residence_division``): the
scope, and each town (of a district) or village (of a town) in it. "At the end" means
the period's last day, or ``as_of`` for the running period.

- **registered unemployed** at the end: registered by then, not cancelled by then (a
  registration made invalid without a cancellation is an error and never counts);
  new registrations and cancellations in the period; long-term (registered more than
  ``long_term_months`` before the end), "4050" and low-income among those at the end;
- **four kinds of people** (A employed by a unit, B self-employed and public-welfare
  posts, C flexible and other, D actually unemployed) as the register holds them now;
- **hard-to-employ**: recognised and in force at the end (``decided_on``, or the
  application day where none is recorded, up to a cancellation); new in the period;
  **placed**: a recognised person's employment registration starting in the period,
  within ``place_hard_to_employ_months`` (3) of recognition or later;
- **zero-employment households**: members flagged now; assistance plans for such
  households open at the end; placements in the period, within
  ``place_zero_household_months`` (1) of the plan being opened or later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    case,
    distinct,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from hub_sync.model import (
    AssistancePlan,
    EmploymentRegistration,
    HardToEmployRecognition,
    OrgUnit,
    Person,
    UnemploymentRegistration,
)

from .errors import BadPeriod, QueryFailed
from .periods import Period, add_months
from .scope import Scope, ScopeLevel
from .tuning import for_reports

FOUR_KINDS = ("A", "B", "C", "D")
RECOGNISED = ("approved", "recognised", "cancelled")  # in force, or in force until cancelled
_CHILD_LENGTH = {ScopeLevel.DISTRICT: 9, ScopeLevel.TOWN: 12}
U, H, E, A = (
    UnemploymentRegistration,
    HardToEmployRecognition,
    EmploymentRegistration,
    AssistancePlan,
)


@dataclass
class AreaFigures:
    code: str
    name: str
    unemployed_at_end: int = 0
    unemployed_new: int = 0
    unemployed_cancelled: int = 0
    long_term_at_end: int = 0
    four_fifty_at_end: int = 0
    low_income_at_end: int = 0
    four_kinds: dict[str, int] = field(default_factory=dict)  # "" = not classified
    hard_to_employ_at_end: int = 0
    hard_to_employ_new: int = 0
    hard_to_employ_placed: int = 0
    hard_to_employ_placed_in_time: int = 0
    zero_household_members: int = 0
    zero_household_plans_open: int = 0
    zero_household_placed: int = 0
    zero_household_placed_in_time: int = 0

    def add(self, other: AreaFigures) -> None:
        for name, value in vars(other).items():
            if name == "four_kinds":
                for kind, n in value.items():
                    self.four_kinds[kind] = self.four_kinds.get(kind, 0) + n
            elif isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)


@dataclass(frozen=True)
class Statistics:
    scope: Scope
    period: Period
    as_of: date
    areas: tuple[AreaFigures, ...]  # the scope first, then its towns or villages
    cancellation_reasons: dict[str, int]

    @property
    def total(self) -> AreaFigures:
        return self.areas[0]


def long_term_registered_by(day: date, months: int) -> date:
    """The last registration day that is long-term unemployment on ``day``
    (``day`` > registration + ``months`` months, as the station's rule)."""
    last = add_months(day, -months) + timedelta(days=4)
    while not day > add_months(last, months):
        last -= timedelta(days=1)
    return last


class _Areas:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.length = _CHILD_LENGTH.get(scope.level)
        self.by_code: dict[str, AreaFigures] = {}

    def key(self, column: Any) -> ColumnElement[Any]:
        """The child area of a division column ('' where there is none). Literal SQL,
        not parameters: PostgreSQL matches GROUP BY expressions by their text."""
        if self.length is None:
            return literal_column("''")
        cut = func.substr(column, literal_column("1"), literal_column(str(self.length)))
        return func.coalesce(cut, literal_column("''"))

    def group(self, query: Any, column: Any, *more: Any) -> Any:
        """``query`` grouped by the child area of ``column`` (if any) and ``more``."""
        keys = ([self.key(column)] if self.length is not None else []) + list(more)
        return query.group_by(*keys) if keys else query

    def __getitem__(self, code: str | None) -> AreaFigures:
        code = code if code and self.length and len(code) == self.length else ""
        return self.by_code.setdefault(code, AreaFigures(code, ""))


def _count(condition: ColumnElement[bool], person: Any) -> ColumnElement[int]:
    return func.count(distinct(case((condition, person))))


def _people(scope: Scope) -> ColumnElement[bool]:
    return and_(Person.deleted.is_(False), scope.area_condition(Person.residence_division))


def _unemployment(conn: Connection, areas: _Areas, p: Period, end: date, months: int) -> None:
    registered_at_end = and_(
        U.registered_on <= end,
        or_(and_(U.cancelled_on.is_(None), U.valid.is_(True)), U.cancelled_on > end),
    )
    long_term = and_(registered_at_end, U.registered_on <= long_term_registered_by(end, months))
    not_error = or_(U.valid.is_(True), U.cancelled_on.is_not(None))
    key = areas.key(Person.residence_division)
    query = (
        select(
            key,
            _count(registered_at_end, U.person_id),
            _count(and_(U.registered_on.between(p.start, p.end), not_error), U.person_id),
            _count(U.cancelled_on.between(p.start, p.end), U.person_id),
            _count(long_term, U.person_id),
            _count(and_(registered_at_end, U.is_4050.is_(True)), U.person_id),
            _count(and_(registered_at_end, U.is_low_income.is_(True)), U.person_id),
        )
        .join(Person, Person.id == U.person_id)
        .where(U.deleted.is_(False), U.registered_on <= p.end, _people(areas.scope))
    )
    query = areas.group(query, Person.residence_division)
    for code, *counts in conn.execute(query):
        a = areas[code]
        (
            a.unemployed_at_end,
            a.unemployed_new,
            a.unemployed_cancelled,
            a.long_term_at_end,
            a.four_fifty_at_end,
            a.low_income_at_end,
        ) = (int(n) for n in counts)


def _cancellation_reasons(conn: Connection, scope: Scope, p: Period) -> dict[str, int]:
    query = (
        select(U.cancellation_reason, func.count(distinct(U.person_id)))
        .join(Person, Person.id == U.person_id)
        .where(U.deleted.is_(False), U.cancelled_on.between(p.start, p.end), _people(scope))
        .group_by(U.cancellation_reason)
    )
    return {reason or "": int(n) for reason, n in conn.execute(query)}


def _four_kinds(conn: Connection, areas: _Areas) -> None:
    key = areas.key(Person.residence_division)
    query = select(
        key,
        Person.four_kinds,
        func.count(),
        _count(Person.zero_employment_household.is_(True), Person.id),
    ).where(_people(areas.scope))
    query = areas.group(query, Person.residence_division, Person.four_kinds)
    for code, kind, n, zero in conn.execute(query):
        a = areas[code]
        a.four_kinds[kind or ""] = a.four_kinds.get(kind or "", 0) + int(n)
        a.zero_household_members += int(zero)


def _hard_to_employ(conn: Connection, areas: _Areas, p: Period, end: date) -> None:
    since = func.coalesce(H.decided_on, H.applied_on)
    in_force = and_(since <= end, or_(H.cancelled_on.is_(None), H.cancelled_on > end))
    key = areas.key(Person.residence_division)
    query = (
        select(
            key, _count(in_force, H.person_id), _count(since.between(p.start, p.end), H.person_id)
        )
        .join(Person, Person.id == H.person_id)
        .where(H.deleted.is_(False), H.status.in_(RECOGNISED), _people(areas.scope))
    )
    query = areas.group(query, Person.residence_division)
    for code, at_end, new in conn.execute(query):
        areas[code].hard_to_employ_at_end, areas[code].hard_to_employ_new = int(at_end), int(new)


def _placements(
    conn: Connection, areas: _Areas, p: Period, since: Any, where: Sequence[ColumnElement[bool]]
) -> dict[tuple[str, str], tuple[date, date]]:
    """(area, person) → (first start in the period, the latest qualifying ``since``)."""
    key = areas.key(Person.residence_division)
    query = (
        select(key, E.person_id, E.started_on, since)
        .join(Person, Person.id == E.person_id)
        .where(
            E.deleted.is_(False), E.started_on.between(p.start, p.end), _people(areas.scope), *where
        )
        .order_by(E.started_on)
    )
    found: dict[tuple[str, str], tuple[date, date]] = {}
    for code, person, started, start in conn.execute(query):
        known = found.get((code, person))
        if known is None or (known[0] == started and start > known[1]):
            found[(code, person)] = (started, start)
    return found


def statistics(
    conn: Connection,
    scope: Scope,
    period: Period,
    *,
    as_of: date,
    long_term_months: int = 6,
    place_hard_to_employ_months: int = 3,
    place_zero_household_months: int = 1,
) -> Statistics:
    """The statistics of ``scope`` for ``period`` as known on ``as_of``; the limits are
    reference data (catalogue items JY-002 and JY-008)."""
    if period.start > as_of:
        raise BadPeriod(
            f"period {period.label} has not started on {as_of}", f"统计期{period.label_zh}尚未开始"
        )
    end = period.cutoff(as_of)
    areas = _Areas(scope)
    try:
        for_reports(conn)
        _unemployment(conn, areas, period, end, long_term_months)
        _four_kinds(conn, areas)
        _hard_to_employ(conn, areas, period, end)
        since = func.coalesce(H.decided_on, H.applied_on)
        recognised = _placements(
            conn,
            areas,
            period,
            since,
            [
                H.person_id == E.person_id,
                H.deleted.is_(False),
                H.status.in_(RECOGNISED),
                since <= E.started_on,
                or_(H.cancelled_on.is_(None), H.cancelled_on >= E.started_on),
            ],
        )
        for (code, _person), (started, start) in recognised.items():
            a = areas[code]
            a.hard_to_employ_placed += 1
            a.hard_to_employ_placed_in_time += started <= add_months(
                start, place_hard_to_employ_months
            )
        zero = _placements(
            conn,
            areas,
            period,
            A.opened_on,
            [
                A.person_id == E.person_id,
                A.deleted.is_(False),
                A.zero_employment_household.is_(True),
                A.opened_on <= E.started_on,
            ],
        )
        for (code, _person), (started, opened) in zero.items():
            a = areas[code]
            a.zero_household_placed += 1
            a.zero_household_placed_in_time += started <= add_months(
                opened, place_zero_household_months
            )
        _open_plans(conn, areas, end)
        reasons = _cancellation_reasons(conn, scope, period)
        names = _area_names(conn, areas)
    except SQLAlchemyError as e:
        raise QueryFailed(f"the statistics query failed: {e}", "统计查询失败") from e
    total = AreaFigures(scope.division, scope.name)
    for a in areas.by_code.values():
        total.add(a)
    children = sorted((a for code, a in areas.by_code.items() if code), key=lambda a: a.code)
    for a in children:
        a.name = names.get(a.code, a.code)
    return Statistics(scope, period, as_of, (total, *children), reasons)


def _open_plans(conn: Connection, areas: _Areas, end: date) -> None:
    key = areas.key(Person.residence_division)
    query = (
        select(key, func.count(distinct(A.person_id)))
        .join(Person, Person.id == A.person_id)
        .where(
            A.deleted.is_(False),
            A.zero_employment_household.is_(True),
            A.status == "open",
            A.opened_on <= end,
            _people(areas.scope),
        )
    )
    query = areas.group(query, Person.residence_division)
    for code, n in conn.execute(query):
        areas[code].zero_household_plans_open = int(n)


def _area_names(conn: Connection, areas: _Areas) -> dict[str, str]:
    codes = [c for c in areas.by_code if c]
    if not codes:
        return {}
    return {
        k: v
        for k, v in conn.execute(select(OrgUnit.code, OrgUnit.name).where(OrgUnit.code.in_(codes)))
    }

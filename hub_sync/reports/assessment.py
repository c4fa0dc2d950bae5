"""Performance assessment (绩效考核): the figures "pay by results" is based on.

For a scope and a period, and the same for the period before, per clerk, station, town
and the scope as a whole:

- **accepted**: matters (service tickets) accepted in the period;
- **completed** (services delivered), in all and by service item: matters completed in
  the period; **on time** when completed on or before the due date (a matter with no
  time limit is due the day it was accepted), else **late**;
- **open overdue**: matters open at the end of the period (or on ``as_of`` for the
  running period) past their due date. Matters waiting for the applicant's materials
  are not overdue (their time limit does not run); rejected and withdrawn ones are not
  open. The current status decides this, so a past period is judged as it is known now;
- **average completion** in working days: working days after acceptance up to and
  including completion, on the official calendar (estimated on weekdays for a year
  without one; the report says so);
- **persons served**: distinct persons with a matter accepted or completed in the period;
- **ratings** (好差评) given in the period: averages per indicator, the bad ones (any
  indicator at a bad level), and their call-back: a ticket of item PJ-001 linked to the
  rating and completed by its ``callback_due`` (on time), after it (late), not yet and
  not yet due (pending), or not and past due (overdue), as known on ``as_of``.

A matter counts for the station where it was accepted and the clerk who owns it now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import add

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from hub_sync.model import OrgUnit, Staff, Station

from .assessment_sql import (
    TOWN_CODE_LENGTH,
    PersonsServed,
    RatingGroup,
    TicketGroup,
    Window,
    persons_served,
    rating_groups,
    ticket_groups,
)
from .errors import BadPeriod, QueryFailed
from .figures import INDICATORS, RatingCounts, TicketCounts
from .periods import Period
from .scope import Scope, ScopeLevel
from .tuning import for_reports
from .workdays import WorkingDays

__all__ = [
    "INDICATORS",
    "Assessment",
    "Figures",
    "RatingCounts",
    "TicketCounts",
    "Unit",
    "assess",
]

#: Roles whose work is assessed (district IT serves no one at a counter).
ASSESSED_ROLES = ("clerk", "supervisor")
UnitKey = tuple[str, str]  # (level, key)


@dataclass
class Figures:
    """One unit's figures for one period."""

    tickets: TicketCounts = field(default_factory=TicketCounts)
    by_item: dict[str, TicketCounts] = field(default_factory=dict)
    persons_served: int = 0
    ratings: RatingCounts = field(default_factory=RatingCounts)


@dataclass
class Unit:
    """A clerk, station, town or the scope itself, with both periods' figures."""

    level: str  # district / town / village / station / clerk
    key: str  # division code, station id or "station id/staff id"
    name: str
    parent: UnitKey | None
    current: Figures = field(default_factory=Figures)
    previous: Figures = field(default_factory=Figures)

    @property
    def unit_key(self) -> UnitKey:
        return (self.level, self.key)


@dataclass(frozen=True)
class Assessment:
    scope: Scope
    period: Period
    previous_period: Period
    as_of: date
    units: tuple[Unit, ...]  # the scope's own unit first, then towns, stations, clerks
    estimated_years: tuple[int, ...]  # counted on weekdays for want of a calendar

    @property
    def root(self) -> Unit:
        return self.units[0]

    def unit(self, level: str, key: str) -> Unit:
        for u in self.units:
            if u.level == level and u.key == key:
                return u
        raise KeyError((level, key))

    def children(self, unit: Unit) -> list[Unit]:
        return [u for u in self.units if u.parent == unit.unit_key]

    def of_level(self, level: str) -> list[Unit]:
        return [u for u in self.units if u.level == level]


class _Units:
    """The units of a scope and where each one's figures add up to."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.root = Unit(scope.level.value, scope.key, scope.name, None)
        self.by_key: dict[UnitKey, Unit] = {self.root.unit_key: self.root}
        self.station_org: dict[str, str] = {}

    def add(self, level: str, key: str, name: str, parent: UnitKey) -> Unit:
        unit = self.by_key.get((level, key))
        if unit is None:
            unit = self.by_key[(level, key)] = Unit(level, key, name, parent)
        return unit

    def station(self, station_id: str) -> UnitKey:
        if self.scope.level in (ScopeLevel.STATION, ScopeLevel.CLERK):
            return self.root.unit_key
        org = self.station_org.get(station_id, "")
        parent = self.root.unit_key
        if self.scope.level is ScopeLevel.DISTRICT and len(org) >= TOWN_CODE_LENGTH:
            parent = self.add("town", org[:TOWN_CODE_LENGTH], "", parent).unit_key
        return self.add("station", station_id, "", parent).unit_key

    def clerk(self, station_id: str, staff_id: str | None) -> list[Unit]:
        """The chain of units a clerk's figures add to, the clerk first."""
        if self.scope.level is ScopeLevel.CLERK:
            return [self.root]
        parent = self.station(station_id)
        clerk = self.add("clerk", f"{station_id}/{staff_id or ''}", "", parent)
        chain = [clerk]
        key: UnitKey | None = parent
        while key is not None:
            unit = self.by_key[key]
            chain.append(unit)
            key = unit.parent
        return chain

    def ordered(self) -> tuple[Unit, ...]:
        rank = {"town": 1, "station": 2, "clerk": 3}
        rest = sorted(
            (u for u in self.by_key.values() if u is not self.root),
            key=lambda u: (rank.get(u.level, 4), u.parent or ("", ""), u.name, u.key),
        )
        return (self.root, *rest)


def _list_units(conn: Connection, units: _Units) -> None:
    """Every active station and assessed clerk of the scope, so that idle ones show as
    zero (a closed station appears only when it has figures)."""
    scope = units.scope
    st = select(Station.id, Station.name, Station.org_code, Station.active).where(
        Station.deleted.is_(False)
    )
    if scope.station_id is not None:
        st = st.where(Station.id == scope.station_id)
    else:
        st = st.where(Station.org_code.like(scope.division + "%"))
    stations = conn.execute(st).all()
    for row in stations:
        units.station_org[row.id] = row.org_code
    if scope.level is ScopeLevel.CLERK:
        return
    active = [row for row in stations if row.active]
    for row in active:
        units.by_key[units.station(row.id)].name = row.name
    people = select(Staff.id, Staff.full_name, Staff.station_id).where(
        Staff.station_id.in_([row.id for row in active]),
        Staff.deleted.is_(False),
        Staff.active.is_(True),
        Staff.role.in_(ASSESSED_ROLES),
    )
    for person in conn.execute(people):
        units.clerk(person.station_id, person.id)[0].name = person.full_name


def _name_units(conn: Connection, units: _Units) -> None:
    """Names of units that only appeared through their figures (and of towns)."""
    unnamed = [u for u in units.by_key.values() if not u.name]
    towns = [u.key for u in unnamed if u.level == "town"]
    stations = [u.key for u in unnamed if u.level == "station"]
    staff = {u.key.split("/", 1)[1]: u for u in unnamed if u.level == "clerk"}
    names: dict[str, str] = {}
    if towns:
        names |= {
            k: v
            for k, v in conn.execute(
                select(OrgUnit.code, OrgUnit.name).where(OrgUnit.code.in_(towns))
            )
        }
    if stations:
        names |= {
            k: v
            for k, v in conn.execute(
                select(Station.id, Station.name).where(Station.id.in_(stations))
            )
        }
    if staff:
        query = select(Staff.id, Staff.full_name).where(Staff.id.in_(sorted(staff)))
        for staff_id, name in conn.execute(query):
            staff[staff_id].name = name
    for u in unnamed:
        if not u.name:
            u.name = names.get(u.key, u.key)


def assess(
    conn: Connection,
    scope: Scope,
    period: Period,
    *,
    workdays: WorkingDays,
    as_of: date,
    bad_levels: Sequence[int] = (1, 2),
    callback_item: str = "PJ-001",
    callback_working_days: int = 15,
) -> Assessment:
    """The assessment of ``scope`` for ``period`` and the period before, as known on
    ``as_of`` (the station's today). ``bad_levels``, ``callback_item`` and
    ``callback_working_days`` are reference data (code table ``evaluation_level``,
    the catalogue's item PJ-001)."""
    if period.start > as_of:
        raise BadPeriod(
            f"period {period.label} has not started on {as_of}",
            f"统计期{period.label_zh}尚未开始",
        )
    window = Window(period, period.previous(), as_of)
    units = _Units(scope)
    try:
        for_reports(conn)
        _list_units(conn, units)
        tickets = ticket_groups(conn, scope, window, workdays)
        served = persons_served(conn, scope, window)
        ratings = rating_groups(
            conn,
            scope,
            window,
            workdays,
            bad_levels=bad_levels,
            callback_item=callback_item,
            callback_working_days=callback_working_days,
        )
        _add_up(units, tickets, served, ratings)
        _name_units(conn, units)
    except SQLAlchemyError as e:
        raise QueryFailed(f"the assessment query failed: {e}", "绩效考核统计查询失败") from e
    estimated = workdays.missing_years(window.previous.start, min(period.end, as_of))
    return Assessment(scope, period, window.previous, as_of, units.ordered(), estimated)


def _add_up(
    units: _Units,
    tickets: Sequence[TicketGroup],
    served: Sequence[PersonsServed],
    ratings: Sequence[RatingGroup],
) -> None:
    # Plain integer sums first (both periods in one tuple, added in C by map): a district
    # has thousands of (clerk, item) groups, each adding to four units.
    chains: dict[tuple[str, str | None], list[UnitKey]] = {}
    totals: dict[UnitKey, tuple[int, ...]] = {}
    by_item: dict[tuple[UnitKey, str], tuple[int, ...]] = {}
    for group in tickets:
        chain = chains.get((group.station_id, group.staff_id))
        if chain is None:
            made = units.clerk(group.station_id, group.staff_id)
            chain = chains[(group.station_id, group.staff_id)] = [u.unit_key for u in made]
        values = group.counts[0] + group.counts[1]
        for key in chain:
            known = totals.get(key)
            totals[key] = values if known is None else tuple(map(add, known, values))
            known = by_item.get((key, group.item))
            by_item[(key, group.item)] = values if known is None else tuple(map(add, known, values))
    half = len(TicketCounts.__dataclass_fields__)
    for key, sums in totals.items():
        unit = units.by_key[key]
        unit.current.tickets, unit.previous.tickets = (
            TicketCounts(*sums[:half]),
            TicketCounts(*sums[half:]),
        )
    for (key, item), sums in by_item.items():
        unit = units.by_key[key]
        unit.current.by_item[item] = TicketCounts(*sums[:half])
        unit.previous.by_item[item] = TicketCounts(*sums[half:])
    for rated in ratings:
        for unit in units.clerk(rated.station_id, rated.staff_id):
            for figures, given in zip((unit.current, unit.previous), rated.counts, strict=True):
                figures.ratings += given
    for row in served:
        found = _served_unit(units, row.level, row.key)
        if found is not None:
            found.current.persons_served, found.previous.persons_served = row.counts


def _served_unit(units: _Units, level: str, key: str) -> Unit | None:
    if level == "root":
        return units.root
    if units.scope.level is ScopeLevel.CLERK:
        return None
    if level == "clerk":
        station_id, staff_id = key.split("/", 1)
        return units.clerk(station_id, staff_id)[0]
    if units.scope.level is ScopeLevel.STATION:
        return None
    if level == "station":
        return units.by_key[units.station(key)]
    if level == "town" and units.scope.level is ScopeLevel.DISTRICT:
        return units.by_key.get(("town", key))
    return None


def figures_of(assessment: Assessment, level: str, key: str) -> tuple[Figures, Figures]:
    unit = assessment.unit(level, key)
    return unit.current, unit.previous


def item_codes(assessment: Assessment) -> list[str]:
    """Every service item with figures in either period, in code order."""
    codes: set[str] = set()
    for u in assessment.units:
        codes |= set(u.current.by_item) | set(u.previous.by_item)
    return sorted(codes)


def unit_names(assessment: Assessment) -> Mapping[tuple[str, str], str]:
    return {u.unit_key: u.name for u in assessment.units}

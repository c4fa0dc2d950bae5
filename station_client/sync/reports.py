"""Dashboard figures for supervisors and district admins: from the hub, or this station.

Online, a district admin or a supervisor of a wider area gets the figures of their area
from the hub (``GET /v1/reports/assessment``, ``GET /v1/reports/tickets``). Offline, or
for a supervisor whose area is this station's own, the station computes the same
figures from its own store with the same shared code (:mod:`hub_sync.reports`): its own
station, whose figures the hub's agree with. When the hub cannot be reached the station's
own figures are shown instead, with the reason.

Everything here blocks (HTTP, SQL): the counter app calls it through ``Operations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from urllib.parse import urlencode

from sqlalchemy import Connection, select

from hub_sync.model import Person
from hub_sync.reports import (
    BadScope,
    Period,
    Scope,
    ScopeLevel,
    assess,
    code_names_from_bundle,
    station_scope,
    working_days_from_bundle,
)
from hub_sync.reports.behind import tickets_behind
from hub_sync.reports.drilldown import AssessmentView, Measure, TicketList, assessment_view
from hub_sync.reports.ledger_specs import PersonalField
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present
from station_client.store import Store

from . import identity
from .errors import HubRefused, Offline, RetryLater, SyncError
from .login import StaffSession
from .staff_calls import NotSupervisor, with_client

__all__ = [
    "Dashboard",
    "Source",
    "load_assessment",
    "load_tickets",
    "person_here",
    "source_for",
    "station_assessment",
    "station_tickets",
]


class Source(StrEnum):
    HUB = "hub"  # the area of the login, computed at the hub
    STATION = "station"  # this station's own work, computed here


@dataclass(frozen=True)
class Dashboard:
    view: AssessmentView
    source: Source
    #: Why the station's own figures are shown although the hub was asked (unreachable).
    fell_back: SyncError | None = None


class NotThisStation(SyncError):
    def __init__(self, key: str) -> None:
        super().__init__(
            f"{key} is not this station or one of its clerks: its matters are at the hub",
            "本站数据只含本站及其工作人员的办件，请联网查看",
        )


def _check_role(session: StaffSession) -> None:
    if session.staff.role not in (Role.SUPERVISOR, Role.DISTRICT_ADMIN):
        raise NotSupervisor()


def source_for(store: Store, session: StaffSession) -> Source:
    """Where the figures of this login come from (see the module's description)."""
    _check_role(session)
    if session.token is None or not identity.is_enrolled(store):
        return Source.STATION
    me = identity.load(store)
    own_area = session.staff.area_code == me.org_code and session.staff.station_id in (
        None,
        me.station_id,
    )
    return Source.STATION if own_area else Source.HUB


# -- at the hub -------------------------------------------------------------------------------
def _refused(e: HubRefused) -> SyncError:
    """The hub's report errors carry their Chinese message in the detail."""
    zh = e.detail.get("zh") if isinstance(e.detail, dict) else None
    return SyncError(e.message, zh) if zh else e


def hub_assessment(
    store: Store, session: StaffSession, period: Period, as_of: date
) -> AssessmentView:
    query = urlencode({"period": period.label, "as_of": as_of.isoformat()})
    try:
        return with_client(
            store,
            session,
            lambda c, token: c.call(
                "GET", f"/v1/reports/assessment?{query}", AssessmentView, token=token
            ),
        )
    except HubRefused as e:
        raise _refused(e) from e


def hub_tickets(
    store: Store,
    session: StaffSession,
    unit: tuple[str, str],
    measure: Measure,
    period: Period,
    as_of: date,
) -> TicketList:
    query = urlencode(
        {
            "period": period.label,
            "unit": f"{unit[0]}:{unit[1]}",
            "measure": measure.value,
            "as_of": as_of.isoformat(),
        }
    )
    try:
        return with_client(
            store,
            session,
            lambda c, token: c.call("GET", f"/v1/reports/tickets?{query}", TicketList, token=token),
        )
    except HubRefused as e:
        raise _refused(e) from e


# -- at this station --------------------------------------------------------------------------
def own_scope(conn: Connection, store: Store) -> Scope:
    """This station as a report scope. Its record comes from district IT with the org
    data; until it has arrived, the enrolment says where and what the station is."""
    me = identity.load(store)
    try:
        return station_scope(conn, me.station_id)
    except BadScope:
        return Scope(ScopeLevel.STATION, me.org_code, me.name, station_id=me.station_id)


def station_assessment(store: Store, period: Period, as_of: date) -> AssessmentView:
    workdays = working_days_from_bundle(store.reference())
    with store.engine.connect() as conn:
        scope = own_scope(conn, store)
        return assessment_view(assess(conn, scope, period, workdays=workdays, as_of=as_of))


def station_tickets(
    store: Store,
    role: Role,
    unit: tuple[str, str],
    measure: Measure,
    period: Period,
    as_of: date,
) -> TicketList:
    """The matters behind a figure of this station or one of its clerks."""
    bundle = store.reference()

    def mask(field: PersonalField, value: str | None) -> str:
        return present(Field(field.value), value, role) if value else ""

    level, key = unit
    with store.engine.connect() as conn:
        scope = own_scope(conn, store)
        station_id, _sep, staff_id = key.partition("/")
        if station_id != scope.station_id or level not in (ScopeLevel.STATION, ScopeLevel.CLERK):
            raise NotThisStation(key)
        if level == ScopeLevel.CLERK:
            scope = Scope(ScopeLevel.CLERK, scope.division, "", scope.station_id, staff_id or None)
        return tickets_behind(
            conn,
            scope,
            period,
            measure,
            as_of=as_of,
            workdays=working_days_from_bundle(bundle),
            mask=mask,
            names=code_names_from_bundle(bundle),
        )


# -- either -----------------------------------------------------------------------------------
def load_assessment(store: Store, session: StaffSession, period: Period, as_of: date) -> Dashboard:
    """The figures for ``period`` as known on ``as_of`` (the station's today)."""
    if source_for(store, session) is Source.STATION:
        return Dashboard(station_assessment(store, period, as_of), Source.STATION)
    try:
        return Dashboard(hub_assessment(store, session, period, as_of), Source.HUB)
    except (Offline, RetryLater) as e:
        return Dashboard(station_assessment(store, period, as_of), Source.STATION, e)


def load_tickets(
    store: Store,
    session: StaffSession,
    source: Source,
    unit: tuple[str, str],
    measure: Measure,
    period: Period,
    as_of: date,
) -> TicketList:
    """The matters behind ``measure`` of ``unit``, from where its figure came."""
    _check_role(session)
    if source is Source.HUB:
        return hub_tickets(store, session, unit, measure, period, as_of)
    return station_tickets(store, Role(session.staff.role), unit, measure, period, as_of)


def person_here(store: Store, person_id: str) -> bool:
    """Whether this station holds the person's file: a matter listed by the hub may have
    been done for someone of another area."""
    with store.engine.connect() as conn:
        query = select(Person.id).where(Person.id == person_id, Person.deleted.is_(False))
        return conn.execute(query).first() is not None

"""The dashboard endpoints, for supervisors (own area) and district admins.

Mounted by the app factory with its ``as_staff`` helper, so each request is signed by
the station, replay-checked and carries the staff member's bearer token:

- ``GET /v1/reports/assessment?period=&scope=&as_of=`` → an ``AssessmentView``
  (``hub_sync.reports.drilldown``): the units of the scope (by default the member's own
  area) with both periods' figures;
- ``GET /v1/reports/tickets?period=&unit=&measure=&as_of=`` → a ``TicketList``: the
  matters behind one unit's figure (``unit`` is ``level:key`` as the assessment names
  it), names masked for the member's role; each list is written to the hub's audit chain.

``as_of`` (default the hub's today) lets the station ask for the day its own figures are
taken on, so that the two sides agree around midnight too; it may not lie in the future.
Figures are made by the same shared code the station runs on its store.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import Connection

from hub_sync.reports import (
    BadPeriod,
    Period,
    ReportContext,
    ReportError,
    Scope,
    hub_context,
    parse_period,
)
from hub_sync.reports.assessment import assess
from hub_sync.reports.behind import tickets_behind
from hub_sync.reports.drilldown import Measure, assessment_view, unit_scope
from hub_sync.reports.ledger_specs import PersonalField
from hub_sync.reports.periods import station_day
from hub_sync.reports.scope import area_scope, parse_scope
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present

from .errors import HubRefusal
from .hub_audit import append_hub_audit
from .staff import StaffMember, require_role

StaffWork = Callable[[Connection, StaffMember], Any]
AsStaff = Callable[[Request, bytes, StaffWork], Any]
BodyOf = Callable[[Request], Awaitable[tuple[bytes, bytes]]]
Text = Annotated[str | None, Query(max_length=80)]
VIEWING = ("supervisor", "district_admin")
#: What a listed unit's key names, for the audit entry of the list (a clerk: the staff id).
_AUDITED_AS = {"station": "stations", "clerk": "staff"}


def _refusal(e: ReportError, field: str) -> HubRefusal:
    """A report's own error (bad period, unknown unit) as the hub answers it; the
    station shows the Chinese message it carries."""
    return HubRefusal("bad_query", e.message_en, detail={"field": field, "zh": e.message_zh})


def _plain(value: str | None, field: str) -> str | None:
    """A query value as text a database can compare: no NUL or other control characters
    (PostgreSQL refuses NUL in a string outright)."""
    if value is not None and any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise HubRefusal("bad_query", f"{field} holds control characters", detail={"field": field})
    return value


def _inside(member: StaffMember, scope: Scope) -> None:
    """A supervisor sees their own area only, a district admin the district."""
    if not scope.division.startswith(member.area_code):
        raise HubRefusal(
            "not_allowed",
            f"{scope.key} lies outside the area {member.area_code} of this login",
            status=403,
        )


def _day(as_of: str | None, today: date) -> date:
    if not as_of:
        return today
    try:
        day = date.fromisoformat(as_of.strip())
    except ValueError:
        raise HubRefusal(
            "bad_query", "as_of must be a date (YYYY-MM-DD)", detail={"field": "as_of"}
        ) from None
    if day > today + timedelta(days=1):  # a station's clock a little ahead is tolerated
        raise HubRefusal("bad_query", "as_of lies in the future", detail={"field": "as_of"})
    return day


def _mask(member: StaffMember) -> Callable[[PersonalField, str | None], str]:
    role = Role(member.role)

    def mask(field: PersonalField, value: str | None) -> str:
        return present(Field(field.value), value, role) if value else ""

    return mask


def add_report_routes(
    app: FastAPI,
    *,
    as_staff: AsStaff,
    body_of: BodyOf,
    clock: Callable[[], datetime],
    context: Callable[[], ReportContext] | None = None,
) -> None:
    """Mount the dashboard endpoints on ``app`` (called from ``create_app``)."""
    # The calendar and code names are read from the reference files once, on first use.
    reference = context or cache(hub_context)

    def period_of(text: str | None) -> Period:
        try:
            return parse_period(text or "")
        except ReportError as e:
            raise _refusal(e, "period") from e

    @app.get("/v1/reports/assessment")
    async def report_assessment(
        request: Request, period: Text = None, scope: Text = None, as_of: Text = None
    ) -> Response:
        raw, _ = await body_of(request)

        def work(conn: Connection, member: StaffMember) -> str:
            require_role(member, *VIEWING)
            wanted = period_of(period)
            day = _day(as_of, station_day(clock()))
            asked = _plain(scope, "scope")
            try:
                found = parse_scope(conn, asked) if asked else area_scope(conn, member.area_code)
            except ReportError as e:
                raise _refusal(e, "scope") from e
            _inside(member, found)
            try:
                made = assess(conn, found, wanted, workdays=reference().workdays, as_of=day)
            except BadPeriod as e:  # the period has not started on that day
                raise _refusal(e, "period") from e
            return assessment_view(made).model_dump_json()

        text: str = await run_in_threadpool(as_staff, request, raw, work)
        return Response(text, media_type="application/json")

    @app.get("/v1/reports/tickets")
    async def report_tickets(
        request: Request,
        period: Text = None,
        unit: Text = None,
        measure: Text = None,
        as_of: Text = None,
    ) -> Response:
        raw, _ = await body_of(request)

        def work(conn: Connection, member: StaffMember) -> str:
            require_role(member, *VIEWING)
            wanted = period_of(period)
            day = _day(as_of, station_day(clock()))
            try:
                chosen = Measure(measure or "")
            except ValueError:
                raise HubRefusal(
                    "bad_query",
                    f"measure must be one of {', '.join(m.value for m in Measure)}",
                    detail={"field": "measure"},
                ) from None
            level, _sep, key = (_plain(unit, "unit") or "").partition(":")
            try:
                found = unit_scope(conn, level, key)
            except ReportError as e:
                raise _refusal(e, "unit") from e
            _inside(member, found)
            context = reference()
            listed = tickets_behind(
                conn,
                found,
                wanted,
                chosen,
                as_of=day,
                workdays=context.workdays,
                mask=_mask(member),
                names=context.names,
            )
            append_hub_audit(
                conn,
                staff_id=member.id,
                action="report_tickets",
                subject_table=_AUDITED_AS.get(level, "org_units"),
                subject_id=(listed.key.rpartition("/")[2] or listed.key)[:36],
                detail=f"{level} {chosen.value} {wanted.label} → {listed.total}",
                now=clock(),
            )
            return listed.model_dump_json()

        text: str = await run_in_threadpool(as_staff, request, raw, work)
        return Response(text, media_type="application/json")

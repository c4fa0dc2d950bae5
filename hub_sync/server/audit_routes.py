"""The audit review endpoints, for supervisors (own area) and district admins.

Mounted by the app factory with its ``as_staff`` helper, so each request is signed by
the station, replay-checked and carries the staff member's bearer token:

- ``GET /v1/audit?person=&staff=&station=&since=&until=`` → ``{"entries": [...]}``,
  newest first, at most 500, masked for the member's role (the search is audited);
- ``GET /v1/audit/verify`` → ``{"intact", "chains", "entries", "first_break", "breaks"}``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection

from . import audit_review
from .staff import StaffMember

StaffWork = Callable[[Connection, StaffMember], Any]
AsStaff = Callable[[Request, bytes, StaffWork], Any]
Text = Annotated[str | None, Query(max_length=50)]
BodyOf = Callable[[Request], Awaitable[tuple[bytes, bytes]]]


def add_audit_routes(
    app: FastAPI,
    *,
    as_staff: AsStaff,
    body_of: BodyOf,
    clock: Callable[[], datetime],
) -> None:
    """Mount the audit review endpoints on ``app`` (called from ``create_app``)."""

    @app.get("/v1/audit")
    async def audit_search(
        request: Request,
        person: Text = None,
        staff: Text = None,
        station: Text = None,
        since: Text = None,
        until: Text = None,
    ) -> dict[str, Any]:
        raw, _ = await body_of(request)

        def work(conn: Connection, member: StaffMember) -> dict[str, Any]:
            query = audit_review.parse_query(person, staff, station, since, until)
            return {"entries": audit_review.search(conn, member, query, clock())}

        result: dict[str, Any] = await run_in_threadpool(as_staff, request, raw, work)
        return result

    @app.get("/v1/audit/verify")
    async def audit_verify(request: Request) -> dict[str, Any]:
        raw, _ = await body_of(request)
        result: dict[str, Any] = await run_in_threadpool(
            as_staff, request, raw, lambda conn, m: audit_review.verify(conn, m)
        )
        return result

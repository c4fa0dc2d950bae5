"""Fleet health routes: the stations' signed health reports and district IT's page.

- ``POST /v1/health-report`` (signed, :class:`HealthReport`) → :class:`HealthReceipt`;
- ``GET /fleet``: the fleet page (HTML), for logged-in district IT and district admins;
  anyone else is sent to the login form (303);
- ``GET /fleet/login``, ``POST /fleet/login`` (form: username, password): the staff
  password as at a station (same lockout), then an HttpOnly, SameSite=Strict session
  cookie; ``POST /fleet/logout`` ends the session.

Browser sessions are ordinary staff sessions bound to the pseudo-station
:data:`WEB_SESSION`: a token issued here is never accepted from a station, nor a
station's token here (station ids are UUIDs). No GET changes anything; POSTs from another
site are refused (``Origin``/``Sec-Fetch-Site``), besides the cookie being SameSite=Strict.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pydantic
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, Engine, delete

from hub_sync.protocol.health import HealthReceipt, HealthReport

from . import fleet, health_reports, staff
from .auth import StationContext
from .errors import HubRefusal
from .tables import staff_sessions

log = logging.getLogger("renshe.hub.fleet")

Work = Callable[[Connection, StationContext], Any]
Signed = Callable[[Request, bytes, Work], Any]
BodyOf = Callable[[Request], Awaitable[tuple[bytes, bytes]]]
Parse = Callable[[type[pydantic.BaseModel], bytes], Any]

WEB_SESSION = StationContext(id="web:fleet", org_code="", name="fleet page")
COOKIE = "renshe_fleet"
FLEET_ROLES = ("district_it", "district_admin")
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=_HEADERS)


def _redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303, headers=_HEADERS)


def _same_site(request: Request) -> bool:
    """False for a form posted from another site (a login or logout forged elsewhere).

    Browsers set ``Sec-Fetch-Site`` themselves (no page can forge it): trust it when
    present; else the ``Origin``, when there is one, must name this host."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def _form(body: bytes) -> dict[str, str]:
    try:
        fields = parse_qs(body.decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {k: v[0] for k, v in fields.items() if v}


def add_fleet_routes(
    app: FastAPI,
    *,
    engine: Engine,
    signed: Signed,
    body_of: BodyOf,
    parse: Parse,
    clock: Callable[[], datetime],
    settings: fleet.FleetSettings | None = None,
) -> None:
    """Mount the health report and the fleet page on ``app`` (called from ``create_app``)."""
    page_settings = settings or fleet.FleetSettings.from_environment()

    @app.post("/v1/health-report", response_model=HealthReceipt)
    async def health_report(request: Request) -> HealthReceipt:
        raw, body = await body_of(request)

        def work(conn: Connection, st: StationContext) -> HealthReceipt:
            report: HealthReport = parse(HealthReport, body)
            health_reports.record(conn, st.id, report, clock())
            return HealthReceipt(recorded=True)

        result: HealthReceipt = await run_in_threadpool(signed, request, raw, work)
        return result

    def member_for(token: str | None) -> staff.StaffMember | None:
        if not token:
            return None
        with engine.connect() as conn:
            try:
                member = staff.staff_for_token(conn, WEB_SESSION, f"Bearer {token}", clock())
            except HubRefusal:
                return None
        return member if member.role in FLEET_ROLES else None

    def page(token: str | None) -> Response:
        member = member_for(token)
        if member is None:
            return _redirect("/fleet/login")
        now = clock()
        with engine.connect() as conn:
            rows = fleet.fleet_rows(conn, now, page_settings)
        who = f"{member.full_name} ({member.username}, {member.role})"
        return _html(fleet.render_page(rows, now, page_settings, who))

    @app.get("/fleet", include_in_schema=False)
    async def fleet_page(request: Request) -> Response:
        result: Response = await run_in_threadpool(page, request.cookies.get(COOKIE))
        return result

    @app.get("/fleet/login", include_in_schema=False)
    async def login_form() -> Response:
        return _html(fleet.render_login())

    def log_in(form: dict[str, str], secure: bool) -> Response:
        username, password = form.get("username", ""), form.get("password", "")
        if not username or not password or len(username) > 50 or len(password) > 200:
            return _html(
                fleet.render_login("请输入用户名和密码 / enter username and password"), 400
            )
        refusal: HubRefusal | None = None
        # Committed even when refused: wrong passwords count towards the lockout.
        with engine.begin() as conn:
            try:
                done = staff.login(conn, WEB_SESSION, username, password, clock())
            except HubRefusal as e:
                refusal = e
            else:
                if done.staff.role not in FLEET_ROLES:
                    conn.execute(
                        delete(staff_sessions).where(
                            staff_sessions.c.token_hash
                            == hashlib.sha256(done.token.encode()).hexdigest()
                        )
                    )
                    refusal = HubRefusal(
                        "not_allowed",
                        "only district IT and district admins see the fleet page / "
                        "仅区信息科和区管理员可查看",
                        status=403,
                    )
        if refusal is not None:
            log.info("fleet login refused", extra={"username": username, "code": refusal.code})
            return _html(fleet.render_login(refusal.message), refusal.status)
        answer = _redirect("/fleet")
        answer.set_cookie(
            COOKIE,
            done.token,
            max_age=int(staff.SESSION.total_seconds()),
            path="/fleet",
            httponly=True,
            samesite="strict",
            secure=secure,
        )
        return answer

    def _secure(request: Request) -> bool:
        forwarded = request.headers.get("x-forwarded-proto", "")
        return request.url.scheme == "https" or forwarded.strip().lower() == "https"

    @app.post("/fleet/login", include_in_schema=False)
    async def login_submit(request: Request) -> Response:
        if not _same_site(request):
            return _html(fleet.render_login("cross-site request refused / 拒绝跨站请求"), 403)
        _raw, body = await body_of(request)
        result: Response = await run_in_threadpool(log_in, _form(body), _secure(request))
        return result

    def log_out(token: str | None) -> None:
        if not token:
            return
        with engine.begin() as conn:
            conn.execute(
                delete(staff_sessions).where(
                    staff_sessions.c.token_hash == hashlib.sha256(token.encode()).hexdigest(),
                    staff_sessions.c.station_id == WEB_SESSION.id,
                )
            )

    @app.post("/fleet/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        if not _same_site(request):
            return _html(fleet.render_login("cross-site request refused / 拒绝跨站请求"), 403)
        await run_in_threadpool(log_out, request.cookies.get(COOKIE))
        answer = _redirect("/fleet/login")
        answer.delete_cookie(COOKIE, path="/fleet", httponly=True, samesite="strict")
        return answer

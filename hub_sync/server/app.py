"""The hub's app factory: one FastAPI app over one database."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

import pydantic
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection, Engine, text, update
from sqlalchemy.exc import OperationalError
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub_sync import __version__, db
from hub_sync.model import utc_now
from hub_sync.protocol.compression import decode_body
from hub_sync.protocol.errors import BodyError
from hub_sync.protocol.health import HealthReport
from hub_sync.protocol.hlc import HybridLogicalClock
from hub_sync.protocol.integrity import (
    IntegrityRequest,
    IntegrityResponse,
    RecordsRequest,
    RecordsResponse,
    RecordVersions,
)
from hub_sync.protocol.messages import (
    PROTOCOL_VERSION,
    Cursor,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    Hello,
    HelloResponse,
    PullResponse,
    PushRequest,
    PushResponse,
)
from hub_sync.protocol.publication import PublicationReport
from hub_sync.protocol.signing import H_PROTOCOL

from . import conflicts as conflict_store
from . import integrity as checks
from . import lookup as lookups
from . import pull as pulling
from . import push as pushing
from . import staff, state, stations
from .audit_routes import add_audit_routes
from .auth import StationContext, authenticate
from .compress import CompressionMiddleware
from .errors import HubRefusal
from .fleet_routes import add_fleet_routes
from .limits import InFlightLimit
from .publication_routes import add_publication_routes
from .report_routes import add_report_routes
from .settings import HubSettings
from .tables import hub_stations

log = logging.getLogger("renshe.hub")
HUB_TIME_HEADER = "X-Renshe-Hub-Time"


def _error(status: int, code: str, message: str, detail: Any = None) -> JSONResponse:
    body = ErrorBody(code=code, message=message, detail=detail).model_dump(exclude_none=True)
    return JSONResponse(status_code=status, content=body)


def _serialised(message: pydantic.BaseModel, *, exclude_none: bool = False) -> Response:
    """A protocol message as it goes on the wire, serialised once by pydantic (a returned
    model would be validated again field by field by FastAPI's response handling)."""
    return Response(
        message.model_dump_json(exclude_none=exclude_none), media_type="application/json"
    )


def _nul_at(value: Any, at: list[Any] | None = None) -> list[Any] | None:
    """The path to the first string (or key) holding a NUL character, if any."""
    at = at or []
    if isinstance(value, str):
        return at if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                return [*at, key]
            found = _nul_at(item, [*at, key])
            if found is not None:
                return found
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = _nul_at(item, [*at, i])
            if found is not None:
                return found
    return None


class HubTimeMiddleware:
    """Every answer says the hub's time, so stations can sign with hub-corrected time.

    Plain ASGI rather than ``@app.middleware``: that wrapper costs a task per request.
    """

    def __init__(self, app: ASGIApp, clock: Callable[[], datetime]) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(
                    HUB_TIME_HEADER, str(int(self.clock().timestamp() * 1000))
                )
            await send(message)

        await self.app(scope, receive, send_with_time)


class NonceSweep:
    """Forget old nonces once a minute, not on every request."""

    def __init__(self, settings: HubSettings) -> None:
        self.settings = settings
        self.last: datetime | None = None
        self.lock = threading.Lock()

    def due(self, now: datetime) -> bool:
        with self.lock:
            if self.last is not None and (now - self.last).total_seconds() < 60:
                return False
            self.last = now
            return True


def create_app(
    settings: HubSettings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    engine = engine or db.make_engine(settings.database_url)
    db.require_migrated(engine)  # never serve on a database this hub did not migrate
    db.warm_pool(engine)
    app = FastAPI(title="RenShe district hub 人社区级中心", version=__version__)
    app.add_middleware(CompressionMiddleware)
    # Before any work, yet inside the hub-time stamp: a 429 still tells the station's clock.
    app.add_middleware(InFlightLimit, limit=settings.max_in_flight)
    app.add_middleware(HubTimeMiddleware, clock=clock)
    app.state.engine = engine
    sweep = NonceSweep(settings)
    # The hub's hybrid logical clock (one per process: the node names the worker).
    hub_clock = HybridLogicalClock(
        f"hub.{os.getpid()}", wall_ms=lambda: int(clock().timestamp() * 1000)
    )

    @app.exception_handler(HubRefusal)
    async def refused(_request: Request, e: HubRefusal) -> JSONResponse:
        return _error(e.status, e.code, e.message, e.detail)

    @app.exception_handler(BodyError)
    async def bad_body(_request: Request, e: BodyError) -> JSONResponse:
        return _error(413 if e.code == "body_too_large" else 400, e.code, str(e))

    @app.exception_handler(OperationalError)
    async def database_trouble(_request: Request, e: OperationalError) -> JSONResponse:
        # The database went away (restarted, a dropped connection): nothing of the request
        # was committed; the pool is renewed and the station tries again a little later.
        log.warning("database unavailable", extra={"error": str(e.orig)[:200]})
        answer = _error(503, "hub_unavailable", "the hub's database is unavailable; retry later")
        answer.headers["Retry-After"] = "5"
        return answer

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, e: RequestValidationError) -> JSONResponse:
        return _error(
            422,
            "invalid_request",
            "the request does not match the protocol",
            [{"at": list(x["loc"]), "problem": x["msg"]} for x in e.errors()],
        )

    async def body_of(request: Request) -> tuple[bytes, bytes]:
        raw = await request.body()
        if len(raw) > settings.max_body_bytes:
            raise BodyError("body_too_large", f"request body over {settings.max_body_bytes} bytes")
        encoding = request.headers.get("content-encoding")
        return raw, decode_body(raw, encoding, max_size=settings.max_body_bytes)

    def parse(model: type[pydantic.BaseModel], data: bytes) -> Any:
        try:
            parsed = model.model_validate_json(data)
        except pydantic.ValidationError as e:
            problems = [{"at": list(x["loc"]), "problem": x["msg"]} for x in e.errors()[:20]]
            raise HubRefusal(
                "invalid_request",
                f"the body is not a valid {model.__name__}",
                detail=problems,
                status=422,
            ) from e
        # In JSON a NUL can only arrive as the escape \u0000: walk the body only then.
        where = _nul_at(parsed.model_dump()) if b"\\u0000" in data else None
        if where is not None:  # no database stores NUL in text; say so instead of failing
            raise HubRefusal(
                "invalid_request",
                "text must not contain NUL characters",
                detail=[{"at": where, "problem": "NUL character"}],
                status=422,
            )
        return parsed

    def signed(
        request: Request, raw: bytes, work: Callable[[Connection, StationContext], Any]
    ) -> Any:
        # The path exactly as the station sent and signed it, escapes and all.
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        query = request.scope.get("query_string", b"")
        path = (raw_path + (b"?" + query if query else b"")).decode("latin-1")
        now = clock()
        version = request.headers.get(H_PROTOCOL)
        if version is not None and version.strip() != str(PROTOCOL_VERSION):
            raise HubRefusal(
                "protocol_unsupported",
                f"this hub speaks protocol {PROTOCOL_VERSION}",
                detail={"supported": [PROTOCOL_VERSION]},
                status=426,
            )
        with engine.begin() as conn:
            station = authenticate(
                conn,
                settings,
                headers=request.headers,
                method=request.method,
                path=path,
                body=raw,
                now=now,
                sweep_nonces=sweep.due(now),
            )
            return work(conn, station)

    def signed_committing(
        request: Request, raw: bytes, work: Callable[[Connection, StationContext], Any]
    ) -> Any:
        """Like ``signed``, but what ``work`` wrote stays even when it refuses (a failed
        login must count towards the lockout)."""
        refusal: list[HubRefusal] = []

        def keep(conn: Connection, station: StationContext) -> Any:
            try:
                return work(conn, station)
            except HubRefusal as e:
                refusal.append(e)
                return None

        result = signed(request, raw, keep)
        if refusal:
            raise refusal[0]
        return result

    def push_request(body: bytes) -> PushRequest:
        req: PushRequest = parse(PushRequest, body)
        if len(req.ops) > settings.max_ops_per_push:
            raise HubRefusal(
                "invalid_request",
                f"at most {settings.max_ops_per_push} ops in one push",
                detail={"max_ops": settings.max_ops_per_push},
                status=422,
            )
        return req

    @app.get("/health")
    def health() -> JSONResponse:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
                epoch = state.epoch(conn)
            revision = db.current_revision(engine)
        except Exception as e:  # the whole point is to report it
            return JSONResponse(status_code=503, content={"status": "error", "database": str(e)})
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "protocol": PROTOCOL_VERSION,
                "database": engine.dialect.name,
                "schema": revision,
                "epoch": epoch,
            }
        )

    @app.post("/v1/enrol", response_model=EnrolResponse, response_model_exclude_none=True)
    async def enrol(request: Request) -> EnrolResponse:
        _raw, body = await body_of(request)
        req = parse(EnrolRequest, body)

        def work() -> EnrolResponse:
            with engine.begin() as conn:
                return stations.enrol(conn, req, now=clock())

        return await run_in_threadpool(work)

    @app.post("/v1/hello", response_model=HelloResponse, response_model_exclude_none=True)
    async def hello(request: Request) -> HelloResponse:
        raw, body = await body_of(request)
        msg: Hello = parse(Hello, body)
        if PROTOCOL_VERSION not in msg.protocol_versions:
            raise HubRefusal(
                "protocol_unsupported",
                f"this hub speaks protocol {PROTOCOL_VERSION}",
                detail={"supported": [PROTOCOL_VERSION]},
                status=426,
            )

        def work(conn: Connection, station: StationContext) -> HelloResponse:
            now = clock()
            try:
                offset = int(
                    (datetime.fromisoformat(msg.station_clock) - now).total_seconds() * 1000
                )
            except (ValueError, TypeError) as e:
                raise HubRefusal(
                    "invalid_request", "station_clock is not an ISO time", status=422
                ) from e
            conn.execute(
                update(hub_stations)
                .where(hub_stations.c.id == station.id)
                .values(clock_offset_ms=offset, client_version=msg.client_version)
            )
            warning = None
            if abs(offset) > settings.clock_warning.total_seconds() * 1000:
                warning = (
                    f"station clock is off by {offset / 60000:+.0f} minutes; "
                    "correct the PC's time / 本机时钟偏差过大，请校准"
                )
            return HelloResponse(
                protocol=PROTOCOL_VERSION,
                hub_time=now.isoformat(),
                epoch=state.epoch(conn),
                clock_offset_ms=offset,
                clock_warning=warning,
            )

        return await run_in_threadpool(signed, request, raw, work)

    @app.post("/v1/push", response_model=PushResponse, response_model_exclude_none=True)
    async def push(request: Request) -> Response:
        raw, body = await body_of(request)
        answer = await run_in_threadpool(
            signed,
            request,
            raw,
            lambda conn, st: pushing.push(conn, st, push_request(body), clock(), hub_clock),
        )
        return _serialised(answer, exclude_none=True)

    @app.get("/v1/pull", response_model=PullResponse)
    async def pull(request: Request, epoch: str, seq: int, limit: int | None = None) -> Response:
        raw, _ = await body_of(request)
        size = max(1, min(limit or settings.pull_page_default, settings.pull_page_max))
        cursor = parse(Cursor, json.dumps({"epoch": epoch, "seq": seq}).encode())
        answer = await run_in_threadpool(
            signed, request, raw, lambda conn, st: pulling.pull(conn, st, cursor, size)
        )
        return _serialised(answer)

    @app.post("/v1/integrity", response_model=IntegrityResponse)
    async def integrity(request: Request) -> IntegrityResponse:
        raw, body = await body_of(request)
        return await run_in_threadpool(
            signed,
            request,
            raw,
            lambda conn, st: checks.compare(conn, st, parse(IntegrityRequest, body)),
        )

    @app.get("/v1/integrity/{table}", response_model=RecordVersions)
    async def integrity_versions(
        table: str, request: Request, epoch: str, seq: int
    ) -> RecordVersions:
        raw, _ = await body_of(request)
        return await run_in_threadpool(
            signed,
            request,
            raw,
            lambda conn, st: checks.record_versions(conn, st, table, epoch, seq),
        )

    @app.post("/v1/records", response_model=RecordsResponse)
    async def fetch_records(request: Request) -> RecordsResponse:
        raw, body = await body_of(request)

        def work(conn: Connection, st: StationContext) -> RecordsResponse:
            req: RecordsRequest = parse(RecordsRequest, body)
            return checks.records(conn, st, req.table, req.ids)

        return await run_in_threadpool(signed, request, raw, work)

    @app.post("/v1/login")
    async def login(request: Request) -> dict[str, Any]:
        raw, body = await body_of(request)

        def work(conn: Connection, st: StationContext) -> dict[str, Any]:
            creds = parse(LoginRequest, body)
            done = staff.login(conn, st, creds.username, creds.password, clock())
            return {
                "token": done.token,
                "expires_at": done.expires_at.isoformat(),
                "staff": asdict(done.staff),
                "verifier": done.verifier,
            }

        return await run_in_threadpool(signed_committing, request, raw, work)

    def as_staff(
        request: Request, raw: bytes, work: Callable[[Connection, staff.StaffMember], Any]
    ) -> Any:
        def inner(conn: Connection, st: StationContext) -> Any:
            member = staff.staff_for_token(conn, st, request.headers.get("authorization"), clock())
            return work(conn, member)

        return signed(request, raw, inner)

    @app.get("/v1/conflicts")
    async def open_conflicts(request: Request) -> Response:
        raw, _ = await body_of(request)
        answer = await run_in_threadpool(
            as_staff, request, raw, lambda conn, m: conflict_store.open_json(conn, m)
        )
        return Response(answer, media_type="application/json")

    @app.post("/v1/conflicts/{conflict_id}/resolve")
    async def resolve_conflict(conflict_id: str, request: Request) -> dict[str, Any]:
        raw, body = await body_of(request)

        def work(conn: Connection, member: staff.StaffMember) -> dict[str, Any]:
            decision = parse(Resolution, body)
            version = conflict_store.resolve(
                conn,
                member,
                conflict_id,
                choice=decision.choice,
                values=decision.values,
                reason=decision.reason,
                now=clock(),
            )
            return {"status": "resolved", "version": version}

        return await run_in_threadpool(as_staff, request, raw, work)

    @app.get("/v1/lookup")
    async def city_lookup(request: Request, q: str) -> dict[str, Any]:
        raw, _ = await body_of(request)
        found = await run_in_threadpool(
            as_staff, request, raw, lambda conn, m: lookups.lookup(conn, m, q, clock())
        )
        return {"persons": found}

    add_publication_routes(app, signed=signed, body_of=body_of, parse=parse, clock=clock)
    add_audit_routes(app, as_staff=as_staff, body_of=body_of, clock=clock)
    add_report_routes(app, as_staff=as_staff, body_of=body_of, clock=clock)
    add_fleet_routes(app, engine=engine, signed=signed, body_of=body_of, parse=parse, clock=clock)
    _describe_bodies(app)
    return app


# The routes read raw bytes (they are signed as sent), so FastAPI cannot see what each
# expects; say it in the OpenAPI document so other teams and schema fuzzers know.
_BODIES = {
    ("/v1/enrol", "post"): "EnrolRequest",
    ("/v1/hello", "post"): "Hello",
    ("/v1/push", "post"): "PushRequest",
    ("/v1/login", "post"): "LoginRequest",
    ("/v1/conflicts/{conflict_id}/resolve", "post"): "Resolution",
    ("/v1/integrity", "post"): "IntegrityRequest",
    ("/v1/records", "post"): "RecordsRequest",
    ("/v1/publications/reports", "post"): "PublicationReport",
    ("/v1/health-report", "post"): "HealthReport",
}


def _describe_bodies(app: FastAPI) -> None:
    from fastapi.openapi.utils import get_openapi

    models: dict[str, type[pydantic.BaseModel]] = {
        "EnrolRequest": EnrolRequest,
        "Hello": Hello,
        "PushRequest": PushRequest,
        "LoginRequest": LoginRequest,
        "Resolution": Resolution,
        "IntegrityRequest": IntegrityRequest,
        "RecordsRequest": RecordsRequest,
        "PublicationReport": PublicationReport,
        "HealthReport": HealthReport,
    }

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        for (path, method), name in _BODIES.items():
            schema = models[name].model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(schema.pop("$defs", {}))
            components[name] = schema
            doc["paths"][path][method]["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                },
            }
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


class LoginRequest(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    username: str = pydantic.Field(min_length=1, max_length=50)
    password: str = pydantic.Field(min_length=1, max_length=200)


class Resolution(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    choice: Literal["hub", "station", "merged"]
    values: dict[str, Any] | None = None
    reason: str = pydantic.Field(min_length=1, max_length=500)

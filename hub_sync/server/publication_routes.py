"""The publication endpoints: what a station is offered, the payloads, its reports.

Mounted by the app factory with the same helpers every signed endpoint uses, so these
requests are authenticated, replay-checked and bounded exactly like a push or a pull:

- ``GET /v1/publications`` → :class:`PublicationOffer`;
- ``GET /v1/publications/{kind}/{version}/payload`` → :class:`PublicationPayload`;
- ``POST /v1/publications/reports`` (:class:`PublicationReport`) → :class:`ReportReceipt`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

import pydantic
from fastapi import FastAPI, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import Connection

from hub_sync.protocol.publication import (
    KINDS,
    MAX_VERSION,
    PublicationOffer,
    PublicationPayload,
    PublicationReport,
    ReportReceipt,
)

from . import publications
from .auth import StationContext
from .errors import HubRefusal

Work = Callable[[Connection, StationContext], Any]
Signed = Callable[[Request, bytes, Work], Any]
BodyOf = Callable[[Request], Awaitable[tuple[bytes, bytes]]]
Parse = Callable[[type[pydantic.BaseModel], bytes], Any]


def _json(message: pydantic.BaseModel) -> Response:
    # Serialised once: a payload answer is megabytes of base64 that FastAPI would
    # otherwise validate again.
    return Response(message.model_dump_json(), media_type="application/json")


def add_publication_routes(
    app: FastAPI,
    *,
    signed: Signed,
    body_of: BodyOf,
    parse: Parse,
    clock: Callable[[], datetime],
) -> None:
    """Mount the publication endpoints on ``app`` (called from ``create_app``)."""

    @app.get("/v1/publications", response_model=PublicationOffer)
    async def publication_offer(request: Request) -> Response:
        raw, _ = await body_of(request)
        offer = await run_in_threadpool(
            signed, request, raw, lambda conn, st: publications.offer_for(conn, st.id)
        )
        return _json(offer)

    @app.get("/v1/publications/{kind}/{version}/payload", response_model=PublicationPayload)
    async def publication_payload(
        kind: str,
        version: Annotated[int, PathParam(ge=1, le=MAX_VERSION)],
        request: Request,
    ) -> Response:
        raw, _ = await body_of(request)

        def work(conn: Connection, st: StationContext) -> PublicationPayload:
            if kind not in KINDS:
                raise HubRefusal(
                    "unknown_publication", f"{kind[:40]!r} is not a kind of publication", status=404
                )
            return publications.payload_for(conn, st.id, kind, version)

        return _json(await run_in_threadpool(signed, request, raw, work))

    @app.post("/v1/publications/reports", response_model=ReportReceipt)
    async def publication_report(request: Request) -> ReportReceipt:
        raw, body = await body_of(request)

        def work(conn: Connection, st: StationContext) -> ReportReceipt:
            report: PublicationReport = parse(PublicationReport, body)
            publications.record_report(conn, st.id, report, clock())
            return ReportReceipt(recorded=True)

        result: ReportReceipt = await run_in_threadpool(signed, request, raw, work)
        return result

"""Load shedding: past a number of requests in flight, the hub answers 429 at once.

A hub that accepts everything when a whole district reconnects at 8 a.m. gets slower
for everybody; one that says "come back in a few seconds" (``Retry-After``, with some
spread so the stations do not all return together) stays fast for those it serves.
``/health`` is never shed: monitoring must see a busy hub as up.
"""

from __future__ import annotations

import json
import random

from starlette.types import ASGIApp, Receive, Scope, Send

RETRY_AFTER_MIN = 2  # seconds
RETRY_AFTER_MAX = 10


class InFlightLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0  # touched only on the event loop's thread

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == "/health":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await _busy(send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


async def _busy(send: Send) -> None:
    body = json.dumps(
        {"code": "hub_busy", "message": "the hub is busy; retry after the time it gives"}
    ).encode()
    retry = random.randint(RETRY_AFTER_MIN, RETRY_AFTER_MAX)  # spread the returns
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

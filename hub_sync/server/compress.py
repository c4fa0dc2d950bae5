"""Compressing the hub's answers: zstd when the client accepts it, else gzip.

Starlette's own middleware speaks gzip only. Answers are JSON of bounded size (a pull
page at most), so the body is gathered, compressed once and sent with its length.
"""

from __future__ import annotations

import gzip

import zstandard
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MINIMUM_SIZE = 512  # smaller answers are not worth the CPU on either side
GZIP_LEVEL = 6  # nearly the size of level 9 at less than half the CPU on a pull page
ZSTD_LEVEL = 3


def chosen_encoding(accept_encoding: str) -> str | None:
    """``zstd`` or ``gzip`` as the request's ``Accept-Encoding`` allows (``q=0`` refuses
    a coding), preferring zstd; ``None`` for neither."""
    accepted: set[str] = set()
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            accepted.add(name.strip())
    if "zstd" in accepted:
        return "zstd"
    if "gzip" in accepted or "x-gzip" in accepted or "*" in accepted:
        return "gzip"
    return None


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "zstd":
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(body)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


class CompressionMiddleware:
    def __init__(self, app: ASGIApp, minimum_size: int = MINIMUM_SIZE) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        encoding = chosen_encoding(Headers(scope=scope).get("accept-encoding", ""))
        if encoding is None:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def gathering_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = MutableHeaders(raw=start["headers"])
            if len(body) >= self.minimum_size and "content-encoding" not in headers:
                body = compress(body, encoding)
                headers["Content-Encoding"] = encoding
                headers["Content-Length"] = str(len(body))
                headers.add_vary_header("Accept-Encoding")
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, gathering_send)

"""Benchmark-side hub clients: signed requests as a station sends them, and byte counting.

Benchmarks do not import the tests package, so this is a small client of its own. It
signs exactly as a station does (``renshe-sync/1``) and sends the same headers as the
station's ``HubClient`` (``Accept-Encoding: gzip``, ``User-Agent: renshe-station``, gzip
bodies above 1 KiB), so what is measured is what a station would cause.
"""

from __future__ import annotations

import http.client
import io
import json
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from hub_sync.protocol.compression import encode_body
from hub_sync.protocol.messages import PROTOCOL_VERSION
from hub_sync.protocol.signing import H_PROTOCOL, StationKey, sign_request

COMPRESS_ABOVE = 1024  # as the station client: smaller bodies go as they are
BASE_HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "renshe-station"}


@dataclass(frozen=True)
class SignedRequest:
    """One request ready to send: the signature is taken when it is made."""

    method: str
    path: str
    body: bytes
    headers: dict[str, str]


@dataclass
class BenchStation:
    hub: str
    station_id: str
    key: StationKey
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def __post_init__(self) -> None:
        self.session.headers.update(BASE_HEADERS)

    @classmethod
    def enrol(cls, hub: str, code: str) -> BenchStation:
        key = StationKey.generate()
        session = requests.Session()
        r = session.post(
            f"{hub}/v1/enrol",
            json={"code": code, "public_key": key.public_key_b64(), "client_version": "bench"},
            timeout=30,
        )
        if r.status_code != 200:
            raise RuntimeError(f"enrolment refused: {r.status_code} {r.text[:300]}")
        return cls(hub, r.json()["station_id"], key, session)

    def close(self) -> None:
        self.session.close()

    def reconnect(self) -> None:
        """A fresh session: the next request opens a new connection."""
        self.session.close()
        self.session = requests.Session()
        self.session.headers.update(BASE_HEADERS)

    # -- building signed requests -------------------------------------------------------
    def signed(self, method: str, path: str, payload: Any = None) -> SignedRequest:
        """Serialise, compress above 1 KiB (gzip, as the station does) and sign."""
        headers = {H_PROTOCOL: str(PROTOCOL_VERSION)}
        body = b""
        if payload is not None:
            raw = (
                payload
                if isinstance(payload, bytes)
                else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
            )
            encoding = "gzip" if len(raw) > COMPRESS_ABOVE else None
            body = encode_body(raw, encoding)
            headers["Content-Type"] = "application/json"
            if encoding:
                headers["Content-Encoding"] = encoding
        headers.update(
            sign_request(
                self.key,
                station_id=self.station_id,
                method=method,
                path=path,
                body=body,
                timestamp_ms=int(time.time() * 1000),
            )
        )
        return SignedRequest(method, path, body, headers)

    def push_request(self, ops: list[dict[str, Any]]) -> SignedRequest:
        return self.signed("POST", "/v1/push", {"ops": ops})

    def pull_request(self, epoch: str, seq: int, limit: int) -> SignedRequest:
        query = urlencode({"epoch": epoch, "seq": seq, "limit": limit})
        return self.signed("GET", f"/v1/pull?{query}")

    def hello_request(self) -> SignedRequest:
        return self.signed(
            "POST",
            "/v1/hello",
            {
                "protocol_versions": [PROTOCOL_VERSION],
                "client_version": "bench",
                "station_clock": datetime.now(UTC).isoformat(),
            },
        )

    # -- sending --------------------------------------------------------------------------
    def send(self, req: SignedRequest, timeout: float = 120) -> requests.Response:
        return self.session.request(
            req.method,
            self.hub + req.path,
            data=req.body or None,
            headers=req.headers,
            timeout=timeout,
        )

    def push(self, ops: list[dict[str, Any]]) -> requests.Response:
        return self.send(self.push_request(ops))

    def pull(self, epoch: str, seq: int, limit: int) -> requests.Response:
        return self.send(self.pull_request(epoch, seq, limit))


# -- exact bytes on the wire --------------------------------------------------------------
class _CountingRaw(io.RawIOBase):
    """The receiving side of a socket, counting every byte read from it."""

    def __init__(self, sock: socket.socket, counter: ByteCounter) -> None:
        self._sock = sock
        self._counter = counter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._sock.recv_into(buffer)
        self._counter.received += n
        return n


class _CountingSocket:
    """Enough of a socket for ``http.client``: sendall and makefile are counted."""

    def __init__(self, sock: socket.socket, counter: ByteCounter) -> None:
        self._sock = sock
        self._counter = counter

    def sendall(self, data: bytes) -> None:
        self._counter.sent += len(data)
        self._sock.sendall(data)

    def makefile(self, mode: str, *args: Any, **kwargs: Any) -> io.BufferedReader:
        if "r" not in mode:  # pragma: no cover - http.client only reads through makefile
            raise ValueError(mode)
        return io.BufferedReader(_CountingRaw(self._sock, self._counter))

    def close(self) -> None:
        self._sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


@dataclass
class ByteCounter:
    sent: int = 0
    received: int = 0


class CountingConnection(http.client.HTTPConnection):
    """An HTTP/1.1 connection that counts the bytes of requests and responses
    (request line, headers and body; status line, headers and body), TCP/IP excluded."""

    def __init__(self, base_url: str, timeout: float = 30) -> None:
        parts = urlsplit(base_url)
        super().__init__(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
        self.counter = ByteCounter()

    def connect(self) -> None:
        super().connect()
        self.sock = _CountingSocket(self.sock, self.counter)

    def exchange(self, req: SignedRequest) -> tuple[int, bytes, int, int]:
        """Send one request; (status, body as received, bytes sent, bytes received)."""
        before = (self.counter.sent, self.counter.received)
        headers = {**BASE_HEADERS, "Accept": "*/*", "Connection": "keep-alive", **req.headers}
        self.request(req.method, req.path, body=req.body or None, headers=headers)
        response = self.getresponse()
        body = response.read()  # as received: http.client does not decompress
        return (
            response.status,
            body,
            self.counter.sent - before[0],
            self.counter.received - before[1],
        )


# -- many stations at once, cheaply ------------------------------------------------------------
@dataclass(frozen=True)
class RawAnswer:
    status: int
    body: bytes  # decompressed
    seconds: float  # from opening the connection to the last byte of the answer


def raw_request(req: SignedRequest, hub: str) -> bytes:
    """The request's bytes on the wire (HTTP/1.1, one request per connection), with the
    headers a station sends."""
    host = urlsplit(hub).netloc
    lines = [f"{req.method} {req.path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in {**BASE_HEADERS, **req.headers}.items()]
    lines.append(f"Content-Length: {len(req.body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + req.body


async def _exchange(host: str, port: int, data: bytes, timeout: float) -> RawAnswer:
    import asyncio
    import gzip

    start = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(data)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout)  # the hub closes after it
    finally:
        writer.close()
    seconds = time.perf_counter() - start
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    if headers.get("transfer-encoding") == "chunked":
        raise RuntimeError("a chunked answer: not expected from the hub for a push")
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return RawAnswer(int(lines[0].split()[1]), body, seconds)


def send_at_once(hub: str, requests_: list[bytes], timeout: float = 60) -> list[RawAnswer]:
    """Every request on a new connection of its own, all started at the same moment.

    One event loop drives them all: the simulated stations cost the machine next to
    nothing, so what is measured is the hub (300 threads of ``requests`` would take a
    good part of a 2-core machine themselves).
    """
    import asyncio

    parts = urlsplit(hub)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80

    async def all_of_them() -> list[RawAnswer]:
        return list(
            await asyncio.gather(*(_exchange(host, port, data, timeout) for data in requests_))
        )

    return asyncio.run(all_of_them())

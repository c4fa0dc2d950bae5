"""The hub's HTTP API as typed calls: signed, compressed, and translated into our errors.

Every request a station sends is signed (``renshe-sync/1``) with a timestamp on the
*hub's* clock: the local clock plus the offset learned from the ``X-Renshe-Hub-Time``
header of every answer. A station whose clock is a day off therefore still syncs; its
first request is answered ``stale_request``, the offset is corrected from that answer
and the request is signed and sent once more (``hello`` still reports the raw offset,
so the clerk is told to fix the PC's clock).
"""

from __future__ import annotations

import email.utils
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlencode

import pydantic
import requests

from hub_sync.model import utc_now
from hub_sync.protocol.compression import decode_body, encode_body
from hub_sync.protocol.errors import BodyError
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
    Message,
    PullResponse,
    PushRequest,
    PushResponse,
)
from hub_sync.protocol.signing import H_PROTOCOL, StationKey, sign_request

from .errors import BadResponse, HubRefused, Offline, RetryLater, SyncError, refused

HUB_TIME_HEADER = "X-Renshe-Hub-Time"
COMPRESS_ABOVE = 1024  # bytes of JSON; smaller bodies are sent as they are
DEFAULT_TIMEOUT = (5.0, 60.0)  # connect, read (seconds)
MAX_RETRY_AFTER = 3600.0

R = TypeVar("R", bound=Message)


@dataclass(frozen=True)
class Credentials:
    station_id: str
    key: StationKey


class HubClock:
    """The hub's time as this station best knows it: local clock + learned offset."""

    def __init__(self, clock: Callable[[], datetime] = utc_now, offset_ms: int = 0) -> None:
        self._clock = clock
        self._offset_ms = offset_ms
        self._lock = threading.Lock()

    @property
    def offset_ms(self) -> int:
        """Hub time minus local time, in milliseconds."""
        return self._offset_ms

    def local(self) -> datetime:
        return self._clock()

    def local_ms(self) -> int:
        return int(self._clock().timestamp() * 1000)

    def hub_ms(self) -> int:
        return self.local_ms() + self._offset_ms

    def learn(self, hub_ms: int, sent_ms: int, received_ms: int) -> None:
        """The hub stamped its answer between our send and receipt: take the midpoint."""
        with self._lock:
            self._offset_ms = hub_ms - (sent_ms + received_ms) // 2


MAX_ANSWER_BYTES = 64 * 1024 * 1024  # decompressed; a pull page is far smaller


def _content(response: requests.Response) -> bytes:
    """The answer's body. ``requests`` decodes gzip itself; zstd is decoded here, with
    the same cap on the decompressed size as the hub applies to requests."""
    if response.headers.get("Content-Encoding", "").strip().lower() != "zstd":
        return response.content
    try:
        return decode_body(response.content, "zstd", max_size=MAX_ANSWER_BYTES)
    except BodyError as e:
        raise BadResponse(f"the hub's zstd answer is not valid: {e}") from e


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


class HubClient:
    """One hub, one ``requests.Session``. Thread-compatible, not thread-safe: one user."""

    def __init__(
        self,
        base_url: str,
        *,
        credentials: Credentials | None = None,
        clock: HubClock | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.clock = clock or HubClock()
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers.update(
            {"Accept-Encoding": "zstd, gzip", "User-Agent": "renshe-station"}
        )

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the API ---------------------------------------------------------------
    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        return self._call("POST", "/v1/enrol", EnrolResponse, body=request, signed=False)

    def hello(self, client_version: str) -> HelloResponse:
        raw_clock = self.clock.local().astimezone(UTC).isoformat()
        hello = Hello(
            protocol_versions=[PROTOCOL_VERSION],
            client_version=client_version,
            station_clock=raw_clock,
        )
        return self._call("POST", "/v1/hello", HelloResponse, body=hello)

    def push(self, request: PushRequest) -> PushResponse:
        return self._call("POST", "/v1/push", PushResponse, body=request)

    def pull(self, cursor: Cursor, limit: int) -> PullResponse:
        query = urlencode({"epoch": cursor.epoch, "seq": cursor.seq, "limit": limit})
        return self._call("GET", f"/v1/pull?{query}", PullResponse)

    def call(
        self,
        method: str,
        path: str,
        answer: type[R],
        *,
        body: Message | None = None,
        token: str | None = None,
    ) -> R:
        """A signed call of an endpoint without a method of its own here (login, the
        staff endpoints with a login ``token``)."""
        return self._call(method, path, answer, body=body, token=token)

    def integrity(self, request: IntegrityRequest) -> IntegrityResponse:
        return self._call("POST", "/v1/integrity", IntegrityResponse, body=request)

    def record_versions(self, table: str, cursor: Cursor) -> RecordVersions:
        query = urlencode({"epoch": cursor.epoch, "seq": cursor.seq})
        return self._call("GET", f"/v1/integrity/{table}?{query}", RecordVersions)

    def records(self, table: str, ids: list[str]) -> RecordsResponse:
        body = RecordsRequest(table=table, ids=ids)
        return self._call("POST", "/v1/records", RecordsResponse, body=body)

    # -- plumbing --------------------------------------------------------------
    def _call(
        self,
        method: str,
        path: str,
        answer: type[R],
        *,
        body: Message | None = None,
        signed: bool = True,
        token: str | None = None,
    ) -> R:
        payload = body.model_dump_json().encode("utf-8") if body is not None else b""
        encoding = "gzip" if len(payload) > COMPRESS_ABOVE else None
        wire = encode_body(payload, encoding)
        for attempt in (1, 2):
            response = self._send(method, path, wire, encoding, signed, token)
            if response.status_code < 300:
                try:
                    return answer.model_validate_json(_content(response))
                except pydantic.ValidationError as e:
                    raise BadResponse(f"{path}: not a {answer.__name__}: {e}") from e
            error = self._error(response)
            # Our corrected time was still too far from the hub's: the offset has just
            # been learned again from this very answer, so one more try is enough.
            if attempt == 1 and signed and getattr(error, "code", None) == "stale_request":
                self._learn_from_detail(error)
                continue
            raise error
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(
        self,
        method: str,
        path: str,
        wire: bytes,
        encoding: str | None,
        signed: bool,
        token: str | None = None,
    ) -> requests.Response:
        headers = {H_PROTOCOL: str(PROTOCOL_VERSION)}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if method == "POST":
            headers["Content-Type"] = "application/json"
        if encoding:
            headers["Content-Encoding"] = encoding
        request = requests.Request(method, self.base_url + path, data=wire or None, headers=headers)
        try:
            prepared = self.session.prepare_request(request)
        except requests.RequestException as e:
            raise SyncError(f"bad hub address {self.base_url!r}: {e}", "区级中心地址有误") from e
        if signed:
            if self.credentials is None:
                raise SyncError("a signed request needs the station's key", "本站尚未注册")
            prepared.headers.update(
                sign_request(
                    self.credentials.key,
                    station_id=self.credentials.station_id,
                    method=method,
                    # The request target exactly as sent, query string included.
                    path=prepared.path_url,
                    body=wire,
                    timestamp_ms=self.clock.hub_ms(),
                )
            )
        sent_ms = self.clock.local_ms()
        try:
            response = self.session.send(prepared, timeout=self.timeout)
        except requests.Timeout as e:
            raise Offline(self.base_url, "no answer in time") from e
        except requests.ConnectionError as e:
            raise Offline(self.base_url, f"connection failed: {type(e).__name__}") from e
        except requests.RequestException as e:
            raise Offline(self.base_url, f"transfer failed: {e}") from e
        hub_time = response.headers.get(HUB_TIME_HEADER)
        if hub_time and hub_time.isdigit():
            self.clock.learn(int(hub_time), sent_ms, self.clock.local_ms())
        return response

    def _learn_from_detail(self, error: SyncError) -> None:
        detail = getattr(error, "detail", None)
        if isinstance(detail, dict) and isinstance(detail.get("hub_time_ms"), int):
            now = self.clock.local_ms()
            self.clock.learn(detail["hub_time_ms"], now, now)

    def _error(self, response: requests.Response) -> SyncError:
        status = response.status_code
        if status in (429, 503):
            return RetryLater(_retry_after(response.headers.get("Retry-After")), status)
        if status in (502, 504):  # a proxy in front of the hub: the hub itself is away
            return Offline(self.base_url, f"gateway answered HTTP {status}")
        try:
            body = ErrorBody.model_validate_json(_content(response))
        except pydantic.ValidationError:
            text = response.text[:200] if response.content else ""
            return HubRefused(f"http_{status}", text or response.reason or "", status)
        return refused(body.code, body.message, status, body.detail)

"""The agent in the background, its backoff, and answers that are not the protocol."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from sqlalchemy import select

from hub_sync.model import Person, utc_now
from hub_sync.protocol.signing import StationKey
from station_client.sync import (
    Backoff,
    BadResponse,
    HubRefused,
    Offline,
    Phase,
    RetryLater,
    SyncAgent,
)
from station_client.sync.agent import HELLO_EVERY
from station_client.sync.client import Credentials, HubClient, HubClock
from station_client.sync.identity import set_hub_url


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def test_the_background_agent_syncs_on_start_and_on_demand_and_stops(hub, make_station):
    statuses = []
    a = make_station("甲", interval=3600, on_status=statuses.append)
    a.agent.start()
    try:
        wait_for(lambda: a.agent.status.last_success_at is not None)
        pid = a.register()
        assert a.agent.status.phase is Phase.IDLE
        a.agent.trigger()
        wait_for(lambda: a.agent.status.last_report.pushed == 1)
        assert a.agent.status.pending == 0 and a.agent.status.next_attempt_at
    finally:
        a.agent.stop()
    assert not a.agent.running
    with hub.engine.connect() as c:
        assert c.execute(select(Person.id).where(Person.id == pid)).scalar_one()
    phases = [s.phase for s in statuses]
    assert Phase.SYNCING in phases and phases[-1] is Phase.IDLE
    assert any(s.progress and s.progress.step == "push" for s in statuses)


def test_a_sync_with_nothing_to_do_is_one_round_trip_and_hello_is_said_again_later(
    hub, make_station
):
    sent: list[str] = []

    def counting_session() -> requests.Session:
        session = requests.Session()
        session.hooks["response"].append(lambda r, *_a, **_k: sent.append(r.request.path_url))
        return session

    now = [utc_now()]
    a = make_station("甲", clock=lambda: now[0], http_session=counting_session)
    a.agent.sync_once()
    # First: the handshake, and the health report for district IT (then at most hourly
    # while nothing changes).
    assert [p.split("?")[0] for p in sent] == ["/v1/hello", "/v1/pull", "/v1/health-report"]
    sent.clear()
    a.agent.sync_once()
    assert [p.split("?")[0] for p in sent] == ["/v1/pull"]  # nothing to do: one request
    sent.clear()
    a.register()
    a.agent.sync_once()
    assert [p.split("?")[0] for p in sent] == ["/v1/push", "/v1/pull"]
    sent.clear()
    now[0] += HELLO_EVERY + timedelta(minutes=1)  # hours later: protocol and clock again
    a.agent.sync_once()
    assert "/v1/hello" in [p.split("?")[0] for p in sent]


def test_backoff_grows_with_full_jitter_up_to_the_cap_and_honours_retry_after():
    backoff = Backoff(base=2.0, cap=300.0, rng=random.Random(7))
    assert [backoff.ceiling(n) for n in (1, 2, 3, 4, 9, 10, 50)] == [
        2.0,
        4.0,
        8.0,
        16.0,
        300.0,
        300.0,
        300.0,
    ]
    for failures in (1, 3, 12):
        delays = [backoff.delay(failures) for _ in range(200)]
        assert all(0.0 <= d <= backoff.ceiling(failures) for d in delays)
        assert max(delays) > 0.5 * backoff.ceiling(failures)  # spread, not fixed
    assert all(120.0 <= backoff.delay(1, 120.0) <= 122.0 for _ in range(50))


@contextmanager
def fake_hub(status: int, body: bytes, headers: dict[str, str]) -> Iterator[str]:
    """A server that answers every request the same way (what a proxy might do)."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _hello(url: str) -> None:
    creds = Credentials("01a2235f-660d-7d9b-a7db-9a5608e36a04", StationKey.generate())
    with HubClient(url, credentials=creds, clock=HubClock(), timeout=(2, 5)) as client:
        client.hello("test")


@pytest.mark.parametrize(
    ("status", "body", "headers", "error", "check"),
    [
        (503, b"", {"Retry-After": "7"}, RetryLater, lambda e: e.seconds == 7),
        (429, b"{}", {"Retry-After": "soon"}, RetryLater, lambda e: e.seconds is None),
        (502, b"bad gateway", {}, Offline, lambda e: "502" in e.why),
        (500, b"oops", {}, HubRefused, lambda e: (e.code, e.status) == ("http_500", 500)),
        (
            426,
            json.dumps({"code": "protocol_unsupported", "message": "speaks 2"}).encode(),
            {"Content-Type": "application/json"},
            HubRefused,
            lambda e: e.code == "protocol_unsupported" and "升级" in str(e),
        ),
        (200, b"<html>captive portal</html>", {}, BadResponse, lambda e: "HelloResponse" in str(e)),
    ],
)
def test_answers_that_are_not_the_protocol_become_typed_errors(status, body, headers, error, check):
    with fake_hub(status, body, headers) as url, pytest.raises(error) as raised:
        _hello(url)
    assert check(raised.value)


def test_the_agent_waits_as_long_as_a_busy_hub_asks(hub, make_station):
    a = make_station("甲", interval=3600)
    with fake_hub(503, b"", {"Retry-After": "120"}) as busy:
        set_hub_url(a.store, busy)
        a.agent.start()
        try:
            wait_for(lambda: a.agent.status.next_attempt_at is not None)
        finally:
            a.agent.stop()
    status = a.agent.status
    assert status.phase is Phase.OFFLINE and status.failures == 1
    assert "繁忙" in status.message
    wait = status.next_attempt_at - utc_now()
    assert timedelta(seconds=110) < wait <= timedelta(seconds=123)


def test_an_agent_without_an_identity_says_the_station_is_not_enrolled(make_store):
    from station_client.sync import NotEnrolled

    agent = SyncAgent(make_store())
    with pytest.raises(NotEnrolled, match="enrol"):
        agent.sync_once()
    assert agent.status.phase is Phase.NOT_ENROLLED

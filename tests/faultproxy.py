"""A fault-injecting HTTP proxy for sync tests: drops, delays, truncates or fails answers.

It forwards each request to the real hub (so the hub really commits) and then does to
the answer whatever the test's plan says for that request.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# What to do with one request: "pass", "drop" (forward, then hang up without an answer),
# "refuse" (hang up without forwarding), "truncate" (forward, send half the answer),
# "delay" (forward, answer after `delay` seconds), "unavailable" (503 + Retry-After, not
# forwarded), "bad_gateway" (forward, then answer 502), "hold" (forward, then wait for
# `release` before answering — the test decides what happens meanwhile).
Plan = Callable[[str, str], str]


@dataclass
class FaultProxy:
    url: str
    plan: Plan = field(default=lambda method, path: "pass")
    delay: float = 0.0
    forwarded: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    seen: list[tuple[str, str, str]] = field(default_factory=list)

    def always(self, action: str, path_prefix: str = "") -> None:
        self.plan = lambda method, path: action if path.startswith(path_prefix) else "pass"

    def once(self, action: str, path_prefix: str) -> None:
        used = []

        def plan(method: str, path: str) -> str:
            if path.startswith(path_prefix) and not used:
                used.append(path)
                return action
            return "pass"

        self.plan = plan


@contextmanager
def fault_proxy(hub_url: str) -> Iterator[FaultProxy]:
    target = urlsplit(hub_url)
    state = FaultProxy(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            action = state.plan(self.command, self.path)
            state.seen.append((self.command, self.path, action))
            if action == "refuse":
                self.close_connection = True
                return
            if action == "unavailable":
                self.send_response(503)
                self.send_header("Retry-After", "2")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
            }
            conn.request(self.command, self.path, body=body, headers=headers)
            answer = conn.getresponse()
            data = answer.read()
            reply_headers = [
                (k, v)
                for k, v in answer.getheaders()
                if k.lower() not in ("transfer-encoding", "connection", "content-length")
            ]
            conn.close()
            if action != "pass":  # a faulted request has reached the hub
                state.forwarded.set()
            if action == "drop":
                self.close_connection = True
                return
            if action == "hold":
                state.release.wait(60)
            if action == "delay":
                time.sleep(state.delay)
            status = 502 if action == "bad_gateway" else answer.status
            payload = b"bad gateway" if action == "bad_gateway" else data
            self.send_response(status)
            for k, v in reply_headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if action == "truncate":
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(payload)

        do_GET = do_POST = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()

"""A bare signed HTTP client for hub tests: sends exactly what a test tells it to."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import requests

from hub_sync.protocol.signing import StationKey, sign_request


@dataclass
class SigningStation:
    hub: str
    station_id: str
    key: StationKey
    skew_ms: int = 0  # pretend this station's corrected clock is off by this much

    @classmethod
    def enrol(cls, hub: str, code: str) -> SigningStation:
        key = StationKey.generate()
        r = requests.post(
            f"{hub}/v1/enrol",
            json={"code": code, "public_key": key.public_key_b64(), "client_version": "test"},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        return cls(hub, r.json()["station_id"], key)

    def headers(self, method: str, path: str, body: bytes, **over: Any) -> dict[str, str]:
        h = sign_request(
            self.key,
            station_id=self.station_id,
            method=method,
            path=path,
            body=body,
            timestamp_ms=int(time.time() * 1000) + self.skew_ms,
        )
        h.update(over)
        return h

    def post(self, path: str, payload: Any, **over: Any) -> requests.Response:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **self.headers("POST", path, body, **over)}
        return requests.post(self.hub + path, data=body, headers=headers, timeout=30)

    def get(self, path: str) -> requests.Response:
        return requests.get(self.hub + path, headers=self.headers("GET", path, b""), timeout=30)

    def push(self, ops: list[dict[str, Any]]) -> requests.Response:
        return self.post("/v1/push", {"ops": ops})

    def pull(self, epoch: str, seq: int = 0, limit: int = 500) -> requests.Response:
        return self.get(f"/v1/pull?epoch={epoch}&seq={seq}&limit={limit}")

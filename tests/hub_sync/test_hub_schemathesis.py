"""Schemathesis against the hub's own OpenAPI document, signed as a real station.

Every operation gets generated requests — valid and invalid bodies, queries and paths —
sent signed (and with a staff token), and none may make the hub answer with a 5xx.
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import urlencode

import psycopg
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from hub_sync.model import utc_now
from hub_sync.server import staff

from ..hubserver import running_hub
from .signing_client import SigningStation


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub(request, tmp_path_factory):
    if request.param == "sqlite":
        with running_hub(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'hub.db'}") as running:
            yield running
        return
    server = request.getfixturevalue("pg_server")
    name = "renshe_fuzz_" + secrets.token_hex(6)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with running_hub(f"{server.rsplit('/', 1)[0]}/{name}") as running:
            yield running
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def station(hub):
    st_ = SigningStation.enrol(hub.url, hub.add_station("320115", "区中心"))
    with hub.engine.begin() as conn:
        staff.add_staff(
            conn,
            username="fuzz",
            full_name="测试",
            role="supervisor",
            area_code="320115",
            password="fuzz-pass-1",
            now=utc_now(),
        )
    token = st_.post("/v1/login", {"username": "fuzz", "password": "fuzz-pass-1"}).json()["token"]
    return st_, token


def _operations(hub):
    schema = schemathesis.openapi.from_dict(requests.get(f"{hub.url}/openapi.json").json())
    return [op.ok() for op in schema.get_all_operations()]


def _send(hub, station, token, case) -> requests.Response:
    path = case.formatted_path
    if case.query:
        path += "?" + urlencode(case.query, doseq=True)
    has_body = case.body is not None and type(case.body).__name__ != "NotSet"
    body = json.dumps(case.body).encode() if has_body else b""
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token}",
        **station.headers(case.method.upper(), path, body),
    }
    return requests.request(
        case.method.upper(), hub.url + path, data=body, headers=headers, timeout=30
    )


def test_no_generated_request_makes_the_hub_fail(hub, station):
    st_, token = station
    operations = _operations(hub)
    assert {op.label for op in operations} >= {"POST /v1/push", "GET /v1/pull", "POST /v1/hello"}
    failures: list[tuple] = []
    for op in operations:
        _fuzz(op, lambda case, label=op.label: _check(hub, st_, token, case, label, failures))()
    assert failures == []


def _fuzz(op, run):
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,  # the same requests in every run: CI stays reproducible
        suppress_health_check=list(HealthCheck),
    )
    @given(case=op.as_strategy())
    def fuzz(case):
        run(case)

    return fuzz


def _check(hub, station, token, case, label, failures) -> None:
    r = _send(hub, station, token, case)
    if r.status_code >= 500:
        failures.append((label, r.status_code, r.text[:200], case.body))


def test_nul_characters_in_text_are_refused_clearly(hub, station):
    st_, _token = station
    r = st_.post("/v1/login", {"username": "a\u0000b", "password": "x"})
    assert r.status_code == 422 and r.json()["detail"] == [
        {"at": ["username"], "problem": "NUL character"}
    ]

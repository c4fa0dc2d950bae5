"""The fleet page and health reports on a real hub (SQLite and PostgreSQL).

The page is checked over HTTP (login, cookie attributes, cross-site refusal, 300
stations, quiet ones highlighted) and, where Debian's headless Chromium is installed,
in that browser too: it logs in through the form and a screenshot is saved under
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import insert

from hub_sync.model import new_id, utc_now
from hub_sync.server import cli, staff
from hub_sync.server.tables import hub_stations, station_health

from ..hubserver import RunningHub, free_port, running_hub
from .signing_client import SigningStation

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "fleet-pass-123"
REPORT = {
    "outbox_backlog": 17,
    "rejected_waiting": 2,
    "conflicts_waiting": 3,
    "client_version": "0.1.0",
    "reference_version": 4,
    "clock_offset_ms": -42000,
    "devices": [
        {"device": "sscard:ACS ACR39U", "state": "ready"},
        {"device": "idcard:/dev/ttyUSB0", "state": "error", "reason": "读卡器未连接"},
    ],
    "frozen": ["too_many_unsent"],
}


@pytest.fixture
def hub(hub_database_url: str) -> Iterator[RunningHub]:
    with running_hub(hub_database_url) as running:
        with running.engine.begin() as conn:
            for username, role in (("it", "district_it"), ("clerk", "clerk")):
                staff.add_staff(
                    conn,
                    username=username,
                    full_name=f"测试{role}",
                    role=role,
                    area_code="320115",
                    password=PASSWORD,
                    now=utc_now(),
                )
        yield running


def log_in(hub: RunningHub, username: str = "it", password: str = PASSWORD) -> requests.Response:
    return requests.post(
        f"{hub.url}/fleet/login",
        data={"username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def test_the_page_requires_a_district_login(hub: RunningHub) -> None:
    away = requests.get(f"{hub.url}/fleet", allow_redirects=False, timeout=10)
    assert away.status_code == 303 and away.headers["location"] == "/fleet/login"
    assert "<form" in requests.get(f"{hub.url}/fleet/login", timeout=10).text
    wrong = log_in(hub, password="not-the-password")
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    assert "set-cookie" not in wrong.headers
    clerk = log_in(hub, "clerk")
    assert clerk.status_code == 403 and "set-cookie" not in clerk.headers
    ok = log_in(hub)
    assert ok.status_code == 303 and ok.headers["location"] == "/fleet"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/fleet" in cookie
    token = ok.cookies["renshe_fleet"]
    page = requests.get(f"{hub.url}/fleet", cookies={"renshe_fleet": token}, timeout=10)
    assert page.status_code == 200 and "站点运行状况" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "script-src" not in page.headers["content-security-policy"]  # none allowed
    assert "<script" not in page.text
    # Forged from another site: refused, the session survives.
    forged = requests.post(
        f"{hub.url}/fleet/logout",
        cookies={"renshe_fleet": token},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403
    fake = requests.get(f"{hub.url}/fleet", cookies={"renshe_fleet": "x" * 43}, timeout=10)
    assert fake.url.endswith("/fleet/login")
    out = requests.post(
        f"{hub.url}/fleet/logout",
        cookies={"renshe_fleet": token},
        allow_redirects=False,
        timeout=10,
    )
    assert out.status_code == 303
    after = requests.get(
        f"{hub.url}/fleet", cookies={"renshe_fleet": token}, allow_redirects=False, timeout=10
    )
    assert after.status_code == 303  # the session is gone at the hub, not just the cookie


def test_a_station_reports_its_health_and_the_page_shows_it(hub: RunningHub) -> None:
    station = SigningStation.enrol(hub.url, hub.add_station(name="甲村服务站"))
    assert requests.post(f"{hub.url}/v1/health-report", json=REPORT, timeout=10).status_code == 401
    bad = station.post("/v1/health-report", {**REPORT, "outbox_backlog": -1})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"
    sent = station.post("/v1/health-report", REPORT)
    assert sent.status_code == 200 and sent.json() == {"recorded": True}
    token = log_in(hub).cookies["renshe_fleet"]
    page = requests.get(f"{hub.url}/fleet", cookies={"renshe_fleet": token}, timeout=10).text
    row = page[page.index(f'id="st-{station.station_id}"') :]
    row = row[: row.index("</tr>")]
    for shown in ("甲村服务站", ">17<", ">2<", ">3<", "0.1.0", ">4<", "-42s", "too_many_unsent"):
        assert shown in row, shown
    assert 'class="bad" title="读卡器未连接">idcard:/dev/ttyUSB0: error' in row
    # A newer report replaces the older one.
    assert station.post("/v1/health-report", {**REPORT, "outbox_backlog": 0}).status_code == 200
    page = requests.get(f"{hub.url}/fleet", cookies={"renshe_fleet": token}, timeout=10).text
    assert page.count(f'id="st-{station.station_id}"') == 1
    assert '<td class="n">0</td>' in page


def _fleet_of(hub: RunningHub, count: int, quiet_every: int) -> set[str]:
    """``count`` enrolled stations with reports; every ``quiet_every``-th silent 3 days."""
    now, quiet = utc_now(), set()
    with hub.engine.begin() as conn:
        for i in range(count):
            station_id = new_id()
            silent = i % quiet_every == 0
            if silent:
                quiet.add(station_id)
            conn.execute(
                insert(hub_stations).values(
                    id=station_id,
                    org_code=f"320115{i:06d}",
                    name=f"站点{i:03d}",
                    public_key="k" * 44,
                    created_at=now,
                    last_contact_at=now - (timedelta(days=3) if silent else timedelta(minutes=5)),
                )
            )
            conn.execute(
                insert(station_health).values(
                    station_id=station_id,
                    reported_at=now,
                    outbox_backlog=i,
                    rejected_waiting=0,
                    conflicts_waiting=0,
                    client_version="0.1.0",
                    reference_version=1,
                    clock_offset_ms=0,
                    devices=json.dumps(REPORT["devices"]),
                    frozen="[]",
                )
            )
    return quiet


def test_300_stations_render_with_the_quiet_ones_highlighted_and_first(
    hub: RunningHub, capsys: pytest.CaptureFixture[str]
) -> None:
    quiet = _fleet_of(hub, 300, quiet_every=10)
    token = log_in(hub).cookies["renshe_fleet"]
    page = requests.get(f"{hub.url}/fleet", cookies={"renshe_fleet": token}, timeout=30).text
    assert page.count("<tr class=") == 300
    highlighted = {
        page[i:].split('id="st-', 1)[1].split('"', 1)[0]
        for i in range(len(page))
        if page.startswith('<tr class="quiet"', i)
    }
    assert highlighted == quiet
    assert "30 个失联 quiet" in page
    first_ok = page.index('<tr class="ok"')
    assert all(page.index(f'id="st-{q}"') < first_ok for q in quiet)
    # The command line shows the same columns, quiet stations first.
    assert cli.main(["--database", hub.settings.database_url, "station", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["station", "org", "last", "sync"]
    assert len(lines) == 301
    assert {line.split()[0] for line in lines[1:31]} == quiet
    assert all(" quiet " in line for line in lines[1:31])
    assert " ok " in lines[31]


# --- in a real browser -------------------------------------------------------------


def _chromium() -> str | None:
    return shutil.which("chromium-headless-shell") or shutil.which("chromium")


class DevTools:
    """The few Chrome DevTools Protocol calls the test needs, over its websocket."""

    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        self.ws = connect(url, max_size=None).__enter__()
        self.next_id = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            answer = json.loads(self.ws.recv(timeout=30))
            if answer.get("id") == self.next_id:
                assert "error" not in answer, answer
                return dict(answer["result"])

    def text(self, expression: str) -> str:
        return str(self.call("Runtime.evaluate", expression=expression)["result"].get("value"))

    def wait_for(self, expression: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self.text(expression) != "true":
            where = self.text("location.href + ' ' + document.body.innerText.slice(0, 300)")
            assert time.monotonic() < deadline, f"browser at {where}: {expression} never held"
            time.sleep(0.1)


@pytest.mark.skipif(_chromium() is None, reason="no chromium from Debian's packages")
def test_a_browser_logs_in_and_sees_the_quiet_stations(
    hub: RunningHub, tmp_path: Path, hub_database_url: str
) -> None:
    if not hub_database_url.startswith("sqlite"):
        pytest.skip("the browser's view does not depend on the database")
    _fleet_of(hub, 40, quiet_every=4)
    port = free_port()
    browser = subprocess.Popen(
        [
            str(_chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1400,1000",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                target = next(p for p in pages if p["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                assert time.monotonic() < deadline, "chromium did not start"
                time.sleep(0.2)
        tools = DevTools(target["webSocketDebuggerUrl"])
        tools.call("Page.navigate", url=f"{hub.url}/fleet")
        tools.wait_for("String(location.pathname === '/fleet/login' && !!document.forms[0])")
        tools.text(
            "document.querySelector('[name=username]').value='it';"
            f"document.querySelector('[name=password]').value='{PASSWORD}';"
            "document.forms[0].submit()"
        )
        tools.wait_for(
            "String(location.pathname === '/fleet' && !!document.querySelector('table'))"
        )
        assert tools.text("String(document.cookie)") == ""  # HttpOnly: no script sees it
        assert tools.text("String(document.querySelectorAll('tr.quiet').length)") == "10"
        colour = tools.text(
            "getComputedStyle(document.querySelector('tr.quiet td')).backgroundColor"
        )
        assert colour == "rgb(253, 226, 225)"
        shot = tools.call("Page.captureScreenshot", format="png")["data"]
        out = ROOT / "test-artifacts" / "screenshots" / "fleet-page.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(shot))
        assert out.stat().st_size > 10_000
        tools.ws.close()
    finally:
        browser.terminate()
        browser.wait(timeout=10)

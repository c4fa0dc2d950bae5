"""Benchmark of district IT's fleet page for 300 stations (issue #6, item 5).

The hub runs as deployed (``renshe-hub serve`` in its own process on a fresh
PostgreSQL database, from :mod:`bench.hub_bench`); 300 enrolled stations each with a
health report (a tenth of them quiet) are written to its database, a district IT
member logs in through the form, and ``GET /fleet`` is timed on loopback. The time a
request takes on loopback is the server's time plus well under a millisecond.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import timedelta
from pathlib import Path

import requests
from sqlalchemy import insert

from hub_sync.model import new_id, utc_now
from hub_sync.server import staff
from hub_sync.server.tables import hub_stations, station_health

from .harness import Report, Result, p95
from .hub_bench import HubUnderTest, running_hub

TARGET_MS = 300.0
STATIONS = 300
PASSWORD = "bench-fleet-pass"
_DEVICES = json.dumps(
    [
        {"device": "sscard:ACS ACR39U", "state": "ready"},
        {"device": "idcard:/dev/ttyUSB0", "state": "error", "reason": "读卡器未连接"},
        {"device": "barcode:wedge", "state": "ready"},
    ],
    ensure_ascii=False,
)


def _fill(hub: HubUnderTest) -> None:
    now = utc_now()
    with hub.engine.begin() as conn:
        staff.add_staff(
            conn,
            username="bench-it",
            full_name="区信息科",
            role="district_it",
            area_code="320115",
            password=PASSWORD,
            now=now,
        )
        for i in range(STATIONS):
            station_id = new_id()
            silent = i % 10 == 0
            conn.execute(
                insert(hub_stations).values(
                    id=station_id,
                    org_code=f"320115{i:06d}",
                    name=f"第{i:03d}服务站",
                    public_key="k" * 44,
                    created_at=now,
                    client_version="0.1.0",
                    last_contact_at=now - (timedelta(days=2) if silent else timedelta(minutes=4)),
                )
            )
            conn.execute(
                insert(station_health).values(
                    station_id=station_id,
                    reported_at=now,
                    outbox_backlog=i % 37,
                    rejected_waiting=i % 3,
                    conflicts_waiting=i % 5,
                    client_version="0.1.0",
                    reference_version=3,
                    clock_offset_ms=(i % 7) * 1000,
                    devices=_DEVICES,
                    frozen='["too_many_unsent"]' if i % 50 == 0 else "[]",
                )
            )


def run(report: Report, work: Path, quick: bool) -> None:
    runs = 10 if quick else 40
    with running_hub(work) as hub:
        _fill(hub)
        session = requests.Session()
        login = session.post(
            f"{hub.url}/fleet/login",
            data={"username": "bench-it", "password": PASSWORD},
            allow_redirects=False,
            timeout=30,
        )
        if login.status_code != 303:
            raise RuntimeError(f"fleet login failed: {login.status_code} {login.text[:200]}")
        times = []
        size = 0
        for attempt in range(runs + 2):
            start = time.perf_counter()
            page = session.get(f"{hub.url}/fleet", timeout=30)
            elapsed = (time.perf_counter() - start) * 1000
            if page.status_code != 200 or page.text.count("<tr class=") != STATIONS:
                raise RuntimeError(f"the fleet page is wrong: {page.status_code}")
            size = len(page.content)
            if attempt >= 2:  # the first two warm the pool and the code paths
                times.append(elapsed)
        session.close()
    report.add(
        Result(
            f"fleet page: GET /fleet for {STATIONS} stations (p95)",
            p95(times),
            "ms",
            TARGET_MS,
            higher_is_better=False,
            detail=(
                f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over "
                f"{runs} loads; page {size / 1024:.0f} KiB; PostgreSQL, one hub process"
            ),
        )
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        run(Report(), Path(tmp), quick=False)

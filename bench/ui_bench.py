"""Benchmarks of the counter app (issue #5): card tap to file, start to login, UI stalls
during a full sync, and memory — each measured inside a counter app of its own
(bench/ui_child.py, offscreen Qt) on an encrypted station store holding the sample
district, enrolled with a real hub (PostgreSQL, `renshe-hub serve`) on loopback.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import text

from hub_sync.model import utc_now
from hub_sync.server import staff as hub_staff
from station_client import __version__
from station_client.app import Station, StationConfig
from station_client.devices.manager import DeviceSettings
from station_client.reference import ReferenceBundle
from station_client.sample import area_from_reference, load_sample, persons
from station_client.sync import enrol, load_identity

from .harness import Report, Result, p95
from .hub_bench import DISTRICT, ROOT, HubUnderTest, _env, _load_scope, running_hub

CLERK = "bench_clerk"
PASSWORD = "bench-clerk-pass-1"


@dataclass(frozen=True)
class Sizes:
    persons: int  # in the station store
    changes: int  # the hub serves for the first sync
    taps: int
    startups: int


FULL = Sizes(persons=500_000, changes=10_000, taps=100, startups=5)
QUICK = Sizes(persons=20_000, changes=2_000, taps=30, startups=3)


@dataclass(frozen=True)
class BenchStation:
    data: Path
    env: dict[str, str]  # for the app's processes: offscreen Qt, the machine secret


def _load() -> str:
    """The machine's load while measuring: these are latencies on a shared CPU."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def _child(mode: str, station: BenchStation, out: Path, *extra: str, timeout: float = 600) -> Any:
    """Run bench/ui_child.py in MODE; its JSON answer."""
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench.ui_child", mode, "--data", str(station.data)]
    done = subprocess.run(
        [*command, "--out", str(out), *extra],
        env=station.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"ui_child {mode} failed ({done.returncode}): {done.stderr[-3000:]}")
    return json.loads(out.read_text())


def _station(hub: HubUnderTest, work: Path, name: str, org: str) -> tuple[BenchStation, Station]:
    """A new encrypted station store, enrolled with the hub, simulated devices."""
    data = work / name
    secret = work / "machine.secret"
    env = {**_env(), "QT_QPA_PLATFORM": "offscreen", "RENSHE_MACHINE_SECRET": str(secret)}
    # A station's PC keeps the bytecode it compiled on its first start (the installed
    # bundle ships it); without this, a shell's PYTHONDONTWRITEBYTECODE would have every
    # counted start compile every module again. The cache lives in the bench's folder.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    station = Station(StationConfig(data, secret))
    store = station.open_store(create=True)
    enrol(store, hub.url, hub.add_stations(org, [name])[0], __version__)
    DeviceSettings(simulated=True).save(data)
    return BenchStation(data, env), station


def _add_clerk(hub: HubUnderTest) -> None:
    with hub.engine.begin() as conn:
        hub_staff.add_staff(
            conn,
            username=CLERK,
            full_name="王芳",
            role="clerk",
            area_code=DISTRICT,
            password=PASSWORD,
            now=utc_now(),
        )


def _big_station(
    hub: HubUnderTest, bundle: ReferenceBundle, work: Path, size: int
) -> tuple[BenchStation, list[dict[str, str]]]:
    """The sample district with ``size`` persons (and their matters) in a station store;
    a random sample of them, to tap their cards."""
    made, station = _station(hub, work, "ui-station", DISTRICT)
    store = station.open_store()
    start = time.perf_counter()
    counts = load_sample(store, bundle, persons_count=size, seed=5).counts
    print(
        f"  (loaded the sample district into a station store: {size:,} persons, "
        f"{counts.get('service_tickets', 0):,} tickets in {time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, citizen_id, name, sex, ethnicity, birth_date FROM persons "
                "WHERE NOT deleted ORDER BY random() LIMIT 400"
            )
        ).all()
    station.close()
    return made, [dict(r._mapping) for r in rows]


def bench_startup(report: Report, station: BenchStation, work: Path, sizes: Sizes) -> None:
    """From `python -m …` to the login panel painted, in a fresh process each time (after
    one start not counted: it compiles the bytecode a station's PC has from then on)."""
    seconds = []
    for _ in range(sizes.startups + 1):
        started = time.time()
        answer = _child("startup", station, work / "startup.json", timeout=120)
        seconds.append(answer["login_painted_at"] - started)
    first, counted = seconds[0], seconds[1:]
    report.add(
        Result(
            "counter: start to login screen (median)",
            statistics.median(counted),
            "s",
            2,
            False,
            f"{len(counted)} process starts as `renshe-station app` does (store of "
            f"{sizes.persons:,} persons, enrolled, offscreen Qt): slowest {max(counted):.2f} s, "
            f"very first {first:.2f} s; {_load()}",
        )
    )


def bench_taps(
    report: Report, station: BenchStation, work: Path, people: list[dict[str, str]], sizes: Sizes
) -> None:
    """Card taps of people in the store, each until their file is painted; the memory of
    that process (the store open, the window up, files shown)."""
    chosen = work / "tap-persons.json"
    chosen.write_text(json.dumps(people[: sizes.taps], ensure_ascii=False), encoding="utf-8")
    answer = _child(
        "taps",
        station,
        work / "taps.json",
        "--persons",
        str(chosen),
        "--username",
        CLERK,
        "--password",
        PASSWORD,
    )
    lat: list[float] = answer["latencies_ms"]
    if answer["failures"] or len(lat) < 2:
        raise RuntimeError(f"card taps failed: {answer['failures'][:5]}")
    report.add(
        Result(
            f"counter: card tap → file shown, {sizes.persons:,} persons (p95)",
            p95(lat),
            "ms",
            200,
            False,
            f"{len(lat)} simulated social-security card taps, each until the file is painted; "
            f"median {statistics.median(lat):.0f} ms, max {max(lat):.0f} ms; {_load()}",
        )
    )
    first = answer["memory_after_first_file_kib"]
    after = answer["memory_after_taps_kib"]
    report.add(
        Result(
            f"counter: resident memory, {sizes.persons:,} persons",
            max(first["VmRSS"], after["VmRSS"]) / 1024,
            "MB",
            300,
            False,
            f"RSS after the first file {first['VmRSS'] / 1024:.0f} MB, after {len(lat)} files "
            f"{after['VmRSS'] / 1024:.0f} MB; peak (VmHWM) {after['VmHWM'] / 1024:.0f} MB",
        )
    )


def bench_sync_stall(
    report: Report, hub: HubUnderTest, bundle: ReferenceBundle, work: Path, sizes: Sizes
) -> None:
    """The UI thread ticking every 10 ms while the agent's first sync pulls a scope."""
    station, opened = _station(hub, work, "ui-sync-station", DISTRICT)
    station_id = load_identity(opened.open_store()).station_id
    opened.close()
    rows = list(islice(persons(area_from_reference(bundle), sizes.changes, seed=29), sizes.changes))
    _load_scope(hub, rows, station_id)
    answer = _child("sync", station, work / "sync.json")
    if answer["pulled"] < sizes.changes:  # and the clerk's account, from the hub
        raise RuntimeError(f"the first sync did not pull the scope: {answer}")
    report.add(
        Result(
            f"counter: largest UI-thread stall, first sync of {sizes.changes:,} changes",
            answer["max_gap_ms"],
            "ms",
            100,
            False,
            f"QTimer every 10 ms: {answer['ticks']} ticks, {answer['gaps_over_50ms']} gaps over "
            f"50 ms, the largest during “{answer['max_gap_during']}”; sync took "
            f"{answer['sync_s']:.1f} s against the hub on loopback; the same timer with no "
            f"sync (machine jitter): largest gap {answer['idle_max_gap_ms']:.0f} ms in "
            f"{answer['idle_ticks']} ticks; {_load()}",
        )
    )


def run(report: Report, bundle: ReferenceBundle, work: Path, quick: bool) -> None:
    sizes = QUICK if quick else FULL
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with running_hub(work) as hub:
        _add_clerk(hub)
        station, people = _big_station(hub, bundle, work, sizes.persons)
        bench_startup(report, station, work, sizes)
        bench_taps(report, station, work, people, sizes)
        bench_sync_stall(report, hub, bundle, work, sizes)


if __name__ == "__main__":  # python -m bench.ui_bench [--quick]: this group alone
    import shutil
    import tempfile

    from station_client.reference import default_bundle_dir, load_bundle

    folder = Path(
        tempfile.mkdtemp(prefix="renshe-uibench-", dir=os.environ.get("RENSHE_BENCH_DIR"))
    )
    try:
        run(Report(), load_bundle(default_bundle_dir()), folder, "--quick" in sys.argv)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

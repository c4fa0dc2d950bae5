"""Benchmarks of the station package (issue #8): the PyInstaller bundle's size unpacked,
and the bundled app's cold start to the login screen.

The bundle is the one `make package` built (``dist/package.json``); it is built here
(without the ``.deb``) when there is none. A start is `renshe-station --data D app
--smoke-test` of the bundle, offscreen, on an encrypted station store enrolled with a
hub (its identity written as enrolment writes it; the hub is not needed to reach the
login screen), timed from the process's launch to the login panel painted. *Cold*: the
bundle's and the store's files are first dropped from the page cache
(``posix_fadvise(DONTNEED)``, for these files only: the rest of the machine keeps its
cache); the warm starts that follow are reported beside it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from hub_sync.model import utc_now
from hub_sync.protocol.messages import Cursor
from hub_sync.protocol.signing import StationKey
from installer.bundle import BUDGET_BYTES, tree_size
from station_client.app import Station, StationConfig
from station_client.sync import meta

from .harness import Report, Result

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
COLD_START_TARGET_S = 3.0
WARM_STARTS = 3


def _bundle() -> tuple[Path, dict[str, object]]:
    summary_path = DIST / "package.json"
    if not summary_path.is_file():
        print("  no bundle in dist/: building it (python -m installer.build --no-deb)")
        subprocess.run([sys.executable, "-m", "installer.build", "--no-deb"], cwd=ROOT, check=True)
    summary: dict[str, object] = json.loads(summary_path.read_text(encoding="utf-8"))
    return Path(str(summary["bundle"])), summary


def _enrolled_station(data: Path, secret: Path) -> None:
    """A new encrypted store with a station identity, as `renshe-station enrol` leaves it."""
    station = Station(StationConfig(data, secret))
    try:
        store = station.open_store(create=True)
        identity = meta.StationIdentity(
            hub_url="http://127.0.0.1:9",  # nothing listens: the agent retries in the back
            station_id="01900000-0000-7000-8000-000000000008",
            org_code="320115001001",
            name="基准服务站",
            key=StationKey.generate(),
        )
        with store.transaction() as session:
            meta.save_identity(session, identity, utc_now())
            meta.save_cursor(session, Cursor(epoch="bench", seq=0))
    finally:
        station.close()


def _evict(*roots: Path) -> None:
    """Drop these files' pages from the page cache (a cold start reads them from disk)."""
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    continue
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)  # dirty pages are not dropped: written out first
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)


def _start(executable: Path, data: Path, env: dict[str, str]) -> float:
    """Seconds from launch to the login panel painted."""
    launched = time.time()
    done = subprocess.run(
        [str(executable), "--data", str(data), "app", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("smoke-test: ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the bundled app did not start ({done.returncode}): {done.stderr}")
    report = json.loads(lines[0].removeprefix("smoke-test: "))
    if report["screen"] != "login":
        raise RuntimeError(f"the bundled app showed {report['screen']}, not the login screen")
    return float(report["painted_at"]) - launched


def run(report: Report, work: Path, quick: bool) -> None:
    bundle, summary = _bundle()
    size = tree_size(bundle)
    report.add(
        Result(
            "package: bundle size unpacked",
            size / 1e6,
            "MB",
            BUDGET_BYTES / 1e6,
            False,
            f"{bundle} (PyInstaller one folder; built in {summary.get('bundle_seconds', '?')} s,"
            f" `make package` in {summary.get('total_seconds', '?')} s)",
        )
    )
    data, secret = work / "package-start" / "data", work / "package-start" / "machine.secret"
    _enrolled_station(data, secret)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RENSHE_", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", RENSHE_MACHINE_SECRET=str(secret))
    executable = bundle / "renshe-station"
    _evict(bundle, data)
    cold = _start(executable, data, env)
    warm = [_start(executable, data, env) for _ in range(1 if quick else WARM_STARTS)]
    load = os.getloadavg()[0]
    report.add(
        Result(
            "package: bundled app cold start to login screen",
            cold,
            "s",
            COLD_START_TARGET_S,
            False,
            f"bundle and store dropped from the page cache first; warm starts after it "
            f"{statistics.median(warm):.2f} s (median of {len(warm)}); offscreen Qt; "
            f"load average {load:.1f} on {os.cpu_count()} CPUs",
        )
    )

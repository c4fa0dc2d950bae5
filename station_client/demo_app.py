"""`make demo`: a district hub and a station on the sample district, and the counter app.

Everything lives in one demo directory (``--data``)::

    hub.db           the district hub's database (SQLite), served by `renshe-hub serve`
    hub.log          what the hub logged
    machine.secret   the demo station's machine secret
    station/         the demo station's encrypted store
    sample-loaded    written once the sample district is in the station and the hub

The first run (no ``sample-loaded``, or no hub database) starts from nothing: the hub's
database is made, the station added and enrolled with its one-time code, the demo
clerk's account made at the hub, and the sample district generated into the station and
sent to the hub by the station's own sync. Later runs reuse all of it. Each run starts
the hub on a free port on 127.0.0.1, syncs once, opens the counter app with simulated
devices and the demo clerk logged in, and stops the hub when the app closes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import requests
from sqlalchemy import func, select

from hub_sync.model import Person
from station_client import __version__
from station_client.errors import StationError
from station_client.sample import area_from_reference, load_sample
from station_client.store import Store
from station_client.sync import SyncAgent, enrol, is_enrolled, set_hub_url

from .app import Station, StationConfig

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-2026"  # printed for the user: the demo's people are fictitious
DEMO_CLERK = "王芳"
LOADED_MARK = "sample-loaded"
PUSH_CHUNK = 2000  # records loaded and sent to the hub at a time on the first run
Say = Callable[[str], None]


class DemoError(StationError):
    """The demo could not be set up (the hub did not start, a command failed)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DemoHub:
    """`renshe-hub` on the demo's SQLite database: migrated, served on loopback while in
    use (``with``), stopped afterwards."""

    def __init__(self, folder: Path, say: Say) -> None:
        self.database = f"sqlite:///{folder / 'hub.db'}"
        self.log_path = folder / "hub.log"
        self.say = say
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "hub_sync.server.cli", "--database", self.database, *args]

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._command(*args), input=stdin, capture_output=True, text=True, timeout=120
        )

    def _checked(self, *args: str, stdin: str | None = None) -> str:
        done = self.cli(*args, stdin=stdin)
        if done.returncode != 0:
            raise DemoError(f"renshe-hub {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout

    def __enter__(self) -> DemoHub:
        self._checked("migrate")
        port = _free_port()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self._command("serve", "--port", str(port)),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise DemoError(f"the demo hub did not start; see {self.log_path}")
            time.sleep(0.1)
        self.say(f"区级中心 hub: {self.url} (pid {self.process.pid}, log {self.log_path})")
        return self

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/health", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.say(f"hub stopped (pid {self.process.pid})")

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stop()

    def add_station(self, org: str, name: str) -> tuple[str, str]:
        """A new station's id and one-time enrolment code."""
        out = self._checked("station", "add", "--org", org, "--name", name)
        station = re.search(r"^station (\S+)", out, re.MULTILINE)
        code = re.search(r"enrolment code: (\S+)", out)
        if station is None or code is None:
            raise DemoError(f"unexpected answer from renshe-hub station add: {out!r}")
        return station.group(1), code.group(1)

    def add_clerk(self, area: str, station_id: str) -> None:
        self._checked(
            *("staff", "add", "--username", DEMO_USER, "--name", DEMO_CLERK, "--role", "clerk"),
            *("--area", area, "--station", station_id, "--password-stdin"),
            stdin=DEMO_PASSWORD + "\n",
        )


class _SentToHub:
    """The store as :func:`load_sample` writes to it, on the demo's first run: every table
    captured (so the outbox holds it) and pushed by the station's sync a chunk at a time,
    so the hub holds the district as it holds any station's work."""

    def __init__(self, store: Store, agent: SyncAgent, say: Say) -> None:
        self.store = store
        self.agent = agent
        self.say = say

    def bulk_load(
        self, tables: Mapping[str, Iterable[Mapping[str, Any]]], *, capture: bool = False
    ) -> dict[str, int]:
        rows = {name: list(table) for name, table in tables.items()}
        total, sent = sum(map(len, rows.values())), 0
        batch: dict[str, list[Mapping[str, Any]]] = {}
        for name, table in rows.items():  # in order: a record's references go first
            for start in range(0, len(table), PUSH_CHUNK):
                batch[name] = table[start : start + PUSH_CHUNK]
                if sum(map(len, batch.values())) >= PUSH_CHUNK:
                    sent += self._send(batch, sent, total)
                    batch = {}
        if batch:
            self._send(batch, sent, total)
        return {name: len(table) for name, table in rows.items()}

    def _send(self, batch: dict[str, list[Mapping[str, Any]]], sent: int, total: int) -> int:
        self.store.bulk_load(batch, capture=True)
        self.agent.sync_once()
        count = sum(map(len, batch.values()))
        self.say(f"  sent to the hub: {sent + count:,} of {total:,} records")
        return count


def _first_run(folder: Path, say: Say) -> None:
    """Start from nothing (an earlier first run may have stopped half-way)."""
    if (folder / "station").exists() or (folder / "hub.db").exists():
        say("上次的示例数据不完整，重新开始 / the demo directory is incomplete: starting over")
    for name in (LOADED_MARK, "station", "machine.secret", "hub.db", "hub.db-wal", "hub.db-shm"):
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def prepare(
    folder: Path, hub: DemoHub, station: Station, *, persons: int, seed: int, say: Say
) -> str:
    """The enrolled station with the district loaded and synced; a sample person's ID
    number to show."""
    store = station.open_store(create=True)
    area = area_from_reference(station.reference())
    if not is_enrolled(store):
        name = f"{area.district_name}人社服务大厅（示例）"
        station_id, code = hub.add_station(area.district_code, name)
        hub.add_clerk(area.district_code, station_id)
        enrol(store, hub.url, code, __version__)
        say(f"已注册 enrolled: {name} ({area.district_code}), station {station_id}")
    else:
        set_hub_url(store, hub.url)  # the hub listens on another port each run
    agent = SyncAgent(store)
    if not (folder / LOADED_MARK).exists():
        say(
            f"首次运行：生成示例区 {area.city_name}{area.district_name}（{persons} 人）并上传 / "
            f"first run: generating the sample district ({persons} people), sending it to "
            "the hub"
        )
        loader = cast(Store, _SentToHub(store, agent, say))
        load_sample(loader, station.reference(), persons_count=persons, seed=seed)
        (folder / LOADED_MARK).write_text(f"{persons} persons, seed {seed}\n", encoding="utf-8")
    report = agent.sync_once()
    with store.transaction() as s:
        count = s.scalar(select(func.count()).select_from(Person)) or 0
        shown = s.scalar(select(Person.citizen_id).order_by(Person.id).limit(1))
    say(
        f"已同步 synced: station holds {count:,} persons; pushed {report.pushed}, "
        f"pulled {report.pulled}, waiting to send {report.pending}"
    )
    if shown is None:
        raise DemoError("the demo station holds nobody; delete the demo directory and retry")
    return str(shown)


def _has_display() -> bool:
    return bool(
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or sys.platform in ("win32", "darwin")
    )


def run_demo_app(
    folder: Path, *, persons: int, seed: int = 1, exit_after_ready: bool = False, say: Say = print
) -> int:
    if not _has_display():
        if not exit_after_ready:
            say(
                "no display to open the counter app on: run `make demo` in a desktop session "
                "(or under xvfb-run), or set QT_QPA_PLATFORM=offscreen"
            )
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / LOADED_MARK).exists() or not (folder / "hub.db").exists():
        _first_run(folder, say)
    station = Station(StationConfig(folder / "station", folder / "machine.secret"))
    try:
        with DemoHub(folder, say) as hub:
            show = prepare(folder, hub, station, persons=persons, seed=seed, say=say)
            say(f"柜台登录 counter login: {DEMO_USER} / {DEMO_PASSWORD} (logging in for you)")
            from station_client.ui.demo_counter import DemoLogin, run_demo_counter

            return run_demo_counter(
                station.open_store(),
                DemoLogin(DEMO_USER, DEMO_PASSWORD),
                argv=sys.argv[:1],
                show_query=show,
                exit_after_ready=exit_after_ready,
                say=say,
            )
    finally:
        station.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="renshe-station demo-app",
        description="a hub and a station on the sample district, and the counter app on it",
    )
    parser.add_argument("--data", type=Path, default=Path("demo-data"), help="demo directory")
    parser.add_argument("--persons", type=int, default=20000, help="people in the district")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--exit-after-ready",
        action="store_true",
        help="close the app once the clerk is logged in and a file is shown (tests)",
    )
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        print(text, flush=True)

    try:
        return run_demo_app(
            args.data,
            persons=args.persons,
            seed=args.seed,
            exit_after_ready=args.exit_after_ready,
            say=say,
        )
    except StationError as e:
        print(f"renshe-station demo-app: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

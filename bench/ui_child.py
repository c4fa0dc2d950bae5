"""The counter app in a process of its own, measured from inside (run by bench/ui_bench.py).

``python -m bench.ui_child MODE --data DIR --out FILE`` with the machine secret in
``RENSHE_MACHINE_SECRET`` and ``QT_QPA_PLATFORM=offscreen``:

``startup``  the app as ``renshe-station app`` starts it; writes the wall-clock time at
             which the login panel has been painted, then quits.
``taps``     logs in, then taps a simulated social-security card of each person in
             ``--persons`` (a JSON list) and times each tap until that person's file has
             been painted; writes the latencies and the process's resident memory.
``sync``     the window up, then the sync agent's first sync; a QTimer ticks every 10 ms
             on the UI thread and the largest gap between ticks is written.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from station_client.app import Station, StationConfig
from station_client.devices.manager import DeviceSettings
from station_client.devices.sscard.layout import HolderData, IssuerData, encode_ef05, encode_ef06
from station_client.devices.sscard.simulator import SimulatedCard
from station_client.ui.app import Counter, build_counter
from station_client.ui.login import LoginPanel

TICK_MS = 10


def memory_kib() -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (the most it ever was), from /proc."""
    out: dict[str, int] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def card_of(person: dict[str, Any]) -> SimulatedCard:
    """A second-generation social-security card holding this person's identity."""
    cid = person["citizen_id"]
    issuer = IssuerData(
        card_identification_code=f"{cid[:6]}D156000005{int(cid[6:14]):016d}",
        card_type="1",
        spec_version="2.00",
        layout=2,
        issuer_code=cid[:4] + "00000000",
        issue_date=date(2020, 1, 1),
        expiry_date=date(2030, 1, 1),
        card_number="B" + cid[-8:],
    )
    holder = HolderData(
        social_security_number=cid,
        name=person["name"][:15],
        name_extension=person["name"][15:],
        sex=person["sex"],
        ethnicity=person["ethnicity"],
        birthplace=cid[:6],
        birth_date=date.fromisoformat(person["birth_date"]),
    )
    return SimulatedCard(person["name"], tuple(encode_ef05(issuer)), tuple(encode_ef06(holder, 2)))


class PaintWatch(QObject):
    """An event filter: once a widget it watches is painted while ``ready(widget)`` is
    true, ``painted`` is called as soon as the event loop is back (by then the whole
    window's repaint has been done and flushed)."""

    def __init__(self, painted: Any) -> None:
        super().__init__()
        self.painted = painted
        self.ready: Any = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.ready is not None and self.ready(watched):
            self.ready = None
            QTimer.singleShot(0, self.painted)
        return False


def _open(data: Path) -> Station:
    return Station(StationConfig.from_environment(data))


def startup(args: argparse.Namespace) -> int:
    """`renshe-station --data DIR app` itself, in a QApplication made first so that the
    login panel's first paint can be seen; quits once it has been painted."""
    from station_client.cli import main as station_main

    app = QApplication(sys.argv[:1])

    def shown() -> None:
        args.out.write_text(json.dumps({"login_painted_at": time.time()}))
        app.quit()

    watch = PaintWatch(shown)
    watch.ready = lambda w: isinstance(w, QPushButton) and isinstance(w.parent(), LoginPanel)
    app.installEventFilter(watch)
    return station_main(["--data", str(args.data), "app"])


def _log_in(counter: Counter, username: str, password: str, then: Any) -> None:
    panel = counter.window.login
    panel.logged_in.connect(lambda _session: QTimer.singleShot(200, then))
    panel.username.setText(username)
    panel.password.setText(password)
    panel.submit()


def taps(args: argparse.Namespace) -> int:
    persons = json.loads(args.persons.read_text(encoding="utf-8"))
    app = QApplication(sys.argv[:1])
    station = _open(args.data)
    counter = build_counter(app, station.open_store(), DeviceSettings(simulated=True))
    window = counter.window
    result: dict[str, Any] = {"latencies_ms": [], "failures": []}
    state: dict[str, Any] = {"i": 0, "t0": 0.0}

    def tap() -> None:
        if state["i"] == len(persons):
            result["memory_after_taps_kib"] = memory_kib()
            app.quit()
            return
        person = persons[state["i"]]
        card = card_of(person)
        view = window.file_view
        watch.ready = lambda w: (
            w is view.header and view.file is not None and view.file.person_id == person["id"]
        )
        state["t0"] = time.perf_counter()
        # A reader's driver delivers from its own thread, as a real one does.
        reader = counter.devices.simulators["sscard"]
        threading.Thread(target=reader.insert, args=(card,), daemon=True).start()
        QTimer.singleShot(15000, lambda i=state["i"]: give_up(i))

    def give_up(index: int) -> None:
        if state["i"] == index:
            result["failures"].append(f"{persons[index]['id']}: no file after 15 s")
            state["i"] += 1
            tap()

    def painted() -> None:
        result["latencies_ms"].append((time.perf_counter() - state["t0"]) * 1000)
        if state["i"] == 0:
            result["memory_after_first_file_kib"] = memory_kib()
        state["i"] += 1
        QTimer.singleShot(args.pause_ms, tap)

    watch = PaintWatch(painted)
    window.file_view.header.installEventFilter(watch)
    counter.start()
    _log_in(counter, args.username, args.password, tap)
    try:
        app.exec()
    finally:
        counter.stop()
        station.close()
    args.out.write_text(json.dumps(result))
    return 0


def sync(args: argparse.Namespace) -> int:
    """Ticks while idle (``--idle-s``, the machine's own jitter), then during the sync."""
    app = QApplication(sys.argv[:1])
    station = _open(args.data)
    counter = build_counter(
        app, station.open_store(), DeviceSettings(simulated=True), sync_interval=3600
    )
    agent = counter.agent
    assert agent is not None, "the sync benchmark's station is not enrolled"
    idle: list[float] = []
    gaps: list[tuple[float, str]] = []
    state: dict[str, Any] = {"last": 0.0, "started": 0.0, "phase": "settling"}

    def tick() -> None:
        now = time.perf_counter()
        gap = (now - state["last"]) * 1000
        if state["phase"] == "idle":
            idle.append(gap)
        elif state["phase"] == "syncing":
            progress = agent.status.progress
            where = f"{progress.step} {progress.done}" if progress else str(agent.status.phase)
            gaps.append((gap, where))
            if agent.status.last_attempt_at is not None and agent.status.progress is None:
                finish(now)
        state["last"] = now

    def measure_idle() -> None:
        state["phase"] = "idle"
        QTimer.singleShot(int(args.idle_s * 1000), start_sync)

    def start_sync() -> None:
        state["started"] = time.perf_counter()
        state["phase"] = "syncing"
        agent.start()  # the first sync begins at once, on the agent's thread

    def finish(now: float) -> None:
        timer.stop()
        status = agent.status
        report = status.last_report
        worst = max(gaps, default=(0.0, ""))
        answer = {
            "max_gap_ms": worst[0],
            "max_gap_during": worst[1],
            "gaps_over_50ms": sum(g > 50 for g, _w in gaps),
            "ticks": len(gaps),
            "idle_max_gap_ms": max(idle, default=0.0),
            "idle_ticks": len(idle),
            "sync_s": now - state["started"],
            "phase": str(status.phase),
            "message": status.message,
            "pulled": report.pulled if report else 0,
            "applied": report.pulled_applied if report else 0,
        }
        args.out.write_text(json.dumps(answer))
        app.quit()

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    counter.window.show()  # what counter.start() does, the agent left for later
    counter.devices.start()
    timer.start()
    QTimer.singleShot(1000, measure_idle)  # the window's first paint is not the sync's
    try:
        app.exec()
    finally:
        counter.stop()
        station.close()
    return 0


def main() -> int:
    import os

    if os.environ.get("UI_TRACE"):
        sys.path.insert(0, "/tmp")
        import trace_patch  # noqa
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("startup", "taps", "sync"))
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--persons", type=Path)
    parser.add_argument("--username", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--pause-ms", type=int, default=100, help="between taps")
    parser.add_argument("--idle-s", type=float, default=5.0, help="ticks before the sync")
    args = parser.parse_args()
    return {"startup": startup, "taps": taps, "sync": sync}[args.mode](args)


if __name__ == "__main__":
    raise SystemExit(main())

"""Running the wedge test app under a private X server and typing into it with xdotool."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from station_client.devices.barcode.wedge import WedgeConfig

MAX_GAP_MS = WedgeConfig().max_gap_ms
FAST_GAP_MS = WedgeConfig().fast_gap_ms
Event = dict[str, Any]


def need_tool(tool: str) -> str:
    """The tool's path; in CI its absence fails the test, elsewhere it skips it."""
    path = shutil.which(tool)
    if path is None:
        package = {"Xvfb": "xvfb"}.get(tool, tool)
        message = f"{tool} is needed for the keyboard-wedge tests (Debian package {package})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextlib.contextmanager
def xvfb_display() -> Iterator[str]:
    """A private X server for the block; the display number is chosen by Xvfb itself
    (-displayfd), so parallel runs never collide. Stopped (killed if need be) after."""
    binary = need_tool("Xvfb")
    need_tool("xdotool")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write_end), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        if not number.isdigit():
            pytest.fail(f"Xvfb did not start (exit code {server.poll()})")
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


class WedgeApp:
    """The subprocess running tests/ui/wedge_app.py, and what it printed."""

    def __init__(self, display: str, log: Path) -> None:
        self.display = display
        self.log = log
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        with log.open("w") as stderr:  # a file, not a pipe nobody reads until the end
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("wedge_app.py"))],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
            )
        self.events: list[Event] = []
        self._queue: queue.Queue[Event] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(json.loads(line))

    def wait_for(self, wanted: Callable[[Event], bool], timeout: float = 20.0) -> Event:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                stderr = self.log.read_text(errors="replace")
                raise AssertionError(f"no such event; got {self.events!r}; stderr: {stderr}")
            try:
                event = self._queue.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            self.events.append(event)
            if wanted(event):
                return event

    def command(self, name: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()

    def state(self) -> Event:
        """The line edit's text, once every event before this call has been handled."""
        self.command("state")
        return self.wait_for(lambda e: e["event"] == "state")

    def clear(self) -> int:
        """Empty the line edit; returns the index from which new events count."""
        self.command("clear")
        self.wait_for(lambda e: e["event"] == "cleared")
        return len(self.events)

    def since(self, mark: int, kind: str) -> list[Event]:
        return [e for e in self.events[mark:] if e["event"] == kind]

    def xdotool(self, *args: str) -> None:
        subprocess.run(
            ["xdotool", *args], env={**os.environ, "DISPLAY": self.display}, check=True, timeout=60
        )

    def scanner_types(self, code: str, directory: Path) -> None:
        """``xdotool type --delay 5 code`` then ``xdotool key Return``, in one xdotool
        process (a script) so that no process start-up sits between code and Enter."""
        assert '"' not in code
        script = directory / "scan.xdo"
        script.write_text(f'type --delay 5 "{code}"\nkey --delay 5 Return\n')
        self.xdotool(str(script))

    def close(self) -> None:
        if self.process.poll() is None:
            self.command("quit")
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


@contextlib.contextmanager
def running_wedge_app(display: str, log: Path) -> Iterator[WedgeApp]:
    """wedge_app.py on ``display``, ready (its line edit focused), closed after."""
    app = WedgeApp(display, log)
    try:
        app.wait_for(lambda e: e["event"] == "ready", timeout=60)
        yield app
    finally:
        app.close()


def settle(app: WedgeApp) -> None:
    """Let the held-key timer run out and everything typed reach the app's queue."""
    deadline = time.monotonic() + 10
    while app.state()["holding"] and time.monotonic() < deadline:
        time.sleep(0.05)


def wait_text(app: WedgeApp, expected: str, timeout: float = 20.0) -> None:
    """Wait until the line edit holds ``expected`` (X events and the test's commands
    reach the app by different roads, so one look might come too early)."""
    deadline = time.monotonic() + timeout
    while (text := app.state()["text"]) != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"line edit holds {text!r}, not {expected!r}")
        time.sleep(0.05)


def scan_through_x(
    app: WedgeApp, code: str, directory: Path, before: Callable[[], None] = lambda: None
) -> int:
    """Empty the field, do ``before``, then type ``code`` + Enter at scanner speed;
    returns the event index from which this attempt's events count.

    If the machine stalled xdotool or Xvfb (a gap over max_gap_ms in the X server's own
    timestamps of the scan's keys), the input was not scanner-like at all: try again."""
    attempts = 3
    for _ in range(attempts):
        mark = app.clear()
        before()
        scan_mark = len(app.events)
        app.scanner_types(code, directory)
        try:
            app.wait_for(lambda e: e["event"] == "scanned", timeout=10)
            return mark
        except AssertionError:
            times = [e["t"] for e in app.since(scan_mark, "key")]
            gaps = [b - a for a, b in itertools.pairwise(times)]
            if gaps and max(gaps) > MAX_GAP_MS:
                settle(app)
                continue  # the input itself had a pause: not a detector failure
            raise
    pytest.fail(f"the machine was too loaded to type at scanner speed {attempts} times")


def type_like_a_person(app: WedgeApp, text: str) -> int:
    """Empty the field and type ``text`` 150 ms per key; returns the event index from
    which this attempt's events count, once the field holds ``text``.

    If the X server was stalled and delivered several keys at once (gaps at scanner
    speed in its own timestamps), the input was not human-like: try again."""
    attempts = 3
    for _ in range(attempts):
        mark = app.clear()
        app.xdotool("type", "--delay", "150", text)
        try:
            wait_text(app, text)
            return mark
        except AssertionError:
            times = [e["t"] for e in app.since(mark, "key")]
            gaps = [b - a for a, b in itertools.pairwise(times)]
            if gaps and min(gaps) <= FAST_GAP_MS:
                settle(app)
                continue
            raise
    pytest.fail(f"the machine was too loaded to type at a person's speed {attempts} times")

"""A serial scanner's end of a real pty pair, for the driver under test to read from.

The driver opens ``path`` — a symlink to the pty's slave side, so that "unplugging" (the
pty goes away) and "plugging in again" (a new pty behind the same name) look to it like
a USB-CDC scanner whose /dev/ttyACM0 disappears and comes back.
"""

from __future__ import annotations

import os
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

from station_client.devices.events import CodeScanned, DeviceEvent, DeviceState, DeviceStatus


class PtyScanner:
    def __init__(self, directory: Path, name: str = "ttyACM-scanner") -> None:
        self.path = directory / name
        self._master: int | None = None
        self._slave: int | None = None
        self.plug()

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def plug(self) -> None:
        """A (new) pty behind :attr:`path`."""
        self.unplug()
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no CR→LF mapping before the driver sets the port up
        self._master, self._slave = master, slave
        tmp = self.path.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        tmp.replace(self.path)

    def unplug(self) -> None:
        """The cable is pulled: the pty is closed and its name disappears."""
        self.path.unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def send(self, data: bytes, *, pieces: int = 1, pause: float = 0.0) -> None:
        """Write ``data`` in ``pieces`` separate writes, ``pause`` seconds apart."""
        assert self._master is not None, "scanner is unplugged"
        size = max(1, -(-len(data) // pieces))
        for start in range(0, len(data), size):
            os.write(self._master, data[start : start + size])
            if pause:
                time.sleep(pause)

    def close(self) -> None:
        self.unplug()


class EventLog:
    """A thread-safe sink that tests can wait on."""

    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def scans(self) -> list[CodeScanned]:
        with self._changed:
            return [e for e in self.events if isinstance(e, CodeScanned)]

    def states(self) -> list[DeviceState]:
        with self._changed:
            return [e.state for e in self.events if isinstance(e, DeviceStatus)]

    def statuses(self) -> list[DeviceStatus]:
        with self._changed:
            return [e for e in self.events if isinstance(e, DeviceStatus)]

    def wait_for(self, condition: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out; events so far: {self.events!r}")
                self._changed.wait(left)

    def wait_scans(self, count: int, timeout: float = 15.0) -> list[CodeScanned]:
        self.wait_for(lambda: len(self.scans()) >= count, timeout)
        return self.scans()

    def wait_state(self, state: DeviceState, occurrence: int = 1, timeout: float = 15.0) -> None:
        self.wait_for(lambda: self.states().count(state) >= occurrence, timeout)

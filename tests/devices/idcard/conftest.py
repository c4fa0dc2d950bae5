"""Fixtures: a GA 467 reader emulator on a pty, the real driver on its other end, and a
thread-safe event collector for the poller."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from station_client.devices.events import (
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    IdentityPresented,
)
from station_client.devices.idcard.reader import IdCardReader

from .emulator import ReaderEmulator

#: Generous: the machine running the tests may be a loaded 2-core box.
WAIT = 15.0


@pytest.fixture
def emulator() -> Iterator[ReaderEmulator]:
    emu = ReaderEmulator()
    try:
        yield emu
    finally:
        emu.close()


@pytest.fixture
def reader(emulator: ReaderEmulator) -> Iterator[IdCardReader]:
    driver = IdCardReader.open_serial(emulator.port)
    try:
        yield driver
    finally:
        driver.close()


class Events:
    """Collects what a poller delivers; waits for conditions with a time-out."""

    def __init__(self) -> None:
        self._events: list[DeviceEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._changed:
            self._events.append(event)
            self._changed.notify_all()

    @property
    def all(self) -> list[DeviceEvent]:
        with self._changed:
            return list(self._events)

    @property
    def identities(self) -> list[IdentityPresented]:
        return [e for e in self.all if isinstance(e, IdentityPresented)]

    @property
    def statuses(self) -> list[DeviceStatus]:
        return [e for e in self.all if isinstance(e, DeviceStatus)]

    def wait_for(self, condition: Callable[[], bool], timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"condition not met in {timeout}s; events: {self._events}")
                self._changed.wait(min(left, 0.1))

    def wait_identities(self, count: int) -> list[IdentityPresented]:
        self.wait_for(lambda: len(self.identities) >= count)
        return self.identities

    def wait_status(self, state: DeviceState, after: int = 0) -> DeviceStatus:
        """The first status ``state`` among the events from index ``after`` on."""

        def found() -> DeviceStatus | None:
            for event in self.all[after:]:
                if isinstance(event, DeviceStatus) and event.state is state:
                    return event
            return None

        self.wait_for(lambda: found() is not None)
        status = found()
        assert status is not None
        return status


@pytest.fixture
def events() -> Events:
    return Events()

"""An event sink for tests: collects what a driver delivers and waits for it."""

from __future__ import annotations

import threading
from collections.abc import Callable

from station_client.devices import DeviceEvent, DeviceState, DeviceStatus, IdentityPresented


class Events:
    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._changed:
            self.items.append(event)
            self._changed.notify_all()

    def wait(self, matches: Callable[[DeviceEvent], bool], *, after: int = 0,
             timeout: float = 30.0) -> int:  # fmt: skip
        """Index of the first event from ``after`` on that ``matches``, waiting for it."""
        with self._changed:
            found: list[int] = []

            def seen() -> bool:
                found[:] = [i for i, e in enumerate(self.items) if i >= after and matches(e)]
                return bool(found)

            if not self._changed.wait_for(seen, timeout):
                raise AssertionError(f"no matching event within {timeout} s: {self.items}")
            return found[0]

    def wait_state(self, state: DeviceState, *, after: int = 0, timeout: float = 30.0) -> int:
        return self.wait(
            lambda e: isinstance(e, DeviceStatus) and e.state is state, after=after, timeout=timeout
        )

    def identities(self) -> list[IdentityPresented]:
        with self._changed:
            return [e for e in self.items if isinstance(e, IdentityPresented)]

    def states(self) -> list[DeviceState]:
        with self._changed:
            return [e.state for e in self.items if isinstance(e, DeviceStatus)]

    def status(self, index: int) -> DeviceStatus:
        event = self.items[index]
        assert isinstance(event, DeviceStatus)
        return event

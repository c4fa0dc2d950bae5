"""Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014).

Each station and the hub stamp their changes with an HLC: a wall-clock time in
milliseconds plus a counter that breaks ties and keeps the clock moving forward when
the wall clock stands still or steps backwards (NTP correction, a clerk fixing the
PC's date). Stamps stay close to real time, so they are readable in the audit trail,
yet a stamp taken after seeing another is always greater than it. Order of accepted
changes still comes from the hub's sequence, never from these stamps; the HLC is
there to tell the story of a record and to spot a station whose clock is off.

The text form ``"{wall_ms:013d}-{counter:05d}-{node}"`` sorts like the stamps
themselves, so it can be stored in a plain text column and ordered there. It must
fit ``Op.hlc`` (40 characters), which leaves at most 20 characters for the node:
use :func:`node_for` to derive one from a station's UUID.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import WireError

MAX_WALL_MS = 10**13 - 1  # 13 digits: good until the year 2286
MAX_COUNTER = 99_999  # 5 digits
MAX_NODE_LEN = 20
_NODE_RE = re.compile(r"[0-9A-Za-z_.:]{1,20}")
_HLC_RE = re.compile(r"([0-9]{13})-([0-9]{5})-([0-9A-Za-z_.:]{1,20})")


def wall_clock_ms() -> int:
    """The system clock in unix milliseconds (the default physical clock)."""
    return time.time_ns() // 1_000_000


def node_for(station_id: str) -> str:
    """A short HLC node name for a station: the last 16 hex digits of its UUID.

    A UUIDv7 begins with its creation time, so stations enrolled together share a
    prefix; the tail is random. A clash would only weaken the tie-break between two
    stamps of the same millisecond and counter, never the clock's monotonicity.
    """
    hex_digits = station_id.replace("-", "").lower()
    if not hex_digits or not all(ch in "0123456789abcdef" for ch in hex_digits):
        raise WireError("bad_value", f"not a station UUID: {station_id!r}", field="node")
    return hex_digits[-16:]


@dataclass(frozen=True, order=True)
class HLC:
    """One hybrid logical timestamp; compares by (wall_ms, counter, node)."""

    wall_ms: int
    counter: int
    node: str

    def __post_init__(self) -> None:
        if not 0 <= self.wall_ms <= MAX_WALL_MS:
            raise WireError("bad_hlc", f"wall time out of range: {self.wall_ms}", field="hlc")
        if not 0 <= self.counter <= MAX_COUNTER:
            raise WireError("bad_hlc", f"counter out of range: {self.counter}", field="hlc")
        if not _NODE_RE.fullmatch(self.node):
            raise WireError(
                "bad_hlc",
                f"node must be 1-{MAX_NODE_LEN} of [0-9A-Za-z_.:]: {self.node!r}",
                field="hlc",
            )

    def encode(self) -> str:
        """Fixed-width text that sorts exactly like the stamps."""
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> HLC:
        """Read the text form back; :class:`WireError` (``bad_hlc``) if it is not one."""
        match = _HLC_RE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise WireError("bad_hlc", f"not a hybrid logical clock stamp: {text!r}", field="hlc")
        return cls(int(match.group(1)), int(match.group(2)), match.group(3))

    def __str__(self) -> str:
        return self.encode()


class HybridLogicalClock:
    """The clock of one node: ``now()`` for local and send events, ``observe()`` on receipt.

    ``wall_ms`` is injectable so tests can drive the wall clock backwards and forwards.
    The clock is thread-safe: the sync worker and the UI's store worker share one.
    """

    def __init__(self, node: str, wall_ms: Callable[[], int] = wall_clock_ms) -> None:
        HLC(0, 0, node)  # validates the node name
        self._node = node
        self._wall_ms = wall_ms
        self._last = HLC(0, 0, node)
        self._lock = threading.Lock()

    @property
    def node(self) -> str:
        return self._node

    @property
    def last(self) -> HLC:
        """The latest stamp issued (``HLC(0, 0, node)`` before the first)."""
        return self._last

    def _issue(self, wall: int, counter: int) -> HLC:
        # A counter past five digits would break the fixed-width text form: move the
        # logical time on by one millisecond instead (still monotonic, still > input).
        if counter > MAX_COUNTER:
            wall, counter = wall + 1, 0
        stamp = HLC(wall, counter, self._node)
        self._last = stamp
        return stamp

    def _physical(self) -> int:
        return max(0, min(int(self._wall_ms()), MAX_WALL_MS))

    def now(self) -> HLC:
        """A stamp for a local or send event, greater than every stamp issued before."""
        with self._lock:
            physical = self._physical()
            last = self._last
            if physical > last.wall_ms:
                return self._issue(physical, 0)
            return self._issue(last.wall_ms, last.counter + 1)

    def observe(self, remote: HLC) -> HLC:
        """A stamp for receiving ``remote``: greater than it and than every earlier stamp."""
        with self._lock:
            physical = self._physical()
            last = self._last
            wall = max(last.wall_ms, remote.wall_ms, physical)
            if wall == last.wall_ms == remote.wall_ms:
                counter = max(last.counter, remote.counter) + 1
            elif wall == last.wall_ms:
                counter = last.counter + 1
            elif wall == remote.wall_ms:
                counter = remote.counter + 1
            else:
                counter = 0
            return self._issue(wall, counter)

"""A simulated barcode scanner for the demo and training mode.

It plays a script — scans and faults, each after a pause — into the same sink a real
scanner uses, with the same events: READY when started, a :class:`CodeScanned` per
scan, ERROR with the real driver's message for a garbled read (then READY again with
the next scan), DISCONNECTED while "unplugged". A trainer can also trigger a scan at
any moment with :meth:`SimulatedScanner.scan`. :func:`demo_script` covers every kind of
code the counter meets: a folder label, a printed form, an ID number, an electronic
social-security card and a stray product barcode.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from station_client.devices.errors import DeviceError
from station_client.devices.events import (
    CodeScanned,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    EventSink,
)
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id

from .payloads import StationCodeKind, encode_station_code
from .text import decode_code_bytes

_log = logging.getLogger(__name__)
DEVICE = "barcode:simulator"


@dataclass(frozen=True)
class ScriptedScan:
    """After ``after_s`` seconds, the scanner reads ``text``."""

    text: str
    symbology: str = "QRCODE"
    after_s: float = 3.0


class FaultKind(StrEnum):
    GARBLED = "garbled"  # a read that is not text (scanner set to a wrong encoding)
    UNPLUGGED = "unplugged"  # the cable is pulled for ``duration_s``


@dataclass(frozen=True)
class ScriptedFault:
    kind: FaultKind
    after_s: float = 3.0
    duration_s: float = 5.0


ScriptStep = ScriptedScan | ScriptedFault


def _essc_token(seed: str) -> str:
    """An opaque token shaped like an e-SSC code (not a real one: the demo has no
    verification service to accept it)."""
    digest = hashlib.sha256(seed.encode()).digest() + hashlib.sha256(seed.encode()[::-1]).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def demo_script() -> list[ScriptStep]:
    """A few minutes of counter life: every kind of code, one garbled read, one unplug."""
    citizen = make_citizen_id("320115", date(1986, 4, 23), 37, Sex.FEMALE)
    return [
        ScriptedScan(encode_station_code(StationCodeKind.ARCHIVE_FOLDER, "2025-000123"), "CODE128"),
        ScriptedScan(citizen, "CODE128", after_s=8.0),
        ScriptedScan(
            encode_station_code(StationCodeKind.FORM, "0192f6a4-7c3b-7d21-9e55-3a1f6c2b8d40")
        ),
        ScriptedScan(_essc_token("demo-essc-1"), after_s=8.0),
        ScriptedFault(FaultKind.GARBLED, after_s=6.0),
        ScriptedScan("6901234567892", "EAN13", after_s=5.0),
        ScriptedFault(FaultKind.UNPLUGGED, after_s=10.0, duration_s=8.0),
        ScriptedScan(citizen, "CODE128", after_s=4.0),
    ]


class SimulatedScanner:
    """Plays ``script`` (by default :func:`demo_script`, over and over) into ``sink``
    from a background thread; ``speed`` > 1 shortens the pauses (tests, quick demos)."""

    def __init__(
        self,
        sink: EventSink,
        script: Sequence[ScriptStep] | None = None,
        *,
        repeat: bool = True,
        speed: float = 1.0,
    ) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be positive, got {speed}")
        self.device = DEVICE
        self._sink = sink
        self._script = list(demo_script() if script is None else script)
        self._repeat = repeat
        self._speed = speed
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._state: DeviceState | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.device, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> SimulatedScanner:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def scan(self, text: str, symbology: str = "QRCODE") -> None:
        """The trainer's "scan now" button: deliver ``text`` at once (unless unplugged)."""
        with self._lock:
            if self._state is DeviceState.DISCONNECTED:
                return
            self._status(DeviceState.READY)
            self._emit(CodeScanned(symbology, text, "simulator"))

    def _emit(self, event: DeviceEvent) -> None:
        try:
            self._sink(event)
        except Exception:
            _log.exception("event sink failed on %r", event)

    def _status(self, state: DeviceState, reason: str | None = None) -> None:
        if state is not self._state or state is DeviceState.ERROR:
            self._state = state
            self._emit(DeviceStatus(self.device, state, reason))

    def _wait(self, seconds: float) -> bool:
        """Pause; False when stopped meanwhile."""
        return not self._stop.wait(seconds / self._speed)

    def _run(self) -> None:
        with self._lock:
            self._status(DeviceState.READY)
        while not self._stop.is_set():
            for step in self._script:
                if not self._wait(step.after_s):
                    return
                self._play(step)
            if not self._repeat or not self._script:
                return

    def _play(self, step: ScriptStep) -> None:
        if isinstance(step, ScriptedScan):
            self.scan(step.text, step.symbology)
            return
        if step.kind is FaultKind.GARBLED:
            with self._lock:
                self._status(DeviceState.ERROR, _garbled_reason())
            return
        with self._lock:
            self._status(DeviceState.DISCONNECTED, "扫码枪未连接，请检查连接线（模拟）")
        if self._wait(step.duration_s):
            with self._lock:
                self._status(DeviceState.READY)


def _garbled_reason() -> str:
    """The real driver's message for an unreadable line."""
    try:
        decode_code_bytes(b"\xff\xfe\x00\x81")
    except DeviceError as e:
        return e.message_zh
    raise AssertionError("garbage bytes decoded")  # pragma: no cover

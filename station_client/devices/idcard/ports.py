"""Which serial port the ID card reader is on.

The port chosen in settings wins, unprobed. Without one, every candidate port is sent a
GA 467 "SAM status" command and the first that answers with a well-formed GA 467 frame is
the reader (whatever status it reports: a reader with a failing SAM is still the reader,
and the poller then says what is wrong with it). Ports are probed in parallel, so a silent
port costs one time-out in total, not one each.

Probing writes ten bytes to each candidate. Other serial devices at a station (barcode
scanners, receipt printers) ignore a frame they do not understand.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

from serial.tools import list_ports

from station_client.devices.errors import DeviceError, DeviceUnavailable

from .frames import Command
from .reader import IdCardReader
from .transport import DEFAULT_BAUDRATE, SerialTransport

PROBE_TIMEOUT = 0.5
#: A station without a reader must not have its other serial devices poked every few
#: seconds: after a detection that found nothing, wait this long before probing again.
REDETECT_INTERVAL = 30.0
#: USB-serial adapters first: that is how ID card readers are connected today.
_PREFERRED = ("/dev/ttyUSB", "/dev/ttyACM", "COM")


def candidate_ports() -> list[str]:
    """Serial ports on this machine, the likeliest reader ports first."""
    names = [info.device for info in list_ports.comports()]

    def rank(name: str) -> tuple[int, str]:
        for index, prefix in enumerate(_PREFERRED):
            if name.startswith(prefix):
                return index, name
        return len(_PREFERRED), name

    return sorted(names, key=rank)


def probe_port(
    port: str, *, baudrate: int = DEFAULT_BAUDRATE, timeout: float = PROBE_TIMEOUT
) -> bool:
    """True when a GA 467 reader answers on ``port``."""
    try:
        reader = IdCardReader(SerialTransport(port, baudrate=baudrate), command_timeout=timeout)
    except DeviceUnavailable:
        return False
    try:
        reader.transact(Command.SAM_STATUS)
    except DeviceError:
        return False
    finally:
        reader.close()
    return True


def detect_reader_port(
    candidates: Iterable[str] | None = None,
    *,
    baudrate: int = DEFAULT_BAUDRATE,
    timeout: float = PROBE_TIMEOUT,
) -> str:
    """The first candidate with a reader on it; :class:`DeviceUnavailable` if none."""
    ports: Sequence[str] = list(candidate_ports() if candidates is None else candidates)
    if ports:
        with ThreadPoolExecutor(max_workers=min(8, len(ports)), thread_name_prefix="probe") as pool:
            answers = list(
                pool.map(lambda p: probe_port(p, baudrate=baudrate, timeout=timeout), ports)
            )
        for port, answered in zip(ports, answers, strict=True):
            if answered:
                return port
    tried = ", ".join(ports) if ports else "none found"
    raise DeviceUnavailable(
        f"no ID card reader found on the serial ports ({tried}) — check that it is plugged "
        "in and switched on, or choose its port in settings",
        f"未在串口（{tried}）上找到身份证阅读器，请检查阅读器是否已连接并通电，或在设置中选择串口",
    )


def choose_port(
    configured: str | None,
    candidates: Iterable[str] | None = None,
    *,
    baudrate: int = DEFAULT_BAUDRATE,
    timeout: float = PROBE_TIMEOUT,
) -> str:
    """The port from settings if there is one, else the detected one."""
    if configured is not None and configured.strip():
        return configured.strip()
    return detect_reader_port(candidates, baudrate=baudrate, timeout=timeout)


class PortFinder:
    """Remembers the detected port across reconnections and rate-limits re-detection.

    A reader that is unplugged and plugged back in usually comes back under the same name,
    so the last port found is tried first; probing all ports again happens at most every
    :data:`REDETECT_INTERVAL` seconds.
    """

    def __init__(
        self,
        configured: str | None,
        candidates: Iterable[str] | None = None,
        *,
        baudrate: int = DEFAULT_BAUDRATE,
        redetect_interval: float = REDETECT_INTERVAL,
    ) -> None:
        self.configured = configured.strip() if configured and configured.strip() else None
        self._candidates = None if candidates is None else list(candidates)
        self._baudrate = baudrate
        self._redetect_interval = redetect_interval
        self._found: str | None = None
        self._last_detection: float | None = None
        self._last_error: DeviceUnavailable | None = None

    def _may_detect(self) -> bool:
        return (
            self._last_detection is None
            or time.monotonic() - self._last_detection >= self._redetect_interval
        )

    def port(self, *, previous_failed: bool = False) -> str:
        """The port to open; :class:`DeviceUnavailable` while no reader can be found.

        ``previous_failed``: the port returned last time could not be opened.
        """
        if self.configured is not None:
            return self.configured
        if self._found is not None and (not previous_failed or not self._may_detect()):
            return self._found
        if not self._may_detect() and self._last_error is not None:
            raise self._last_error
        self._last_detection = time.monotonic()
        try:
            self._found = detect_reader_port(self._candidates, baudrate=self._baudrate)
        except DeviceUnavailable as exc:
            self._last_error = exc
            raise
        self._last_error = None
        return self._found

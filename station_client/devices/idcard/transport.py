"""The byte pipe under the reader driver: a serial port, or the simulator's in-memory one.

:class:`SerialTransport` is the only place pyserial is called; every ``SerialException``
and ``OSError`` is turned into :class:`DeviceUnavailable` here.
"""

from __future__ import annotations

import contextlib
import time
from typing import Protocol

import serial

from station_client.devices.errors import DeviceUnavailable

try:  # pyserial lets termios.error (not an OSError) escape from flushes on POSIX
    from termios import error as _TermiosError
except ImportError:  # pragma: no cover - Windows
    _TermiosError = OSError  # type: ignore[assignment,misc]

#: What pyserial raises when the port or its device goes away.
_PORT_ERRORS: tuple[type[Exception], ...] = (serial.SerialException, OSError, _TermiosError)
#: … and what opening it raises for a bad setting (an impossible baud rate, say).
_OPEN_ERRORS: tuple[type[Exception], ...] = (*_PORT_ERRORS, ValueError)

DEFAULT_BAUDRATE = 115200
#: Longest single blocking read; reads loop until their own deadline.
_READ_SLICE = 0.05


class Transport(Protocol):
    name: str

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes, returning as soon as all arrived or ``timeout`` passed."""
        ...

    def discard_input(self) -> None: ...

    def close(self) -> None: ...


def _port_gone(port: str, exc: BaseException) -> DeviceUnavailable:
    return DeviceUnavailable(
        f"the ID card reader on {port} was disconnected ({exc}) — plug it in again; "
        "the station reconnects by itself",
        f"身份证阅读器（{port}）已断开，请重新连接，连接后自动恢复",
    )


class SerialTransport:
    """A real serial port (USB-serial adapter, built-in COM port, or a pty in tests)."""

    def __init__(self, port: str, *, baudrate: int = DEFAULT_BAUDRATE) -> None:
        self.name = port
        try:
            self._serial = serial.Serial(port, baudrate=baudrate, timeout=_READ_SLICE)
        except _OPEN_ERRORS as exc:
            raise DeviceUnavailable(
                f"the ID card reader port {port} cannot be opened ({exc}) — check that the "
                "reader is plugged in and no other program uses it, or choose its port in "
                "settings",
                f"无法打开身份证阅读器串口{port}，请检查阅读器是否已连接、是否被其他程序占用，"
                "或在设置中选择正确的串口",
            ) from exc

    def write(self, data: bytes) -> None:
        try:
            self._serial.write(data)
            self._serial.flush()
        except _PORT_ERRORS as exc:
            raise _port_gone(self.name, exc) from exc

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        received = bytearray()
        try:
            while len(received) < size:
                received += self._serial.read(size - len(received))
                if time.monotonic() >= deadline:
                    break
        except _PORT_ERRORS as exc:
            raise _port_gone(self.name, exc) from exc
        return bytes(received)

    def discard_input(self) -> None:
        try:
            self._serial.reset_input_buffer()
        except _PORT_ERRORS as exc:
            raise _port_gone(self.name, exc) from exc

    def close(self) -> None:
        # Closing a port whose device vanished can fail; there is nothing left to release.
        with contextlib.suppress(*_PORT_ERRORS):
            self._serial.close()

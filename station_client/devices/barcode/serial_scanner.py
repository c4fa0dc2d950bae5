"""Scanners in USB-CDC (virtual serial port) mode: every scan arrives as a line of bytes.

Lines end with CR, LF or CR LF (scanners differ; a CR LF split across two reads is one
ending, not an empty line). Each line's bytes are decoded with
:func:`.text.decode_code_bytes` — UTF-8, then GB18030 for scanners set to GBK — and, if
the scanner is set to send AIM identifiers ("]Q1…", ``aim_ids=True``), the symbology is
taken from the prefix.

:class:`SerialScanner` runs a background thread that opens the port, reads lines and
calls the sink with a :class:`CodeScanned` per line and a :class:`DeviceStatus` when its
state changes: READY when the port is open, ERROR (with the reason) after a line that
could not be read — back to READY with the next good one — and DISCONNECTED when the
port is missing, busy or unplugged; it then retries every ``retry_interval`` seconds, so
a scanner plugged back in is picked up. The thread never dies from an exception and never
raises into the sink.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass, field

import serial

from station_client.devices.errors import BadResponse, DeviceError, DeviceUnavailable
from station_client.devices.events import (
    CodeScanned,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    EventSink,
)

from .text import decode_code_bytes, split_aim_prefix

_log = logging.getLogger(__name__)

DEFAULT_BAUDRATE = 9600
#: Longer than any code a scanner sends (a PDF417 holds ~1.1 kB); beyond it, it is noise.
MAX_LINE_BYTES = 4096
RETRY_INTERVAL = 1.0
_READ_TIMEOUT = 0.2


@dataclass
class LineSplitter:
    """Bytes as they arrive → complete lines (terminators removed, empty lines skipped).
    A line longer than ``max_bytes`` is dropped and reported as a BadResponse in its place."""

    max_bytes: int = MAX_LINE_BYTES
    _buffer: bytearray = field(default_factory=bytearray)
    _after_cr: bool = False
    _overflowed: bool = False

    def feed(self, data: bytes) -> list[bytes | BadResponse]:
        out: list[bytes | BadResponse] = []
        for byte in data:
            if byte == 0x0A and self._after_cr:  # the LF of a CR LF
                self._after_cr = False
                continue
            self._after_cr = byte == 0x0D
            if byte in (0x0A, 0x0D):
                if self._overflowed:
                    out.append(_too_long(self.max_bytes))
                elif self._buffer:
                    out.append(bytes(self._buffer))
                self._buffer.clear()
                self._overflowed = False
            elif not self._overflowed:
                self._buffer.append(byte)
                if len(self._buffer) > self.max_bytes:
                    self._buffer.clear()
                    self._overflowed = True
        return out


def _too_long(limit: int) -> BadResponse:
    return BadResponse(
        f"the scanner sent more than {limit} bytes without a line end — check that it is "
        "set to end each code with CR or LF, then scan again",
        "扫码枪发送的数据过长且没有换行结束符，请检查扫码枪是否设置了回车/换行后缀，然后重新扫码",
    )


def parse_line(line: bytes, *, aim_ids: bool = False) -> tuple[str, str]:
    """(symbology, text) of one line from the scanner; BadResponse if unreadable."""
    text = decode_code_bytes(line)
    if aim_ids:
        return split_aim_prefix(text)
    return "UNKNOWN", text


def _unavailable(port: str, error: Exception) -> DeviceUnavailable:
    return DeviceUnavailable(
        f"barcode scanner on {port} is not available ({error}) — check that it is plugged "
        "in and not used by another program",
        f"扫码枪（{port}）未连接或被其他程序占用，请检查连接线",
    )


class SerialScanner:
    """Reads a serial scanner in a background thread; see the module documentation."""

    def __init__(
        self,
        port: str,
        sink: EventSink,
        *,
        baudrate: int = DEFAULT_BAUDRATE,
        aim_ids: bool = False,
        retry_interval: float = RETRY_INTERVAL,
    ) -> None:
        self.port = port
        self.device = f"barcode:{port}"
        self._sink = sink
        self._baudrate = baudrate
        self._aim_ids = aim_ids
        self._retry_interval = retry_interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: serial.Serial | None = None
        self._state: DeviceState | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.device, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        port = self._serial
        if port is not None:
            # If this fails the thread still notices the stop flag within one read timeout.
            with contextlib.suppress(serial.SerialException, OSError, AttributeError):
                port.cancel_read()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> SerialScanner:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _emit(self, event: DeviceEvent) -> None:
        try:
            self._sink(event)
        except Exception:  # a broken sink must not kill the reader
            _log.exception("event sink failed on %r", event)

    def _status(self, state: DeviceState, reason: str | None = None) -> None:
        if state is self._state and state is not DeviceState.ERROR:
            return
        self._state = state
        self._emit(DeviceStatus(self.device, state, reason))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._serial = self._open()
            except DeviceUnavailable as e:
                _log.info("%s", e.message_en)
                self._status(DeviceState.DISCONNECTED, e.message_zh)
                self._stop.wait(self._retry_interval)
                continue
            try:
                self._status(DeviceState.READY)
                self._read_lines(self._serial)
            except DeviceUnavailable as e:
                _log.warning("%s", e.message_en)
                self._status(DeviceState.DISCONNECTED, e.message_zh)
                self._stop.wait(self._retry_interval)
            except Exception:  # never let the reader thread die
                _log.exception("unexpected error reading %s", self.port)
                self._status(DeviceState.ERROR, "扫码枪读取出错，正在重新连接")
                self._stop.wait(self._retry_interval)
            finally:
                self._close()
        self._close()

    def _open(self) -> serial.Serial:
        try:
            return serial.Serial(self.port, self._baudrate, timeout=_READ_TIMEOUT, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as e:
            raise _unavailable(self.port, e) from e

    def _close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    def _read_lines(self, port: serial.Serial) -> None:
        splitter = LineSplitter()
        while not self._stop.is_set():
            try:
                chunk = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError, TypeError) as e:
                # TypeError: pyserial's cancel_read on a port closed under it.
                if self._stop.is_set():
                    return
                raise _unavailable(self.port, e) from e
            for line in splitter.feed(chunk):
                self._line(line)

    def _line(self, line: bytes | BadResponse) -> None:
        try:
            if isinstance(line, DeviceError):
                raise line
            symbology, text = parse_line(line, aim_ids=self._aim_ids)
        except DeviceError as e:
            _log.warning("%s: %s", self.device, e.message_en)
            self._status(DeviceState.ERROR, e.message_zh)
            return
        self._status(DeviceState.READY)
        self._emit(CodeScanned(symbology, text, f"serial:{self.port}"))

"""GA 467 frames: what a second-generation ID card reader and the host say to each other.

Host → reader::

    AA AA AA 96 69 | LEN (2, big-endian) | CMD | PARA | data… | CHK

Reader → host::

    AA AA AA 96 69 | LEN (2, big-endian) | SW1 | SW2 | SW3 | data… | CHK

``LEN`` counts everything after itself (command or status bytes, data and ``CHK``);
``CHK`` is the XOR of every byte from ``LEN`` to the last data byte. ``SW3`` carries the
outcome (see :mod:`.status`); ``SW1 SW2`` are ``00 00`` on every reader we know of and are
kept but not interpreted.

Everything here is a plain function on bytes; the only exception raised is
:class:`BadResponse`, so a malformed answer can never escape as ``IndexError`` or
``struct.error``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import reduce

from station_client.devices.errors import BadResponse

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
#: Preamble plus the two length bytes.
HEADER_SIZE = len(PREAMBLE) + 2
#: SW1 SW2 SW3 CHK: the shortest legal answer body; CMD PARA CHK for a command.
MIN_RESPONSE_LENGTH = 4
MIN_REQUEST_LENGTH = 3
#: The longest answer in GA 467 is text + photo + fingerprint (256 + 1024 + 1024 and
#: three lengths), about 2 320 bytes; anything claiming much more is noise.
MAX_RESPONSE_LENGTH = 4096
#: Bytes of noise tolerated before a preamble (a reader powering up, a stale partial
#: answer) before we decide the device on the port does not speak GA 467 at all.
MAX_GARBAGE = 2048


class Command(Enum):
    """The commands the station sends (CMD, PARA)."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_BASE_MESSAGE = (0x30, 0x01)  # text + photo
    READ_BASE_AND_FINGERPRINT = (0x30, 0x10)  # text + photo + fingerprints

    @property
    def code(self) -> int:
        return self.value[0]

    @property
    def parameter(self) -> int:
        return self.value[1]

    @classmethod
    def lookup(cls, code: int, parameter: int) -> Command | None:
        for command in cls:
            if command.value == (code, parameter):
                return command
        return None


@dataclass(frozen=True)
class Response:
    """One decoded answer from the reader."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes


@dataclass(frozen=True)
class Request:
    """One decoded command frame (what a reader — or the simulator — receives)."""

    code: int
    parameter: int
    data: bytes

    @property
    def command(self) -> Command | None:
        return Command.lookup(self.code, self.parameter)


def checksum(body: bytes) -> int:
    """XOR of ``body`` (the bytes from LEN to the last data byte)."""
    return reduce(lambda acc, b: acc ^ b, body, 0)


def _frame(payload: bytes) -> bytes:
    """Preamble + LEN + payload + CHK, where LEN counts payload and CHK."""
    body = (len(payload) + 1).to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([checksum(body)])


def encode_request(command: Command, data: bytes = b"") -> bytes:
    """The bytes the host writes to send ``command``."""
    return _frame(bytes([command.code, command.parameter]) + data)


def encode_response(sw3: int, data: bytes = b"", *, sw1: int = 0, sw2: int = 0) -> bytes:
    """The bytes a reader writes to answer with status ``sw3`` (simulator and emulators)."""
    if len(data) + MIN_RESPONSE_LENGTH > MAX_RESPONSE_LENGTH:
        raise ValueError(f"response data too long: {len(data)} bytes")
    return _frame(bytes([sw1, sw2, sw3]) + data)


def _unframe(frame: bytes, min_length: int, what: str) -> bytes:
    """Check preamble, length and checksum; return the bytes between LEN and CHK."""
    if not frame.startswith(PREAMBLE):
        raise BadResponse(
            f"the ID card reader's {what} does not start with the GA 467 preamble — "
            "place the card again; if it keeps happening, check the reader's port in settings",
            "身份证阅读器应答格式错误（帧头不对），请重新放卡；如反复出现请在设置中核对阅读器串口",
        )
    if len(frame) < HEADER_SIZE + min_length:
        raise truncated_error()
    length = int.from_bytes(frame[len(PREAMBLE) : HEADER_SIZE], "big")
    if length < min_length or length > MAX_RESPONSE_LENGTH:
        raise BadResponse(
            f"the ID card reader's {what} has an impossible length ({length} bytes) — "
            "place the card again; if it keeps happening, check the cable",
            "身份证阅读器应答长度错误，请重新放卡；如反复出现请检查连接线",
        )
    if len(frame) < HEADER_SIZE + length:
        raise truncated_error()
    if len(frame) > HEADER_SIZE + length:
        raise BadResponse(
            f"the ID card reader's {what} is longer than its length field says — "
            "place the card again; if it keeps happening, check the cable",
            "身份证阅读器应答长度与内容不符，请重新放卡；如反复出现请检查连接线",
        )
    body = frame[len(PREAMBLE) : -1]
    if checksum(body) != frame[-1]:
        raise BadResponse(
            f"the ID card reader's {what} is corrupted (checksum error) — place the card "
            "again; if it keeps happening, check the cable",
            "身份证阅读器应答校验错误，请重新放卡；如反复出现请检查连接线",
        )
    return frame[HEADER_SIZE:-1]


def truncated_error() -> BadResponse:
    return BadResponse(
        "the ID card reader's answer was cut short — place the card again; "
        "if it keeps happening, check the cable",
        "身份证阅读器应答不完整，请重新放卡；如反复出现请检查连接线",
    )


def decode_response(frame: bytes) -> Response:
    """Decode one complete reader → host frame; :class:`BadResponse` if it is malformed."""
    payload = _unframe(bytes(frame), MIN_RESPONSE_LENGTH, "answer")
    return Response(sw1=payload[0], sw2=payload[1], sw3=payload[2], data=payload[3:])


def decode_request(frame: bytes) -> Request:
    """Decode one complete host → reader frame (used by the simulator)."""
    payload = _unframe(bytes(frame), MIN_REQUEST_LENGTH, "command")
    return Request(code=payload[0], parameter=payload[1], data=payload[2:])


def _preamble_prefix_length(buffer: bytes | bytearray) -> int:
    """Length of the longest tail of ``buffer`` that could be the start of a preamble."""
    for size in range(min(len(PREAMBLE) - 1, len(buffer)), 0, -1):
        if buffer.endswith(PREAMBLE[:size]):
            return size
    return 0


class FrameAssembler:
    """Collects bytes as they trickle in and hands out one whole frame.

    Noise before the preamble is skipped (a reader that was switched on mid-conversation,
    the tail of an answer we gave up on); more than :data:`MAX_GARBAGE` bytes of it is a
    :class:`BadResponse`. :meth:`needed` says how many bytes may be read next without ever
    reading past the end of the frame.
    """

    def __init__(self, *, min_length: int = MIN_RESPONSE_LENGTH) -> None:
        self._min_length = min_length
        self._buffer = bytearray()
        self._synced = False
        self.garbage = 0

    def needed(self) -> int:
        if not self._synced:
            return len(PREAMBLE) - len(self._buffer)
        if len(self._buffer) < HEADER_SIZE:
            return HEADER_SIZE - len(self._buffer)
        return self._total() - len(self._buffer)

    @property
    def started(self) -> bool:
        """True once a preamble has been seen (so a time-out means a cut-off frame)."""
        return self._synced

    def _total(self) -> int:
        length = int.from_bytes(self._buffer[len(PREAMBLE) : HEADER_SIZE], "big")
        if length < self._min_length or length > MAX_RESPONSE_LENGTH:
            raise BadResponse(
                f"the ID card reader announced an impossible answer length ({length} bytes) "
                "— place the card again; if it keeps happening, check the cable",
                "身份证阅读器应答长度错误，请重新放卡；如反复出现请检查连接线",
            )
        return HEADER_SIZE + length

    def _sync(self) -> None:
        start = self._buffer.find(PREAMBLE)
        if start < 0:
            keep = _preamble_prefix_length(self._buffer)
            dropped = len(self._buffer) - keep
        else:
            dropped = start
            self._synced = True
        del self._buffer[:dropped]
        self.garbage += dropped
        if self.garbage > MAX_GARBAGE:
            raise garbage_error()

    def feed(self, data: bytes) -> bytes | None:
        """Add received bytes; return the complete frame once there is one."""
        self._buffer.extend(data)
        if not self._synced:
            self._sync()
            if not self._synced:
                return None
        if len(self._buffer) < HEADER_SIZE:
            return None
        total = self._total()
        if len(self._buffer) < total:
            return None
        frame = bytes(self._buffer[:total])
        del self._buffer[:total]
        return frame


def garbage_error() -> BadResponse:
    return BadResponse(
        "the device on this port does not speak the ID card reader protocol (GA 467) — "
        "choose the ID card reader's port in settings",
        "该串口上的设备不是身份证阅读器（不符合GA 467协议），请在设置中选择身份证阅读器的串口",
    )

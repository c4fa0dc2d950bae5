"""A GA 467 ID card reader on the far end of a real pty pair.

The driver under test opens the pty's slave by name with pyserial, exactly as it opens
``/dev/ttyUSB0`` at a station; this emulator sits on the master side and answers like a
reader. Frames and the text block are built here independently of the product's encoders
(plain ``struct``-style byte arithmetic), so an error in the product's frame or text code
cannot cancel itself out.

Scripted faults apply to the next answer to a given command: wrong checksum, a frame cut
short, noise before the preamble, any status byte, a slow or missing answer, raw bytes.
Global modes: a byte-at-a-time writer, a reader that halts a card after reading it (the
next "find" says no card although the card never moved), and unplugging (pty closed).
"""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from collections import deque
from dataclasses import dataclass, field

PREAMBLE = bytes([0xAA, 0xAA, 0xAA, 0x96, 0x69])
SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
FIND = (0x20, 0x01)
SELECT = (0x20, 0x02)
READ = (0x30, 0x01)


@dataclass
class Person:
    """What is printed in a card's chip (strings exactly as stored, before padding)."""

    name: str = "张三"
    sex: str = "1"
    ethnicity: str = "01"
    birth: str = "19850312"
    address: str = "江苏省南京市江宁区东山街道竹山路1号"
    id_number: str = "320115198503120110"
    issuer: str = "南京市公安局江宁分局"
    valid_from: str = "20150101"
    valid_until: str = "20350101"
    photo: bytes = field(default_factory=lambda: bytes(range(256)) * 4)
    #: Replaces the whole 256-byte text block when set (foreign cards, broken data).
    raw_text: bytes | None = None


def _ucs2(value: str, width: int) -> bytes:
    raw = b"".join(ord(ch).to_bytes(2, "little") for ch in value)
    assert len(raw) <= width, (value, width)
    return raw + b"\x20\x00" * ((width - len(raw)) // 2)


def text_block(p: Person) -> bytes:
    if p.raw_text is not None:
        return p.raw_text
    block = (
        _ucs2(p.name, 30)
        + _ucs2(p.sex, 2)
        + _ucs2(p.ethnicity, 4)
        + _ucs2(p.birth, 16)
        + _ucs2(p.address, 70)
        + _ucs2(p.id_number, 36)
        + _ucs2(p.issuer, 30)
        + _ucs2(p.valid_from, 16)
        + _ucs2(p.valid_until, 16)
        + _ucs2("", 36)
    )
    assert len(block) == 256
    return block


def foreign_text_block(english: str, number: str, nationality: str, chinese: str) -> bytes:
    """The 2017 Foreign Permanent Resident ID Card layout, card type ``I``."""
    block = (
        _ucs2(english, 120)
        + _ucs2("1", 2)
        + _ucs2(number, 30)
        + _ucs2(nationality, 6)
        + _ucs2(chinese, 30)
        + _ucs2("20200101", 16)
        + _ucs2("20300101", 16)
        + _ucs2("19800101", 16)
        + _ucs2("01", 4)
        + _ucs2("1100", 8)
        + _ucs2("I", 2)
        + _ucs2("", 6)
    )
    assert len(block) == 256
    return block


def response(sw3: int, data: bytes = b"") -> bytes:
    body = bytes([0, 0, sw3]) + data
    length = len(body) + 1
    head = bytes([length >> 8, length & 0xFF])
    check = 0
    for b in head + body:
        check ^= b
    return PREAMBLE + head + body + bytes([check])


@dataclass
class Fault:
    kind: str  # bad_checksum | truncated | garbage | status | slow | silent | raw | removed
    sw3: int = 0
    delay: float = 0.0
    raw: bytes = b""


class ReaderEmulator:
    """Owns a pty pair and a thread answering on the master side."""

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self.card: Person | None = None
        self.sam_status = 0x90
        self.byte_at_a_time = False
        self.halt_after_read = False
        self._halted = False
        self._faults: dict[tuple[int, int], deque[Fault]] = {}
        self._lock = threading.Lock()
        self.received: list[tuple[int, int]] = []
        self.reads_answered = 0
        #: Commands fully answered (or deliberately left unanswered) so far.
        self.handled = 0
        self._stop = threading.Event()
        self._unplugged = False
        self._thread = threading.Thread(target=self._serve, name="ga467-emulator", daemon=True)
        self._thread.start()

    # -- scripting ---------------------------------------------------------------------

    def place(self, person: Person) -> None:
        with self._lock:
            self.card = person
            self._halted = False

    def take_away(self) -> None:
        with self._lock:
            self.card = None
            self._halted = False

    def fail_next(self, command: tuple[int, int], fault: Fault, times: int = 1) -> None:
        with self._lock:
            for _ in range(times):
                self._faults.setdefault(command, deque()).append(fault)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every command received so far has been answered in full."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.handled >= len(self.received):
                    return
            time.sleep(0.001)
        raise AssertionError("emulator did not finish answering")

    def count(self, command: tuple[int, int]) -> int:
        with self._lock:
            return self.received.count(command)

    # -- lifecycle ---------------------------------------------------------------------

    def unplug(self) -> None:
        """The reader's cable is pulled: the pty goes away under the driver."""
        self._stop.set()
        self._thread.join(timeout=10)
        if not self._unplugged:
            self._unplugged = True
            os.close(self.master)
            os.close(self._slave)

    def close(self) -> None:
        self.unplug()

    # -- serving -----------------------------------------------------------------------

    def _serve(self) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # nobody has the slave open right now
                time.sleep(0.01)
                continue
            buffer += chunk
            while True:
                frame = self._take_frame(buffer)
                if frame is None:
                    break
                self._answer(frame)
                with self._lock:
                    self.handled += 1

    @staticmethod
    def _take_frame(buffer: bytearray) -> bytes | None:
        start = buffer.find(PREAMBLE)
        if start < 0:
            del buffer[: max(0, len(buffer) - 4)]
            return None
        del buffer[:start]
        if len(buffer) < 7:
            return None
        total = 7 + (buffer[5] << 8 | buffer[6])
        if len(buffer) < total:
            return None
        frame = bytes(buffer[:total])
        del buffer[:total]
        return frame

    def _answer(self, frame: bytes) -> None:
        check = 0
        for b in frame[5:-1]:
            check ^= b
        if check != frame[-1]:
            self._write(response(0x10))
            return
        command = (frame[7], frame[8])
        with self._lock:
            self.received.append(command)
            queue = self._faults.get(command)
            fault = queue.popleft() if queue else None
            answer = self._normal_answer(command, fault)
        if fault is None:
            self._write(answer)
        elif fault.kind == "bad_checksum":
            self._write(answer[:-1] + bytes([answer[-1] ^ 0xFF]))
        elif fault.kind == "truncated":
            self._write(answer[: max(8, len(answer) // 2)])
        elif fault.kind == "garbage":
            self._write(fault.raw + answer)
        elif fault.kind == "status":
            self._write(response(fault.sw3))
        elif fault.kind == "slow":
            if not self._stop.wait(fault.delay):
                self._write(answer)
        elif fault.kind == "raw":
            self._write(fault.raw)
        elif fault.kind == "removed":
            self._write(response(0x41))
        # "silent": no answer at all

    def _normal_answer(self, command: tuple[int, int], fault: Fault | None) -> bytes:
        if fault is not None and fault.kind == "removed":
            self.card = None
        present = self.card is not None and not self._halted
        if command == SAM_STATUS:
            return response(self.sam_status)
        if self.sam_status != 0x90:
            return response(self.sam_status)
        if command == SAM_ID:
            return response(0x90, bytes(range(16)))
        if command == FIND:
            if self._halted:
                self._halted = False  # halted once; found again on the next search
                return response(0x80)
            return response(0x9F, bytes(4)) if present else response(0x80)
        if command == SELECT:
            return response(0x90, bytes(8)) if present else response(0x81)
        if command == READ:
            if self.card is None:
                return response(0x41)
            text = text_block(self.card)
            photo = self.card.photo
            data = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo
            if fault is None or fault.kind in ("slow", "garbage"):
                self.reads_answered += 1
                self._halted = self.halt_after_read
            return response(0x90, data)
        return response(0x21)

    def _write(self, data: bytes) -> None:
        try:
            if self.byte_at_a_time:
                for i in range(len(data)):
                    os.write(self.master, data[i : i + 1])
                    time.sleep(0.0002)
            else:
                os.write(self.master, data)
        except OSError:
            pass  # the driver closed the port mid-answer


class OtherDevice:
    """A pty with something that is not an ID card reader behind it.

    ``chatter`` is what it answers to anything it receives (a modem's ``ERROR``, say);
    ``None`` makes it a silent port nobody answers on.
    """

    def __init__(self, chatter: bytes | None) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._chatter = chatter
        self.received = 0  # bytes sent to it
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="other-device", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                self.received += len(os.read(self.master, 4096))
                if self._chatter is not None:
                    os.write(self.master, self._chatter)
            except OSError:
                time.sleep(0.01)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        os.close(self.master)
        os.close(self._slave)

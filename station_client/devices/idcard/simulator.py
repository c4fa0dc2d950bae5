"""A simulated ID card reader for the demo and training mode (no serial port needed).

:class:`SimulatedIdCardReader` behaves like a GA 467 reader: it receives real command
frames and answers with real response frames, which go through the same
:class:`.reader.IdCardReader`, decoders and :class:`.poller.IdCardPoller` as a real
reader's — so a trainee sees exactly the events, statuses and messages of the real thing.

A trainer (or :class:`DemoScript`) places and removes cards and scripts faults: a
corrupted answer, a card taken away during reading, an answer cut short, a failing SAM.
"""

from __future__ import annotations

import threading
import zlib
from collections import deque
from datetime import date
from enum import StrEnum

from station_client.devices.events import EventSink
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id

from .frames import (
    MIN_REQUEST_LENGTH,
    Command,
    FrameAssembler,
    decode_request,
    encode_response,
)
from .photo import WLT_PHOTO_SIZE
from .poller import POLL_INTERVAL, IdCardPoller
from .reader import IdCardReader
from .status import Status
from .text import TEXT_SIZE, CardKind, CardText, encode_text

SIMULATED_DEVICE = "idcard:simulated"


class SimFault(StrEnum):
    BAD_FRAME = "bad_frame"  # the read answer arrives with a wrong checksum
    REMOVED_MID_READ = "removed_mid_read"  # the card is taken away while being read
    TRUNCATED = "truncated"  # the read answer stops half-way
    SAM_FAILURE = "sam_failure"  # the security module fails its self-check until reset


def _photo(seed: int) -> bytes:
    """Stand-in WLT bytes (real WLT is vendor-encrypted; nothing decodes these)."""
    header = f"SIMULATED-WLT-{seed:04d}".encode("ascii")
    return header + bytes((seed * 31 + i) % 256 for i in range(WLT_PHOTO_SIZE - len(header)))


def _card(
    name: str,
    sex: Sex,
    ethnicity: str,
    born: date,
    address: str,
    serial: int,
    issued: date,
    until: date | None,
    *,
    division: str = "320115",
    issuer: str = "南京市公安局江宁分局",
) -> CardText:
    return CardText(
        kind=CardKind.RESIDENT,
        name=name,
        sex=sex.value,
        ethnicity=ethnicity,
        birth_date=born,
        address=address,
        id_number=make_citizen_id(division, born, serial, sex),
        issuer=issuer,
        valid_from=issued,
        valid_until=until,
    )


def sample_cards() -> list[CardText]:
    """Plausible residents of 江宁区 (Nanjing) with valid ID numbers, for demo scripts."""
    f, m = Sex.FEMALE, Sex.MALE
    return [
        _card(
            "王秀英",
            f,
            "01",
            date(1968, 3, 14),
            "江苏省南京市江宁区东山街道上坊社区12号",
            7,
            date(2014, 5, 20),
            None,
        ),
        _card(
            "李建国",
            m,
            "01",
            date(1979, 11, 2),
            "江苏省南京市江宁区秣陵街道殷巷村68号",
            15,
            date(2019, 8, 1),
            date(2039, 8, 1),
        ),
        _card(
            "马晓燕",
            f,
            "03",
            date(1995, 6, 30),
            "江苏省南京市江宁区淳化街道新兴社区3栋201室",
            22,
            date(2016, 2, 11),
            date(2026, 2, 11),
        ),
        _card(
            "张䶮",
            m,
            "01",
            date(2001, 1, 9),
            "江苏省南京市江宁区麒麟街道泉水社区泉都大街9号",
            31,
            date(2021, 3, 3),
            date(2031, 3, 3),
        ),
        _card(
            "欧阳娜娜",
            f,
            "01",
            date(1988, 9, 17),
            "江苏省南京市江宁区谷里街道亲见社区张溪自然村花塘组现代农业园东路38号",
            44,
            date(2010, 7, 7),
            date(2030, 7, 7),
        ),
        _card(
            "格桑卓玛",
            f,
            "04",
            date(1990, 4, 4),
            "西藏自治区拉萨市城关区北京中路88号",
            5,
            date(2012, 10, 10),
            date(2032, 10, 10),
            division="540102",
            issuer="拉萨市公安局城关分局",
        ),
    ]


class SimulatedIdCardReader:
    """The reader itself: answers GA 467 command frames. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: CardText | None = None
        self._photo = _photo(0)
        self._faults: deque[SimFault] = deque()
        self._sam_failed = False
        self.requests = 0

    def present(self, card: CardText, photo: bytes | None = None) -> None:
        """Put ``card`` on the reader."""
        with self._lock:
            self._card = card
            seed = zlib.crc32(card.id_number.encode()) % 1000
            self._photo = photo if photo is not None else _photo(seed)

    def remove(self) -> None:
        with self._lock:
            self._card = None

    @property
    def card(self) -> CardText | None:
        return self._card

    def inject(self, fault: SimFault) -> None:
        """Script ``fault`` for the next read (SAM_FAILURE: from now until a SAM reset)."""
        with self._lock:
            if fault is SimFault.SAM_FAILURE:
                self._sam_failed = True
            else:
                self._faults.append(fault)

    def repair_sam(self) -> None:
        with self._lock:
            self._sam_failed = False

    def respond(self, frame: bytes) -> bytes:
        """The answer to one command frame."""
        with self._lock:
            self.requests += 1
            try:
                command = decode_request(frame).command
            except Exception:
                return encode_response(Status.CHECKSUM_ERROR)
            if command is None:
                return encode_response(Status.COMMAND_ERROR)
            if command is Command.RESET_SAM:
                self._sam_failed = False
                return encode_response(Status.SUCCESS)
            if self._sam_failed:
                return encode_response(Status.SAM_SELF_CHECK_FAILED)
            return self._answer(command)

    def _answer(self, command: Command) -> bytes:
        if command is Command.SAM_STATUS:
            return encode_response(Status.SUCCESS)
        if command is Command.SAM_ID:
            return encode_response(Status.SUCCESS, bytes(range(16)))
        if command is Command.FIND_CARD:
            if self._card is None:
                return encode_response(Status.FIND_FAILED)
            return encode_response(Status.CARD_FOUND, bytes(4))
        if command is Command.SELECT_CARD:
            if self._card is None:
                return encode_response(Status.SELECT_FAILED)
            return encode_response(Status.SUCCESS, bytes(8))
        if command is Command.READ_BASE_MESSAGE:
            return self._read_base()
        return encode_response(Status.COMMAND_ERROR)

    def _read_base(self) -> bytes:
        fault = self._faults.popleft() if self._faults else None
        if self._card is None or fault is SimFault.REMOVED_MID_READ:
            self._card = None
            return encode_response(Status.READ_FAILED)
        data = (
            TEXT_SIZE.to_bytes(2, "big")
            + WLT_PHOTO_SIZE.to_bytes(2, "big")
            + encode_text(self._card)
            + self._photo
        )
        answer = encode_response(Status.SUCCESS, data)
        if fault is SimFault.BAD_FRAME:
            return answer[:-1] + bytes([answer[-1] ^ 0x5A])
        if fault is SimFault.TRUNCATED:
            return answer[: len(answer) // 2]
        return answer


class SimulatedTransport:
    """An in-memory port to a :class:`SimulatedIdCardReader`."""

    def __init__(self, reader: SimulatedIdCardReader) -> None:
        self.name = "simulated"
        self._reader = reader
        self._pending = bytearray()
        self._closed = threading.Event()

    def write(self, data: bytes) -> None:
        frame = FrameAssembler(min_length=MIN_REQUEST_LENGTH).feed(data)
        if frame is not None:
            self._pending += self._reader.respond(frame)

    def read(self, size: int, timeout: float) -> bytes:
        if len(self._pending) < size:
            # Nothing more will come (an answer cut short): wait as a real port would.
            self._closed.wait(timeout)
        chunk = bytes(self._pending[:size])
        del self._pending[:size]
        return chunk

    def discard_input(self) -> None:
        self._pending.clear()

    def close(self) -> None:
        self._closed.set()


def simulated_poller(
    sink: EventSink,
    reader: SimulatedIdCardReader | None = None,
    *,
    interval: float = POLL_INTERVAL,
    retry_interval: float = 1.0,
) -> tuple[IdCardPoller, SimulatedIdCardReader]:
    """A poller on a simulated reader (not started), and the reader to script it with."""
    device = reader or SimulatedIdCardReader()
    poller = IdCardPoller(
        lambda: IdCardReader(SimulatedTransport(device)),
        sink,
        device=SIMULATED_DEVICE,
        interval=interval,
        retry_interval=retry_interval,
    )
    return poller, device


class DemoScript:
    """Unattended demo: presents the sample cards in turn, now and then with a fault."""

    def __init__(
        self,
        reader: SimulatedIdCardReader,
        cards: list[CardText] | None = None,
        *,
        dwell: float = 4.0,
        gap: float = 3.0,
        faults: tuple[SimFault | None, ...] = (
            None,
            None,
            SimFault.REMOVED_MID_READ,
            None,
            SimFault.BAD_FRAME,
            None,
        ),
    ) -> None:
        self.reader = reader
        self.cards = cards or sample_cards()
        self.dwell = dwell
        self.gap = gap
        self.faults = faults
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="idcard demo script", daemon=True)

    def start(self) -> DemoScript:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.reader.remove()

    def _run(self) -> None:
        step = 0
        while not self._stop.is_set():
            card = self.cards[step % len(self.cards)]
            fault = self.faults[step % len(self.faults)] if self.faults else None
            if fault is not None:
                self.reader.inject(fault)
            self.reader.present(card)
            if self._stop.wait(self.dwell):
                break
            self.reader.remove()
            step += 1
            self._stop.wait(self.gap)

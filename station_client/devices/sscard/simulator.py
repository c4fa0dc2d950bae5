"""A simulated social-security card reader, for the demo and training mode.

It produces the same events as :class:`~.monitor.SocialSecurityCardMonitor`, through the
same code: each sample card holds its EF05/EF06 records as bytes and answers the same
APDUs, which go through the same exchange, decoding and ID checks. So a trainee sees the
very messages the counter shows — including the scripted faults: no card, a garbled
answer, the card pulled out mid-read, and a 3.0 card that needs PSAM authentication.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id

from ..errors import CardRemoved
from ..events import DeviceState, EventSink, IdentityPresented
from . import apdu
from .layout import HolderData, IssuerData, encode_ef05, encode_ef06
from .session import StatusReporter, no_card, read_identity

SIMULATOR_DEVICE = "sscard:simulator"


class SimulatedFault(StrEnum):
    NO_CARD = "no_card"  # the card is not seated: nothing answers
    BAD_RESPONSE = "bad_response"  # EF06 comes back truncated
    REMOVED_MID_READ = "removed_mid_read"  # pulled out right after EF05
    NEEDS_PSAM = "needs_psam"  # a 3.0 card answering 6982 to READ RECORD EF06


@dataclass(frozen=True)
class SimulatedCard:
    label: str  # what the trainer picks from ("李秀英（1.0卡）", "故障：读卡中途拔卡")
    ef05: tuple[bytes, ...]  # records, as stored on the card
    ef06: tuple[bytes, ...]
    fault: SimulatedFault | None = None


class SimulatedSsse:
    """The card's side of the conversation: answers APDUs from its stored records."""

    def __init__(self, card: SimulatedCard) -> None:
        self.card = card
        self.apdus: list[bytes] = []
        self._in_ssse = False
        self._current: tuple[bytes, ...] | None = None

    def transmit(self, command: bytes) -> bytes:
        self.apdus.append(command)
        cla, ins, p1, p2 = command[:4]
        body = command[5 : 5 + command[4]] if ins == apdu.INS_SELECT and len(command) > 4 else b""
        if cla != 0x00:
            return b"\x6e\x00"
        if ins == apdu.INS_SELECT:
            return self._select(p1, body)
        if ins == apdu.INS_READ_RECORD:
            return self._read_record(p1, p2)
        return b"\x6d\x00"

    def _select(self, p1: int, body: bytes) -> bytes:
        if p1 == 0x04:
            self._in_ssse = body == apdu.SSSE_DF_NAME
            return b"\x90\x00" if self._in_ssse else b"\x6a\x82"
        fid = int.from_bytes(body, "big")
        if not self._in_ssse or fid not in (apdu.EF05, apdu.EF06):
            return b"\x6a\x82"
        if fid == apdu.EF06 and self.card.fault is SimulatedFault.REMOVED_MID_READ:
            raise CardRemoved("social-security card")
        self._current = self.card.ef05 if fid == apdu.EF05 else self.card.ef06
        return b"\x90\x00"

    def _read_record(self, p1: int, p2: int) -> bytes:
        records = self._current
        if records is None:
            return b"\x69\x86"
        is_ef06 = records is self.card.ef06
        if is_ef06 and self.card.fault is SimulatedFault.NEEDS_PSAM:
            return b"\x69\x82"
        if p2 == apdu.P2_ALL_FROM_P1 and 1 <= p1 <= len(records):
            data = b"".join(records[p1 - 1 :])
        elif p2 == apdu.P2_BY_IDENTIFIER:
            data = next((r for r in records if r[0] == p1), b"")
        else:
            return b"\x6a\x86"
        if not data:
            return b"\x6a\x83"
        if is_ef06 and self.card.fault is SimulatedFault.BAD_RESPONSE:
            data = data[:-7]  # the last record cut short, as a worn contact would
        return data + b"\x90\x00"


class SocialSecurityCardSimulator:
    """A reader the trainer inserts sample cards into; events go to ``sink``."""

    def __init__(
        self,
        sink: EventSink,
        cards: Sequence[SimulatedCard] | None = None,
        *,
        today: date | None = None,
    ) -> None:
        self.device = SIMULATOR_DEVICE
        self.cards = list(cards) if cards is not None else sample_cards()
        self._reporter = StatusReporter(sink)
        self._today = today
        self._inserted: SimulatedCard | None = None

    def start(self) -> None:
        self._reporter.status(self.device, DeviceState.READY)

    def stop(self) -> None:
        self._inserted = None
        self._reporter.status(self.device, DeviceState.DISCONNECTED, "模拟读卡器已关闭")

    def insert(self, card: SimulatedCard | int) -> IdentityPresented | None:
        """Insert a card (or the sample at that index): it is read at once."""
        if self._inserted is not None:
            self.remove()
        self._inserted = self.cards[card] if isinstance(card, int) else card
        return self.read_now()

    def remove(self) -> None:
        self._inserted = None
        self._reporter.status(self.device, DeviceState.READY)

    def read_now(self) -> IdentityPresented | None:
        """Read the card in the reader again (the "read card" button)."""
        card = self._inserted
        return self._reporter.read(self.device, lambda: self._read(card))

    def _read(self, card: SimulatedCard | None) -> IdentityPresented:
        if card is None or card.fault is SimulatedFault.NO_CARD:
            raise no_card()
        return read_identity(SimulatedSsse(card), today=self._today)


# ------------------------------------------------------------------ sample cards


@dataclass(frozen=True)
class _Person:
    name: str
    sex: Sex
    birth: date
    division: str  # county where the ID number was issued
    ethnicity: str
    serial: int


def _card(
    label: str, person: _Person, version: str, number: str, fault: SimulatedFault | None = None
) -> SimulatedCard:
    layout = int(version[0])
    # A name longer than 15 characters (30 GBK bytes) continues in the 2.0 extension.
    name, extension = person.name[:15], person.name[15:] if layout >= 2 else ""
    issuer = IssuerData(
        card_identification_code=f"{person.division}D156000005{number.encode().hex()[:16]:0<16}",
        card_type="1",
        spec_version=version,
        layout=layout,
        issuer_code=person.division[:4] + "00000000",
        issue_date=date(2019, 6, 1),
        expiry_date=date(2029, 6, 1),
        card_number=number,
    )
    holder = HolderData(
        social_security_number=make_citizen_id(
            person.division, person.birth, person.serial, person.sex
        ),
        name=name,
        name_extension=extension,
        sex=person.sex.value,
        ethnicity=person.ethnicity,
        birthplace=person.division,
        birth_date=person.birth,
    )
    return SimulatedCard(
        label, tuple(encode_ef05(issuer)), tuple(encode_ef06(holder, layout)), fault
    )


_ZHANG = _Person("张伟", Sex.MALE, date(1985, 3, 12), "110105", "01", 17)
_LI = _Person("李秀英", Sex.FEMALE, date(1962, 11, 2), "330106", "01", 42)
_ABDU = _Person(
    "阿卜杜热依木江·买买提吐尔逊·艾则孜", Sex.MALE, date(1990, 7, 21), "650102", "05", 3
)
_WANG = _Person("王喆", Sex.FEMALE, date(2001, 1, 9), "510104", "01", 88)
_MENG = _Person("孟根其其格", Sex.FEMALE, date(1978, 5, 30), "150102", "02", 25)


def sample_cards() -> list[SimulatedCard]:
    """Plausible cards of fictitious people (valid ID numbers), then the scripted faults."""
    return [
        _card("张伟（二代卡）", _ZHANG, "2.00", "A01234567"),
        _card("李秀英（一代卡）", _LI, "1.00", "330100512"),
        _card("阿卜杜热依木江·买买提吐尔逊·艾则孜（三代卡，长姓名）", _ABDU, "3.00", "X00712345"),
        _card("王喆（三代卡）", _WANG, "3.00", "M20230091"),
        _card("孟根其其格（二代卡）", _MENG, "2.00", "K00381220"),
        _card("故障：卡未插好（无卡）", _ZHANG, "2.00", "A01234567", SimulatedFault.NO_CARD),
        _card("故障：应答数据损坏", _WANG, "3.00", "M20230091", SimulatedFault.BAD_RESPONSE),
        _card("故障：读卡中途拔卡", _LI, "1.00", "330100512", SimulatedFault.REMOVED_MID_READ),
        _card("故障：三代卡需PSAM认证", _WANG, "3.00", "M20230091", SimulatedFault.NEEDS_PSAM),
    ]

"""Command APDUs for the social-security card, status words, and the T=0 dance.

Everything here is plain bytes in, bytes out: a :class:`Transport` is anything that sends
one command APDU and returns the card's raw answer (response data + SW1 SW2) — the PC/SC
reader, the demo simulator, or a test script.

T=0 cards cannot announce the length of an answer before the command is sent, so they
reply with a procedure status instead of data:

- ``61xx``: "xx bytes are waiting" — fetch them with GET RESPONSE ``00 C0 00 00 xx``
  (a long answer may come in several pieces, each ending ``61xx`` again);
- ``6Cxx``: "wrong Le, the answer is xx bytes" — send the same command again with Le=xx.

Each command allows at most one re-send and :data:`MAX_GET_RESPONSES` GET RESPONSEs, so a
confused card cannot keep the reader busy, and a full read stays ≤ 11 APDUs (see
:mod:`.session`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from ..errors import BadResponse, CardNeedsAuthentication

#: DF name of the social-security system environment (SSSE), "sx1.sh.社会保障" in GBK.
SSSE_DF_NAME = "sx1.sh.社会保障".encode("gbk")
#: File identifiers of the two files readable without a PIN: 发卡机构数据, 持卡人基本信息.
EF05 = 0xEF05
EF06 = 0xEF06

INS_SELECT = 0xA4
INS_READ_RECORD = 0xB2
INS_GET_RESPONSE = 0xC0

#: READ RECORD P2 (ISO 7816-4, current EF): first record with identifier P1 …
P2_BY_IDENTIFIER = 0x00
#: … or every record from number P1 to the last one, concatenated.
P2_ALL_FROM_P1 = 0x05

MAX_GET_RESPONSES = 2

SW_OK = 0x9000
SW_SECURITY_NOT_SATISFIED = 0x6982
#: Status words meaning "this card does not do that READ RECORD mode" (so fall back).
SW_MODE_UNSUPPORTED = frozenset({0x6A81, 0x6A86, 0x6B00, 0x6E00, 0x6D00})
SW_NOT_FOUND = frozenset({0x6A82, 0x6A83})

_KNOWN_SW = {
    0x6281: "part of the data may be corrupted",
    0x6700: "wrong length",
    0x6981: "command incompatible with the file",
    0x6983: "authentication blocked",
    0x6985: "conditions of use not satisfied",
    0x6986: "no current file",
    0x6A81: "function not supported",
    0x6A82: "file not found",
    0x6A83: "record not found",
    0x6A86: "wrong P1/P2",
    0x6B00: "wrong P1/P2",
    0x6D00: "instruction not supported",
    0x6E00: "class not supported",
    0x6F00: "internal card error",
}


class Transport(Protocol):
    """Sends one command APDU and returns the raw answer: response data + SW1 SW2."""

    def transmit(self, apdu: bytes) -> bytes: ...


@dataclass(frozen=True)
class Command:
    """One command APDU (short form); ``le=None`` means no response data is expected."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None
    what: str = ""  # what the command does, for messages ("READ RECORD EF06")

    def to_bytes(self) -> bytes:
        out = bytes([self.cla, self.ins, self.p1, self.p2])
        if self.data:
            out += bytes([len(self.data)]) + self.data
        if self.le is not None:
            out += bytes([self.le & 0xFF])  # Le=256 is coded 00
        return out


def select_ssse() -> Command:
    return Command(0x00, INS_SELECT, 0x04, 0x00, SSSE_DF_NAME, what="SELECT SSSE")


def select_ef(fid: int) -> Command:
    return Command(0x00, INS_SELECT, 0x02, 0x00, fid.to_bytes(2, "big"), what=f"SELECT {fid:04X}")


def read_all_records(what: str) -> Command:
    """READ RECORD of every record of the current EF, from record 1 (Le=00: up to 256)."""
    return Command(0x00, INS_READ_RECORD, 0x01, P2_ALL_FROM_P1, le=0, what=what)


def read_record_by_identifier(identifier: int, length: int, what: str) -> Command:
    """READ RECORD of the first record tagged ``identifier`` (Le = tag + length + value)."""
    return Command(0x00, INS_READ_RECORD, identifier, P2_BY_IDENTIFIER, le=2 + length, what=what)


def get_response(length: int) -> Command:
    return Command(0x00, INS_GET_RESPONSE, 0x00, 0x00, le=length, what="GET RESPONSE")


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int


def split_response(raw: bytes, what: str) -> Response:
    """Separate the status word; an answer shorter than SW1 SW2 is malformed."""
    if len(raw) < 2:
        raise BadResponse(
            f"the card gave an incomplete answer ({len(raw)} bytes) to {what} — "
            "take the card out and insert it again",
            f"社保卡应答不完整（{what}），请取出后重新插卡",
        )
    return Response(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))


def status_error(sw: int, what: str) -> BadResponse | CardNeedsAuthentication:
    """The error a non-9000 final status word stands for."""
    if sw == SW_SECURITY_NOT_SATISFIED:
        return CardNeedsAuthentication()
    meaning = _KNOWN_SW.get(sw, "unexpected status")
    if sw == 0x6A82 and what == "SELECT SSSE":
        return BadResponse(
            "this card has no social-security application (SW 6A82) — "
            "check that it is a social-security card and the chip faces the right way",
            "此卡没有社会保障应用，请确认是社保卡且芯片方向插入正确",
        )
    return BadResponse(
        f"the card answered {sw:04X} ({meaning}) to {what} — take the card out and insert "
        "it again; if this keeps happening the card may be damaged",
        f"社保卡返回状态码{sw:04X}（{what}），请取出后重新插卡；如反复出现，卡片可能已损坏",
    )


def transceive(transport: Transport, command: Command) -> Response:
    """Send ``command``, follow ``6Cxx`` and ``61xx``; return the final data and status word.

    A SELECT (no Le) answered ``61xx`` succeeded with an FCI we do not need: it is not
    fetched (which saves an APDU) and the answer counts as ``9000``.
    """
    answer = split_response(transport.transmit(command.to_bytes()), command.what)
    if answer.sw >> 8 == 0x6C and command.le is not None:
        command = replace(command, le=answer.sw & 0xFF)
        answer = split_response(transport.transmit(command.to_bytes()), command.what)
    data = answer.data
    fetched = 0
    while answer.sw >> 8 == 0x61:
        if command.le is None:
            return Response(b"", SW_OK)
        if fetched == MAX_GET_RESPONSES:
            raise BadResponse(
                f"the card kept asking for GET RESPONSE after {command.what} — "
                "take the card out and insert it again",
                f"社保卡应答异常（{command.what}），请取出后重新插卡",
            )
        answer = split_response(
            transport.transmit(get_response(answer.sw & 0xFF).to_bytes()), command.what
        )
        fetched += 1
        data += answer.data
    return Response(data, answer.sw)


def exchange(transport: Transport, command: Command) -> bytes:
    """:func:`transceive`, then the data of a ``9000`` answer; other status words raise."""
    answer = transceive(transport, command)
    if answer.sw != SW_OK:
        raise status_error(answer.sw, command.what)
    return answer.data

"""Card contents for the tests, written out by hand from the layout tables.

Deliberately independent of ``station_client.devices.sscard.layout``: the bytes here are
what a card personalised to the specification holds, so a decoder bug cannot hide behind
a matching encoder bug.
"""

from __future__ import annotations

from dataclasses import dataclass


def tlv(tag: int, value: bytes, slot: int | None = None) -> bytes:
    """One record: tag, length, value — text padded with 00 to its slot."""
    if slot is not None:
        value = value.ljust(slot, b"\x00")
    return bytes([tag, len(value)]) + value


@dataclass(frozen=True)
class Person:
    ssn: str
    name: bytes  # GBK bytes as stored (up to 30)
    name_ext: bytes | None  # GBK bytes of 姓名扩展 (2.0+), or None
    sex: bytes  # b"1" / b"2"
    ethnicity: int  # binary GB/T 3304 code
    birthplace: str  # 6 BCD digits
    birth: str  # YYYYMMDD


@dataclass(frozen=True)
class Issue:
    version: str = "2.00"
    card_id: str = "110105D15600000599110145FFFFFFFF"  # 16 bytes, as hex
    card_type: bytes = b"1"
    org: str = "110100000000FFFFFFFFFFFF"  # 12 bytes cn, as hex
    issued: str = "20190601"
    expires: str = "20290601"
    number: bytes = b"A01234567"


def ef05(issue: Issue) -> list[bytes]:
    return [
        tlv(0x01, bytes.fromhex(issue.card_id)),
        tlv(0x02, issue.card_type, 1),
        tlv(0x03, issue.version.encode(), 4),
        tlv(0x04, bytes.fromhex(issue.org)),
        tlv(0x05, bytes.fromhex(issue.issued)),
        tlv(0x06, bytes.fromhex(issue.expires)),
        tlv(0x07, issue.number, 9),
    ]


def ef06(person: Person, version: str) -> list[bytes]:
    records = [tlv(0x08, person.ssn.encode(), 18), tlv(0x09, person.name, 30)]
    if not version.startswith("1"):
        records.append(tlv(0x4E, person.name_ext or b"", 20))
    records += [
        tlv(0x0A, person.sex, 1),
        tlv(0x0B, bytes([person.ethnicity])),
        tlv(0x0C, bytes.fromhex(person.birthplace)),
        tlv(0x0D, bytes.fromhex(person.birth)),
    ]
    return records


# Valid citizen ID numbers (check characters computed by hand against GB 11643).
ZHANG = Person(
    ssn="11010519491231002X",
    name="张堃".encode("gbk"),  # 堃: a rare given-name character, still in GBK
    name_ext=None,
    sex=b"2",
    ethnicity=1,
    birthplace="110105",
    birth="19491231",
)
LONG_NAME = "阿卜杜热依木江·买买提吐尔逊·艾则孜"  # 18 characters: 30 bytes + 6 in the extension
ABDU = Person(
    ssn="650102199007210319",
    name=LONG_NAME[:15].encode("gbk"),
    name_ext=LONG_NAME[15:].encode("gbk"),
    sex=b"1",
    ethnicity=5,
    birthplace="650102",
    birth="19900721",
)
YAN = Person(
    ssn="440103199202023014",
    # 𠮷 (CJK Ext B) is a 4-byte GB 18030 sequence, 䶮 is FE9F: neither is in the GBK codec.
    name="𠮷䶮".encode("gb18030"),
    name_ext=None,
    sex=b"1",
    ethnicity=1,
    birthplace="440103",
    birth="19920202",
)

"""The two PIN-free files of the social-security card, as bytes ↔ dataclasses.

Both files are record files under the SSSE. Every record is one data item in simple TLV
form: ``<record identifier> <length> <value>`` (one byte each for tag and length), and a
READ RECORD of several records returns them concatenated, so a file reads as a TLV
sequence. The parser accepts exactly that: every byte belongs to a record, every tag is
one this file may hold, none twice, all required ones present, lengths as below —
anything else raises :class:`BadResponse` (and no identity is produced).

EF05 发卡机构数据 (card issuer data), identical in all three layouts:

== ====================== === ============================================================
01 卡识别码 card ident.    16  binary, shown as 32 hex digits (area code + RID D156000005 …)
02 卡的类别 card type      1   an (ASCII)
03 规范版本 spec version   4   an: "1.00", "2.00", "3.00" (minor digits vary: "2.01")
04 初始化机构编号 issuer   12  compressed numeric, shown as hex digits, F padding removed
05 发卡日期 issue date     4   BCD YYYYMMDD
06 卡有效期 expiry date    4   BCD YYYYMMDD
07 卡号 card number        9   an (letters and digits)
== ====================== === ============================================================

EF06 持卡人基本信息 (holder data); ``4E`` exists in 2.0 and 3.0 layouts only:

== ====================== === ============================================================
08 社会保障号码             18  an: the citizen ID number (15-digit numbers are upgraded)
09 姓名 name               30  GBK text
4E 姓名扩展 name extension 20  GBK text: the rest of a name longer than 15 characters
0A 性别 sex                1   an: "1" male, "2" female ("0"/"9" not stated)
0B 民族 ethnicity          1   binary GB/T 3304 code (0x01 = 01 汉族)
0C 出生地 birthplace       3   BCD area code (GB/T 2260)
0D 出生日期 birth date     4   BCD YYYYMMDD
== ====================== === ============================================================

Where published sources disagree, this module decides as follows (change it here only):

- *Text* ("an" and GBK) may be shorter than its slot and is padded with ``00`` (some
  cards use spaces or ``FF``): the padding and surrounding spaces are removed; anything
  left that is not printable is malformed. GBK text is decoded as GB 18030, its superset, so a rare
  character outside GBK that a card issuer wrote as a 4-byte GB 18030 sequence (䶮)
  still reads; bytes invalid in GB 18030 are malformed.
- *Binary and BCD* items have exactly their slot length. A date or area code of all
  ``00`` or all ``FF`` means "not recorded" (``None``); other non-BCD nibbles or an
  impossible date are malformed.
- The ethnicity is the binary code (sources writing it as BCD agree up to 09); a value
  outside GB/T 3304 (01-56, 97, 98) is malformed, ``00``/``FF`` is "not recorded".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from ..errors import BadResponse


class Kind(Enum):
    TEXT = "an"  # ASCII text, padded
    GBK = "gbk"  # GBK (read as GB 18030) text, padded
    HEX = "b"  # binary, shown as hex digits
    CN = "cn"  # compressed numeric, F-padded, shown as digits
    DATE = "date"  # BCD YYYYMMDD
    AREA = "area"  # BCD 6-digit area code
    ETHNICITY = "ethnicity"  # binary code


@dataclass(frozen=True)
class Item:
    tag: int
    name: str  # English name, for messages
    length: int  # slot length in bytes
    kind: Kind


EF05_ITEMS = (
    Item(0x01, "card identification code", 16, Kind.HEX),
    Item(0x02, "card type", 1, Kind.TEXT),
    Item(0x03, "spec version", 4, Kind.TEXT),
    Item(0x04, "issuing organisation code", 12, Kind.CN),
    Item(0x05, "issue date", 4, Kind.DATE),
    Item(0x06, "expiry date", 4, Kind.DATE),
    Item(0x07, "card number", 9, Kind.TEXT),
)
NAME_EXTENSION = Item(0x4E, "name extension", 20, Kind.GBK)
EF06_ITEMS_V1 = (
    Item(0x08, "social security number", 18, Kind.TEXT),
    Item(0x09, "name", 30, Kind.GBK),
    Item(0x0A, "sex", 1, Kind.TEXT),
    Item(0x0B, "ethnicity", 1, Kind.ETHNICITY),
    Item(0x0C, "birthplace", 3, Kind.AREA),
    Item(0x0D, "birth date", 4, Kind.DATE),
)
EF06_ITEMS_V2 = (*EF06_ITEMS_V1[:2], NAME_EXTENSION, *EF06_ITEMS_V1[2:])
#: Items that may be missing from a file without the file being malformed.
OPTIONAL_TAGS = frozenset({NAME_EXTENSION.tag})

_ETHNICITY_CODES = frozenset({*range(1, 57), 97, 98})
_SEX_CODES = {"1": "1", "2": "2", "0": None, "9": None, "": None}
_TEXT_PADDING = b"\x00\xff "
_VERSION = re.compile(r"([123])\.[0-9]{1,2}")


@dataclass(frozen=True)
class IssuerData:
    """EF05, decoded."""

    card_identification_code: str
    card_type: str
    spec_version: str
    layout: int  # 1, 2 or 3
    issuer_code: str
    issue_date: date | None
    expiry_date: date | None
    card_number: str


@dataclass(frozen=True)
class HolderData:
    """EF06, decoded. ``social_security_number`` is as stored, not yet checked."""

    social_security_number: str
    name: str
    name_extension: str
    sex: str | None
    ethnicity: str | None
    birthplace: str | None
    birth_date: date | None


def _malformed(file: str, detail: str) -> BadResponse:
    return BadResponse(
        f"the card's {file} data is malformed ({detail}) — take the card out and insert it "
        "again; if this keeps happening the card may be damaged: read the ID card instead",
        f"社保卡{file}数据格式错误，请取出后重新插卡；如反复出现，请改读身份证",
    )


def parse_tlv(data: bytes, items: tuple[Item, ...], file: str) -> dict[int, bytes]:
    """Split a concatenation of ``tag len value`` records, checked against ``items``."""
    known = {item.tag: item for item in items}
    values: dict[int, bytes] = {}
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise _malformed(file, f"truncated record at byte {pos}")
        tag, length = data[pos], data[pos + 1]
        value = data[pos + 2 : pos + 2 + length]
        if len(value) != length:
            raise _malformed(file, f"record {tag:02X} truncated: {len(value)} of {length} bytes")
        item = known.get(tag)
        if item is None:
            raise _malformed(file, f"unexpected record {tag:02X}")
        if tag in values:
            raise _malformed(file, f"record {tag:02X} twice")
        fixed = item.kind not in (Kind.TEXT, Kind.GBK)
        if length > item.length or (fixed and length != item.length):
            raise _malformed(file, f"{item.name} has {length} bytes, expected {item.length}")
        values[tag] = value
        pos += 2 + length
    missing = [i.name for i in items if i.tag not in values and i.tag not in OPTIONAL_TAGS]
    if missing:
        raise _malformed(file, "missing " + ", ".join(missing))
    return values


def _text(value: bytes, item: Item, file: str) -> str:
    raw = value.rstrip(_TEXT_PADDING)
    try:
        text = raw.decode("gb18030" if item.kind is Kind.GBK else "ascii")
    except UnicodeDecodeError:
        raise _malformed(file, f"{item.name} is not valid text") from None
    text = text.strip()  # also drops full-width spaces, which pad some GBK names
    if not text.isprintable():
        raise _malformed(file, f"{item.name} holds control characters")
    return text


def _nibbles(value: bytes) -> str:
    return value.hex().upper()


def _bcd_digits(value: bytes, item: Item, file: str) -> str | None:
    if value.strip(b"\x00") == b"" or value.strip(b"\xff") == b"":
        return None
    digits = _nibbles(value)
    if not digits.isdigit():
        raise _malformed(file, f"{item.name} is not BCD ({digits})")
    return digits


def _date(value: bytes, item: Item, file: str) -> date | None:
    digits = _bcd_digits(value, item, file)
    if digits is None:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise _malformed(file, f"{item.name} {digits} is not a date") from None


def _layout(version: str, file: str) -> int:
    match = _VERSION.fullmatch(version)
    if match is None:
        raise _malformed(file, f"unknown spec version {version!r}")
    return int(match[1])


def decode_ef05(data: bytes) -> IssuerData:
    file = "EF05"
    items = {item.tag: item for item in EF05_ITEMS}
    v = parse_tlv(data, EF05_ITEMS, file)
    version = _text(v[0x03], items[0x03], file)
    card_number = _text(v[0x07], items[0x07], file)
    if not card_number.isalnum():
        raise _malformed(file, f"card number {card_number!r} is not letters and digits")
    return IssuerData(
        card_identification_code=_nibbles(v[0x01]),
        card_type=_text(v[0x02], items[0x02], file),
        spec_version=version,
        layout=_layout(version, file),
        issuer_code=_nibbles(v[0x04]).rstrip("F"),
        issue_date=_date(v[0x05], items[0x05], file),
        expiry_date=_date(v[0x06], items[0x06], file),
        card_number=card_number,
    )


def decode_ef06(data: bytes, layout: int) -> HolderData:
    file = "EF06"
    layout_items = EF06_ITEMS_V1 if layout == 1 else EF06_ITEMS_V2
    items = {item.tag: item for item in layout_items}
    v = parse_tlv(data, layout_items, file)
    sex_text = _text(v[0x0A], items[0x0A], file)
    if sex_text not in _SEX_CODES:
        raise _malformed(file, f"sex {sex_text!r} is not a GB/T 2261.1 code")
    ethnicity: str | None = None
    code = v[0x0B][0]
    if code not in (0x00, 0xFF):
        if code not in _ETHNICITY_CODES:
            raise _malformed(file, f"ethnicity {code:#04x} is not a GB/T 3304 code")
        ethnicity = f"{code:02d}"
    return HolderData(
        social_security_number=_text(v[0x08], items[0x08], file),
        name=_text(v[0x09], items[0x09], file),
        name_extension=_text(v[0x4E], NAME_EXTENSION, file) if 0x4E in v else "",
        sex=_SEX_CODES[sex_text],
        ethnicity=ethnicity,
        birthplace=_bcd_digits(v[0x0C], items[0x0C], file),
        birth_date=_date(v[0x0D], items[0x0D], file),
    )


# Encoding: how the simulator (demo and training mode) lays out its sample cards.


def _record(item: Item, value: bytes) -> bytes:
    fixed = item.kind not in (Kind.TEXT, Kind.GBK)
    if len(value) > item.length or (fixed and len(value) != item.length):
        raise ValueError(f"{item.name} takes {item.length} bytes, got {len(value)}")
    return bytes([item.tag, item.length]) + value.ljust(item.length, b"\0")


def _bcd_date(day: date | None) -> bytes:
    return bytes(4) if day is None else bytes.fromhex(f"{day:%Y%m%d}")


def encode_ef05(issuer: IssuerData) -> list[bytes]:
    """EF05 as its list of records (``issuer.layout`` is implied by the spec version)."""
    values = (
        bytes.fromhex(issuer.card_identification_code),
        issuer.card_type.encode("ascii"),
        issuer.spec_version.encode("ascii"),
        bytes.fromhex(issuer.issuer_code + "F" * (24 - len(issuer.issuer_code))),
        _bcd_date(issuer.issue_date),
        _bcd_date(issuer.expiry_date),
        issuer.card_number.encode("ascii"),
    )
    return [_record(item, value) for item, value in zip(EF05_ITEMS, values, strict=True)]


def encode_ef06(holder: HolderData, layout: int) -> list[bytes]:
    """EF06 as its list of records, in the order of the ``layout`` (1, 2 or 3)."""
    values = {
        0x08: holder.social_security_number.encode("ascii"),
        0x09: holder.name.encode("gb18030"),
        0x4E: holder.name_extension.encode("gb18030"),
        0x0A: (holder.sex or "0").encode("ascii"),
        0x0B: bytes([int(holder.ethnicity or 0)]),
        0x0C: bytes.fromhex(holder.birthplace or "000000"),
        0x0D: _bcd_date(holder.birth_date),
    }
    items = EF06_ITEMS_V1 if layout == 1 else EF06_ITEMS_V2
    return [_record(item, values[item.tag]) for item in items]

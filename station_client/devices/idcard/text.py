"""The 256-byte text block of an ID card (UCS-2 little-endian, space-padded fields).

Resident ID card (居民身份证), in bytes::

    name 30 | sex 2 | ethnicity 4 | birth date 16 | address 70 | ID number 36 |
    issuing authority 30 | valid from 16 | valid until 16 | reserved 36

Two other cards answer the same command and carry a card-type letter at bytes 248-249:

- ``J`` — residence permit for Hong Kong, Macao and Taiwan residents (港澳台居民居住证):
  the resident layout without ethnicity, plus the travel-permit number and issue count.
  Its number is a citizen-format number (81…, 82…, 83…) and is accepted like any other.
- ``I`` — Foreign Permanent Resident ID Card (外国人永久居留身份证, 2017 edition):
  English name first, nationality, a permanent-residence number that is not a citizen
  ID. It decodes here as :data:`CardKind.FOREIGN_PERMANENT_RESIDENT`
  and :func:`.identity.identity_from_card` refuses it with a clear message.

Decoding is strict: a field that is not valid UCS-2, holds control characters or an
impossible date or code raises :class:`BadResponse`. Characters in the Private Use Area are
kept: public-security systems encode rare name characters (生僻字) there.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from station_client.devices.errors import BadResponse

TEXT_SIZE = 256
#: What the valid-until field says on cards that never expire (issued to people over 46).
LONG_TERM = "长期"
#: GB/T 3304 codes (01-56) and the two extra codes ID cards use (97 其他, 98 外国血统);
#: the same set as resources/reference/codes/ethnicity.json.
ETHNICITY_CODES: frozenset[str] = frozenset({*(f"{code:02d}" for code in range(1, 57)), "97", "98"})
SEX_CODES = frozenset({"1", "2"})


class CardKind(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    GAT_RESIDENCE_PERMIT = "gat_residence_permit"  # 港澳台居民居住证 (type J)
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"  # 外国人永久居留身份证 (I)


# Field name and width in bytes, in card order; each layout adds up to 256 bytes.
_RESIDENT: tuple[tuple[str, int], ...] = (
    ("name", 30),
    ("sex", 2),
    ("ethnicity", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("issuer", 30),
    ("valid_from", 16),
    ("valid_until", 16),
    ("reserved", 36),
)
_GAT: tuple[tuple[str, int], ...] = (
    ("name", 30),
    ("sex", 2),
    ("reserved1", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("issuer", 30),
    ("valid_from", 16),
    ("valid_until", 16),
    ("pass_number", 18),
    ("issue_count", 4),
    ("reserved2", 6),
    ("card_type", 2),
    ("reserved3", 6),
)
_FOREIGN: tuple[tuple[str, int], ...] = (
    ("english_name", 120),
    ("sex", 2),
    ("id_number", 30),
    ("nationality", 6),
    ("name", 30),
    ("valid_from", 16),
    ("valid_until", 16),
    ("birth_date", 16),
    ("card_version", 4),
    ("authority_code", 8),
    ("card_type", 2),
    ("reserved", 6),
)
LAYOUTS: dict[CardKind, tuple[tuple[str, int], ...]] = {
    CardKind.RESIDENT: _RESIDENT,
    CardKind.GAT_RESIDENCE_PERMIT: _GAT,
    CardKind.FOREIGN_PERMANENT_RESIDENT: _FOREIGN,
}
assert all(sum(width for _, width in layout) == TEXT_SIZE for layout in LAYOUTS.values())

_CARD_TYPE_OFFSET = 248
_KIND_BY_LETTER = {
    "J": CardKind.GAT_RESIDENCE_PERMIT,
    "I": CardKind.FOREIGN_PERMANENT_RESIDENT,
}
_LETTER_BY_KIND = {CardKind.GAT_RESIDENCE_PERMIT: "J", CardKind.FOREIGN_PERMANENT_RESIDENT: "I"}


@dataclass(frozen=True)
class CardText:
    """The decoded text of a card. ``valid_until`` is ``None`` for a long-term (长期) card."""

    kind: CardKind
    name: str
    sex: str
    birth_date: date
    id_number: str
    valid_from: date
    valid_until: date | None
    ethnicity: str | None = None
    address: str | None = None
    issuer: str | None = None
    #: Fields only some kinds carry: pass_number, issue_count (J); english_name,
    #: nationality, card_version, authority_code (foreign permanent residents).
    extra: Mapping[str, str] = field(default_factory=dict)


#: Field name → how the clerk calls it (English, Chinese), for error messages.
_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "name": ("name", "姓名"),
    "english_name": ("English name", "英文姓名"),
    "sex": ("sex", "性别"),
    "ethnicity": ("ethnicity", "民族"),
    "birth_date": ("birth date", "出生日期"),
    "address": ("address", "住址"),
    "id_number": ("ID number", "公民身份号码"),
    "issuer": ("issuing authority", "签发机关"),
    "valid_from": ("validity", "有效期限"),
    "valid_until": ("validity", "有效期限"),
}


def _undecodable(field_name: str) -> BadResponse:
    english, chinese = _FIELD_NAMES.get(field_name, ("text", "文字信息"))
    return BadResponse(
        f"the ID card's {english} could not be decoded — place the card again; "
        "if it persists, enter the details by hand",
        f"身份证的{chinese}无法解析，请重新放卡；如仍不行请手工录入",
    )


def _field_text(raw: bytes, field_name: str) -> str:
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError as exc:  # a lone surrogate: not UCS-2
        raise _undecodable(field_name) from exc
    text = text.rstrip(" \x00")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise _undecodable(field_name)
    return text.strip()


def _split(block: bytes, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    fields: dict[str, str] = {}
    offset = 0
    for name, width in layout:
        if not name.startswith("reserved"):  # whatever a card keeps there is not ours
            fields[name] = _field_text(block[offset : offset + width], name)
        offset += width
    return fields


def parse_card_date(value: str, field_name: str) -> date:
    """``YYYYMMDD`` → date; :class:`BadResponse` for anything else."""
    if len(value) != 8 or not (value.isascii() and value.isdigit()):
        raise _undecodable(field_name)
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise _undecodable(field_name) from exc


def _kind_of(block: bytes) -> CardKind:
    # On a resident card these bytes are part of the reserved area: anything goes there.
    letter = block[_CARD_TYPE_OFFSET : _CARD_TYPE_OFFSET + 2]
    return _KIND_BY_LETTER.get(letter.decode("utf-16-le", "replace"), CardKind.RESIDENT)


def decode_text(block: bytes) -> CardText:
    """Decode a card's 256-byte text block; :class:`BadResponse` if it is malformed."""
    if len(block) != TEXT_SIZE:
        raise _undecodable("text")
    kind = _kind_of(block)
    fields = _split(bytes(block), LAYOUTS[kind])
    sex = fields["sex"]
    if sex not in SEX_CODES:
        raise _undecodable("sex")
    until = fields["valid_until"]
    valid_until = None if until == LONG_TERM else parse_card_date(until, "valid_until")
    ethnicity: str | None = None
    extra: dict[str, str] = {}
    if kind is CardKind.RESIDENT:
        ethnicity = fields["ethnicity"]
        if ethnicity not in ETHNICITY_CODES:
            raise _undecodable("ethnicity")
    elif kind is CardKind.GAT_RESIDENCE_PERMIT:
        extra = {k: fields[k] for k in ("pass_number", "issue_count") if fields[k]}
    else:
        keys = ("english_name", "nationality", "card_version", "authority_code")
        extra = {k: fields[k] for k in keys if fields[k]}
    return CardText(
        kind=kind,
        name=fields["name"] or fields.get("english_name", ""),
        sex=sex,
        birth_date=parse_card_date(fields["birth_date"], "birth_date"),
        id_number=fields["id_number"],
        valid_from=parse_card_date(fields["valid_from"], "valid_from"),
        valid_until=valid_until,
        ethnicity=ethnicity,
        address=fields.get("address") or None,
        issuer=fields.get("issuer") or None,
        extra=extra,
    )


def _encode_field(value: str, width: int, name: str) -> bytes:
    raw = value.encode("utf-16-le")
    if len(raw) > width:
        raise ValueError(f"{name} {value!r} does not fit in {width // 2} characters")
    return raw + " ".encode("utf-16-le") * ((width - len(raw)) // 2)


def encode_text(card: CardText) -> bytes:
    """The 256-byte block a card with this text holds (for the simulator)."""
    values: dict[str, str] = {
        "name": card.name,
        "sex": card.sex,
        "ethnicity": card.ethnicity or "",
        "birth_date": f"{card.birth_date:%Y%m%d}",
        "address": card.address or "",
        "id_number": card.id_number,
        "issuer": card.issuer or "",
        "valid_from": f"{card.valid_from:%Y%m%d}",
        "valid_until": LONG_TERM if card.valid_until is None else f"{card.valid_until:%Y%m%d}",
        "card_type": _LETTER_BY_KIND.get(card.kind, ""),
        **card.extra,
    }
    return b"".join(
        _encode_field(values.get(name, ""), width, name) for name, width in LAYOUTS[card.kind]
    )

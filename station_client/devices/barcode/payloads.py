"""What a scanned code is: one of the station's own labels, an electronic social-security
card, a citizen ID number, or just text.

**Station codes.** Archive folders carry a Code 128 label and printed forms a QR code,
both with the same short text::

    RS1|<kind>|<id>|<check>

- ``RS1`` — the station's format, version 1; a code starting ``RS<digit>|`` is always
  taken for a station code, so a damaged one is an error, never "plain text";
- ``<kind>`` — ``A`` archive folder (档案袋), ``F`` printed form (打印表单);
- ``<id>`` — 1-40 characters of ``0-9 A-Z - .`` (upper case; record ids are UUIDs,
  archive numbers are like ``2025-000123``);
- ``<check>`` — Luhn mod 38 over kind and id, in the same 38-character alphabet: it
  catches every single wrong character and most swapped pairs, which a keyboard-wedge
  scanner on the wrong keyboard layout produces and Code 128's own checksum cannot see.

Only digits, capitals and ``| - .`` are used, so the code survives wedge scanners
(CapsLock flips the case: parsing is case-insensitive) and stays short enough for a
folder label: ``RS1|A|2025-000123|8`` is 19 characters.

**Electronic social-security card (电子社保卡) codes** are signed, short-lived tokens
whose layout the national platform does not publish; the station passes them on
unchanged to the e-SSC verification service. A text is taken for one when it starts with
one of the district's configured prefixes or, with none configured, when it looks like
such a token: at least 32 characters, no spaces, letters and digits of the URL-safe
base64/hex alphabet only. The verification service has the last word.

**Citizen ID numbers**: a bare 18-character number that passes
:func:`~station_client.rules.idnumber.validate_citizen_id`. A 15-digit number is left as
text (more often an IMEI than a pre-1999 ID), as is an 18-character one that fails its
check character (a tracking number, say).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from stdnum import luhn

from station_client.devices.errors import BadResponse
from station_client.rules.errors import ValidationError
from station_client.rules.idnumber import CitizenId, validate_citizen_id

STATION_CODE_VERSION = "RS1"
CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-."
MAX_ID_LENGTH = 40
_ID = re.compile(rf"[0-9A-Z.\-]{{1,{MAX_ID_LENGTH}}}")
_STATION_PREFIX = re.compile(r"RS\d\|")
_ESSC_TOKEN = re.compile(r"[A-Za-z0-9+/=_\-.]{32,}")
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9Xx]")


class StationCodeKind(StrEnum):
    ARCHIVE_FOLDER = "A"  # 档案袋标签 (Code 128)
    FORM = "F"  # 打印表单 (QR)


@dataclass(frozen=True)
class StationCode:
    """One of the station's own printed codes."""

    kind_name: ClassVar[str] = "station"
    code_kind: StationCodeKind
    id: str


@dataclass(frozen=True)
class EsscCode:
    """An electronic social-security card QR code, passed on as is."""

    kind_name: ClassVar[str] = "essc"
    text: str


@dataclass(frozen=True)
class CitizenIdCode:
    """A bare, valid citizen ID number."""

    kind_name: ClassVar[str] = "citizen_id"
    citizen_id: CitizenId


@dataclass(frozen=True)
class PlainText:
    """Anything else."""

    kind_name: ClassVar[str] = "text"
    text: str


Payload = StationCode | EsscCode | CitizenIdCode | PlainText


def _check_character(body: str) -> str:
    return str(luhn.calc_check_digit(body, alphabet=CHECK_ALPHABET))


def encode_station_code(kind: StationCodeKind, record_id: str) -> str:
    """The text to print as a barcode for ``record_id`` (upper-cased); ValueError if the
    id is empty, too long or uses characters outside ``0-9 A-Z - .``."""
    kind = StationCodeKind(kind)
    normalised = record_id.strip().upper()
    if not _ID.fullmatch(normalised):
        raise ValueError(
            f"a station code id is 1-{MAX_ID_LENGTH} characters of 0-9 A-Z - . — got {record_id!r}"
        )
    body = f"{kind.value}{normalised}"
    return f"{STATION_CODE_VERSION}|{kind.value}|{normalised}|{_check_character(body)}"


def _bad_station_code(text: str, why_en: str, why_zh: str) -> BadResponse:
    return BadResponse(
        f"station barcode {text!r} {why_en}",
        f"本站条码“{text}”{why_zh}",
    )


def parse_station_code(text: str) -> StationCode:
    """The station code in ``text``; BadResponse when it is damaged or not one."""
    code = text.strip().upper()
    if not _STATION_PREFIX.match(code):
        raise _bad_station_code(text, "is not a station code", "不是本站打印的条码")
    parts = code.split("|")
    if parts[0] != STATION_CODE_VERSION:
        raise _bad_station_code(
            text,
            "was printed by a newer version of the station software — update this station",
            "由更新版本的软件打印，请升级本站软件",
        )
    if len(parts) != 4 or len(parts[1]) != 1 or len(parts[3]) != 1 or not _ID.fullmatch(parts[2]):
        raise _bad_station_code(
            text, "was read incompletely — scan it again", "读取不完整，请重新扫码"
        )
    _, kind, record_id, check = parts
    if check not in CHECK_ALPHABET or _check_character(kind + record_id) != check:
        raise _bad_station_code(
            text,
            "was read wrongly (check character) — scan it again; if it keeps failing, "
            "set the scanner to the US keyboard layout",
            "读取有误（校验位不符），请重新扫码；如反复出错，请将扫码枪设置为美式键盘布局",
        )
    try:
        return StationCode(StationCodeKind(kind), record_id)
    except ValueError:
        raise _bad_station_code(
            text,
            f"is of an unknown kind {kind!r} — printed by a newer version of the software?",
            f"类型“{kind}”未知，可能由更新版本的软件打印",
        ) from None


def looks_like_essc(text: str, prefixes: Collection[str] = ()) -> bool:
    """Whether ``text`` is taken for an e-SSC code (see the module documentation)."""
    if prefixes:
        return any(text.startswith(p) for p in prefixes)
    return (
        _ESSC_TOKEN.fullmatch(text) is not None
        and any(c.isalpha() for c in text)
        and any(c.isdigit() for c in text)
    )


def classify(text: str, *, essc_prefixes: Collection[str] = ()) -> Payload:
    """What the scanned ``text`` is. Raises BadResponse only for a damaged station code."""
    stripped = text.strip()
    if _STATION_PREFIX.match(stripped.upper()):
        return parse_station_code(stripped)
    if _ID_NUMBER.fullmatch(stripped):
        try:
            return CitizenIdCode(validate_citizen_id(stripped))
        except ValidationError:
            return PlainText(stripped)
    if looks_like_essc(stripped, essc_prefixes):
        return EsscCode(stripped)
    return PlainText(stripped)

"""Citizen ID numbers (公民身份号码, GB 11643).

An 18-character number is: 6-digit division code where the number was first issued,
8-digit birth date, 3-digit sequence (odd = male, even = female) and a check character
(0-9 or X, ISO 7064 MOD 11-2). The social-security number is the same number, so this
is the key of every person the station serves.

Pre-1999 cards carry a 15-digit number (2-digit year, no check character). Those are
upgraded the official way: insert "19" before the year and compute the check character.

Division codes: counties get merged and renamed, but a number stays valid for life, so
an unknown *county* code is never a reason to refuse; only the province (and, when the
caller gives a list, the city) is checked.
"""

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from station_client.rules import _dates
from station_client.rules.codes import Sex
from station_client.rules.errors import ValidationError

#: GB/T 2260 province-level codes, plus 83 used by residence permits of Taiwan residents
#: (台湾居民居住证, 830000) who may register at a station like anybody else.
PROVINCE_CODES: frozenset[str] = frozenset(
    {
        *(str(c) for c in range(11, 16)),
        *(str(c) for c in range(21, 24)),
        *(str(c) for c in range(31, 38)),
        *(str(c) for c in range(41, 47)),
        *(str(c) for c in range(50, 55)),
        *(str(c) for c in range(61, 66)),
        "71",
        "81",
        "82",
        "83",
    }
)

#: Nobody alive and served by a station was born before this; earlier dates are typos.
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

_FIELD = "citizen_id"
_WHITESPACE = re.compile(r"\s+")
_EIGHTEEN = re.compile(r"[0-9]{17}[0-9X]")


@dataclass(frozen=True)
class CitizenId:
    """A validated citizen ID number and what it says about its holder."""

    number: str
    division_code: str
    birth_date: date
    sex: Sex
    upgraded_from: str | None = None

    def age_on(self, day: date) -> int:
        """Full years of age on ``day``."""
        return _dates.age_on(self.birth_date, day)


def _error(reason: str, zh: str, en: str) -> ValidationError:
    return ValidationError(_FIELD, reason, f"公民身份号码{zh}", f"citizen ID number: {en}")


def _check_character(first17: str) -> str:
    # stdnum expects the full number and ignores its last character.
    return str(ric.calc_check_digit(first17 + "0"))


def _parse_birth_date(digits: str) -> date:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise _error(
            "birth_date",
            f"中的出生日期{digits}不存在",
            f"birth date {digits} does not exist",
        ) from None


def _check_division(number: str, known_prefixes: Collection[str] | None) -> None:
    if number[:2] not in PROVINCE_CODES:
        raise _error(
            "division",
            f"前两位{number[:2]}不是有效的省级行政区划代码",
            f"first two digits {number[:2]} are not a province code",
        )
    if known_prefixes is None:
        return
    cities = {p for p in known_prefixes if len(p) == 4}
    counties = {p for p in known_prefixes if len(p) == 6}
    if number[:4] not in cities and number[:6] not in counties:
        raise _error(
            "division",
            f"前六位{number[:6]}不属于已知的行政区划",
            f"division code {number[:6]} is not in a known city or county",
        )


def _upgrade(legacy: str) -> str:
    """15-digit number → 18 digits (century 19 inserted, check character added)."""
    first17 = legacy[:6] + "19" + legacy[6:]
    return first17 + _check_character(first17)


def _validate18(
    number: str, *, today: date | None, known_prefixes: Collection[str] | None
) -> tuple[date, Sex]:
    """Check an 18-character number; ``today=None`` skips the "born in the future" check."""
    if not _EIGHTEEN.fullmatch(number):
        raise _error(
            "format",
            "格式错误：前17位应为数字，最后一位为数字或X",
            "must be 17 digits followed by a digit or X",
        )
    birth = _parse_birth_date(number[6:14])
    if birth < EARLIEST_BIRTH_DATE:
        raise _error(
            "birth_date",
            f"中的出生日期{birth.isoformat()}早于1900年",
            f"birth date {birth.isoformat()} is before 1900",
        )
    if today is not None and birth > today:
        raise _error(
            "birth_date",
            f"中的出生日期{birth.isoformat()}晚于今天",
            f"birth date {birth.isoformat()} is in the future",
        )
    _check_division(number, known_prefixes)
    if number[17] != _check_character(number[:17]):
        raise _error("check_character", "校验位错误", "wrong check character")
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return birth, sex


def validate_citizen_id(
    value: str,
    *,
    today: date | None = None,
    known_prefixes: Collection[str] | None = None,
) -> CitizenId:
    """Validate (and, for 15-digit numbers, upgrade) a citizen ID number.

    ``known_prefixes`` may hold 4-digit city codes and/or 6-digit county codes (current and
    historical); the number must start with one of them. Without it only the province is
    checked. Raises :class:`ValidationError` with field ``"citizen_id"``.
    """
    # NFKC turns full-width digits and Ｘ typed with a Chinese input method into ASCII.
    number = _WHITESPACE.sub("", unicodedata.normalize("NFKC", value)).upper()
    upgraded_from: str | None = None
    if len(number) == 15:
        if not number.isdigit() or not number.isascii():
            raise _error(
                "format", "格式错误：15位号码应全为数字", "15-digit number must be all digits"
            )
        upgraded_from = number
        number = _upgrade(number)
    elif len(number) != 18:
        raise _error(
            "length",
            f"应为18位（旧号码15位），实际为{len(number)}位",
            f"must have 18 characters (15 for old numbers), got {len(number)}",
        )
    birth, sex = _validate18(number, today=today or date.today(), known_prefixes=known_prefixes)
    return CitizenId(
        number=number,
        division_code=number[:6],
        birth_date=birth,
        sex=sex,
        upgraded_from=upgraded_from,
    )


def is_valid_citizen_id(value: str) -> bool:
    """True when :func:`validate_citizen_id` would accept ``value`` today."""
    try:
        validate_citizen_id(value)
    except ValidationError:
        return False
    return True


#: Highest serial accepted by :func:`make_citizen_id` (3-digit sequence 000-999, per sex).
MAX_SERIAL = 499


def make_citizen_id(division_code: str, birth_date: date, serial: int, sex: Sex) -> str:
    """Build a valid 18-character number, for synthetic populations and tests.

    ``serial % 100`` gives digits 15-16; digit 17 carries the sex (odd male, even female)
    and ``serial // 100``, so serials 0-99 give 17th digit 1 (male) / 0 (female) and the
    range extends to 499 without collisions. Raises ``ValueError`` on impossible input.
    """
    if not (len(division_code) == 6 and division_code.isdigit() and division_code.isascii()):
        raise ValueError(f"division code must be 6 digits, got {division_code!r}")
    if not 0 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial must be between 0 and {MAX_SERIAL}, got {serial}")
    seventeenth = 2 * (serial // 100) + (1 if sex is Sex.MALE else 0)
    first17 = f"{division_code}{birth_date:%Y%m%d}{serial % 100:02d}{seventeenth}"
    number = first17 + _check_character(first17)
    try:
        _validate18(number, today=None, known_prefixes=None)
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc
    return number

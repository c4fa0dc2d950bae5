"""Unified social credit codes (统一社会信用代码, GB 32100) identifying employers.

Layout: registration authority (1 char), organisation type (1), division code (6
digits), organisation code (9, GB 11714: 8 characters + check character), check character
(1). The 18 characters come from ``0-9`` and upper-case letters without I, O, Z, S, V.

The check character is computed by ``stdnum.cn.uscc``. Its ``validate`` insists that the
first two characters be digits, which would refuse codes of authorities with a letter
code (e.g. ``N`` agriculture: village collective economic organisations, served by
village stations), so the structure is checked here and only the arithmetic is stdnum's.
"""

import re
import unicodedata
from dataclasses import dataclass

from stdnum.cn import uscc

from station_client.rules.errors import ValidationError

_FIELD = "uscc"
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_SHAPE = re.compile(rf"[{_ALPHABET}]{{2}}[0-9]{{6}}[{_ALPHABET}]{{10}}")
_SEPARATORS = re.compile(r"[\s-]+")

#: GB 11714 weights for the 8 body characters of an organisation code.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class CreditCode:
    """A validated unified social credit code and its parts."""

    code: str
    registration_authority: str
    organisation_type: str
    division_code: str

    @property
    def organisation_code(self) -> str:
        """Characters 9-17: the GB 11714 organisation code."""
        return self.code[8:17]


def _error(reason: str, zh: str, en: str) -> ValidationError:
    return ValidationError(
        _FIELD, reason, f"统一社会信用代码{zh}", f"unified social credit code: {en}"
    )


def validate_uscc(value: str) -> CreditCode:
    """Validate a unified social credit code (spaces/dashes ignored, case-insensitive, full-width
    characters accepted)."""
    # NFKC turns full-width characters typed with a Chinese input method into ASCII.
    code = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()
    if len(code) != 18:
        raise _error(
            "length", f"应为18位，实际为{len(code)}位", f"must have 18 characters, got {len(code)}"
        )
    if not _SHAPE.fullmatch(code):
        raise _error(
            "format",
            "格式错误：第3-8位应为数字，其余为数字或大写字母（不含I、O、Z、S、V）",
            "characters 3-8 must be digits, the others digits or letters except I, O, Z, S, V",
        )
    if code[17] != str(uscc.calc_check_digit(code[:17])):
        raise _error("check_character", "校验位错误", "wrong check character")
    return CreditCode(
        code=code,
        registration_authority=code[0],
        organisation_type=code[1],
        division_code=code[2:8],
    )


def is_valid_uscc(value: str) -> bool:
    """True when :func:`validate_uscc` accepts ``value``."""
    try:
        validate_uscc(value)
    except ValidationError:
        return False
    return True


def organisation_check_character(body: str) -> str:
    """GB 11714 check character for an 8-character organisation-code body.

    stdnum has no GB 11714 module, so this is the standard's MOD 11 with weights
    3,7,9,10,5,8,4,2 (letters count A=10 … Z=35); 10 → "X", 11 → "0".
    """
    if len(body) != 8 or not body.isascii() or not body.isalnum():
        raise ValueError(f"organisation code body must be 8 letters/digits, got {body!r}")
    total = sum(int(c, 36) * w for c, w in zip(body.upper(), _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_organisation_code(code: str) -> bool:
    """True when ``code`` is 9 characters whose last one is the GB 11714 check character."""
    if len(code) != 9:
        return False
    try:
        return organisation_check_character(code[:8]) == code[8].upper()
    except ValueError:
        return False


#: Largest serial for :func:`make_uscc` (the organisation-code body is 8 digits).
MAX_USCC_SERIAL = 99_999_999


def make_uscc(division_code: str, serial: int) -> str:
    """Build a valid code for an enterprise ("9" market regulator, type "1").

    The organisation code is the 8-digit zero-padded ``serial`` plus its GB 11714 check
    character, so distinct serials give distinct codes. For synthetic data and tests.
    """
    if not (len(division_code) == 6 and division_code.isdigit() and division_code.isascii()):
        raise ValueError(f"division code must be 6 digits, got {division_code!r}")
    if not 0 <= serial <= MAX_USCC_SERIAL:
        raise ValueError(f"serial must be between 0 and {MAX_USCC_SERIAL}, got {serial}")
    body = f"{serial:08d}"
    first17 = f"91{division_code}{body}{organisation_check_character(body)}"
    return first17 + str(uscc.calc_check_digit(first17))

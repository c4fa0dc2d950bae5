"""Checking a vacancy's values before anything is written.

The title, an occupation code of the ``occupation`` table, a headcount of at least 1, a
wage range whose minimum is not above its maximum, a place of work the district's
division tree knows, validity dates in order and not already past. A bad value raises
:class:`ValidationError` naming the field, in Chinese and English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from station_client.reference import ReferenceBundle
from station_client.rules.errors import ValidationError
from station_client.rules.matching import normalise_division

#: Fields a clerk sets on a vacancy (status changes only through :meth:`close`).
EDITABLE = (
    "title",
    "occupation_code",
    "headcount",
    "wage_min",
    "wage_max",
    "requirements",
    "skills",
    "location_division",
    "valid_from",
    "valid_until",
)
TITLE_MAX_CHARS = 100
TEXT_MAX_CHARS = 500
MAX_HEADCOUNT = 9999
MAX_WAGE = 1_000_000  # yuan per month: anything above is a typo
_SKILL_SEPARATORS = re.compile(r"[,，、;；\s]+")
_LABELS = {
    "title": "岗位名称",
    "occupation_code": "职业",
    "headcount": "招聘人数",
    "wage_min": "最低月薪",
    "wage_max": "最高月薪",
    "requirements": "岗位要求",
    "skills": "技能要求",
    "location_division": "工作地点",
    "valid_from": "有效期起",
    "valid_until": "有效期止",
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(field: str, value: Any, max_chars: int, *, required: bool) -> str | None:
    text = "" if value is None else unicodedata.normalize("NFC", str(value)).strip()
    if not text:
        if required:
            raise ValidationError(
                field, "required", f"{_LABELS[field]}不能为空", f"{field} is required"
            )
        return None
    if len(text) > max_chars:
        raise ValidationError(
            field,
            "length",
            f"{_LABELS[field]}超过{max_chars}个字",
            f"{field} is longer than {max_chars} characters",
        )
    return text


def _whole_number(field: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        if not value.isdigit():
            raise ValidationError(
                field,
                "format",
                f"{_LABELS[field]}应为整数（元/人数）",
                f"{field} must be a whole number",
            )
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            field, "format", f"{_LABELS[field]}应为整数", f"{field} must be a whole number"
        )
    if not low <= value <= high:
        raise ValidationError(
            field,
            "range",
            f"{_LABELS[field]}应在 {low} 到 {high} 之间",
            f"{field} must be between {low} and {high}",
        )
    return value


def _date(field: str, value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(
                field,
                "date",
                f"{_LABELS[field]}“{value.strip()}”不是有效日期（应为 年-月-日，如 2026-11-02）",
                f"{value!r} is not a valid date (YYYY-MM-DD)",
            ) from None
    if not isinstance(value, date):
        raise ValidationError(field, "date", f"{_LABELS[field]}无效", f"{value!r} is not a date")
    return value


def _occupation(value: Any, reference: ReferenceBundle) -> str:
    code = _text("occupation_code", value, 12, required=True)
    assert code is not None
    code = unicodedata.normalize("NFKC", code).upper()
    table = reference.table("occupation")
    if code not in table:
        raise ValidationError(
            "occupation_code",
            "unknown_code",
            f"职业代码“{code}”不在职业分类代码表（第 {table.version} 版）中，请从列表中选择",
            f"occupation code {code!r} is not in the occupation table (version {table.version})",
        )
    return code


def known_division(
    value: Any, reference: ReferenceBundle, field: str = "location_division"
) -> str | None:
    """A division code of the district's tree (padded forms accepted), ``None`` if blank."""
    if _blank(value):
        return None
    code = unicodedata.normalize("NFKC", str(value)).strip()
    tree = reference.divisions
    if code in tree:
        return code
    short = normalise_division(code)  # "320115001000" is the town 320115001
    if short is not None and short in tree:
        return short
    raise ValidationError(
        field,
        "unknown_code",
        f"区划代码“{code}”不在本区区划代码表中，请从列表中选择",
        f"division code {code!r} is not in the district's division tree",
    )


def _skills(value: Any) -> str | None:
    text = _text("skills", value, TEXT_MAX_CHARS, required=False)
    if text is None:
        return None
    seen = dict.fromkeys(s.upper() for s in _SKILL_SEPARATORS.split(text) if s)
    return ",".join(seen) or None


def validate_vacancy(
    values: Mapping[str, Any],
    reference: ReferenceBundle,
    *,
    today: date,
    current: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Normalised values of a new vacancy (``current is None``) or of changes to one whose
    present values are ``current``; ValidationError names the first bad field."""
    for name in values:
        if name not in EDITABLE:
            raise ValidationError(
                name, "unknown_field", f"未知字段“{name}”", f"unknown field {name!r}"
            )
    creating = current is None
    out: dict[str, Any] = {}
    if creating or "title" in values:
        out["title"] = _text("title", values.get("title"), TITLE_MAX_CHARS, required=True)
    if creating or "occupation_code" in values:
        out["occupation_code"] = _occupation(values.get("occupation_code"), reference)
    if creating or "headcount" in values:
        if _blank(values.get("headcount")):
            raise ValidationError(
                "headcount", "required", "招聘人数不能为空", "headcount is required"
            )
        out["headcount"] = _whole_number("headcount", values["headcount"], 1, MAX_HEADCOUNT)
    for field in ("wage_min", "wage_max"):
        if field in values:
            value = values[field]
            out[field] = None if _blank(value) else _whole_number(field, value, 0, MAX_WAGE)
    if "requirements" in values:
        out["requirements"] = _text(
            "requirements", values["requirements"], TEXT_MAX_CHARS, required=False
        )
    if "skills" in values:
        out["skills"] = _skills(values["skills"])
    if "location_division" in values:
        out["location_division"] = known_division(values["location_division"], reference)
    for field in ("valid_from", "valid_until"):
        if field in values:
            out[field] = _date(field, values[field])
    if creating and out.get("valid_from") is None:
        out["valid_from"] = today
    if not creating and "valid_from" in out and out["valid_from"] is None:
        raise ValidationError(
            "valid_from", "required", "有效期起不能为空", "valid_from is required"
        )
    _check_together(out, current or {}, today)
    return out


def _check_together(out: Mapping[str, Any], current: Mapping[str, Any], today: date) -> None:
    """Checks across fields, on the values the vacancy will have after the change."""
    after = {**current, **out}
    low, high = after.get("wage_min"), after.get("wage_max")
    if low is not None and high is not None and low > high:
        field = "wage_max" if "wage_max" in out else "wage_min"
        raise ValidationError(
            field,
            "range",
            f"最低月薪（{low} 元）高于最高月薪（{high} 元）",
            f"wage_min {low} is above wage_max {high}",
        )
    start, end = after.get("valid_from"), after.get("valid_until")
    if start is not None and end is not None and start > end:
        field = "valid_until" if "valid_until" in out else "valid_from"
        raise ValidationError(
            field,
            "order",
            f"有效期止（{end}）早于有效期起（{start}）",
            f"valid_until {end} is before valid_from {start}",
        )
    if "valid_until" in out and end is not None and end < today:
        raise ValidationError(
            "valid_until",
            "past",
            f"有效期止（{end}）已过；不再招聘请关闭岗位",
            f"valid_until {end} is in the past; close the vacancy instead",
        )

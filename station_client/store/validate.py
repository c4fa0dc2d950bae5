"""Checking a person's or employer's fields before anything is written.

Every problem is reported with the field it concerns, in Chinese and English; the
write happens only when there is none, so nothing is ever half-written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Date

from hub_sync.model import RECORD_COLUMNS, Employer, Person
from station_client.reference import ReferenceBundle
from station_client.rules.errors import ValidationError
from station_client.rules.idnumber import validate_citizen_id
from station_client.rules.uscc import validate_uscc

# Person fields whose values come from a code table: field → table name.
PERSON_CODES = {
    "sex": "sex",
    "ethnicity": "ethnicity",
    "education": "education",
    "marital_status": "marital_status",
    "political_status": "political_status",
    "hukou_type": "hukou_type",
    "four_kinds": "four_kinds",
}
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[1-9][0-9]{1,2}-?[0-9]{7,8}")
# Everything but the bookkeeping the store and the hub own (deleted goes via remove()).
_EDITABLE_PERSON = frozenset(c.name for c in Person.__table__.columns) - (
    RECORD_COLUMNS - {"deleted"}
)
_EDITABLE_EMPLOYER = frozenset(c.name for c in Employer.__table__.columns) - (
    RECORD_COLUMNS - {"deleted"}
)


def _unknown_fields(values: Mapping[str, Any], allowed: frozenset[str]) -> None:
    for name in values:
        if name not in allowed:
            raise ValidationError(
                name, "unknown_field", f"未知字段“{name}”", f"unknown field {name!r}"
            )


def _dates(values: dict[str, Any], model: type[Person] | type[Employer], today: date) -> None:
    """Date fields as dates: ISO text is accepted; anything else, or a future date, is not."""
    for col in model.__table__.columns:
        if not isinstance(col.type, Date) or values.get(col.name) in (None, ""):
            continue
        value = values[col.name]
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    col.name,
                    "date",
                    f"日期“{value}”无效（应为 年-月-日）",
                    f"{value!r} is not a valid date (YYYY-MM-DD)",
                ) from None
        if not isinstance(value, date):
            raise ValidationError(col.name, "date", "日期无效", f"{value!r} is not a date")
        if value > today:
            raise ValidationError(
                col.name, "future", f"日期 {value} 晚于今天", f"{value} is in the future"
            )
        values[col.name] = value


def check_phone(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    v = value.strip().replace(" ", "")
    if not (_MOBILE.fullmatch(v) or _LANDLINE.fullmatch(v)):
        raise ValidationError(
            "phone",
            "format",
            f"联系电话“{value}”格式不正确",
            f"phone number {value!r} is not valid",
        )
    return v


def check_name(value: Any, field: str = "name", max_len: int = 50) -> str:
    v = str(value or "").strip()
    if not v:
        raise ValidationError(field, "required", "姓名不能为空", "name is required")
    if len(v) > max_len:
        raise ValidationError(
            field, "length", f"超过{max_len}个字", f"longer than {max_len} characters"
        )
    return v


def validate_person(
    values: Mapping[str, Any],
    reference: ReferenceBundle,
    *,
    today: date,
    creating: bool,
) -> dict[str, Any]:
    """Normalised values of a person, or ValidationError naming the first bad field."""
    _unknown_fields(values, _EDITABLE_PERSON)
    out = dict(values)
    _dates(out, Person, today)
    if creating or "citizen_id" in values:
        cid = validate_citizen_id(
            str(values.get("citizen_id") or ""),
            today=today,
            known_prefixes=reference.national_prefixes,
        )
        out["citizen_id"] = cid.number
        # The ID number states birth date and sex; a form that disagrees is a typo.
        given_birth = out.get("birth_date")
        if given_birth is not None and given_birth != cid.birth_date:
            raise ValidationError(
                "birth_date",
                "mismatch",
                "出生日期与公民身份号码不一致",
                "birth date does not match the citizen ID number",
            )
        given_sex = values.get("sex")
        if given_sex is not None and str(given_sex) != cid.sex.value:
            raise ValidationError(
                "sex",
                "mismatch",
                "性别与公民身份号码不一致",
                "sex does not match the citizen ID number",
            )
        out["birth_date"], out["sex"] = cid.birth_date, cid.sex.value
    if creating or "name" in values:
        out["name"] = check_name(values.get("name"))
    if "phone" in values:
        out["phone"] = check_phone(values["phone"])
    for field, table in PERSON_CODES.items():
        value = out.get(field)
        if value not in (None, ""):
            reference.code_tables[table].check(field, str(value))
    return out


def validate_employer(
    values: Mapping[str, Any], reference: ReferenceBundle, *, today: date, creating: bool
) -> dict[str, Any]:
    _unknown_fields(values, _EDITABLE_EMPLOYER)
    out = dict(values)
    _dates(out, Employer, today)
    if creating or "uscc" in values:
        out["uscc"] = validate_uscc(str(values.get("uscc") or "")).code
    if creating or "name" in values:
        out["name"] = check_name(values.get("name"), max_len=200)
    if "contact_phone" in values:
        try:
            out["contact_phone"] = check_phone(values["contact_phone"])
        except ValidationError as e:
            raise ValidationError("contact_phone", e.reason, e.message_zh, e.message_en) from None
    return out

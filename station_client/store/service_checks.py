"""Checking the values of a form: every invalid field at once, each in its own words.

:func:`check_form` normalises what the clerk entered (text stripped, dates and numbers
parsed, codes checked against the picker's code table, ID numbers and credit codes
validated) and raises :class:`FormInvalid` naming each invalid field, so a screen can
put a message under every one of them and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import String

from hub_sync.model import Base
from station_client.reference import ReferenceBundle
from station_client.rules.errors import ValidationError
from station_client.rules.idnumber import validate_citizen_id
from station_client.rules.uscc import validate_uscc

from .service_specs import PICKERS, FieldSpec, Kind
from .validate import check_phone

#: Longest free text a form accepts where the column itself sets no limit.
LONG_TEXT_MAX = 2000


class FormInvalid(ValidationError):
    """Several fields are invalid; ``errors`` holds one ValidationError per field."""

    def __init__(self, errors: Sequence[ValidationError]) -> None:
        first = errors[0]
        super().__init__(first.field, first.reason, first.message_zh, first.message_en)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        return "; ".join(ValidationError.__str__(e) for e in self.errors)


def errors_of(error: ValidationError) -> tuple[ValidationError, ...]:
    """Each field's error of a refusal (one, unless the form had several)."""
    return error.errors if isinstance(error, FormInvalid) else (error,)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _refuse(f: FieldSpec, reason: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f.name, reason, zh, en)


def _renamed(f: FieldSpec, error: ValidationError) -> ValidationError:
    return ValidationError(f.name, error.reason, error.message_zh, error.message_en)


def _limit(f: FieldSpec, model: type[Base] | None) -> int:
    column = model.__table__.c.get(f.name) if model is not None and f.stored else None
    if column is not None and isinstance(column.type, String) and column.type.length:
        return int(column.type.length)
    return LONG_TEXT_MAX if f.kind is Kind.LONG_TEXT else f.max_len


def _date(f: FieldSpec, value: object, today: date) -> date:
    day = value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise _refuse(
                f, "date", f"{f.zh}“{value}”不是有效日期（年-月-日）", "not a date"
            ) from None
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise _refuse(f, "date", f"{f.zh}不是有效日期", f"{value!r} is not a date")
    if not f.future and day > today:
        raise _refuse(f, "future", f"{f.zh}不能晚于今天（{today}）", f"{day} is in the future")
    return day


def _number(f: FieldSpec, value: object) -> int:
    if isinstance(value, bool):
        raise _refuse(f, "number", f"{f.zh}应为整数", "not a whole number")
    try:
        number = int(str(value).strip().replace(",", ""))
    except ValueError:
        raise _refuse(f, "number", f"{f.zh}应为整数", f"{value!r} is not a whole number") from None
    if not f.low <= number <= f.high:
        raise _refuse(f, "range", f"{f.zh}应在{f.low}至{f.high}之间", f"must be {f.low}..{f.high}")
    return number


def _value(f: FieldSpec, value: object, bundle: ReferenceBundle, today: date, limit: int) -> object:
    """The normalised value of one non-blank field, or ValidationError naming it."""
    if f.kind in (Kind.TEXT, Kind.LONG_TEXT):
        text = str(value).strip()
        if len(text) > limit:
            raise _refuse(f, "length", f"{f.zh}不能超过{limit}个字", f"over {limit} characters")
        return text
    if f.kind is Kind.NUMBER:
        return _number(f, value)
    if f.kind is Kind.DATE:
        return _date(f, value, today)
    if f.kind is Kind.FLAG:
        if value in (True, False, 0, 1):
            return bool(value)
        raise _refuse(f, "flag", f"{f.zh}应为“是”或“否”", f"{value!r} is not yes/no")
    if f.kind in PICKERS:
        code = str(value).strip()
        if code not in dict(f.options(bundle)):
            raise _refuse(
                f, "unknown_code", f"“{code}”不是可选的{f.zh}", f"{code!r} is not offered"
            )
        return code
    try:
        if f.kind is Kind.CITIZEN_ID:
            number = validate_citizen_id(
                str(value), today=today, known_prefixes=bundle.national_prefixes
            )
            return number.number
        if f.kind is Kind.USCC:
            return validate_uscc(str(value)).code
        return check_phone(str(value))
    except ValidationError as e:
        raise _renamed(f, e) from None


def _order(
    f: FieldSpec, clean: Mapping[str, Any], known: Mapping[str, FieldSpec]
) -> ValidationError | None:
    """``f`` against the field it may not precede (``not_before``) or follow."""
    mine = clean.get(f.name)
    for other, earliest in ((f.not_before, True), (f.not_after, False)):
        theirs = clean.get(other) if other else None
        if mine is None or theirs is None or other is None:
            continue
        label = known[other].zh if other in known else other
        if earliest and mine < theirs:
            return _refuse(f, "order", f"{f.zh}不能早于{label}", f"before {other}")
        if not earliest and mine > theirs:
            return _refuse(f, "order", f"{f.zh}不能晚于{label}", f"after {other}")
    return None


def check_form(
    fields: Sequence[FieldSpec],
    values: Mapping[str, object],
    bundle: ReferenceBundle,
    *,
    today: date,
    model: type[Base] | None = None,
) -> dict[str, Any]:
    """Every field's normalised value (None when blank, False for an unticked flag; a
    field missing from ``values`` takes its default), or :class:`FormInvalid` listing
    each invalid field and unknown name."""
    known = {f.name: f for f in fields}
    errors = [
        ValidationError(name, "unknown_field", f"未知字段“{name}”", f"unknown field {name!r}")
        for name in values
        if name not in known
    ]
    clean: dict[str, Any] = {}
    for f in fields:
        raw = values.get(f.name, f.default)  # a field not given at all takes its default
        if _blank(raw):
            clean[f.name] = False if f.kind is Kind.FLAG else None
            if f.required and f.from_person is None:
                verb = "请选择" if f.picker else "请填写"
                errors.append(_refuse(f, "required", f"{verb}{f.zh}", "is required"))
            continue
        try:
            clean[f.name] = _value(f, raw, bundle, today, _limit(f, model))
        except ValidationError as e:
            errors.append(e)
    failed = {e.field for e in errors}
    for f in fields:
        problem = None if f.name in failed else _order(f, clean, known)
        if problem is not None:
            errors.append(problem)
    if errors:
        raise FormInvalid(errors)
    return clean

"""Record values on the wire: typed by the model's columns, JSON on the way.

A value leaves the station in one of several spellings (a ``date`` from the ORM or
``'2024-03-01'`` from a trigger's ``json_object``, ``True`` or ``1``, an aware
datetime or SQLite's ``'2024-03-01 08:30:00.000000'``) and must arrive at the hub
as one spelling, so that the field-level merge compares like with like and the
signed bytes are reproducible. The column type in :mod:`hub_sync.model` decides:

=============  =================================  ============================
column type    wire (JSON)                        Python (``from_wire``)
=============  =================================  ============================
Date           ``"YYYY-MM-DD"``                   ``datetime.date``
UTCDateTime    ``"YYYY-MM-DDTHH:MM:SS.ffffffZ"``  aware ``datetime`` in UTC
Boolean        ``true`` / ``false``               ``bool``
Integer        number (32-bit signed)             ``int``
String / Text  string                             ``str`` (``String(n)``: ≤ n)
=============  =================================  ============================

``None`` is ``null`` both ways. ``to_wire`` is lenient about *spellings* but not
about types (a ``2`` for a boolean is refused); it does not check lengths, so an
over-long value stored on a station still reaches the hub, whose ``from_wire``
refuses it with a reason the clerk can read instead of blocking the outbox.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from types import MappingProxyType
from typing import Any, overload

from sqlalchemy import Boolean, Column, Date, Integer, String, Table, inspect

from hub_sync.model import MODELS_BY_TABLE, Base, UTCDateTime

from .errors import WireError

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1  # PostgreSQL INTEGER

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# SQLite text of a UTC time ('YYYY-MM-DD HH:MM:SS[.f…]'), also with 'T' and 'Z'.
_SQLITE_TIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z?"
)
# Wire text: ISO 8601 with an explicit offset ('Z' or ±HH:MM).
_WIRE_TIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})"
)


@cache
def _columns(table: str) -> dict[str, Column[Any]]:
    model = MODELS_BY_TABLE.get(table)
    if model is None:
        raise WireError("unknown_table", f"no synced table named {table!r}")
    table_obj: Table = model.__table__  # type: ignore[assignment]
    return {c.name: c for c in table_obj.columns}


def columns(table: str) -> dict[str, Column[Any]]:
    """The columns of a synced table by name; ``unknown_table`` if there is none."""
    return dict(_columns(table))


def _bad(table: str, name: str, what: str, value: object) -> WireError:
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return WireError("bad_value", f"{table}.{name}: {what}, got {shown}", field=name)


def format_utc(moment: datetime) -> str:
    """An aware datetime as the wire's ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (UTC)."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return _utc_text(moment)


def _utc_text(moment: datetime) -> str:
    """The wire text of a datetime whose fields are already the UTC ones."""
    if moment.year < 1000:  # strftime's own spelling of such years
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (  # noqa: UP031 - the fastest spelling
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
    )


def _time_to_wire(table: str, name: str, value: object) -> str:
    if type(value) is datetime and value.tzinfo is not None:
        if value.tzinfo is UTC:
            return _utc_text(value)
        offset = value.utcoffset()
        if offset is not None and not offset:  # another zone at UTC (a database's)
            return _utc_text(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _bad(table, name, "a naive datetime; an aware UTC time is required", value)
        return format_utc(value)
    if isinstance(value, str):
        if _SQLITE_TIME_RE.fullmatch(value):
            try:
                moment = datetime.fromisoformat(value.removesuffix("Z").replace(" ", "T"))
            except ValueError:
                raise _bad(table, name, "not a valid time", value) from None
            return format_utc(moment.replace(tzinfo=UTC))
        if _WIRE_TIME_RE.fullmatch(value):
            return _time_from_wire(table, name, value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    raise _bad(table, name, "expected an aware datetime or 'YYYY-MM-DD HH:MM:SS[.ffffff]'", value)


def _time_from_wire(table: str, name: str, value: object) -> datetime:
    if not isinstance(value, str) or not _WIRE_TIME_RE.fullmatch(value):
        raise _bad(table, name, "expected ISO 8601 time with 'Z' or an offset", value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(table, name, "not a valid time", value) from None
    return moment.astimezone(UTC)


def _date_from_text(table: str, name: str, value: object) -> date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise _bad(table, name, "expected a date 'YYYY-MM-DD'", value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(table, name, "not a valid date", value) from None


def _check_text(table: str, column: Column[Any], value: str) -> str:
    length = getattr(column.type, "length", None)
    if length is not None and len(value) > length:
        raise _bad(table, column.name, f"longer than {length} characters ({len(value)})", value)
    if "\x00" in value:
        raise _bad(table, column.name, "contains a NUL character", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _bad(table, column.name, "not valid Unicode (lone surrogate)", value) from None
    return value


_Convert = Callable[[Any], Any]


def _to_wire_converter(table: str, column: Column[Any]) -> _Convert:
    """``_value_to_wire`` for one column, with the type decided once."""
    name, kind = column.name, column.type
    if isinstance(kind, UTCDateTime):

        def time_to_wire(value: Any) -> Any:
            if value is None:
                return None
            return _time_to_wire(table, name, value)

        return time_to_wire
    if isinstance(kind, Boolean):

        def bool_to_wire(value: Any) -> Any:
            if value is None or value is True or value is False:
                return value
            if isinstance(value, bool):
                return value
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise _bad(table, name, "expected a boolean (or 0/1)", value)

        return bool_to_wire
    if isinstance(kind, Date):

        def date_to_wire(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, datetime):
                raise _bad(table, name, "a datetime where a date is required", value)
            if isinstance(value, date):
                return value.isoformat()
            return _date_from_text(table, name, value).isoformat()

        return date_to_wire
    if isinstance(kind, Integer):

        def int_to_wire(value: Any) -> Any:
            if value is None or type(value) is int:
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            raise _bad(table, name, "expected an integer", value)

        return int_to_wire
    if isinstance(kind, String):

        def text_to_wire(value: Any) -> Any:
            if value is None or type(value) is str or isinstance(value, str):
                return value
            raise _bad(table, name, "expected text", value)

        return text_to_wire

    def no_wire_form(value: Any) -> Any:  # pragma: no cover - the model uses only the above
        if value is None:
            return None
        raise WireError("unknown_field", f"{table}.{name}: no wire form for {kind!r}", field=name)

    return no_wire_form


def _from_wire_converter(table: str, column: Column[Any]) -> _Convert:
    """``_value_from_wire`` for one column, with the type decided once."""
    name, kind, nullable = column.name, column.type, column.nullable

    def null(value: Any) -> Any:
        if not nullable:
            raise _bad(table, name, "must not be null", value)
        return None

    if isinstance(kind, UTCDateTime):

        def time_from_wire(value: Any) -> Any:
            if value is None:
                return null(value)
            return _time_from_wire(table, name, value)

        return time_from_wire
    if isinstance(kind, Boolean):

        def bool_from_wire(value: Any) -> Any:
            if value is True or value is False:
                return value
            if value is None:
                return null(value)
            if isinstance(value, bool):
                return value
            raise _bad(table, name, "expected true or false", value)

        return bool_from_wire
    if isinstance(kind, Date):

        def date_from_wire(value: Any) -> Any:
            if value is None:
                return null(value)
            return _date_from_text(table, name, value)

        return date_from_wire
    if isinstance(kind, Integer):

        def int_from_wire(value: Any) -> Any:
            if value is None:
                return null(value)
            if not isinstance(value, int) or isinstance(value, bool):
                raise _bad(table, name, "expected an integer", value)
            if not INT_MIN <= value <= INT_MAX:
                raise _bad(table, name, "outside the 32-bit integer range", value)
            return value

        return int_from_wire
    if isinstance(kind, String):
        length = getattr(kind, "length", None)

        def text_from_wire(value: Any) -> Any:
            if value is None:
                return null(value)
            if type(value) is str and value.isascii() and "\x00" not in value:
                if length is not None and len(value) > length:
                    raise _bad(
                        table, name, f"longer than {length} characters ({len(value)})", value
                    )
                return value
            if not isinstance(value, str):
                raise _bad(table, name, "expected text", value)
            return _check_text(table, column, value)

        return text_from_wire

    def no_wire_form(value: Any) -> Any:  # pragma: no cover - the model uses only the above
        if value is None:
            return null(value)
        raise WireError("unknown_field", f"{table}.{name}: no wire form for {kind!r}", field=name)

    return no_wire_form


@cache
def _to_wire_converters(table: str) -> dict[str, _Convert]:
    return {name: _to_wire_converter(table, c) for name, c in _columns(table).items()}


@cache
def _from_wire_converters(table: str) -> dict[str, _Convert]:
    return {name: _from_wire_converter(table, c) for name, c in _columns(table).items()}


def _unknown_field(table: str, name: str) -> WireError:
    return WireError("unknown_field", f"{table} has no field {name!r}", field=name)


def to_wire(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Values of ``table`` (ORM or SQLite spellings) in their one wire form.

    Raises :class:`WireError`: ``unknown_table``, ``unknown_field`` or ``bad_value``.
    """
    convert = _to_wire_converters(table)
    out: dict[str, Any] = {}
    for name, v in values.items():
        conv = convert.get(name)
        if conv is None:
            raise _unknown_field(table, name)
        out[name] = conv(v)
    return out


def from_wire(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Wire values of ``table`` as Python values ready for SQLAlchemy, validated.

    Checks each value's JSON type, its range (dates, 32-bit integers), its length
    against ``String(n)`` and nullability. Raises :class:`WireError`
    (``unknown_table``, ``unknown_field``, ``bad_value``) naming the field.
    """
    convert = _from_wire_converters(table)
    out: dict[str, Any] = {}
    for name, v in values.items():
        conv = convert.get(name)
        if conv is None:
            raise _unknown_field(table, name)
        out[name] = conv(v)
    return out


def wire_converters(table: str) -> Mapping[str, Callable[[Any], Any]]:
    """Column name → the function giving one value of that column in wire form (as
    ``to_wire`` does, field by field); ``unknown_table`` if there is no such table."""
    return MappingProxyType(_to_wire_converters(table))


@cache
def row_converter(table: str, names: tuple[str, ...]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A function from a row whose values come in the order of ``names`` (each a column
    of ``table``) to the record in wire form: ``record_to_wire`` for a known layout.

    Raises :class:`WireError` (``unknown_table``, ``unknown_field``) for a wrong layout.
    """
    convert = _to_wire_converters(table)
    cols = _columns(table)
    for name in names:
        if name not in convert:
            raise _unknown_field(table, name)
    # Values already in wire form when their Python type is the column's plain one (as a
    # database returns them) are taken as they are; the others are converted.
    plain: list[tuple[str, type, _Convert]] = []
    other: list[tuple[str, _Convert]] = []
    for name in names:
        kind = cols[name].type
        if isinstance(kind, UTCDateTime | Date):
            other.append((name, convert[name]))
        elif isinstance(kind, Boolean):
            plain.append((name, bool, convert[name]))
        elif isinstance(kind, Integer):
            plain.append((name, int, convert[name]))
        elif isinstance(kind, String):
            plain.append((name, str, convert[name]))
        else:  # pragma: no cover - the model uses only the types above
            other.append((name, convert[name]))
    # Layouts (the Python type of each value) of rows whose plain values were all in wire
    # form already: a row with such a layout skips the check. Bounded; shared by threads.
    checked: set[tuple[type, ...]] = set()

    def to_wire_row(row: Sequence[Any]) -> dict[str, Any]:
        values = dict(zip(names, row, strict=True))
        layout = tuple(map(type, row))
        if layout not in checked:
            as_is = True
            for name, kind, conv in plain:
                value = values[name]
                if value is not None and type(value) is not kind:
                    values[name] = conv(value)
                    as_is = False
            if as_is and len(checked) < 10_000:
                checked.add(layout)
        for name, conv in other:
            value = values[name]
            if value is not None:
                values[name] = conv(value)
        return values

    return to_wire_row


@overload
def record_to_wire(record: Base, /) -> dict[str, Any]: ...


@overload
def record_to_wire(table: str, row: Mapping[Any, Any], /) -> dict[str, Any]: ...


def record_to_wire(record: Base | str, row: Mapping[Any, Any] | None = None, /) -> dict[str, Any]:
    """A whole record in wire form: an ORM instance, or a table name and a Core row.

    ``record_to_wire(person)`` reads every mapped column of the instance;
    ``record_to_wire("persons", row._mapping)`` converts a row selected from the table
    (the hub's Core queries), which must hold every column of the table.
    """
    if isinstance(record, str):
        if row is None:
            raise TypeError("record_to_wire(table, row) needs the row")
        cols = _columns(record)
        missing = [name for name in cols if name not in row]
        if missing:
            raise WireError(
                "missing_field", f"{record} row lacks {', '.join(missing)}", field=missing[0]
            )
        return {name: conv(row[name]) for name, conv in _to_wire_converters(record).items()}
    table: Table = record.__table__  # type: ignore[assignment]
    mapper = inspect(type(record))
    values = {attr.columns[0].name: getattr(record, attr.key) for attr in mapper.column_attrs}
    return to_wire(table.name, values)

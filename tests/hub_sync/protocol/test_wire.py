"""Record values on the wire: every synced table, every column type, both directions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, Column, Date, Engine, Integer, String, create_engine, select, text
from sqlalchemy.orm import Session

from hub_sync.model import MODELS_BY_TABLE, Base, Person, UTCDateTime, synced_tables
from hub_sync.protocol.canonical import canonical_json
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.wire import (
    INT_MAX,
    INT_MIN,
    columns,
    format_utc,
    from_wire,
    record_to_wire,
    to_wire,
)

TABLES = sorted(MODELS_BY_TABLE)

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
moments = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=offsets
)
texts = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")


def _strategy(column: Column[Any]) -> st.SearchStrategy[Any]:
    kind = column.type
    value: st.SearchStrategy[Any]
    if isinstance(kind, UTCDateTime):
        value = moments
    elif isinstance(kind, Boolean):
        value = st.booleans()
    elif isinstance(kind, Date):
        value = st.dates()
    elif isinstance(kind, Integer):
        value = st.integers(min_value=INT_MIN, max_value=INT_MAX)
    elif isinstance(kind, String):
        value = st.text(texts, max_size=kind.length or 300)
    else:  # pragma: no cover
        raise AssertionError(f"no strategy for {kind!r}")
    return st.none() | value if column.nullable else value


def records(table: str) -> st.SearchStrategy[dict[str, Any]]:
    """Whole records of ``table`` as Python values, every column present."""
    return st.fixed_dictionaries({n: _strategy(c) for n, c in columns(table).items()})


any_record = st.sampled_from(TABLES).flatmap(lambda t: st.tuples(st.just(t), records(t)))


@given(any_record)
def test_round_trip_every_table(case: tuple[str, dict[str, Any]]) -> None:
    table, values = case
    wire = to_wire(table, values)
    assert json.loads(canonical_json(wire)) == wire  # plain JSON, canonical-able
    back = from_wire(table, wire)
    assert back == values
    assert to_wire(table, back) == wire
    for name, value in back.items():
        if isinstance(value, datetime):
            assert value.tzinfo is UTC
            assert wire[name].endswith("Z") and len(wire[name]) == 27


@pytest.mark.parametrize("table", TABLES)
def test_each_table_round_trips(table: str) -> None:
    @settings(max_examples=15, deadline=None)
    @given(records(table))
    def check(values: dict[str, Any]) -> None:
        assert from_wire(table, to_wire(table, values)) == values

    check()


# --- SQLite spellings: what the station's capture triggers write ---------------------

_engine: Engine | None = None


def _sqlite() -> Engine:
    global _engine
    if _engine is None:
        _engine = create_engine("sqlite://")
        Base.metadata.create_all(_engine, tables=synced_tables())
    return _engine


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_record)
def test_sqlite_json_object_spellings_give_the_same_wire(case: tuple[str, dict[str, Any]]) -> None:
    table, values = case
    model = MODELS_BY_TABLE[table]
    # NOT NULL columns with model defaults may be generated as None only if nullable.
    engine = _sqlite()
    with Session(engine) as session:
        obj = model(**values)
        session.add(obj)
        session.flush()
        names = list(columns(table))
        pairs = ", ".join(f"'{n}', \"{n}\"" for n in names)
        raw = session.execute(
            text(f'SELECT json_object({pairs}) FROM "{table}" WHERE id = :id'), {"id": values["id"]}
        ).scalar_one()
        from_sqlite = to_wire(table, json.loads(raw))
        assert from_sqlite == to_wire(table, values)
        assert record_to_wire(obj) == from_sqlite
        table_obj = next(t for t in synced_tables() if t.name == table)
        row = session.execute(select(table_obj).where(table_obj.c.id == values["id"])).one()
        assert record_to_wire(table, row._mapping) == from_sqlite
        session.rollback()


def test_sqlite_time_text_forms() -> None:
    expected = "2024-06-01T08:30:00.123000Z"
    for spelling in (
        "2024-06-01 08:30:00.123",
        "2024-06-01 08:30:00.123000",
        "2024-06-01T08:30:00.123Z",
        "2024-06-01T16:30:00.123+08:00",
    ):
        assert to_wire("service_evaluations", {"evaluated_at": spelling}) == {
            "evaluated_at": expected
        }
    assert to_wire("persons", {"changed_at": "2024-06-01 08:30:00"}) == {
        "changed_at": "2024-06-01T08:30:00.000000Z"
    }


def test_python_spellings() -> None:
    moment = datetime(2024, 6, 1, 16, 30, tzinfo=timezone(timedelta(hours=8)))
    wire = to_wire(
        "persons",
        {
            "birth_date": date(1990, 1, 31),
            "graduation_date": "2012-07-01",
            "changed_at": moment,
            "verified": 1,
            "is_veteran": False,
            "name": "张三",
            "phone": None,
            "version": 4,
        },
    )
    assert wire == {
        "birth_date": "1990-01-31",
        "graduation_date": "2012-07-01",
        "changed_at": "2024-06-01T08:30:00.000000Z",
        "verified": True,
        "is_veteran": False,
        "name": "张三",
        "phone": None,
        "version": 4,
    }
    assert format_utc(moment) == "2024-06-01T08:30:00.000000Z"


def test_record_to_wire_of_an_orm_instance() -> None:
    person = Person(
        id="0190a3b4-0000-7000-8000-000000000001",
        version=2,
        changed_at=datetime(2024, 6, 1, tzinfo=UTC),
        deleted=False,
        conflict=False,
        citizen_id="11010519491231002X",
        name="李四",
        sex="1",
        birth_date=date(1949, 12, 31),
        verified=True,
    )
    wire = record_to_wire(person)
    assert set(wire) == set(columns("persons"))
    assert wire["birth_date"] == "1949-12-31"
    assert wire["changed_at"] == "2024-06-01T00:00:00.000000Z"
    assert wire["verified"] is True and wire["phone"] is None


def test_record_to_wire_of_an_incomplete_row() -> None:
    with pytest.raises(WireError) as info:
        record_to_wire("persons", {"id": "x"})
    assert info.value.code == "missing_field"


# --- refusals --------------------------------------------------------------------------


def test_unknown_table() -> None:
    for convert in (to_wire, from_wire):
        with pytest.raises(WireError) as info:
            convert("no_such_table", {})
        assert info.value.code == "unknown_table"


def test_unknown_field() -> None:
    for convert in (to_wire, from_wire):
        with pytest.raises(WireError) as info:
            convert("persons", {"shoe_size": 42})
        assert info.value.code == "unknown_field"
        assert info.value.field == "shoe_size"


BAD_TO_WIRE = [
    ("persons", "birth_date", datetime(2024, 1, 1, tzinfo=UTC), "date"),
    ("persons", "birth_date", "2024/01/01", "YYYY-MM-DD"),
    ("persons", "birth_date", "2024-02-30", "not a valid date"),
    ("persons", "birth_date", 20240101, "YYYY-MM-DD"),
    ("persons", "changed_at", datetime(2024, 1, 1), "naive"),
    ("persons", "changed_at", "yesterday", "aware datetime"),
    ("persons", "changed_at", "2024-13-01 00:00:00", "not a valid time"),
    ("persons", "verified", 2, "boolean"),
    ("persons", "verified", "true", "boolean"),
    ("persons", "version", True, "integer"),
    ("persons", "version", 1.5, "integer"),
    ("persons", "name", 12, "text"),
]


@pytest.mark.parametrize(("table", "field", "value", "what"), BAD_TO_WIRE)
def test_to_wire_names_bad_values(table: str, field: str, value: object, what: str) -> None:
    with pytest.raises(WireError) as info:
        to_wire(table, {field: value})
    assert info.value.code == "bad_value"
    assert info.value.field == field
    assert field in str(info.value) and what in str(info.value)


BAD_FROM_WIRE = [
    ("persons", "birth_date", "1990-1-31", "YYYY-MM-DD"),
    ("persons", "birth_date", "1990-02-29", "not a valid date"),
    ("persons", "birth_date", None, "must not be null"),
    ("persons", "changed_at", "2024-06-01T08:30:00", "ISO 8601"),  # no offset: naive
    ("persons", "changed_at", "2024-06-01 08:30:00Z", "ISO 8601"),
    ("persons", "changed_at", 1717200000, "ISO 8601"),
    ("persons", "changed_at", "2024-06-01T25:30:00Z", "not a valid time"),
    ("persons", "verified", 1, "true or false"),
    ("persons", "verified", "false", "true or false"),
    ("persons", "version", "3", "integer"),
    ("persons", "version", 3.0, "integer"),
    ("persons", "version", False, "integer"),
    ("persons", "version", INT_MAX + 1, "32-bit"),
    ("employers", "employee_count", INT_MIN - 1, "32-bit"),
    ("persons", "sex", "12", "longer than 1"),
    ("persons", "name", "张" * 51, "longer than 50"),
    ("persons", "name", 5, "text"),
    ("persons", "name", "a\x00b", "NUL"),
    ("persons", "address", "\ud800", "surrogate"),
    ("mediation_cases", "matter", ["x"], "text"),
]


@pytest.mark.parametrize(("table", "field", "value", "what"), BAD_FROM_WIRE)
def test_from_wire_names_bad_values(table: str, field: str, value: object, what: str) -> None:
    with pytest.raises(WireError) as info:
        from_wire(table, {field: value})
    assert info.value.code == "bad_value"
    assert info.value.field == field
    assert f"{table}.{field}" in str(info.value) and what in str(info.value)


def test_lengths_count_characters_not_bytes() -> None:
    assert from_wire("persons", {"name": "张" * 50}) == {"name": "张" * 50}


def test_text_has_no_length_limit() -> None:
    long = "事实" * 10_000
    assert from_wire("mediation_cases", {"matter": long}) == {"matter": long}


def test_wire_offsets_are_normalised_to_utc() -> None:
    back = from_wire("persons", {"changed_at": "2024-06-01T16:30:00+08:00"})
    assert back["changed_at"] == datetime(2024, 6, 1, 8, 30, tzinfo=UTC)
    assert back["changed_at"].tzinfo is UTC


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(WireError) as info:
        from_wire("persons", {"sex": "x" * 1000})
    assert len(str(info.value)) < 200


def test_columns_is_a_copy() -> None:
    cols = columns("persons")
    cols.clear()
    assert columns("persons")


def test_all_model_column_types_are_covered() -> None:
    for table in TABLES:
        for column in columns(table).values():
            assert isinstance(column.type, UTCDateTime | Boolean | Date | Integer | String)


@pytest.fixture(autouse=True, scope="module")
def _dispose() -> Iterator[None]:
    yield
    if _engine is not None:
        _engine.dispose()

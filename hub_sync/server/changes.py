"""Writing synced records at the hub: versions, stamps and the change log.

Every change the hub makes — applying a station's op, a supervisor's resolution, a
staff account made by district IT — goes through here, so each gets its new version
and its change-log entry (numbered when the transaction is about to commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    Table,
    TypeDecorator,
    any_,
    bindparam,
    cast,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import NullType

from . import scope, state
from .auth import StationContext
from .tables import change_log, hub_state

HUB = StationContext(id="hub", org_code="", name="district hub")


@dataclass
class Batch:
    """The changes of one hub transaction, on behalf of a station (or the hub)."""

    station: StationContext
    now: datetime
    changed: list[tuple[str, str, int, str | None, str | None]] = field(default_factory=list)
    served: set[str] = field(default_factory=set)


def write(
    conn: Connection, batch: Batch, table: Table, current: Any, values: dict[str, Any]
) -> int:
    version = int(current.version) + 1
    conn.execute(update(table).where(table.c.id == current.id).values(**values, version=version))
    merged = {**current._mapping, **values}
    note_change(conn, batch, table.name, current.id, version, merged)
    return version


def note_change(
    conn: Connection, batch: Batch, table: str, record_id: str, version: int, values: Any
) -> None:
    values = dict(values)
    person = scope.person_of(table, values)
    if person:
        batch.served.add(person)
    batch.changed.append((table, record_id, version, scope.area_of(conn, table, values), person))


def log_changes(conn: Connection, batch: Batch) -> None:
    """Number this batch's changes and log them: call it as the transaction's last
    statement, since the counter row stays locked until commit (see state.take_sequence)."""
    if not batch.changed:
        return
    if _postgres(conn):
        # One statement: the counter's UPDATE (its row lock held until commit, as in
        # state.take_sequence) numbers the rows the same statement inserts.
        columns = list(zip(*batch.changed, strict=True))
        (at,), *_ = _column_values(
            conn, change_log, ("committed_at",), [{"committed_at": batch.now}]
        )
        done = conn.exec_driver_sql(
            _log_statement(conn.dialect),
            {
                "n": len(batch.changed),
                "at": at,
                **{f"p{i}": array_literal(values) for i, values in enumerate(columns)},
            },
        )
        if done.rowcount != len(batch.changed):  # no counter row: not a migrated hub
            raise RuntimeError("the change-log counter (hub_state 'change_seq') is missing")
        return
    first = state.take_sequence(conn, len(batch.changed))
    bulk_insert(
        conn,
        change_log,
        [
            {
                "server_seq": first + i,
                "table_name": t,
                "record_id": rid,
                "version": v,
                "area_code": area,
                "person_id": person,
                "committed_at": batch.now,
            }
            for i, (t, rid, v, area, person) in enumerate(batch.changed)
        ],
    )


@lru_cache(maxsize=4)
def _log_statement(dialect: Dialect) -> str:
    names = ("table_name", "record_id", "version", "area_code", "person_id")
    quote = dialect.identifier_preparer
    arrays = ", ".join(_array_casts(change_log, names, dialect))
    return (
        f"WITH counter AS (UPDATE {quote.format_table(hub_state)} "
        "SET int_value = int_value + %(n)s WHERE key = 'change_seq' RETURNING int_value) "
        f"INSERT INTO {quote.format_table(change_log)} (server_seq, {', '.join(names)}, "
        "committed_at) "
        f"SELECT counter.int_value - %(n)s + v.ord, {', '.join('v.' + n for n in names)}, "
        "%(at)s "
        f"FROM counter, unnest({arrays}) WITH ORDINALITY AS v({', '.join(names)}, ord)"
    )


# -- many rows at once ----------------------------------------------------------------------
# PostgreSQL gets one statement per call whatever the number of rows (COPY, or an array
# per column); other databases (SQLite) get an executemany, which is cheap there.


def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


@lru_cache(maxsize=256)
def _processors(
    table: Table, names: tuple[str, ...], dialect: Dialect
) -> tuple[Callable[[Any], Any] | None, ...]:
    """The bind processing of the columns with a type of the hub's own (``UTCDateTime``:
    aware, in UTC), as SQLAlchemy does it; values of the plain types go as they are."""
    return tuple(
        table.c[n].type.bind_processor(dialect)
        if isinstance(table.c[n].type, TypeDecorator)
        else None
        for n in names
    )


def _column_values(
    conn: Connection, table: Table, names: tuple[str, ...], rows: list[dict[str, Any]]
) -> list[list[Any]]:
    out = []
    for name, process in zip(names, _processors(table, names, conn.dialect), strict=True):
        values = [row[name] for row in rows]
        out.append([process(v) for v in values] if process is not None else values)
    return out


def _array_element(value: Any) -> str:
    if value is None:
        return "NULL"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, date):  # and datetime
        return '"' + value.isoformat() + '"'
    raise TypeError(f"no array literal for {type(value).__name__}")


def array_literal(values: Iterable[Any]) -> str:
    """PostgreSQL's text of an array of these values (text, integers, booleans, dates,
    times, nulls): one string parameter instead of one per value."""
    items = list(values)
    if not items:
        return "{}"
    kinds = set(map(type, items))
    if kinds == {str}:  # ids, codes, JSON texts: quoted; escaped only where they need it
        text = "".join(items)
        if '"' not in text and "\\" not in text:
            return '{"' + '","'.join(items) + '"}'
    elif kinds == {int}:
        return "{" + ",".join(map(str, items)) + "}"
    return "{" + ",".join([_array_element(v) for v in items]) + "}"


@lru_cache(maxsize=256)
def _array_casts(table: Table, names: tuple[str, ...], dialect: Dialect) -> tuple[str, ...]:
    """``CAST(%(p0)s AS type[])``, … : one array parameter per column, in order."""
    return tuple(
        f"CAST(%(p{i})s AS {table.c[n].type.compile(dialect=dialect)}[])"
        for i, n in enumerate(names)
    )


def _array_params(
    conn: Connection, table: Table, names: tuple[str, ...], rows: list[dict[str, Any]]
) -> dict[str, str]:
    columns = _column_values(conn, table, names, rows)
    return {f"p{i}": array_literal(values) for i, values in enumerate(columns)}


def _refused(statement: str, e: Exception) -> IntegrityError:
    return IntegrityError(statement, None, e)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all name the same columns (on PostgreSQL by COPY, so a column
    left out gets the database's default, not a Python-side one: name every column
    whose model default matters)."""
    if not rows:
        return
    if not _postgres(conn):
        conn.execute(insert(table), rows)
        return
    names = tuple(rows[0])
    quote = conn.dialect.identifier_preparer
    statement = (
        f"COPY {quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)}) FROM STDIN"
    )
    columns = _column_values(conn, table, names, rows)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement) as copy:
            for row in zip(*columns, strict=True):
                copy.write_row(row)
    except conn.dialect.loaded_dbapi.IntegrityError as e:
        raise _refused(statement, e) from e
    finally:
        cursor.close()


def bulk_update(conn: Connection, table: Table, key: str, rows: list[dict[str, Any]]) -> None:
    """Update the rows whose ``key`` column the dicts give, each with the same columns."""
    if not rows:
        return
    if not _postgres(conn):
        param = f"_hub_{key}"
        conn.execute(
            update(table).where(table.c[key] == bindparam(param)),
            [{param: r[key], **{n: v for n, v in r.items() if n != key}} for r in rows],
        )
        return
    names = (key, *(n for n in rows[0] if n != key))
    conn.exec_driver_sql(
        _update_statement(table, names, conn.dialect), _array_params(conn, table, names, rows)
    )


@lru_cache(maxsize=256)
def _update_statement(table: Table, names: tuple[str, ...], dialect: Dialect) -> str:
    quote = dialect.identifier_preparer
    target = quote.format_table(table)
    q = [quote.quote(n) for n in names]
    return (
        f"UPDATE {target} SET {', '.join(f'{n} = v.{n}' for n in q[1:])} "
        f"FROM unnest({', '.join(_array_casts(table, names, dialect))}) AS v({', '.join(q)}) "
        f"WHERE {target}.{q[0]} = v.{q[0]}"
    )


def insert_ignoring_existing(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose primary key is not there yet, in one statement."""
    if not rows:
        return
    if _postgres(conn):
        names = tuple(rows[0])
        conn.exec_driver_sql(
            _insert_ignoring_statement(table, names, conn.dialect),
            _array_params(conn, table, names, rows),
        )
    elif conn.dialect.name == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
    else:  # pragma: no cover - the hub runs on PostgreSQL or SQLite
        key = list(table.primary_key.columns)
        for row in rows:
            where = [c == row[c.name] for c in key]
            if conn.execute(select(*key).where(*where)).first() is None:
                conn.execute(insert(table).values(**row))


@lru_cache(maxsize=64)
def _insert_ignoring_statement(table: Table, names: tuple[str, ...], dialect: Dialect) -> str:
    quote = dialect.identifier_preparer
    return (
        f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)}) "
        f"SELECT * FROM unnest({', '.join(_array_casts(table, names, dialect))}) "
        "ON CONFLICT DO NOTHING"
    )


def in_list(dialect: Dialect, column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """``column IN :name``, for a statement built once: pass the values as
    ``in_values(dialect, values)``. On PostgreSQL one array parameter, whatever the count."""
    if dialect.name == "postgresql":
        # A parameter without a cast of its own: PostgreSQL reads the text as the array
        # type once, instead of converting it through text for every row it looks at.
        values = bindparam(name, type_=NullType())
        return column == any_(cast(values, postgresql.ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


def in_values(dialect: Dialect, values: Sequence[Any]) -> Any:
    """The parameter value of an ``in_list``."""
    return array_literal(values) if dialect.name == "postgresql" else list(values)


def any_of(
    conn: Connection, column: ColumnElement[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL one array parameter, whatever the count."""
    if _postgres(conn):
        text = bindparam(None, array_literal(values), type_=NullType())
        return column == any_(cast(text, postgresql.ARRAY(column.type)))
    return column.in_(values)


def insert_record(conn: Connection, batch: Batch, table: Table, values: dict[str, Any]) -> None:
    conn.execute(insert(table).values(**values))
    note_change(conn, batch, table.name, values["id"], int(values["version"]), values)

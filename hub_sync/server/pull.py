"""Serving a station the changes in its scope after its cursor, in pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Select, Table, bindparam, or_, select

from hub_sync.model import MODELS_BY_TABLE
from hub_sync.protocol.messages import Change, Cursor, PullResponse
from hub_sync.protocol.wire import row_converter

from . import scope, state
from .auth import StationContext
from .changes import array_literal, in_list
from .tables import change_log, served_persons

_PAGE_QUERY = (
    select(change_log.c.server_seq, change_log.c.table_name, change_log.c.record_id)
    .where(
        change_log.c.server_seq > bindparam("after"),
        change_log.c.server_seq <= bindparam("high"),
        or_(
            change_log.c.area_code.is_(None),
            change_log.c.area_code.like(bindparam("area_prefix")),
            change_log.c.person_id.in_(
                select(served_persons.c.person_id).where(
                    served_persons.c.station_id == bindparam("station")
                )
            ),
        ),
    )
    .where(change_log.c.area_code.is_distinct_from(scope.HUB_ONLY))
    .order_by(change_log.c.server_seq)
    .limit(bindparam("limit"))
)
_IDS_PER_QUERY = 2000


def pull(conn: Connection, station: StationContext, cursor: Cursor, limit: int) -> PullResponse:
    # Everything numbered up to `high` is committed: numbers are taken under the counter
    # row lock right before commit (see state.take_sequence).
    epoch, horizon, high = state.snapshot(conn)
    if cursor.epoch != epoch or (cursor.seq > 0 and cursor.seq < horizon):
        # Another epoch (hub restored from backup) or older than what the hub still
        # remembers (tombstones purged): the station must download its scope again.
        return PullResponse(changes=[], cursor=Cursor(epoch=epoch, seq=0), more=True, resync=True)
    params = {
        "after": cursor.seq,
        "high": high,
        "area_prefix": station.org_code + "%",
        "station": station.id,
        "limit": limit,
    }
    rows: Sequence[Sequence[Any]]
    if conn.dialect.name == "postgresql":  # straight from the driver: no result objects
        rows = _driver_rows(conn, _compiled(_PAGE_QUERY, conn.dialect), params)
    else:
        rows = conn.execute(_PAGE_QUERY, params).all()
    full = len(rows) == limit
    next_seq = rows[-1][0] if full else high
    # One entry per record (its latest), with the record's current values.
    latest: dict[tuple[str, str], int] = {}
    for seq, table_name, record_id in rows:
        latest[(table_name, record_id)] = seq
    wanted: dict[str, list[str]] = defaultdict(list)
    for table_name, record_id in latest:
        wanted[table_name].append(record_id)
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for table_name, ids in wanted.items():
        for i in range(0, len(ids), _IDS_PER_QUERY):
            for record_id, values in _records(conn, table_name, ids[i : i + _IDS_PER_QUERY]):
                records[(table_name, record_id)] = values
    changes = []
    for (table_name, record_id), seq in sorted(latest.items(), key=lambda kv: kv[1]):
        found = records.get((table_name, record_id))
        if found is None:  # purged since it was logged
            continue
        values = found
        # Built without validation: every value comes from the hub's own typed columns.
        changes.append(
            _change(
                server_seq=seq,
                table=table_name,
                record_id=record_id,
                version=int(values["version"]),
                deleted=bool(values.get("deleted", False)),
                conflict=bool(values.get("conflict", False)),
                values=values,
            )
        )
    return PullResponse.model_construct(
        changes=changes, cursor=Cursor(epoch=epoch, seq=next_seq), more=full, resync=False
    )


def _construct_change(**values: Any) -> Change:
    """``Change.model_construct`` of all its fields, without its per-field bookkeeping
    (a page builds two thousand of them)."""
    change = Change.__new__(Change)
    object.__setattr__(change, "__dict__", values)
    object.__setattr__(change, "__pydantic_fields_set__", set(values))
    object.__setattr__(change, "__pydantic_extra__", None)
    object.__setattr__(change, "__pydantic_private__", None)
    return change


def _checked_constructor() -> Callable[..., Change]:
    """The shortcut where it gives what ``model_construct`` gives (this pydantic)."""
    sample: dict[str, Any] = {
        "server_seq": 1,
        "table": "persons",
        "record_id": "00000000-0000-7000-8000-000000000000",
        "version": 1,
        "deleted": False,
        "conflict": False,
        "values": {"id": "00000000-0000-7000-8000-000000000000", "version": 1},
    }
    fast, slow = _construct_change(**sample), Change.model_construct(**sample)
    same = (
        fast == slow
        and fast.model_fields_set == slow.model_fields_set
        and fast.model_dump_json() == slow.model_dump_json()
    )
    return _construct_change if same else Change.model_construct


_change = _checked_constructor()


def _records(conn: Connection, table_name: str, ids: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """(id, the record in wire form) of each of ``ids`` the hub has."""
    table: Table = MODELS_BY_TABLE[table_name].__table__  # type: ignore[assignment]
    names = tuple(c.name for c in table.columns)
    to_wire = row_converter(table_name, names)
    at = names.index("id")
    found: Sequence[Sequence[Any]]
    if conn.dialect.name == "postgresql":
        # Straight from the driver (no result objects, no result processing): the wire
        # conversion takes the database's types as they come, time zones included.
        query = _compiled(_records_query(table, conn.dialect), conn.dialect)
        found = _driver_rows(conn, query, {"ids": array_literal(ids)})
    else:
        found = conn.execute(_records_query(table, conn.dialect), {"ids": ids}).all()
    return [(row[at], to_wire(row)) for row in found]


@lru_cache(maxsize=128)
def _records_query(table: Table, dialect: Dialect) -> Select[Any]:
    return select(table).where(in_list(dialect, table.c.id, "ids"))


@lru_cache(maxsize=256)
def _compiled(query: Select[Any], dialect: Dialect) -> tuple[str, dict[str, Any]]:
    """The query's SQL for the driver, with the values of its literal parameters."""
    compiled = query.compile(dialect=dialect)
    return str(compiled), dict(compiled.params)


def _driver_rows(
    conn: Connection, statement: tuple[str, dict[str, Any]], params: dict[str, Any]
) -> list[Any]:
    """Rows as the driver gives them (PostgreSQL: psycopg tuples), in this transaction."""
    sql, literals = statement
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, {**literals, **params})
        return list(cursor.fetchall())
    finally:
        cursor.close()

"""Fast inserts of many rows (initial download, sample districts).

SQLAlchemy's per-row parameter processing costs more than SQLite's insert itself on
large loads, so rows are converted once here with one converter per column and
handed to the driver's ``executemany``. The values stored are exactly what
SQLAlchemy would store (same text formats), so the ORM reads them back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import islice
from operator import itemgetter
from typing import Any

import sqlcipher3
from sqlalchemy import Boolean, Column, Connection, Date, Table, text

from hub_sync.model import UTCDateTime
from hub_sync.model import metadata as model_metadata

from . import capture as capture_ddl
from . import search
from .engine import CACHE_SIZE
from .errors import StoreError

Converter = Callable[[Any], Any]


@lru_cache(maxsize=4096)
def _utc_text(v: datetime | None) -> str | None:
    # Cached: in a download most records share a handful of change times.
    return None if v is None else v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _date_text(v: date | str | None) -> str | None:
    return v.isoformat() if isinstance(v, date) else v


def _flag(v: bool | None) -> int | None:
    # Plain ints: the driver binds a bool through its slow adapter path (3x slower).
    return None if v is None else (1 if v else 0)


def _converter(col: Column[Any]) -> Converter | None:
    if isinstance(col.type, UTCDateTime):
        return _utc_text
    if isinstance(col.type, Boolean):
        return _flag
    if isinstance(col.type, Date):
        return _date_text
    return None


def _default(col: Column[Any]) -> Callable[[], Any]:
    arg: Any = getattr(col.default, "arg", None)
    if col.default is not None and col.default.is_callable:
        # SQLAlchemy wraps zero-argument callables to take an execution context.
        return lambda: arg(None)
    return lambda: arg


def insert_rows(
    conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]], batch_size: int = 5000
) -> int:
    cols = list(table.columns)
    names = [c.name for c in cols]
    defaults = [(c.name, _default(c)) for c in cols]
    converted = [(i, conv) for i, c in enumerate(cols) if (conv := _converter(c)) is not None]
    get = itemgetter(*names)
    sql = f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    count = 0
    it = iter(rows)
    try:
        while chunk := list(islice(it, batch_size)):
            params = []
            for row in chunk:
                try:
                    values = list(get(row))
                except KeyError:  # some columns left to their defaults
                    values = [row[n] if n in row else d() for n, d in defaults]
                for i, convert in converted:
                    values[i] = convert(values[i])
                params.append(values)
            try:
                cursor.executemany(sql, params)
            except sqlcipher3.Error as e:
                raise StoreError(
                    f"the load into {table.name} was refused: {e}",
                    f"批量导入{table.name}被拒绝：{e}",
                ) from e
            count += len(chunk)
    finally:
        cursor.close()
    return count


def load_table(
    conn: Connection,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    capture: bool,
    batch_size: int = 5000,
) -> int:
    """Insert ``rows`` into ``table`` inside the caller's transaction, the fast way.

    Secondary indexes, capture triggers (when not capturing) and the search trigger are
    set aside and rebuilt set-wise at the end; DDL is transactional in SQLite, so a
    failure anywhere leaves the schema exactly as it was.
    """
    tbl = model_metadata.tables[table]
    rows = list(rows)
    existing = conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
    # Building a secondary index once is cheaper than growing it row by row when the
    # load is at least as big as what is there.
    rebuild = [i for i in tbl.indexes if not i.unique] if len(rows) >= existing else []
    for index in rebuild:
        index.drop(conn)
    if not capture:  # suppressed anyway; dropping them saves evaluating the switch per row
        for stmt in capture_ddl.drop_trigger_sql(tbl):
            conn.execute(text(stmt))
    indexed = search.indexed_table(table)
    if indexed:
        after = conn.execute(text(f'SELECT coalesce(max(rowid), 0) FROM "{table}"')).scalar_one()
        conn.execute(text(f"DROP TRIGGER search_{table}_insert"))
    # A big load touches more pages than the usual cache holds; spilling them
    # mid-transaction would encrypt and write them twice.
    conn.exec_driver_sql("PRAGMA cache_size = -131072")
    try:
        count = insert_rows(conn, tbl, rows, batch_size)
        for index in rebuild:
            index.create(conn)
        if indexed:
            conn.execute(text(search.index_rows_sql(table)), {"after": after})
            conn.execute(text(search.insert_trigger_sql(table)))
        if not capture:
            for stmt in capture_ddl.create_trigger_sql(tbl):
                conn.execute(text(stmt))
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {CACHE_SIZE}")
    return count

"""The set-wise path's queries, in-memory views, and its settling and writing steps."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Dialect,
    Select,
    or_,
    select,
)

from hub_sync.model import new_id
from hub_sync.protocol.wire import wire_converters

from ..changes import (
    bulk_insert,
    bulk_update,
    in_list,
    in_values,
)
from ..tables import conflicts, record_aliases
from .common import (
    NATURAL_KEY,
    NotSetWise,
    chunks,
    column_names,
    model_table,
)

if TYPE_CHECKING:
    from .setwise import SetWise


@lru_cache(maxsize=16)
def alias_query(dialect: Dialect) -> Select[Any]:
    return select(
        record_aliases.c.alias_id, record_aliases.c.table_name, record_aliases.c.canonical_id
    ).where(in_list(dialect, record_aliases.c.alias_id, "ids"))


@lru_cache(maxsize=256)
def rows_query(name: str, by_key: bool, dialect: Dialect) -> Select[Any]:
    """The records of ``name`` with the given ids (or natural keys), locked."""
    table = model_table(name)
    found = in_list(dialect, table.c.id, "ids")
    if by_key:
        found = or_(found, in_list(dialect, table.c[NATURAL_KEY[name]], "keys"))
    return select(table).where(found).with_for_update()


@lru_cache(maxsize=16)
def open_conflicts_query(dialect: Dialect) -> Select[Any]:
    return select(conflicts).where(
        in_list(dialect, conflicts.c.record_id, "ids"), conflicts.c.status == "open"
    )


def with_defaults(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The whole row an INSERT of ``values`` stores: column defaults or null for the rest."""
    row: dict[str, Any] = {}
    for column in model_table(name).columns:
        if column.name in values:
            row[column.name] = values[column.name]
            continue
        default = column.default
        if default is None:
            if not column.nullable:
                raise NotSetWise  # the database refuses it, in its own words
            row[column.name] = None
        elif getattr(default, "is_scalar", False):
            row[column.name] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            try:
                row[column.name] = default.arg(None)  # type: ignore[attr-defined]
            except Exception as e:  # a default that needs an execution context
                raise NotSetWise from e
        else:
            raise NotSetWise
    return row


class WireView(Mapping[str, Any]):
    """A record's values in wire form, each converted when it is looked at."""

    __slots__ = ("_convert", "_row")

    def __init__(self, table: str, row: Mapping[str, Any]) -> None:
        self._row = row
        self._convert = wire_converters(table)

    def __getitem__(self, name: str) -> Any:
        return self._convert[name](self._row[name])

    def __contains__(self, name: object) -> bool:
        return name in self._row

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


@dataclass
class Pending:
    """A conflict to open or join once the open conflicts of the batch's records are read."""

    index: int  # of the op's result
    table: str
    record_id: str
    kind: str
    fields: dict[str, Any]
    ref: str


@dataclass
class OpenConflict:
    id: str
    table: str
    record_id: str
    kind: str
    fields: dict[str, Any]
    ops: list[str]
    created: bool  # by this batch
    station_id: str = ""
    joined: bool = False


def settle_conflicts(plan: SetWise) -> None:
    """Open or join the conflicts the batch's ops raised; the results get their ids."""
    if not plan.pending:
        return
    records = {(p.table, p.record_id) for p in plan.pending}
    open_: dict[tuple[str, str], OpenConflict] = {}
    dialect = plan.conn.dialect
    for chunk in chunks(sorted({r for _t, r in records})):
        ids = in_values(dialect, chunk)
        for row in plan.conn.execute(open_conflicts_query(dialect), {"ids": ids}):
            record = (row.table_name, row.record_id)
            if record in records and record not in open_:
                open_[record] = OpenConflict(
                    row.id,
                    row.table_name,
                    row.record_id,
                    row.kind,
                    json.loads(row.fields),
                    json.loads(row.ops),
                    created=False,
                )
    for p in plan.pending:
        record = (p.table, p.record_id)
        found = open_.get(record)
        if found is None:
            found = open_[record] = OpenConflict(
                new_id(),
                p.table,
                p.record_id,
                p.kind,
                dict(p.fields),
                [p.ref],
                created=True,
                station_id=plan.batch.station.id,
            )
        else:
            found.fields = {**found.fields, **p.fields}
            found.ops.append(p.ref)
            found.joined = True
        plan.results[p.index] = plan.results[p.index].model_copy(update={"conflict_id": found.id})
    plan.opened = list(open_.values())


# -- writing -----------------------------------------------------------------------------
def write_plan(plan: SetWise) -> None:
    """Write what the batch changed: new records, changed columns, conflicts."""
    conn = plan.conn
    bulk_insert(conn, record_aliases, plan.new_aliases)
    inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    updated: dict[str, list[dict[str, Any]]] = defaultdict(list)
    columns: dict[str, set[str]] = defaultdict(set)
    for (name, record_id), row in plan.rows.items():
        before = plan.loaded.get((name, record_id))
        if row is None or row is before:
            continue
        if before is None:
            inserts[name].append(row)
            continue
        changed = [c for c in column_names(name) if row[c] != before[c]]
        if changed:
            updated[name].append(row)
            columns[name].update(changed)
    for name, rows in inserts.items():
        bulk_insert(conn, model_table(name), rows)
    for name, rows in updated.items():
        # One statement per table: the columns any of its records changed (the others
        # of a record are written with the values it has).
        names = ["id", *(c for c in column_names(name) if c in columns[name])]
        bulk_update(conn, model_table(name), "id", [{c: row[c] for c in names} for row in rows])
    created = [c for c in plan.opened if c.created]
    if created:
        bulk_insert(
            conn,
            conflicts,
            [
                {
                    "id": c.id,
                    "table_name": c.table,
                    "record_id": c.record_id,
                    "station_id": c.station_id,
                    "kind": c.kind,
                    "fields": json.dumps(c.fields, ensure_ascii=False),
                    "ops": json.dumps(c.ops),
                    "status": "open",
                    "created_at": plan.batch.now,
                }
                for c in created
            ],
        )
    joined = [c for c in plan.opened if c.joined and not c.created]
    if joined:
        bulk_update(
            conn,
            conflicts,
            "id",
            [
                {
                    "id": c.id,
                    "fields": json.dumps(c.fields, ensure_ascii=False),
                    "ops": json.dumps(c.ops),
                }
                for c in joined
            ],
        )

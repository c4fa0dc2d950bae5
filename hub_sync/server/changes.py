"""Writing synced records at the hub: versions, stamps and the change log.

Every change the hub makes — applying a station's op, a supervisor's resolution, a
staff account made by district IT — goes through here, so each gets its new version
and its change-log entry (numbered when the transaction is about to commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, update

from . import scope, state
from .auth import StationContext
from .tables import change_log

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
    """Number this batch's changes last: the counter row lock is held only briefly."""
    if not batch.changed:
        return
    first = state.take_sequence(conn, len(batch.changed))
    conn.execute(
        insert(change_log),
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


def insert_record(conn: Connection, batch: Batch, table: Table, values: dict[str, Any]) -> None:
    conn.execute(insert(table).values(**values))
    note_change(conn, batch, table.name, values["id"], int(values["version"]), values)

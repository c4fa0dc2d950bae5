"""Reading and acknowledging the outbox (the sync agent's side of the store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from .local_schema import outbox


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    table_name: str
    record_id: str
    op: str
    old_values: dict[str, Any] | None
    new_values: dict[str, Any]
    base_version: int
    changed_at: str


def pending(conn: Connection, *, after: int = 0, limit: int = 500) -> list[OutboxEntry]:
    """Entries still waiting for the hub, oldest first."""
    rows = conn.execute(
        select(outbox)
        .where(outbox.c.seq > after, outbox.c.state == "pending")
        .order_by(outbox.c.seq)
        .limit(limit)
    )
    return [
        OutboxEntry(
            seq=r.seq,
            table_name=r.table_name,
            record_id=r.record_id,
            op=r.op,
            old_values=json.loads(r.old_values) if r.old_values else None,
            new_values=json.loads(r.new_values),
            base_version=r.base_version,
            changed_at=r.changed_at,
        )
        for r in rows
    ]


def count_pending(conn: Connection) -> int:
    return conn.execute(
        select(func.count()).select_from(outbox).where(outbox.c.state == "pending")
    ).scalar_one()


def acknowledge(conn: Connection, up_to_seq: int) -> int:
    """Remove entries the hub has acknowledged (contiguously up to ``up_to_seq``)."""
    return conn.execute(delete(outbox).where(outbox.c.seq <= up_to_seq)).rowcount


def mark_rejected(conn: Connection, seq: int, reason: str) -> None:
    """Park an op the hub refused, so it is shown and never blocks the ops behind it."""
    conn.execute(update(outbox).where(outbox.c.seq == seq).values(state="rejected", error=reason))

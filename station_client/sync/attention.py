"""What waits for a person after a sync: changes not yet sent, records in conflict
(a supervisor resolves them at the hub) and ops the hub refused (a clerk looks at
them, fixes the record, and dismisses the notice)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hub_sync.model import synced_tables
from station_client.store import Store
from station_client.store import outbox as ob
from station_client.store.local_schema import rejected_ops


@dataclass(frozen=True)
class Waiting:
    pending: int  # outbox entries not yet acknowledged by the hub
    conflicts: int  # local records the hub flags as in conflict
    rejected: int  # refused ops not yet dismissed


@dataclass(frozen=True)
class RejectedOp:
    seq: int
    table_name: str
    record_id: str
    op: str
    old_values: dict[str, Any] | None
    new_values: dict[str, Any]
    reason: str
    rejected_at: str


def count_conflicts(session: Session) -> int:
    total = 0
    for table in synced_tables():
        if "conflict" in table.c:
            total += (
                session.scalar(
                    select(func.count()).select_from(table).where(table.c.conflict.is_(True))
                )
                or 0
            )
    return total


def waiting(store: Store) -> Waiting:
    with store.transaction() as s:
        return Waiting(
            pending=ob.count_pending(s.connection()),
            conflicts=count_conflicts(s),
            rejected=s.scalar(select(func.count()).select_from(rejected_ops)) or 0,
        )


def rejected(store: Store) -> list[RejectedOp]:
    """Refused ops, oldest first, with the hub's reason and what was sent."""
    with store.transaction() as s:
        rows = s.execute(select(rejected_ops).order_by(rejected_ops.c.seq)).all()
    return [
        RejectedOp(
            seq=r.seq,
            table_name=r.table_name,
            record_id=r.record_id,
            op=r.op,
            old_values=json.loads(r.old_values) if r.old_values else None,
            new_values=json.loads(r.new_values),
            reason=r.reason,
            rejected_at=r.rejected_at,
        )
        for r in rows
    ]


def dismiss_rejected(store: Store, seq: int) -> bool:
    """A clerk has seen a refused op; True if there was one to dismiss."""
    with store.transaction() as s:
        result = s.connection().execute(delete(rejected_ops).where(rejected_ops.c.seq == seq))
        return bool(result.rowcount)

"""The hub's own hash-chained audit log (station id "hub"): lookups, decisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from hub_sync.model import AuditEntry, new_id, table_of
from hub_sync.model.audit_chain import GENESIS, entry_digest

HUB_CHAIN = "hub"


def append_hub_audit(
    conn: Connection,
    *,
    staff_id: str | None,
    action: str,
    subject_table: str,
    subject_id: str,
    detail: str | None,
    now: datetime,
) -> None:
    t = table_of(AuditEntry)
    head = conn.execute(
        select(t.c.chain_seq, t.c.hash)
        .where(t.c.station_id == HUB_CHAIN)
        .order_by(t.c.chain_seq.desc())
        .limit(1)
        .with_for_update()
    ).first()
    seq, prev = (head.chain_seq + 1, head.hash) if head else (1, GENESIS)
    values = {
        "station_id": HUB_CHAIN,
        "chain_seq": seq,
        "staff_id": staff_id,
        "action": action,
        "subject_table": subject_table,
        "subject_id": subject_id,
        "at": now,
        "detail": detail,
        "prev_hash": prev,
    }
    conn.execute(
        insert(t).values(
            id=new_id(),
            version=1,
            changed_station=HUB_CHAIN,
            changed_staff=staff_id,
            changed_at=now,
            hash=entry_digest(values),
            **values,
        )
    )

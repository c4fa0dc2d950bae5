"""The append-only, hash-chained audit log of every view of a person's record.

Each entry's hash covers its content and the previous entry's hash, so removing,
changing or reordering an entry breaks every hash after it. The table is insert-only
(triggers refuse UPDATE and DELETE) and syncs to the hub like any other record.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub_sync.model import AuditEntry
from hub_sync.model.audit_chain import GENESIS, entry_digest

from .errors import AuditChainBroken

_FIELDS = (
    "prev_hash",
    "station_id",
    "chain_seq",
    "staff_id",
    "action",
    "subject_table",
    "subject_id",
    "at",
    "detail",
)


def entry_hash(entry: AuditEntry) -> str:
    return entry_digest({name: getattr(entry, name) for name in _FIELDS})


def append(
    session: Session,
    *,
    station_id: str,
    staff_id: str | None,
    action: str,
    subject_table: str,
    subject_id: str,
    at: datetime,
    detail: str | None = None,
) -> AuditEntry:
    """Add an entry at the head of this station's chain (inside the caller's transaction)."""
    head = session.execute(
        select(AuditEntry.chain_seq, AuditEntry.hash)
        .where(AuditEntry.station_id == station_id)
        .order_by(AuditEntry.chain_seq.desc())
        .limit(1)
    ).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    entry = AuditEntry(
        station_id=station_id,
        chain_seq=seq,
        staff_id=staff_id,
        action=action,
        subject_table=subject_table,
        subject_id=subject_id,
        at=at,
        detail=detail,
        prev_hash=prev,
        changed_station=station_id,
        changed_staff=staff_id,
        changed_at=at,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def verify(session: Session, station_id: str) -> int:
    """Check the whole chain of one station; returns its length or raises AuditChainBroken."""
    prev, expected_seq = GENESIS, 1
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.station_id == station_id)
        .order_by(AuditEntry.chain_seq)
        .execution_options(yield_per=1000)
    )
    for e in rows:
        if e.chain_seq != expected_seq:
            raise AuditChainBroken(station_id, expected_seq, "an entry is missing")
        if e.prev_hash != prev:
            raise AuditChainBroken(station_id, e.chain_seq, "it does not follow the entry before")
        if entry_hash(e) != e.hash:
            raise AuditChainBroken(station_id, e.chain_seq, "its content was altered")
        prev, expected_seq = e.hash, expected_seq + 1
    return expected_seq - 1

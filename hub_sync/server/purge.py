"""Forgetting what no station needs any more: old tombstones and superseded log rows.

A station whose cursor is older than what was forgotten cannot continue from it: its
next pull is told to resync (download its scope again, keeping its outbox).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, select

from hub_sync.model import MODELS_BY_TABLE, table_of

from . import state
from .tables import change_log


@dataclass(frozen=True)
class Purged:
    tombstones: int
    log_rows: int
    horizon_seq: int


def purge(conn: Connection, *, before: datetime) -> Purged:
    """Drop tombstones last changed before ``before`` and log rows superseded before it."""
    old = change_log.c.committed_at < before
    latest = (
        select(
            change_log.c.table_name,
            change_log.c.record_id,
            func.max(change_log.c.server_seq).label("last_seq"),
        )
        .group_by(change_log.c.table_name, change_log.c.record_id)
        .subquery()
    )
    horizon = 0
    # Superseded rows: a later row for the same record exists; the latest one stays so a
    # download from zero still finds every live record.
    superseded = (
        select(change_log.c.server_seq)
        .join(
            latest,
            and_(
                latest.c.table_name == change_log.c.table_name,
                latest.c.record_id == change_log.c.record_id,
            ),
        )
        .where(old, change_log.c.server_seq < latest.c.last_seq)
    )
    seqs = [r[0] for r in conn.execute(superseded)]
    tombstones = 0
    for name, model in MODELS_BY_TABLE.items():
        table = table_of(model)
        if "deleted" not in table.c:
            continue
        gone = (
            conn.execute(
                select(table.c.id).where(table.c.deleted.is_(True), table.c.changed_at < before)
            )
            .scalars()
            .all()
        )
        if not gone:
            continue
        rows = (
            conn.execute(
                select(change_log.c.server_seq).where(
                    change_log.c.table_name == name, change_log.c.record_id.in_(gone)
                )
            )
            .scalars()
            .all()
        )
        seqs.extend(rows)
        conn.execute(delete(table).where(table.c.id.in_(gone)))
        tombstones += len(gone)
    for i in range(0, len(seqs), 1000):
        conn.execute(delete(change_log).where(change_log.c.server_seq.in_(seqs[i : i + 1000])))
    if seqs:
        horizon = max(seqs)
        state.set_horizon(conn, max(horizon, state.horizon_seq(conn)))
    return Purged(tombstones, len(seqs), state.horizon_seq(conn))

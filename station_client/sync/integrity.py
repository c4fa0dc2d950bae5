"""The station's side of the integrity check: compare, then repair only what differs.

Run right after a full sync (the pull cursor at the hub's head), so both sides look at
the same moment. A table that differs is repaired record by record: records the hub
has in a newer (or any other) version are fetched, records the hub no longer has in
this station's scope are dropped unless a local edit of them is still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hub_sync.model import MODELS_BY_TABLE, table_of
from hub_sync.protocol.integrity import IntegrityRequest, summarise
from hub_sync.protocol.messages import Cursor
from station_client.store import Store

from . import meta
from .client import HubClient
from .pull import PullCounts, apply_page, pending_fields

HUB_ONLY = frozenset({"audit_entries"})  # the hub keeps every chain; stations their own
FETCH_CHUNK = 1000


@dataclass(frozen=True)
class IntegrityReport:
    checked: int
    mismatched: tuple[str, ...]
    fetched: int
    dropped: int


def local_versions(session: Session, table: str) -> list[tuple[str, int]]:
    """Records the hub has accepted (version > 0), as (id, version)."""
    t = table_of(table)
    rows = session.execute(select(t.c.id, t.c.version).where(t.c.version > 0))
    return [(r[0], int(r[1])) for r in rows]


def _cursor(session: Session) -> Cursor:
    return Cursor(
        epoch=meta.get(session, meta.CURSOR_EPOCH) or "",
        seq=int(meta.get(session, meta.CURSOR_SEQ) or 0),
    )


def check(store: Store, client: HubClient) -> IntegrityReport:
    tables = [t for t in MODELS_BY_TABLE if t not in HUB_ONLY]
    with store.transaction() as s:
        cursor = _cursor(s)
        summaries = {t: summarise(local_versions(s, t)) for t in tables}
    answer = client.integrity(IntegrityRequest(cursor=cursor, tables=summaries))
    fetched = dropped = 0
    for table in answer.mismatched:
        f, d = repair(store, client, table, cursor)
        fetched, dropped = fetched + f, dropped + d
    return IntegrityReport(len(tables), tuple(answer.mismatched), fetched, dropped)


def repair(store: Store, client: HubClient, table: str, cursor: Cursor) -> tuple[int, int]:
    hub = dict(client.record_versions(table, cursor).records)
    with store.transaction() as s:
        local = dict(local_versions(s, table))
        waiting = {rid for (t, rid) in pending_fields(s, list(local)) if t == table}
    fetch = [rid for rid, version in hub.items() if local.get(rid) != version]
    drop = [rid for rid in local if rid not in hub and rid not in waiting]
    counts = PullCounts()
    for i in range(0, len(fetch), FETCH_CHUNK):
        changes = client.records(table, fetch[i : i + FETCH_CHUNK]).changes
        with store.applying_pulled() as s:
            apply_page(s, changes, force=True, counts=counts)
    if drop:
        t = table_of(table)
        with store.applying_pulled() as s:
            for i in range(0, len(drop), 500):
                s.execute(delete(t).where(t.c.id.in_(drop[i : i + 500])))
    return len(fetch), len(drop)

"""Pulling the hub's changes for this station's scope, page by page from the cursor.

Each page is applied, and the cursor moved past it, in **one** capture-suppressed
transaction, so a page is either wholly in the store with its cursor or not at all,
and nothing pulled is ever pushed back. A record is written only when the hub's
version is newer than the local one; fields with a local change still waiting in the
outbox keep the local value (a pending edit is never overwritten) while everything
else, including the hub's version and conflict flag, is taken.

``resync`` (the hub was restored from a backup, or the cursor is older than what the
hub remembers) restarts from the hub's new epoch at 0, keeping the outbox; until that
download is complete every record is taken whatever its local version.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub_sync.model import MODELS_BY_TABLE
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.messages import Change, Cursor
from hub_sync.protocol.wire import from_wire
from station_client.store import Store
from station_client.store.local_schema import outbox

from . import meta, records
from .client import HubClient
from .errors import BadResponse

log = logging.getLogger("renshe.sync.pull")

PAGE_SIZE = 500
_ALWAYS_TAKEN = frozenset({"id", "version", "conflict"})
Progress = Callable[[int, int | None], None]


@dataclass
class PullCounts:
    received: int = 0  # changes the hub sent
    applied: int = 0  # records written
    kept_local: int = 0  # of those, records whose pending local fields were kept
    skipped: int = 0  # not newer than what the station has
    invalid: int = 0  # could not be stored (logged); the rest of the page went in
    pages: int = 0
    resynced: bool = False
    cursor: Cursor | None = None


def pending_fields(session: Session, record_ids: Iterable[str]) -> dict[tuple[str, str], set[str]]:
    """Fields with a local change still waiting for the hub, per (table, record)."""
    ids = list(set(record_ids))
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rows = session.execute(
            select(outbox.c.table_name, outbox.c.record_id, outbox.c.new_values).where(
                outbox.c.state == "pending", outbox.c.record_id.in_(chunk)
            )
        )
        for r in rows:
            found[(r.table_name, r.record_id)] |= set(json.loads(r.new_values))
    return found


def _values(change: Change) -> dict[str, Any]:
    values = from_wire(change.table, change.values)
    values["id"] = change.record_id
    values["version"] = change.version
    table = records.table_of(change.table)
    if "deleted" in table.c:
        values["deleted"] = change.deleted
        values["conflict"] = change.conflict
    return values


def apply_change(session: Session, change: Change, pending: set[str], *, force: bool) -> str:
    """Write one pulled record: ``applied``, ``kept_local``, ``skipped`` or ``same``."""
    if change.table not in MODELS_BY_TABLE:
        raise WireError("unknown_table", f"no synced table named {change.table!r}")
    table = records.table_of(change.table)
    values = _values(change)
    local = session.execute(select(table).where(table.c.id == change.record_id)).first()
    if local is not None and not force and change.version <= local.version:
        return "skipped"
    kept = {k for k in pending if k in values and k not in _ALWAYS_TAKEN}
    if local is not None:
        for name in kept:
            del values[name]
    effective = {**(dict(local._mapping) if local is not None else {}), **values}
    for other in records.clashing_ids(session, change.table, change.record_id, effective):
        log.info(
            "pulled record takes a natural key held locally; folding",
            extra={"table": change.table, "record": change.record_id, "local": other},
        )
        records.fold_into(session, change.table, other, change.record_id)
        local = session.execute(select(table).where(table.c.id == change.record_id)).first()
    if local is None:
        session.execute(insert(table).values(**values))
        return "applied"
    current = local._mapping
    if all(current[k] == v for k, v in values.items()):
        return "same"
    session.execute(
        update(table)
        .where(table.c.id == change.record_id)
        .values(**{k: v for k, v in values.items() if k != "id"})
    )
    return "kept_local" if kept else "applied"


def apply_page(session: Session, changes: list[Change], *, force: bool, counts: PullCounts) -> None:
    pending = pending_fields(session, (c.record_id for c in changes))
    for change in changes:
        counts.received += 1
        try:
            with session.begin_nested():
                outcome = apply_change(
                    session,
                    change,
                    pending.get((change.table, change.record_id), set()),
                    force=force,
                )
        except (WireError, IntegrityError) as e:
            counts.invalid += 1
            log.warning(
                "a pulled change could not be stored",
                extra={"table": change.table, "record": change.record_id, "error": str(e)},
            )
            continue
        if outcome in ("applied", "kept_local"):
            counts.applied += 1
            counts.kept_local += outcome == "kept_local"
        elif outcome == "skipped":
            counts.skipped += 1


def pull_all(
    store: Store,
    client: HubClient,
    *,
    page_size: int = PAGE_SIZE,
    progress: Progress | None = None,
) -> PullCounts:
    """Pull until the hub has nothing more for this station."""
    with store.transaction() as s:
        cursor = meta.load_cursor(s) or Cursor(epoch="-", seq=0)
        resyncing = meta.get(s, meta.RESYNCING) == "1"
    counts = PullCounts(cursor=cursor, resynced=resyncing)
    while True:
        page = client.pull(cursor, page_size)
        if page.resync:
            if counts.resynced and cursor.seq == 0 and cursor.epoch == page.cursor.epoch:
                raise BadResponse("the hub asks for a resync of a resync")
            cursor = Cursor(epoch=page.cursor.epoch, seq=0)
            with store.transaction() as s:
                meta.save_cursor(s, cursor)
                meta.put(s, {meta.RESYNCING: "1"})
            log.warning("hub asked for a resync; downloading this station's scope again")
            resyncing = counts.resynced = True
            continue
        with store.applying_pulled() as s:
            apply_page(s, page.changes, force=resyncing, counts=counts)
            meta.save_cursor(s, page.cursor)
            if resyncing and not page.more:
                meta.put(s, {meta.RESYNCING: None})
        counts.pages += 1
        counts.cursor = page.cursor
        if progress is not None:
            progress(counts.received, None)
        if not page.more:
            return counts
        if page.cursor.epoch == cursor.epoch and page.cursor.seq <= cursor.seq:
            raise BadResponse(f"the pull cursor did not move on from {cursor.seq}")
        cursor = page.cursor

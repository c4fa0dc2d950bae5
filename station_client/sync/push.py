"""Pushing the outbox: in order, in batches, and dropping entries only once acknowledged.

Each batch is answered op by op; the answer is applied to the store in **one**
capture-suppressed transaction: acknowledged entries leave the outbox, refused ones
are kept in ``rejected_ops`` with the hub's reason, duplicates are folded into their
survivor, and records whose changes landed directly on the version the station had
take the hub's new version (so the next local edit names the right base).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pydantic
from sqlalchemy import update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from hub_sync.protocol.errors import WireError
from hub_sync.protocol.hlc import HLC, HybridLogicalClock, node_for
from hub_sync.protocol.messages import Op, OpResult, OpStatus, PushRequest, PushResponse
from hub_sync.protocol.wire import format_utc, to_wire
from station_client.store import Store
from station_client.store import outbox as ob
from station_client.store.local_schema import outbox, rejected_ops

from . import meta, records
from .client import HubClient
from .errors import BadResponse, HubRefused, SequenceGap, SyncError

MAX_OPS = 500
MAX_BATCH_BYTES = 1_000_000  # of JSON before compression; the hub takes 4 MiB
Progress = Callable[[int, int], None]


@dataclass
class PushCounts:
    pushed: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    duplicates: int = 0
    rejected_reasons: list[str] = field(default_factory=list)

    def count(self, result: OpResult) -> None:
        self.pushed += 1
        match result.status:
            case OpStatus.APPLIED:
                self.applied += 1
            case OpStatus.MERGED:
                self.merged += 1
            case OpStatus.CONFLICT:
                self.conflicts += 1
            case OpStatus.REJECTED:
                self.rejected += 1
                self.rejected_reasons.append(f"#{result.seq}: {result.reason}")
            case OpStatus.DUPLICATE:
                self.duplicates += 1


class OpStamper:
    """HLC stamps for outbox entries: close to when each change was made (on the hub's
    clock), increasing in outbox order, and above every stamp this station sent before."""

    def __init__(self, station_id: str, offset_ms: int, last: str | None) -> None:
        self._wall = 0
        self._offset_ms = offset_ms
        self._clock = HybridLogicalClock(node_for(station_id), wall_ms=lambda: self._wall)
        if last:
            with contextlib.suppress(WireError):  # a damaged stamp: start afresh
                self._clock.observe(HLC.parse(last))

    def stamp(self, changed_at: str) -> str:
        try:
            moment = datetime.fromisoformat(changed_at.replace("Z", "+00:00"))
            self._wall = int(moment.timestamp() * 1000) + self._offset_ms
        except ValueError:
            pass  # keep the previous wall time: the counter still moves on
        return self._clock.now().encode()

    @property
    def last(self) -> str:
        return self._clock.last.encode()


@dataclass(frozen=True)
class Sent:
    entry: ob.OutboxEntry
    op: Op


def _wire(table: str, values: dict[str, object]) -> dict[str, object]:
    try:
        return to_wire(table, values)
    except WireError:
        # Sent as stored: the hub refuses it with a reason the clerk can read, and the
        # ops behind it go through (a station-side refusal would block the outbox).
        return dict(values)


def to_op(entry: ob.OutboxEntry, base_version: int, hlc: str) -> Op:
    old = entry.old_values if entry.op != "insert" else None
    try:
        return Op(
            seq=entry.seq,
            table=entry.table_name,
            record_id=entry.record_id,
            op=entry.op,
            base_version=base_version,
            fields=_wire(entry.table_name, entry.new_values),
            old=None if old is None else _wire(entry.table_name, old),
            hlc=hlc,
        )
    except pydantic.ValidationError as e:
        raise SyncError(
            f"outbox entry {entry.seq} ({entry.table_name} {entry.record_id}) cannot be sent: {e}",
            f"第 {entry.seq} 条待上传变更格式有误，无法上传，请联系区人社信息科",
        ) from e


def build_batch(
    entries: Sequence[ob.OutboxEntry], stamper: OpStamper, *, max_bytes: int = MAX_BATCH_BYTES
) -> list[Sent]:
    """Ops for the leading entries, in order.

    Consecutive edits of one record in one batch are based on the version the edit
    before is expected to produce (insert → 1, then 2…), so the hub reports them as
    applied rather than merged. A delete or undelete of a record already in the batch
    starts the next batch instead: its base must be the version the hub really gave.
    """
    batch: list[Sent] = []
    expected: dict[tuple[str, str], tuple[int, int]] = {}  # key → (captured base, next base)
    size = 0
    for entry in entries:
        key = (entry.table_name, entry.record_id)
        if entry.op in ("delete", "undelete") and key in expected:
            break
        base = entry.base_version
        if key in expected and expected[key][0] == entry.base_version:
            base = expected[key][1]
        op = to_op(entry, base, stamper.stamp(entry.changed_at))
        op_size = len(op.model_dump_json())
        if batch and size + op_size > max_bytes:
            break
        batch.append(Sent(entry, op))
        size += op_size
        expected[key] = (entry.base_version, base + 1)
    return batch


def _rebase(session: Session, batch: Sequence[Sent], results: dict[int, OpResult]) -> None:
    """Records whose every op of this batch landed directly on the version before take
    the hub's version, and so do the waiting entries that were based on the same one."""
    chains: dict[tuple[str, str], tuple[int, int, int] | None] = {}  # None: broken
    for sent in batch:
        key = (sent.entry.table_name, sent.entry.record_id)
        if key in chains and chains[key] is None:
            continue
        result = results.get(sent.op.seq)
        if (
            result is None
            or result.status is not OpStatus.APPLIED
            or result.version != sent.op.base_version + 1
        ):
            chains[key] = None
            continue
        before = chains.get(key)
        captured = before[0] if before is not None else sent.entry.base_version
        chains[key] = (captured, result.version, sent.op.seq)
    for (table, record_id), chain in chains.items():
        if chain is None:
            continue
        captured, version, last_seq = chain
        t = records.table_of(table)
        session.execute(
            update(t).where(t.c.id == record_id, t.c.version == captured).values(version=version)
        )
        session.execute(
            update(outbox)
            .where(
                outbox.c.table_name == table,
                outbox.c.record_id == record_id,
                outbox.c.seq > last_seq,
                outbox.c.base_version == captured,
                outbox.c.state == "pending",
            )
            .values(base_version=version)
        )


def record_results(
    store: Store, batch: Sequence[Sent], response: PushResponse, stamper: OpStamper
) -> PushCounts:
    """Apply the hub's answer to one batch, all in one transaction."""
    counts = PushCounts()
    results = {r.seq: r for r in response.results}
    now = format_utc(store.clock())
    with store.applying_pulled() as session:
        for sent in batch:
            result = results.get(sent.op.seq)
            if result is None:
                continue
            counts.count(result)
            entry = sent.entry
            if result.status is OpStatus.REJECTED:
                session.execute(
                    insert(rejected_ops)
                    .values(
                        seq=entry.seq,
                        table_name=entry.table_name,
                        record_id=entry.record_id,
                        op=entry.op,
                        old_values=json.dumps(entry.old_values, ensure_ascii=False)
                        if entry.old_values is not None
                        else None,
                        new_values=json.dumps(entry.new_values, ensure_ascii=False),
                        reason=result.reason or "refused by the hub",
                        rejected_at=now,
                    )
                    .on_conflict_do_nothing(index_elements=["seq"])
                )
            elif result.status is OpStatus.DUPLICATE and result.merged_into:
                records.fold_into(session, entry.table_name, entry.record_id, result.merged_into)
        _rebase(session, batch, results)
        ob.acknowledge(session.connection(), response.acked_seq)
        meta.put(session, {meta.LAST_HLC: stamper.last})
    return counts


def push_all(
    store: Store,
    client: HubClient,
    stamper: OpStamper,
    *,
    max_ops: int = MAX_OPS,
    progress: Progress | None = None,
) -> PushCounts:
    """Send every waiting outbox entry; returns what the hub made of them."""
    total = 0
    with store.transaction() as session:
        total = ob.count_pending(session.connection())
    counts = PushCounts()
    while True:
        with store.transaction() as session:
            entries = ob.pending(session.connection(), limit=max_ops)
        if not entries:
            return counts
        batch = build_batch(entries, stamper)
        try:
            response = client.push(PushRequest(ops=[s.op for s in batch]))
        except HubRefused as e:
            if e.code == "gap" and isinstance(e.detail, dict):
                raise SequenceGap(
                    int(e.detail.get("expected_seq", 0)), batch[0].op.seq, e.message, e.status
                ) from e
            raise
        if response.acked_seq < batch[-1].op.seq:
            raise BadResponse(
                f"the hub acknowledged up to {response.acked_seq} of a batch ending at "
                f"{batch[-1].op.seq}"
            )
        done = record_results(store, batch, response, stamper)
        for name in ("pushed", "applied", "merged", "conflicts", "rejected", "duplicates"):
            setattr(counts, name, getattr(counts, name) + getattr(done, name))
        counts.rejected_reasons += done.rejected_reasons
        if progress is not None:
            progress(counts.pushed, max(total, counts.pushed))

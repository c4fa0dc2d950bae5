"""Applying ops one by one, each in a savepoint of its own: the path that gives the
database's own reason for an op it refuses (and the reference for the set-wise path)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from hub_sync.model import MODELS_BY_TABLE, SyncKind, new_id, sync_kind
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.merge import merge_delete, merge_update
from hub_sync.protocol.messages import Op, OpKind, OpResult, OpStatus
from hub_sync.protocol.wire import from_wire, record_to_wire, to_wire

from ..changes import (
    Batch,
    note_change,
    write,
)
from ..tables import conflicts, record_aliases
from . import approvals
from .common import (
    NATURAL_KEY,
    STAMPS,
    clashes,
    fill_gaps,
    references,
    rejected,
)


def apply_one_by_one(conn: Connection, batch: Batch, ops: list[Op]) -> list[OpResult]:
    return [_apply_in_savepoint(conn, batch, op) for op in ops]


def _apply_in_savepoint(conn: Connection, batch: Batch, op: Op) -> OpResult:
    try:
        with conn.begin_nested():
            return _apply(conn, batch, op)
    except WireError as e:
        return rejected(op, f"{e.code}: {e}")
    except IntegrityError as e:
        return rejected(op, f"refused by the hub database: {e.orig}")


def _canonical_id(conn: Connection, table: str, record_id: str) -> str:
    alias = conn.execute(
        select(record_aliases.c.canonical_id).where(
            record_aliases.c.alias_id == record_id, record_aliases.c.table_name == table
        )
    ).scalar()
    return str(alias) if alias else record_id


def _resolve_references(conn: Connection, op: Op) -> Op:
    """Point references at a merged duplicate's survivor, so nothing keeps the alias id."""
    fixed: dict[str, dict[str, object]] = {}
    for name, column, target, value in references(op):
        canonical = _canonical_id(conn, target, str(value))
        if canonical != value:
            fixed.setdefault(name, dict(getattr(op, name)))[column] = canonical
    return op.model_copy(update=fixed) if fixed else op


def _apply(conn: Connection, batch: Batch, op: Op) -> OpResult:
    model = MODELS_BY_TABLE.get(op.table)
    if model is None:
        return rejected(op, f"unknown_table: {op.table!r} is not a synced table")
    table: Table = model.__table__  # type: ignore[assignment]
    record_id = _canonical_id(conn, op.table, op.record_id)
    op = _resolve_references(conn, op)
    new = from_wire(op.table, op.fields)
    stamps = {k: new.pop(k) for k in STAMPS if k in new}
    stamps["changed_station"] = batch.station.id  # the authenticated station, not a claim
    current = conn.execute(select(table).where(table.c.id == record_id).with_for_update()).first()
    refused = approvals.refusal(conn, op, new, current._mapping if current else None)
    if refused is not None:  # a decision (or what follows it) the hub's log does not allow
        return refused
    if op.op is OpKind.INSERT:
        return _insert(conn, batch, op, table, record_id, new, stamps, current)
    if current is None:
        return rejected(op, f"unknown_record: no {op.table} record {record_id} at the hub")
    if sync_kind(op.table) is SyncKind.INSERT_ONLY:
        return rejected(op, f"insert_only: {op.table} records are never changed")
    if op.op is OpKind.DELETE:
        decision = merge_delete(
            hub_version=current.version, base_version=op.base_version, hub_deleted=current.deleted
        )
        if decision == "noop":
            return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current.version)
        if decision == "conflict":
            return _conflict(
                conn, batch, op, table, current, "delete_vs_edit", {"deleted": [False, False, True]}
            )
        version = write(conn, batch, table, current, {"deleted": True, **stamps})
        return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=version)
    if current.deleted and op.op is OpKind.UPDATE:
        return _conflict(
            conn, batch, op, table, current, "edit_vs_delete", {"deleted": [False, True, False]}
        )
    hub_values = record_to_wire(op.table, dict(current._mapping))
    # Both sides in canonical wire form, so one time spelled two ways is no conflict.
    outcome = merge_update(
        hub=hub_values, old=to_wire(op.table, op.old or {}), new=to_wire(op.table, op.fields)
    )
    apply = from_wire(op.table, outcome.apply) if outcome.apply else {}
    if op.op is OpKind.UNDELETE:
        apply["deleted"] = False
    if outcome.conflicts:
        fields = {f: list(v) for f, v in outcome.conflicts.items()}
        if apply:
            current = _refresh(
                conn, table, current, write(conn, batch, table, current, {**apply, **stamps})
            )
        return _conflict(conn, batch, op, table, current, "fields", fields)
    if not apply:
        return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current.version)
    version = write(conn, batch, table, current, {**apply, **stamps})
    status = OpStatus.APPLIED if current.version == op.base_version else OpStatus.MERGED
    return OpResult(seq=op.seq, status=status, version=version)


def _insert(conn, batch, op, table, record_id, new, stamps, current) -> OpResult:  # type: ignore[no-untyped-def]
    if current is not None:  # sent again (after a resync, or a lost reply)
        if sync_kind(op.table) is SyncKind.INSERT_ONLY:
            return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current.version)
        hub_values = record_to_wire(op.table, dict(current._mapping))
        # The station's copy is the newer one: take its values as changes against the hub's.
        sent = {k: v for k, v in to_wire(op.table, op.fields).items() if k in hub_values}
        outcome = merge_update(hub=hub_values, old={k: hub_values[k] for k in sent}, new=sent)
        apply = from_wire(op.table, outcome.apply)
        if not apply:
            return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current.version)
        return OpResult(
            seq=op.seq,
            status=OpStatus.MERGED,
            version=write(conn, batch, table, current, {**apply, **stamps}),
        )
    key = NATURAL_KEY.get(op.table)
    if key is not None and new.get(key):
        twin = conn.execute(select(table).where(table.c[key] == new[key]).with_for_update()).first()
        if twin is not None:
            return _duplicate(conn, batch, op, table, record_id, twin, stamps)
    values = {**new, **stamps, "id": record_id, "version": 1}
    if "deleted" in table.c:
        values.setdefault("deleted", False)
        values["conflict"] = False
    conn.execute(insert(table).values(**values))
    note_change(conn, batch, op.table, record_id, 1, values)
    return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=1)


def _duplicate(conn, batch, op, table, alias_id, twin, stamps) -> OpResult:  # type: ignore[no-untyped-def]
    """The same real person (or employer) created at two stations: one record survives.

    The station's values fill what the hub lacks; a field both hold differently
    becomes a conflict for a supervisor. Later ops naming the alias land on the survivor.
    """
    conn.execute(
        insert(record_aliases).values(alias_id=alias_id, table_name=op.table, canonical_id=twin.id)
    )
    hub_values = record_to_wire(op.table, dict(twin._mapping))
    fill = fill_gaps(op, hub_values)
    clash = clashes(op, hub_values, fill)
    version = twin.version
    if fill:
        version = write(conn, batch, table, twin, {**from_wire(op.table, fill), **stamps})
        twin = _refresh(conn, table, twin, version)
    if clash:
        result = _conflict(conn, batch, op, table, twin, "duplicate", clash)
        return result.model_copy(update={"status": OpStatus.DUPLICATE, "merged_into": twin.id})
    if not fill:
        # Nothing changed, but the pushing station must still receive the survivor.
        note_change(conn, batch, op.table, twin.id, version, dict(twin._mapping))
    return OpResult(seq=op.seq, status=OpStatus.DUPLICATE, version=version, merged_into=twin.id)


def _refresh(conn: Connection, table: Table, row: Any, version: int) -> Any:
    return conn.execute(select(table).where(table.c.id == row.id)).one()


def _conflict(conn, batch, op, table, current, kind, fields) -> OpResult:  # type: ignore[no-untyped-def]
    """Record (or join) the open conflict on this record; the hub's value stands."""
    ref = f"{batch.station.id}:{op.seq}"
    existing = conn.execute(
        select(conflicts).where(
            conflicts.c.table_name == op.table,
            conflicts.c.record_id == current.id,
            conflicts.c.status == "open",
        )
    ).first()
    if existing is not None:
        merged = {**json.loads(existing.fields), **fields}
        conn.execute(
            update(conflicts)
            .where(conflicts.c.id == existing.id)
            .values(
                fields=json.dumps(merged, ensure_ascii=False),
                ops=json.dumps([*json.loads(existing.ops), ref]),
            )
        )
        conflict_id = existing.id
    else:
        conflict_id = new_id()
        conn.execute(
            insert(conflicts).values(
                id=conflict_id,
                table_name=op.table,
                record_id=current.id,
                station_id=batch.station.id,
                kind=kind,
                fields=json.dumps(fields, ensure_ascii=False),
                ops=json.dumps([ref]),
                status="open",
                created_at=batch.now,
            )
        )
    version = int(current.version)
    if "conflict" in table.c and not current.conflict:
        version = write(conn, batch, table, current, {"conflict": True})
    return OpResult(seq=op.seq, status=OpStatus.CONFLICT, version=version, conflict_id=conflict_id)

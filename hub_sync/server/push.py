"""Applying a station's pushed ops: in order, once, merged field by field.

A batch is one transaction. Each op runs in a savepoint so that one refused op is
reported (and recorded, so it is never retried) without undoing the others.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from hub_sync.model import MODELS_BY_TABLE, SyncKind, new_id, sync_kind
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.merge import merge_delete, merge_update
from hub_sync.protocol.messages import Op, OpKind, OpResult, OpStatus, PushRequest, PushResponse
from hub_sync.protocol.wire import from_wire, record_to_wire, to_wire

from .auth import StationContext
from .changes import Batch, log_changes, note_change, write
from .errors import HubRefusal
from .tables import applied_ops, conflicts, hub_stations, record_aliases, served_persons

# Natural keys: a second record with the same key is the same real person or employer.
_NATURAL_KEY = {"persons": "citizen_id", "employers": "uscc"}
_STAMPS = ("changed_station", "changed_staff", "changed_at")


def push(
    conn: Connection, station: StationContext, request: PushRequest, now: datetime
) -> PushResponse:
    row = conn.execute(
        select(hub_stations.c.acked_seq).where(hub_stations.c.id == station.id).with_for_update()
    ).one()
    acked = int(row.acked_seq)
    batch = Batch(station, now)
    results: list[OpResult] = []
    expected = acked + 1
    for op in request.ops:
        if op.seq <= acked:  # a repeated op: answer as the first time
            results.append(_stored_result(conn, station.id, op.seq))
            continue
        if op.seq != expected:
            raise HubRefusal(
                "gap",
                f"ops must arrive in order without gaps: expected {expected}, got {op.seq}",
                detail={"expected_seq": expected},
                status=409,
            )
        result = _apply_in_savepoint(conn, batch, op)
        conn.execute(
            insert(applied_ops).values(
                station_id=station.id, seq=op.seq, result=result.model_dump_json(), applied_at=now
            )
        )
        results.append(result)
        expected += 1
    log_changes(conn, batch)
    for person_id in batch.served:
        if (
            conn.execute(
                select(served_persons.c.person_id).where(
                    served_persons.c.station_id == station.id,
                    served_persons.c.person_id == person_id,
                )
            ).first()
            is None
        ):
            conn.execute(insert(served_persons).values(station_id=station.id, person_id=person_id))
    conn.execute(
        update(hub_stations).where(hub_stations.c.id == station.id).values(acked_seq=expected - 1)
    )
    return PushResponse(results=results, acked_seq=expected - 1)


def _stored_result(conn: Connection, station_id: str, seq: int) -> OpResult:
    stored = conn.execute(
        select(applied_ops.c.result).where(
            applied_ops.c.station_id == station_id, applied_ops.c.seq == seq
        )
    ).scalar()
    if stored is None:  # acknowledged before results were kept: nothing to repeat
        return OpResult(seq=seq, status=OpStatus.APPLIED)
    return OpResult.model_validate_json(stored)


def _apply_in_savepoint(conn: Connection, batch: Batch, op: Op) -> OpResult:
    try:
        with conn.begin_nested():
            return _apply(conn, batch, op)
    except WireError as e:
        return _rejected(op, f"{e.code}: {e}")
    except IntegrityError as e:
        return _rejected(op, f"refused by the hub database: {e.orig}")


def _rejected(op: Op, reason: str) -> OpResult:
    return OpResult(seq=op.seq, status=OpStatus.REJECTED, reason=reason[:500])


def _canonical_id(conn: Connection, table: str, record_id: str) -> str:
    alias = conn.execute(
        select(record_aliases.c.canonical_id).where(
            record_aliases.c.alias_id == record_id, record_aliases.c.table_name == table
        )
    ).scalar()
    return str(alias) if alias else record_id


def _reference_target(column: str) -> str | None:
    """The table a reference column points at, for the kinds that can have aliases."""
    if column == "person_id" or column.endswith("_person_id"):
        return "persons"
    if column == "employer_id" or column.endswith("_employer_id"):
        return "employers"
    return None


def _resolve_references(conn: Connection, op: Op) -> Op:
    """Point references at a merged duplicate's survivor, so nothing keeps the alias id."""
    fixed: dict[str, object] = {}
    for name in ("fields", "old"):
        values = getattr(op, name)
        if not values:
            continue
        for column, value in values.items():
            target = _reference_target(column)
            if target and isinstance(value, str):
                canonical = _canonical_id(conn, target, value)
                if canonical != value:
                    fixed.setdefault(name, dict(values))[column] = canonical  # type: ignore[index]
    return op.model_copy(update=fixed) if fixed else op


def _apply(conn: Connection, batch: Batch, op: Op) -> OpResult:
    model = MODELS_BY_TABLE.get(op.table)
    if model is None:
        return _rejected(op, f"unknown_table: {op.table!r} is not a synced table")
    table: Table = model.__table__  # type: ignore[assignment]
    record_id = _canonical_id(conn, op.table, op.record_id)
    op = _resolve_references(conn, op)
    new = from_wire(op.table, op.fields)
    stamps = {k: new.pop(k) for k in _STAMPS if k in new}
    stamps["changed_station"] = batch.station.id  # the authenticated station, not a claim
    current = conn.execute(select(table).where(table.c.id == record_id).with_for_update()).first()
    if op.op is OpKind.INSERT:
        return _insert(conn, batch, op, table, record_id, new, stamps, current)
    if current is None:
        return _rejected(op, f"unknown_record: no {op.table} record {record_id} at the hub")
    if sync_kind(op.table) is SyncKind.INSERT_ONLY:
        return _rejected(op, f"insert_only: {op.table} records are never changed")
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
    key = _NATURAL_KEY.get(op.table)
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
    fill = {
        k: v
        for k, v in op.fields.items()
        if hub_values.get(k) in (None, "") and v not in (None, "")
    }
    clash = {
        k: [None, hub_values.get(k), v]
        for k, v in op.fields.items()
        if k not in fill
        and k not in _STAMPS
        and v not in (None, "")
        and hub_values.get(k) != v
        and k not in ("deleted", "conflict")
    }
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

"""Applying a station's pushed ops: in order, once, merged field by field.

A batch is one transaction. Each op behaves as if it ran in a savepoint of its own: one
refused op is reported (and recorded, so it is never retried) without undoing the others.

A batch is applied set-wise: the records its ops name are read (and locked) with one
query per table, the ops are merged in memory in their order (an op sees what the ops
before it did), and what changed is written with a few multi-row statements. Whatever
the database still refuses (a unique value taken, a required column missing) sends the
batch down the op-by-op path, where every op runs in a real savepoint and the database
gives its own reason for the refused one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Dialect,
    Select,
    Table,
    UniqueConstraint,
    bindparam,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from hub_sync.model import MODELS_BY_TABLE, SyncKind, new_id, sync_kind
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.merge import merge_delete, merge_update
from hub_sync.protocol.messages import Op, OpKind, OpResult, OpStatus, PushRequest, PushResponse
from hub_sync.protocol.wire import from_wire, record_to_wire, to_wire, wire_converters

from . import scope
from .auth import StationContext
from .changes import (
    Batch,
    array_literal,
    bulk_insert,
    bulk_update,
    in_list,
    in_values,
    insert_ignoring_existing,
    log_changes,
    note_change,
    write,
)
from .errors import HubRefusal
from .tables import applied_ops, conflicts, hub_stations, record_aliases, served_persons

# Natural keys: a second record with the same key is the same real person or employer.
_NATURAL_KEY = {"persons": "citizen_id", "employers": "uscc"}
_STAMPS = ("changed_station", "changed_staff", "changed_at")
_CHUNK = 1000  # ids per IN list


_ACKED = (
    select(hub_stations.c.acked_seq)
    .where(hub_stations.c.id == bindparam("station"))
    .with_for_update()
)
_ACK = (
    update(hub_stations)
    .where(hub_stations.c.id == bindparam("station"))
    .values(acked_seq=bindparam("acked"))
)


def push(
    conn: Connection, station: StationContext, request: PushRequest, now: datetime
) -> PushResponse:
    acked = int(conn.execute(_ACKED, {"station": station.id}).scalar_one())
    # Sort the ops first: repeats are answered from the stored results, the others must
    # carry the next numbers. A gap refuses the whole request before anything is written.
    fresh: list[Op] = []
    repeated: list[int] = []
    expected = acked + 1
    for op in request.ops:
        if op.seq <= acked:  # a repeated op: answer as the first time
            repeated.append(op.seq)
            continue
        if op.seq != expected:
            raise HubRefusal(
                "gap",
                f"ops must arrive in order without gaps: expected {expected}, got {op.seq}",
                detail={"expected_seq": expected},
                status=409,
            )
        fresh.append(op)
        expected += 1
    stored = _stored_results(conn, station.id, repeated) if repeated else {}
    batch = Batch(station, now)
    applied: dict[int, OpResult] = {}
    if fresh:
        for op, result in zip(fresh, _apply_batch(conn, batch, fresh), strict=True):
            applied[op.seq] = result
        _acknowledge(conn, batch, applied, expected - 1)
    results = [
        applied[op.seq] if op.seq > acked else _answered(stored, op.seq) for op in request.ops
    ]
    log_changes(conn, batch)  # last: takes the change-log counter lock until commit
    return PushResponse(results=results, acked_seq=expected - 1)


def _acknowledge(conn: Connection, batch: Batch, applied: dict[int, OpResult], acked: int) -> None:
    """Store the ops' results, note the persons served, move the station's ``acked_seq``."""
    station = batch.station.id
    results = [(seq, result.model_dump_json()) for seq, result in applied.items()]
    served = sorted(batch.served)
    if conn.dialect.name == "postgresql":  # the three in one statement
        conn.exec_driver_sql(
            _acknowledge_statement(conn.dialect),
            {
                "station": station,
                "at": batch.now,
                "seqs": array_literal(seq for seq, _text in results),
                "results": array_literal(text for _seq, text in results),
                "persons": array_literal(served),
                "acked": acked,
            },
        )
        return
    bulk_insert(
        conn,
        applied_ops,
        [
            {"station_id": station, "seq": seq, "result": text, "applied_at": batch.now}
            for seq, text in results
        ],
    )
    insert_ignoring_existing(
        conn, served_persons, [{"station_id": station, "person_id": p} for p in served]
    )
    conn.execute(_ACK, {"station": station, "acked": acked})


@lru_cache(maxsize=16)
def _acknowledge_statement(dialect: Dialect) -> str:
    quote = dialect.identifier_preparer
    station = "CAST(%(station)s AS VARCHAR(36))"
    return (
        f"WITH results AS (INSERT INTO {quote.format_table(applied_ops)} "
        "(station_id, seq, result, applied_at) "
        f"SELECT {station}, v.seq, v.result, CAST(%(at)s AS TIMESTAMP WITH TIME ZONE) "
        "FROM unnest(CAST(%(seqs)s AS BIGINT[]), CAST(%(results)s AS TEXT[])) AS v(seq, result)"
        f"), served AS (INSERT INTO {quote.format_table(served_persons)} "
        f"(station_id, person_id) SELECT {station}, p "
        "FROM unnest(CAST(%(persons)s AS VARCHAR(36)[])) AS p ON CONFLICT DO NOTHING) "
        f"UPDATE {quote.format_table(hub_stations)} SET acked_seq = %(acked)s "
        f"WHERE id = {station}"
    )


@lru_cache(maxsize=16)
def _stored_query(dialect: Dialect) -> Select[Any]:
    return select(applied_ops.c.seq, applied_ops.c.result).where(
        applied_ops.c.station_id == bindparam("station"),
        in_list(dialect, applied_ops.c.seq, "seqs"),
    )


def _stored_results(conn: Connection, station_id: str, seqs: list[int]) -> dict[int, OpResult]:
    found: dict[int, OpResult] = {}
    wanted = sorted(set(seqs))
    query = _stored_query(conn.dialect)
    for i in range(0, len(wanted), _CHUNK):
        chunk = in_values(conn.dialect, wanted[i : i + _CHUNK])
        for seq, stored in conn.execute(query, {"station": station_id, "seqs": chunk}):
            if stored is not None:
                found[int(seq)] = OpResult.model_validate_json(stored)
    return found


def _answered(stored: dict[int, OpResult], seq: int) -> OpResult:
    found = stored.get(seq)
    if found is None:  # acknowledged before results were kept: nothing to repeat
        return OpResult(seq=seq, status=OpStatus.APPLIED)
    return found


def _apply_batch(conn: Connection, batch: Batch, ops: list[Op]) -> list[OpResult]:
    """The ops' results, in order; set-wise where it gives the op-by-op answers."""
    try:
        plan = _SetWise(conn, batch, ops)
        results = plan.run()
    except _NotSetWise:
        return _apply_one_by_one(conn, batch, ops)
    # A savepoint of its own (plain SQL: the cheapest statement there is), so that what
    # the database refuses undoes only this write.
    conn.exec_driver_sql("SAVEPOINT hub_push_batch")
    try:
        plan.write()
    except IntegrityError:
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT hub_push_batch")
        conn.exec_driver_sql("RELEASE SAVEPOINT hub_push_batch")
        # Something the database refuses: find the op (and the database's reason) one by one.
        return _apply_one_by_one(conn, batch, ops)
    conn.exec_driver_sql("RELEASE SAVEPOINT hub_push_batch")
    plan.log_to(batch)
    return results


# -- op by op: each op in a savepoint of its own --------------------------------------------
def _apply_one_by_one(conn: Connection, batch: Batch, ops: list[Op]) -> list[OpResult]:
    return [_apply_in_savepoint(conn, batch, op) for op in ops]


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


@cache
def _reference_target(column: str) -> str | None:
    """The table a reference column points at, for the kinds that can have aliases."""
    if column == "person_id" or column.endswith("_person_id"):
        return "persons"
    if column == "employer_id" or column.endswith("_employer_id"):
        return "employers"
    return None


@cache
def _reference_columns(table: str) -> tuple[tuple[str, str], ...]:
    """(column, target table) of the table's references. (A reference-like name that is
    no column of the table makes the op rejected as ``unknown_field`` whatever it holds.)"""
    model = MODELS_BY_TABLE.get(table)
    if model is None:
        return ()
    names = (c.name for c in model.__table__.columns)
    return tuple((n, t) for n in names if (t := _reference_target(n)) is not None)


def _references(op: Op) -> Iterator[tuple[str, str, str, object]]:
    """(``fields`` or ``old``, column, target table, value) of the op's references."""
    columns = _reference_columns(op.table)
    if not columns:
        return
    for name in ("fields", "old"):
        values = getattr(op, name)
        if not values:
            continue
        for column, target in columns:
            value = values.get(column)
            if isinstance(value, str):
                yield name, column, target, value


def _resolve_references(conn: Connection, op: Op) -> Op:
    """Point references at a merged duplicate's survivor, so nothing keeps the alias id."""
    fixed: dict[str, dict[str, object]] = {}
    for name, column, target, value in _references(op):
        canonical = _canonical_id(conn, target, str(value))
        if canonical != value:
            fixed.setdefault(name, dict(getattr(op, name)))[column] = canonical
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
    fill = _fill(op, hub_values)
    clash = _clash(op, hub_values, fill)
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


def _fill(op: Op, hub_values: Mapping[str, Any]) -> dict[str, Any]:
    """A duplicate's sent values where the survivor has nothing."""
    return {
        k: v
        for k, v in op.fields.items()
        if hub_values.get(k) in (None, "") and v not in (None, "")
    }


def _clash(op: Op, hub_values: Mapping[str, Any], fill: Mapping[str, Any]) -> dict[str, Any]:
    """A duplicate's sent values that differ from the survivor's: ``[None, hub, station]``."""
    return {
        k: [None, hub_values.get(k), v]
        for k, v in op.fields.items()
        if k not in fill
        and k not in _STAMPS
        and v not in (None, "")
        and hub_values.get(k) != v
        and k not in ("deleted", "conflict")
    }


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


# -- set-wise: read once, merge in memory, write once ---------------------------------------
class _NotSetWise(Exception):
    """The batch needs something the set-wise path does not decide exactly."""


@cache
def _table(name: str) -> Table:
    return MODELS_BY_TABLE[name].__table__  # type: ignore[return-value]


@cache
def _unique_columns(name: str) -> frozenset[str]:
    """Columns under a unique constraint: changing one may collide with another record."""
    table = _table(name)
    out = {c.name for c in table.columns if c.unique}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            out.update(c.name for c in constraint.columns)
    return frozenset(out)


@cache
def _column_names(name: str) -> tuple[str, ...]:
    return tuple(c.name for c in _table(name).columns)


@lru_cache(maxsize=16)
def _alias_query(dialect: Dialect) -> Select[Any]:
    return select(
        record_aliases.c.alias_id, record_aliases.c.table_name, record_aliases.c.canonical_id
    ).where(in_list(dialect, record_aliases.c.alias_id, "ids"))


@lru_cache(maxsize=256)
def _rows_query(name: str, by_key: bool, dialect: Dialect) -> Select[Any]:
    """The records of ``name`` with the given ids (or natural keys), locked."""
    table = _table(name)
    found = in_list(dialect, table.c.id, "ids")
    if by_key:
        found = or_(found, in_list(dialect, table.c[_NATURAL_KEY[name]], "keys"))
    return select(table).where(found).with_for_update()


@lru_cache(maxsize=16)
def _open_conflicts_query(dialect: Dialect) -> Select[Any]:
    return select(conflicts).where(
        in_list(dialect, conflicts.c.record_id, "ids"), conflicts.c.status == "open"
    )


def _with_defaults(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The whole row an INSERT of ``values`` stores: column defaults or null for the rest."""
    row: dict[str, Any] = {}
    for column in _table(name).columns:
        if column.name in values:
            row[column.name] = values[column.name]
            continue
        default = column.default
        if default is None:
            if not column.nullable:
                raise _NotSetWise  # the database refuses it, in its own words
            row[column.name] = None
        elif getattr(default, "is_scalar", False):
            row[column.name] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            try:
                row[column.name] = default.arg(None)  # type: ignore[attr-defined]
            except Exception as e:  # a default that needs an execution context
                raise _NotSetWise from e
        else:
            raise _NotSetWise
    return row


class _WireView(Mapping[str, Any]):
    """A record's values in wire form, each converted when it is looked at."""

    __slots__ = ("_convert", "_row")

    def __init__(self, table: str, row: Mapping[str, Any]) -> None:
        self._row = row
        self._convert = wire_converters(table)

    def __getitem__(self, name: str) -> Any:
        return self._convert[name](self._row[name])

    def __contains__(self, name: object) -> bool:
        return name in self._row

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


@dataclass
class _Pending:
    """A conflict to open or join once the open conflicts of the batch's records are read."""

    index: int  # of the op's result
    table: str
    record_id: str
    kind: str
    fields: dict[str, Any]
    ref: str


@dataclass
class _OpenConflict:
    id: str
    table: str
    record_id: str
    kind: str
    fields: dict[str, Any]
    ops: list[str]
    created: bool  # by this batch
    station_id: str = ""
    joined: bool = False


@dataclass
class _SetWise:
    """One batch merged in memory: the same decisions as ``_apply`` op by op."""

    conn: Connection
    batch: Batch
    ops: list[Op]
    # (table, id) → the record as it is now in this batch (None: the hub has none).
    rows: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    # (table, id) → the record as it was read (None: absent when the batch began).
    loaded: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, alias) → id
    by_key: dict[tuple[str, Any], str] = field(default_factory=dict)  # natural key → id
    new_aliases: list[dict[str, str]] = field(default_factory=list)
    # Change-log entries: table, id, version, area (or the person to look it up by), person.
    changed: list[tuple[str, str, int, bool, str | None, str | None]] = field(default_factory=list)
    pending: list[_Pending] = field(default_factory=list)
    results: list[OpResult] = field(default_factory=list)
    opened: list[_OpenConflict] = field(default_factory=list)
    _undo: list[tuple[str, Any, Any]] = field(default_factory=list)

    # -- reading --------------------------------------------------------------------------
    def _read(self) -> None:
        dialect = self.conn.dialect
        # Aliases are made only for natural-key tables, and references point only there.
        candidates: set[str] = set()
        for op in self.ops:
            if op.table in _NATURAL_KEY:
                candidates.add(op.record_id)
            if op.table in MODELS_BY_TABLE:
                for _name, _column, _target, value in _references(op):
                    candidates.add(str(value))
        for chunk in _chunks(sorted(candidates)):
            ids = in_values(dialect, chunk)
            for alias_id, table_name, canonical in self.conn.execute(
                _alias_query(dialect), {"ids": ids}
            ):
                if canonical:
                    self.aliases[(table_name, alias_id)] = str(canonical)
        wanted: dict[str, set[str]] = defaultdict(set)
        keys: dict[str, set[Any]] = defaultdict(set)
        for op in self.ops:
            if op.table not in MODELS_BY_TABLE:
                continue
            wanted[op.table].add(self._canonical(op.table, op.record_id))
            key = _NATURAL_KEY.get(op.table)
            if key is not None and op.op is OpKind.INSERT:
                value = op.fields.get(key)
                if isinstance(value, str) and value:
                    keys[op.table].add(value)
        for name in sorted(wanted):
            self._load(name, wanted[name], keys.get(name, set()))

    def _load(self, name: str, ids: set[str], keys: set[Any]) -> None:
        dialect = self.conn.dialect
        wanted, by_key = sorted(ids), sorted(keys)
        for i in range(0, max(len(wanted), len(by_key)), _CHUNK):
            id_chunk, key_chunk = wanted[i : i + _CHUNK], by_key[i : i + _CHUNK]
            params = {"ids": in_values(dialect, id_chunk)}
            if key_chunk:
                params["keys"] = in_values(dialect, key_chunk)
            query = _rows_query(name, bool(key_chunk), dialect)
            for row in self.conn.execute(query, params):
                self._loaded(name, dict(row._mapping))
        for record_id in ids:
            if (name, record_id) not in self.rows:
                self.rows[(name, record_id)] = self.loaded[(name, record_id)] = None

    def _loaded(self, name: str, values: dict[str, Any]) -> None:
        record = (name, str(values["id"]))
        self.rows[record] = self.loaded[record] = values
        key = _NATURAL_KEY.get(name)
        if key is not None and values.get(key):
            self.by_key[(name, values[key])] = record[1]

    def _row(self, name: str, record_id: str) -> dict[str, Any] | None:
        record = (name, record_id)
        if record not in self.rows:  # not read beforehand: nothing of this batch touched it
            table = _table(name)
            row = self.conn.execute(
                select(table).where(table.c.id == record_id).with_for_update()
            ).first()
            if row is None:
                self.rows[record] = self.loaded[record] = None
            else:
                self._loaded(name, dict(row._mapping))
        return self.rows[record]

    def _canonical(self, name: str, record_id: str) -> str:
        return self.aliases.get((name, record_id), record_id)

    # -- merging, op by op in memory -----------------------------------------------------------
    def run(self) -> list[OpResult]:
        self._read()
        for op in self.ops:
            marks = (
                len(self._undo),
                len(self.changed),
                len(self.pending),
                len(self.new_aliases),
            )
            try:
                result = self._apply(op)
            except WireError as e:
                self._roll_back(*marks)
                result = _rejected(op, f"{e.code}: {e}")
            self.results.append(result)
        self._settle_areas()
        self._settle_conflicts()
        return self.results

    def _roll_back(self, undo: int, changed: int, pending: int, new_aliases: int) -> None:
        """What a failed op did in memory goes, as its savepoint would have gone."""
        while len(self._undo) > undo:
            kind, record, previous = self._undo.pop()
            if kind == "row":
                self.rows[record] = previous
            elif kind == "key":
                del self.by_key[record]
            else:
                del self.aliases[record]
        del self.changed[changed:]
        del self.pending[pending:]
        del self.new_aliases[new_aliases:]

    def _set_row(self, name: str, record_id: str, values: dict[str, Any]) -> None:
        record = (name, record_id)
        self._undo.append(("row", record, self.rows.get(record)))
        self.rows[record] = values

    def _resolve_references(self, op: Op) -> Op:
        fixed: dict[str, dict[str, object]] = {}
        for name, column, target, value in _references(op):
            canonical = self._canonical(target, str(value))
            if canonical != value:
                fixed.setdefault(name, dict(getattr(op, name)))[column] = canonical
        return op.model_copy(update=fixed) if fixed else op

    def _apply(self, op: Op) -> OpResult:
        if op.table not in MODELS_BY_TABLE:
            return _rejected(op, f"unknown_table: {op.table!r} is not a synced table")
        name = op.table
        record_id = self._canonical(name, op.record_id)
        op = self._resolve_references(op)
        new = from_wire(name, op.fields)
        stamps = {k: new.pop(k) for k in _STAMPS if k in new}
        stamps["changed_station"] = self.batch.station.id  # the authenticated station
        current = self._row(name, record_id)
        if op.op is OpKind.INSERT:
            return self._insert(op, record_id, new, stamps, current)
        if current is None:
            return _rejected(op, f"unknown_record: no {name} record {record_id} at the hub")
        if sync_kind(name) is SyncKind.INSERT_ONLY:
            return _rejected(op, f"insert_only: {name} records are never changed")
        if op.op is OpKind.DELETE:
            decision = merge_delete(
                hub_version=current["version"],
                base_version=op.base_version,
                hub_deleted=current["deleted"],
            )
            if decision == "noop":
                return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current["version"])
            if decision == "conflict":
                return self._conflict(
                    op, record_id, "delete_vs_edit", {"deleted": [False, False, True]}
                )
            version = self._write(name, record_id, {"deleted": True, **stamps})
            return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=version)
        if current["deleted"] and op.op is OpKind.UPDATE:
            return self._conflict(
                op, record_id, "edit_vs_delete", {"deleted": [False, True, False]}
            )
        # Both sides in canonical wire form, so one time spelled two ways is no conflict.
        outcome = merge_update(
            hub=_WireView(name, current),
            old=to_wire(name, op.old or {}),
            new=to_wire(name, op.fields),
        )
        apply = from_wire(name, outcome.apply) if outcome.apply else {}
        if op.op is OpKind.UNDELETE:
            apply["deleted"] = False
        if outcome.conflicts:
            fields = {f: list(v) for f, v in outcome.conflicts.items()}
            if apply:
                self._write(name, record_id, {**apply, **stamps})
            return self._conflict(op, record_id, "fields", fields)
        if not apply:
            return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current["version"])
        version = self._write(name, record_id, {**apply, **stamps})
        status = OpStatus.APPLIED if current["version"] == op.base_version else OpStatus.MERGED
        return OpResult(seq=op.seq, status=status, version=version)

    def _insert(
        self,
        op: Op,
        record_id: str,
        new: dict[str, Any],
        stamps: dict[str, Any],
        current: dict[str, Any] | None,
    ) -> OpResult:
        name = op.table
        if current is not None:  # sent again (after a resync, or a lost reply)
            if sync_kind(name) is SyncKind.INSERT_ONLY:
                return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current["version"])
            hub_values = _WireView(name, current)
            # The station's copy is the newer one: take its values as changes against the hub's.
            sent = {k: v for k, v in to_wire(name, op.fields).items() if k in hub_values}
            outcome = merge_update(hub=hub_values, old={k: hub_values[k] for k in sent}, new=sent)
            apply = from_wire(name, outcome.apply)
            if not apply:
                return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current["version"])
            version = self._write(name, record_id, {**apply, **stamps})
            return OpResult(seq=op.seq, status=OpStatus.MERGED, version=version)
        key = _NATURAL_KEY.get(name)
        if key is not None and new.get(key):
            twin = self.by_key.get((name, new[key]))
            if twin is not None:
                return self._duplicate(op, record_id, twin, stamps)
        values = {**new, **stamps, "id": record_id, "version": 1}
        if "deleted" in _table(name).c:
            values.setdefault("deleted", False)
            values["conflict"] = False
        self._set_row(name, record_id, _with_defaults(name, values))
        if key is not None and values.get(key):
            self.by_key[(name, values[key])] = record_id
            self._undo.append(("key", (name, values[key]), None))
        self._note(name, record_id, 1, values)
        return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=1)

    def _duplicate(self, op: Op, alias_id: str, twin_id: str, stamps: dict[str, Any]) -> OpResult:
        """``_duplicate``: the survivor takes what the hub lacks; clashes are a conflict."""
        name = op.table
        self.aliases[(name, alias_id)] = twin_id
        self._undo.append(("alias", (name, alias_id), None))
        self.new_aliases.append({"alias_id": alias_id, "table_name": name, "canonical_id": twin_id})
        twin = self.rows[(name, twin_id)]
        assert twin is not None
        hub_values = _WireView(name, twin)
        fill = _fill(op, hub_values)
        clash = _clash(op, hub_values, fill)
        version = twin["version"]
        if fill:
            version = self._write(name, twin_id, {**from_wire(name, fill), **stamps})
        if clash:
            result = self._conflict(op, twin_id, "duplicate", clash)
            return result.model_copy(update={"status": OpStatus.DUPLICATE, "merged_into": twin_id})
        if not fill:
            # Nothing changed, but the pushing station must still receive the survivor.
            self._note(name, twin_id, version, twin)
        return OpResult(seq=op.seq, status=OpStatus.DUPLICATE, version=version, merged_into=twin_id)

    def _conflict(self, op: Op, record_id: str, kind: str, fields: dict[str, Any]) -> OpResult:
        """Open or join the record's conflict (settled after the pass); flag the record."""
        name = op.table
        ref = f"{self.batch.station.id}:{op.seq}"
        self.pending.append(_Pending(len(self.results), name, record_id, kind, fields, ref))
        current = self.rows[(name, record_id)]
        assert current is not None
        version = int(current["version"])
        if "conflict" in current and not current["conflict"]:
            version = self._write(name, record_id, {"conflict": True})
        return OpResult(seq=op.seq, status=OpStatus.CONFLICT, version=version)

    def _write(self, name: str, record_id: str, values: dict[str, Any]) -> int:
        """``changes.write`` in memory: a new version of the record."""
        current = self.rows[(name, record_id)]
        assert current is not None
        for column in _unique_columns(name).intersection(values):
            if values[column] != current[column]:
                raise _NotSetWise  # may collide with another record: the database decides
        version = int(current["version"]) + 1
        merged = {**current, **values}
        self._set_row(name, record_id, {**merged, "version": version})
        self._note(name, record_id, version, merged)
        return version

    def _note(self, name: str, record_id: str, version: int, values: Mapping[str, Any]) -> None:
        """``changes.note_change``; a person's area is read from this batch's copy of the
        person when it has one, else from the database before anything is written."""
        person = scope.person_of(name, values)
        known, area = scope.area_from_values(name, values)
        if not known and area is not None and ("persons", area) in self.rows:
            known, area = True, self._residence(area)
        self.changed.append((name, record_id, version, known, area, person))

    def _residence(self, person_id: str) -> str | None:
        person = self.rows[("persons", person_id)]
        value = person.get("residence_division") if person is not None else None
        return str(value) if value is not None else None

    def _settle_areas(self) -> None:
        unknown = {area for _t, _r, _v, known, area, _p in self.changed if not known and area}
        if not unknown:
            return
        found = scope.residences(self.conn, unknown)
        self.changed = [
            (t, r, v, True, area if known else found.get(str(area)), p)
            for t, r, v, known, area, p in self.changed
        ]

    def _settle_conflicts(self) -> None:
        if not self.pending:
            return
        records = {(p.table, p.record_id) for p in self.pending}
        open_: dict[tuple[str, str], _OpenConflict] = {}
        dialect = self.conn.dialect
        for chunk in _chunks(sorted({r for _t, r in records})):
            ids = in_values(dialect, chunk)
            for row in self.conn.execute(_open_conflicts_query(dialect), {"ids": ids}):
                record = (row.table_name, row.record_id)
                if record in records and record not in open_:
                    open_[record] = _OpenConflict(
                        row.id,
                        row.table_name,
                        row.record_id,
                        row.kind,
                        json.loads(row.fields),
                        json.loads(row.ops),
                        created=False,
                    )
        for p in self.pending:
            record = (p.table, p.record_id)
            found = open_.get(record)
            if found is None:
                found = open_[record] = _OpenConflict(
                    new_id(),
                    p.table,
                    p.record_id,
                    p.kind,
                    dict(p.fields),
                    [p.ref],
                    created=True,
                    station_id=self.batch.station.id,
                )
            else:
                found.fields = {**found.fields, **p.fields}
                found.ops.append(p.ref)
                found.joined = True
            self.results[p.index] = self.results[p.index].model_copy(
                update={"conflict_id": found.id}
            )
        self.opened = list(open_.values())

    # -- writing -----------------------------------------------------------------------------
    def write(self) -> None:
        conn = self.conn
        bulk_insert(conn, record_aliases, self.new_aliases)
        inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        updated: dict[str, list[dict[str, Any]]] = defaultdict(list)
        columns: dict[str, set[str]] = defaultdict(set)
        for (name, record_id), row in self.rows.items():
            before = self.loaded.get((name, record_id))
            if row is None or row is before:
                continue
            if before is None:
                inserts[name].append(row)
                continue
            changed = [c for c in _column_names(name) if row[c] != before[c]]
            if changed:
                updated[name].append(row)
                columns[name].update(changed)
        for name, rows in inserts.items():
            bulk_insert(conn, _table(name), rows)
        for name, rows in updated.items():
            # One statement per table: the columns any of its records changed (the others
            # of a record are written with the values it has).
            names = ["id", *(c for c in _column_names(name) if c in columns[name])]
            bulk_update(conn, _table(name), "id", [{c: row[c] for c in names} for row in rows])
        created = [c for c in self.opened if c.created]
        if created:
            bulk_insert(
                conn,
                conflicts,
                [
                    {
                        "id": c.id,
                        "table_name": c.table,
                        "record_id": c.record_id,
                        "station_id": c.station_id,
                        "kind": c.kind,
                        "fields": json.dumps(c.fields, ensure_ascii=False),
                        "ops": json.dumps(c.ops),
                        "status": "open",
                        "created_at": self.batch.now,
                    }
                    for c in created
                ],
            )
        joined = [c for c in self.opened if c.joined and not c.created]
        if joined:
            bulk_update(
                conn,
                conflicts,
                "id",
                [
                    {
                        "id": c.id,
                        "fields": json.dumps(c.fields, ensure_ascii=False),
                        "ops": json.dumps(c.ops),
                    }
                    for c in joined
                ],
            )

    def log_to(self, batch: Batch) -> None:
        """The batch's change-log entries and served persons, as ``note_change`` keeps them."""
        for name, record_id, version, _known, area, person in self.changed:
            if person:
                batch.served.add(person)
            batch.changed.append((name, record_id, version, area, person))


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]

"""The set-wise path: a batch's records read (and locked) with one query per table,
its ops merged in memory in order, and what changed written with a few statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    select,
)

from hub_sync.model import MODELS_BY_TABLE, SyncKind, sync_kind
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.merge import merge_delete, merge_update
from hub_sync.protocol.messages import Op, OpKind, OpResult, OpStatus
from hub_sync.protocol.wire import from_wire, to_wire

from .. import scope
from ..changes import (
    Batch,
    in_values,
)
from . import approvals
from .common import (
    CHUNK,
    NATURAL_KEY,
    STAMPS,
    NotSetWise,
    chunks,
    clashes,
    fill_gaps,
    model_table,
    references,
    rejected,
    unique_columns,
)
from .setwise_store import (
    OpenConflict,
    Pending,
    WireView,
    alias_query,
    rows_query,
    settle_conflicts,
    with_defaults,
    write_plan,
)


@dataclass
class SetWise:
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
    pending: list[Pending] = field(default_factory=list)
    results: list[OpResult] = field(default_factory=list)
    opened: list[OpenConflict] = field(default_factory=list)
    _undo: list[tuple[str, Any, Any]] = field(default_factory=list)

    # -- reading --------------------------------------------------------------------------
    def _read(self) -> None:
        dialect = self.conn.dialect
        # Aliases are made only for natural-key tables, and references point only there.
        candidates: set[str] = set()
        for op in self.ops:
            if op.table in NATURAL_KEY:
                candidates.add(op.record_id)
            if op.table in MODELS_BY_TABLE:
                for _name, _column, _target, value in references(op):
                    candidates.add(str(value))
        for chunk in chunks(sorted(candidates)):
            ids = in_values(dialect, chunk)
            for alias_id, table_name, canonical in self.conn.execute(
                alias_query(dialect), {"ids": ids}
            ):
                if canonical:
                    self.aliases[(table_name, alias_id)] = str(canonical)
        wanted: dict[str, set[str]] = defaultdict(set)
        keys: dict[str, set[Any]] = defaultdict(set)
        for op in self.ops:
            if op.table not in MODELS_BY_TABLE:
                continue
            wanted[op.table].add(self._canonical(op.table, op.record_id))
            key = NATURAL_KEY.get(op.table)
            if key is not None and op.op is OpKind.INSERT:
                value = op.fields.get(key)
                if isinstance(value, str) and value:
                    keys[op.table].add(value)
        for name in sorted(wanted):
            self._load(name, wanted[name], keys.get(name, set()))

    def _load(self, name: str, ids: set[str], keys: set[Any]) -> None:
        dialect = self.conn.dialect
        wanted, by_key = sorted(ids), sorted(keys)
        for i in range(0, max(len(wanted), len(by_key)), CHUNK):
            id_chunk, key_chunk = wanted[i : i + CHUNK], by_key[i : i + CHUNK]
            params = {"ids": in_values(dialect, id_chunk)}
            if key_chunk:
                params["keys"] = in_values(dialect, key_chunk)
            query = rows_query(name, bool(key_chunk), dialect)
            for row in self.conn.execute(query, params):
                self._loaded(name, dict(row._mapping))
        for record_id in ids:
            if (name, record_id) not in self.rows:
                self.rows[(name, record_id)] = self.loaded[(name, record_id)] = None

    def _loaded(self, name: str, values: dict[str, Any]) -> None:
        record = (name, str(values["id"]))
        self.rows[record] = self.loaded[record] = values
        key = NATURAL_KEY.get(name)
        if key is not None and values.get(key):
            self.by_key[(name, values[key])] = record[1]

    def _row(self, name: str, record_id: str) -> dict[str, Any] | None:
        record = (name, record_id)
        if record not in self.rows:  # not read beforehand: nothing of this batch touched it
            table = model_table(name)
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
                result = rejected(op, f"{e.code}: {e}")
            self.results.append(result)
        self._settle_areas()
        settle_conflicts(self)
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
        for name, column, target, value in references(op):
            canonical = self._canonical(target, str(value))
            if canonical != value:
                fixed.setdefault(name, dict(getattr(op, name)))[column] = canonical
        return op.model_copy(update=fixed) if fixed else op

    def _apply(self, op: Op) -> OpResult:
        if op.table not in MODELS_BY_TABLE:
            return rejected(op, f"unknown_table: {op.table!r} is not a synced table")
        name = op.table
        record_id = self._canonical(name, op.record_id)
        op = self._resolve_references(op)
        new = from_wire(name, op.fields)
        stamps = {k: new.pop(k) for k in STAMPS if k in new}
        stamps["changed_station"] = self.batch.station.id  # the authenticated station
        current = self._row(name, record_id)
        if approvals.needs_check(op, current):
            raise NotSetWise  # checked op by op against the hub's decision log
        if op.op is OpKind.INSERT:
            return self._insert(op, record_id, new, stamps, current)
        if current is None:
            return rejected(op, f"unknown_record: no {name} record {record_id} at the hub")
        if sync_kind(name) is SyncKind.INSERT_ONLY:
            return rejected(op, f"insert_only: {name} records are never changed")
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
            hub=WireView(name, current),
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
            hub_values = WireView(name, current)
            # The station's copy is the newer one: take its values as changes against the hub's.
            sent = {k: v for k, v in to_wire(name, op.fields).items() if k in hub_values}
            outcome = merge_update(hub=hub_values, old={k: hub_values[k] for k in sent}, new=sent)
            apply = from_wire(name, outcome.apply)
            if not apply:
                return OpResult(seq=op.seq, status=OpStatus.APPLIED, version=current["version"])
            version = self._write(name, record_id, {**apply, **stamps})
            return OpResult(seq=op.seq, status=OpStatus.MERGED, version=version)
        key = NATURAL_KEY.get(name)
        if key is not None and new.get(key):
            twin = self.by_key.get((name, new[key]))
            if twin is not None:
                return self._duplicate(op, record_id, twin, stamps)
        values = {**new, **stamps, "id": record_id, "version": 1}
        if "deleted" in model_table(name).c:
            values.setdefault("deleted", False)
            values["conflict"] = False
        self._set_row(name, record_id, with_defaults(name, values))
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
        hub_values = WireView(name, twin)
        fill = fill_gaps(op, hub_values)
        clash = clashes(op, hub_values, fill)
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
        self.pending.append(Pending(len(self.results), name, record_id, kind, fields, ref))
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
        for column in unique_columns(name).intersection(values):
            if values[column] != current[column]:
                raise NotSetWise  # may collide with another record: the database decides
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

    def write(self) -> None:
        write_plan(self)

    def log_to(self, batch: Batch) -> None:
        """The batch's change-log entries and served persons, as ``note_change`` keeps them."""
        for name, record_id, version, _known, area, person in self.changed:
            if person:
                batch.served.add(person)
            batch.changed.append((name, record_id, version, area, person))

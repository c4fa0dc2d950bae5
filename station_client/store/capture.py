"""Change capture: SQLite triggers generated from the model.

Triggers see old and new values and catch writes from any code path, so a change and
its outbox entry always commit (or roll back) together. For an update only the fields
that changed are recorded, which is what the hub's field-level merge needs.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table

from hub_sync.model import RECORD_COLUMNS, SyncKind, sync_kind

# Columns that say who changed a record travel with every op, changed or not.
_STAMP = ("changed_station", "changed_staff", "changed_at")
_ACTIVE = "(SELECT suppressed FROM capture_control WHERE id = 1) = 0"
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def data_columns(table: Table) -> list[str]:
    """Columns compared by the merge: everything but the record bookkeeping."""
    return [c.name for c in table.columns if c.name not in RECORD_COLUMNS]


def _json(prefix: str, names: Iterable[str]) -> str:
    return "json_object(" + ", ".join(f"'{n}', {prefix}.{_q(n)}" for n in names) + ")"


def trigger_names(table: Table) -> list[str]:
    t = table.name
    return [f"capture_{t}_insert", f"capture_{t}_update", f"guard_{t}_delete"]


def create_trigger_sql(table: Table) -> list[str]:
    """DDL of the capture triggers of one synced table."""
    t, qt = table.name, _q(table.name)
    cols = data_columns(table)
    ins_name, upd_name, del_name = trigger_names(table)
    kind = sync_kind(table)
    all_new = _json("NEW", [*cols, *_STAMP] + (["deleted"] if kind is SyncKind.SYNCED else []))
    stmts = [
        f"""CREATE TRIGGER {ins_name} AFTER INSERT ON {qt} WHEN {_ACTIVE}
BEGIN
  INSERT INTO outbox (table_name, record_id, op, old_values, new_values, base_version,
                      changed_at)
  VALUES ('{t}', NEW.id, 'insert', NULL, {all_new}, NEW.version, {_NOW});
END"""
    ]
    if kind is SyncKind.INSERT_ONLY:
        stmts.append(
            f"""CREATE TRIGGER {upd_name} BEFORE UPDATE ON {qt} WHEN {_ACTIVE}
BEGIN
  SELECT RAISE(ABORT, '{t}: insert-only records are never changed');
END"""
        )
        stmts.append(
            f"""CREATE TRIGGER {del_name} BEFORE DELETE ON {qt} WHEN {_ACTIVE}
BEGIN
  SELECT RAISE(ABORT, '{t}: insert-only records are never deleted');
END"""
        )
        return stmts

    watched = [*cols, "deleted"]
    # json_remove drops the fields that did not change; '$.~' names no field (no-op).
    drops = ", ".join(
        f"CASE WHEN OLD.{_q(c)} IS NEW.{_q(c)} THEN '$.{c}' ELSE '$.~' END" for c in watched
    )
    changed_any = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in watched)
    old_json = f"json_remove({_json('OLD', watched)}, {drops})"
    new_json = f"json_remove({_json('NEW', [*watched, *_STAMP])}, {drops})"
    stmts.append(
        f"""CREATE TRIGGER {upd_name} AFTER UPDATE ON {qt} WHEN {_ACTIVE} AND ({changed_any})
BEGIN
  INSERT INTO outbox (table_name, record_id, op, old_values, new_values, base_version,
                      changed_at)
  VALUES ('{t}', NEW.id,
          CASE WHEN NEW.deleted AND NOT OLD.deleted THEN 'delete'
               WHEN OLD.deleted AND NOT NEW.deleted THEN 'undelete'
               ELSE 'update' END,
          {old_json}, {new_json}, OLD.version, {_NOW});
END"""
    )
    stmts.append(
        f"""CREATE TRIGGER {del_name} BEFORE DELETE ON {qt} WHEN {_ACTIVE}
BEGIN
  SELECT RAISE(ABORT, '{t}: records are never deleted here; set deleted = 1 (tombstone)');
END"""
    )
    return stmts


def drop_trigger_sql(table: Table) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {n}" for n in trigger_names(table)]

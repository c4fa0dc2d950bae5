"""Local record surgery the sync needs, always inside a capture-suppressed transaction.

- Folding a duplicate into its survivor: the hub found that a person (or employer)
  this station created is a second record of one it already had. Local references
  (``person_id``, ``applicant_person_id``… / ``employer_id``…) are re-pointed to the
  survivor, waiting outbox entries are rewritten to name it, and the alias record
  goes. If the survivor has not reached this station yet, the alias record *becomes*
  it (its id changes, version 0) so the person never disappears from the counter; the
  next pull of the survivor replaces its values.
- Natural-key clashes on pull: a record arriving from the hub whose unique key
  (citizen ID, credit code, certificate number…) a different local record holds is
  the same thing twice; the local one is folded into the arriving one the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import Table, UniqueConstraint, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from hub_sync.model import MODELS_BY_TABLE, SYNCED_MODELS
from station_client.store.local_schema import outbox

# The kinds other records refer to by id, and the noun of their reference columns.
_REFERENCED = {"persons": "person", "employers": "employer"}
# Hash-chained: its subject is part of each entry's hash, so it is never rewritten.
_NEVER_REWRITTEN = frozenset({"audit_entries"})


def table_of(name: str) -> Table:
    return MODELS_BY_TABLE[name].__table__  # type: ignore[return-value]


def _is_reference(column: str, noun: str) -> bool:
    return column == f"{noun}_id" or column.endswith(f"_{noun}_id")


@cache
def reference_columns(table: str) -> tuple[tuple[str, str], ...]:
    """``(table, column)`` of every column that refers to a record of ``table``."""
    noun = _REFERENCED.get(table)
    if noun is None:
        return ()
    found: list[tuple[str, str]] = []
    for model in SYNCED_MODELS:
        t: Table = model.__table__  # type: ignore[assignment]
        if t.name in _NEVER_REWRITTEN:
            continue
        found += [(t.name, c.name) for c in t.columns if _is_reference(c.name, noun)]
    return tuple(found)


@cache
def unique_keys(table: str) -> tuple[tuple[str, ...], ...]:
    """The unique column sets of a synced table besides its id."""
    t = table_of(table)
    keys: set[tuple[str, ...]] = {(c.name,) for c in t.columns if c.unique and not c.primary_key}
    keys |= {
        tuple(c.name for c in con.columns)
        for con in t.constraints
        if isinstance(con, UniqueConstraint)
    }
    return tuple(sorted(keys))


def _rewrite(values: dict[str, Any] | None, noun: str, alias: str, survivor: str) -> bool:
    if not values:
        return False
    changed = False
    for name, value in values.items():
        if value == alias and _is_reference(name, noun):
            values[name] = survivor
            changed = True
    return changed


def rewrite_outbox_references(session: Session, table: str, alias: str, survivor: str) -> int:
    """Waiting outbox entries that refer to ``alias`` refer to ``survivor`` instead."""
    noun = _REFERENCED.get(table)
    if noun is None:
        return 0
    rows = session.execute(
        select(outbox.c.seq, outbox.c.new_values, outbox.c.old_values).where(
            outbox.c.state == "pending",
            or_(outbox.c.new_values.contains(alias), outbox.c.old_values.contains(alias)),
            outbox.c.table_name.notin_(_NEVER_REWRITTEN),
        )
    ).all()
    count = 0
    for row in rows:
        new = json.loads(row.new_values)
        old = json.loads(row.old_values) if row.old_values else None
        changed = _rewrite(new, noun, alias, survivor) | _rewrite(old, noun, alias, survivor)
        if changed:
            session.execute(
                update(outbox)
                .where(outbox.c.seq == row.seq)
                .values(
                    new_values=json.dumps(new, ensure_ascii=False),
                    old_values=None if old is None else json.dumps(old, ensure_ascii=False),
                )
            )
            count += 1
    return count


def fold_into(session: Session, table: str, alias_id: str, survivor_id: str) -> None:
    """Make ``alias_id`` one with ``survivor_id`` locally (capture must be suppressed)."""
    if alias_id == survivor_id:
        return
    for ref_table, column in reference_columns(table):
        t = table_of(ref_table)
        session.execute(update(t).where(t.c[column] == alias_id).values({column: survivor_id}))
    rewrite_outbox_references(session, table, alias_id, survivor_id)
    t = table_of(table)
    if session.execute(select(t.c.id).where(t.c.id == survivor_id)).first() is not None:
        session.execute(delete(t).where(t.c.id == alias_id))
    else:
        session.execute(update(t).where(t.c.id == alias_id).values(id=survivor_id, version=0))


def clashing_ids(
    session: Session, table: str, record_id: str, values: Mapping[str, Any]
) -> set[str]:
    """Local records other than ``record_id`` that hold one of its unique keys."""
    t = table_of(table)
    conditions = []
    for key in unique_keys(table):
        if all(values.get(c) is not None for c in key):
            conditions.append(and_(*(t.c[c] == values[c] for c in key)))
    if not conditions:
        return set()
    rows = session.execute(select(t.c.id).where(or_(*conditions), t.c.id != record_id))
    return {r.id for r in rows}

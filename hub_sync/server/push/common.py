"""What both ways of applying a batch share: natural keys, stamps, references,
duplicate filling, model tables."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    Table,
    UniqueConstraint,
)

from hub_sync.model import MODELS_BY_TABLE
from hub_sync.protocol.messages import Op, OpResult, OpStatus

# Natural keys: a second record with the same key is the same real person or employer.
NATURAL_KEY = {"persons": "citizen_id", "employers": "uscc"}
STAMPS = ("changed_station", "changed_staff", "changed_at")
CHUNK = 1000  # ids per IN list


def rejected(op: Op, reason: str) -> OpResult:
    return OpResult(seq=op.seq, status=OpStatus.REJECTED, reason=reason[:500])


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


def references(op: Op) -> Iterator[tuple[str, str, str, object]]:
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


def fill_gaps(op: Op, hub_values: Mapping[str, Any]) -> dict[str, Any]:
    """A duplicate's sent values where the survivor has nothing."""
    return {
        k: v
        for k, v in op.fields.items()
        if hub_values.get(k) in (None, "") and v not in (None, "")
    }


def clashes(op: Op, hub_values: Mapping[str, Any], fill: Mapping[str, Any]) -> dict[str, Any]:
    """A duplicate's sent values that differ from the survivor's: ``[None, hub, station]``."""
    return {
        k: [None, hub_values.get(k), v]
        for k, v in op.fields.items()
        if k not in fill
        and k not in STAMPS
        and v not in (None, "")
        and hub_values.get(k) != v
        and k not in ("deleted", "conflict")
    }


class NotSetWise(Exception):
    """The batch needs something the set-wise path does not decide exactly."""


@cache
def model_table(name: str) -> Table:
    return MODELS_BY_TABLE[name].__table__  # type: ignore[return-value]


@cache
def unique_columns(name: str) -> frozenset[str]:
    """Columns under a unique constraint: changing one may collide with another record."""
    table = model_table(name)
    out = {c.name for c in table.columns if c.unique}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            out.update(c.name for c in constraint.columns)
    return frozenset(out)


@cache
def column_names(name: str) -> tuple[str, ...]:
    return tuple(c.name for c in model_table(name).columns)


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]

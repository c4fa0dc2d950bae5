"""Field-level three-way merge of a station's change into the hub's record.

*Base* is what the station saw before its edit (the ``old`` values its capture
trigger recorded for the fields it changed), *mine* the station's new values, and
*theirs* the hub's current record. A field merges on its own:

- the hub already holds the station's value: nothing to do, and no conflict;
- the hub still holds the base value: nobody else touched it, take the station's;
- otherwise the same field was changed differently in two places: a conflict, and the
  hub's value stands until a supervisor resolves it.

Fields the station did not change are not looked at, so edits of different fields
never conflict and the order in which two stations' edits arrive does not matter.
The bookkeeping columns (``RECORD_COLUMNS``: id, version, stamps, deleted, conflict)
are the hub's to set and are ignored here; deletion has its own rules below.

These are plain functions over plain dicts so the hub and tests can use them without
a database. Pass **wire-form** values (:func:`hub_sync.protocol.wire.to_wire`), so that
``date(2024, 3, 1)`` and ``"2024-03-01"`` or ``1`` and ``True`` cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from hub_sync.model import RECORD_COLUMNS

from .errors import WireError

DeleteDecision = Literal["apply", "noop", "conflict"]


@dataclass(frozen=True)
class MergeOutcome:
    """What to write, and which fields conflict as ``field → (base, hub, station)``."""

    apply: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)

    @property
    def unchanged(self) -> bool:
        """Nothing to apply and nothing in conflict: the hub already has this change."""
        return not self.apply and not self.conflicts

    @property
    def has_conflict(self) -> bool:
        return bool(self.conflicts)


def merge_update(
    *,
    hub: Mapping[str, Any],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> MergeOutcome:
    """Merge one station update (``old`` → ``new`` of the fields it changed) into ``hub``.

    A field whose ``old`` and ``new`` agree was not really changed by the station and
    is skipped. Raises :class:`WireError` if ``new`` names a field that ``old`` lacks
    (``missing_base``: without a base no merge is possible) or that the hub's record
    does not have (``unknown_field``).
    """
    apply: dict[str, Any] = {}
    conflicts: dict[str, tuple[Any, Any, Any]] = {}
    for name, mine in new.items():
        if name in RECORD_COLUMNS:
            continue
        if name not in old:
            raise WireError("missing_base", f"no base value for changed field {name!r}", field=name)
        if name not in hub:
            raise WireError("unknown_field", f"the record has no field {name!r}", field=name)
        base, theirs = old[name], hub[name]
        if _same(base, mine) or _same(theirs, mine):
            continue
        if _same(theirs, base):
            apply[name] = mine
        else:
            conflicts[name] = (base, theirs, mine)
    return MergeOutcome(apply=apply, conflicts=conflicts)


def _same(a: Any, b: Any) -> bool:
    """Plain equality of wire values (each column has one wire type, so no coercion)."""
    return bool(a == b)


def merge_delete(*, hub_version: int, base_version: int, hub_deleted: bool) -> DeleteDecision:
    """Decide a station's delete (tombstone) of a record.

    - already deleted at the hub: ``"noop"`` (both sides want it gone);
    - the hub's version moved on since the station's base: ``"conflict"`` (an edit
      elsewhere against this delete; a supervisor decides, the record stays);
    - otherwise ``"apply"``.

    A base version *above* the hub's cannot come from an honest station; it is also
    answered with ``"conflict"`` rather than letting the delete through.
    """
    if hub_deleted:
        return "noop"
    if hub_version != base_version:
        return "conflict"
    return "apply"


def update_on_deleted(hub_deleted: bool) -> bool:
    """Whether an update (or insert of an existing id) conflicts with a hub-side delete.

    True when the hub holds a tombstone: the station edited a record someone else
    deleted, which is the "edit against delete" conflict of the design.
    """
    return hub_deleted


def apply_outcome(hub: Mapping[str, Any], outcome: MergeOutcome) -> dict[str, Any]:
    """The hub's record after the merge: the applied fields written, conflicts left."""
    return {**hub, **outcome.apply}

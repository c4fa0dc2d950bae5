"""The answer of ``GET /v1/conflicts`` (sync protocol §9.2) read into plain records.

A supervisor's queue may hold 10,000 open conflicts, and the screen waits for all of
them (issue #6: the queue opens in ≤ 500 ms). The array is therefore validated straight
from the JSON bytes into :class:`ConflictRecord` dataclasses by pydantic's compiled
validator — one pass, no intermediate dicts, no model per conflict — and a malformed
answer is still refused whole, with the place and the reason (``17.created_at: …``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, TypeAdapter, model_validator

from hub_sync import collector
from hub_sync.protocol.messages import Message

# One conflicting field: (base, hub, station) wire values (a JSON array of three).
Sides = tuple[Any, Any, Any]


@dataclass(frozen=True, slots=True)
class ConflictRecord:
    """One open conflict as the hub lists it: a plain dataclass (pydantic only checks it
    on the way in), as 10,000 of them are read in a fraction of a model's time. The sides
    and ops are tuples, not lists: the garbage collector does not track a tuple of plain
    values, so 10,000 records leave 20,000 objects (each record and its ``fields``) for
    every later full pass of the collector to walk, not 50,000."""

    id: str
    table: str
    record_id: str
    kind: str
    station_id: str
    fields: dict[str, Sides]  # field → (base, hub, station) wire values
    created_at: AwareDatetime  # the hub always sends the offset; a naive time is refused
    ops: tuple[str, ...] = ()
    status: str = "open"
    area_code: str | None = None

    @property
    def pattern(self) -> tuple[str, str, tuple[str, ...]]:
        """What bulk resolution groups by: same table, same kind, same fields."""
        return (self.table, self.kind, tuple(sorted(self.fields)))

    def age_days(self, now: datetime) -> float:
        return (now - self.created_at).total_seconds() / 86400


_RECORDS = TypeAdapter(list[ConflictRecord])


class ConflictList(Message):
    """The answer of ``GET /v1/conflicts``: a JSON array of conflicts, read as a message
    (``HubClient.call`` reads answers with ``model_validate_json``)."""

    items: list[ConflictRecord]

    @model_validator(mode="before")
    @classmethod
    def _wrap(cls, data: Any) -> Any:  # model_validate() of the bare array, as from JSON
        return {"items": data} if isinstance(data, list) else data

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, **options: Any
    ) -> ConflictList:
        # The array is the whole body (no {"items": …} around it): validated as the list
        # of records it is; a pydantic.ValidationError says which item and field is wrong.
        # No collection while the 10,000 records are made: none of them can be freed.
        with collector.paused():
            return cls.model_construct(items=_RECORDS.validate_json(json_data, **options))

    @property
    def conflicts(self) -> list[ConflictRecord]:
        return self.items

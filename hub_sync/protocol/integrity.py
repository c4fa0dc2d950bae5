"""Integrity check: station and hub compare each table's records as (id, version).

Both sides summarise the same set — the records of the station's scope as of the
station's pull cursor — as a count and a SHA-256 over the sorted ``id:version`` lines.
A table whose summaries differ is repaired alone: the station asks for the hub's list
of (id, version) and fetches only what differs; nothing is "chosen" wholesale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Annotated

from pydantic import Field

from .messages import Change, Cursor, Message, TableName, Uuid


class TableSummary(Message):
    count: Annotated[int, Field(ge=0)]
    digest: Annotated[str, Field(min_length=64, max_length=64)]


class IntegrityRequest(Message):
    cursor: Cursor
    tables: dict[TableName, TableSummary]


class IntegrityResponse(Message):
    mismatched: list[str]
    hub: dict[str, TableSummary]


class RecordVersions(Message):
    """The hub's (id, version) pairs of one table in the station's scope."""

    table: TableName
    records: list[tuple[str, int]]


class RecordsResponse(Message):
    changes: list[Change]


class RecordsRequest(Message):
    table: TableName
    ids: Annotated[list[Uuid], Field(min_length=1, max_length=2000)]


def summarise(pairs: Iterable[tuple[str, int]]) -> TableSummary:
    lines = sorted(f"{record_id}:{version}" for record_id, version in pairs)
    digest = hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()
    return TableSummary(count=len(lines), digest=digest)

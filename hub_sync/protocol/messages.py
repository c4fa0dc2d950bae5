"""The messages of the sync protocol (renshe-sync/1), as pydantic models.

Field names are the wire names. Every body is JSON; bodies may be gzip- or
zstd-compressed (``Content-Encoding``). ``docs/sync-protocol.md`` is the prose
specification of the same messages.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
Uuid = Annotated[str, Field(min_length=36, max_length=36, pattern=r"^[0-9a-f-]{36}$")]
TableName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpKind(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    UNDELETE = "undelete"


class Op(Message):
    """One outbox entry of a station."""

    seq: Annotated[int, Field(ge=1)]
    table: TableName
    record_id: Uuid
    op: OpKind
    base_version: Annotated[int, Field(ge=0)]
    # The changed fields (the whole record for an insert), wire-typed: dates as
    # "YYYY-MM-DD", times as ISO 8601 UTC, booleans as true/false.
    fields: dict[str, Any]
    old: dict[str, Any] | None = None  # the changed fields' values before (updates)
    hlc: Annotated[str, Field(max_length=40)]


class PushRequest(Message):
    ops: Annotated[list[Op], Field(min_length=1, max_length=1000)]


class OpStatus(StrEnum):
    APPLIED = "applied"  # stored as sent; new version
    MERGED = "merged"  # combined with changes made elsewhere; new version
    CONFLICT = "conflict"  # same field changed differently: a supervisor decides
    REJECTED = "rejected"  # refused for good (reason); never retried
    DUPLICATE = "duplicate"  # a second record of the same person: merged into ``merged_into``


class OpResult(Message):
    seq: int
    status: OpStatus
    version: int | None = None
    conflict_id: str | None = None
    merged_into: str | None = None
    reason: str | None = None


class PushResponse(Message):
    results: list[OpResult]
    acked_seq: int  # highest contiguous station sequence the hub holds


class Cursor(Message):
    epoch: str
    seq: Annotated[int, Field(ge=0)]


class Change(Message):
    server_seq: int
    table: TableName
    record_id: Uuid
    version: int
    deleted: bool = False
    conflict: bool = False
    values: dict[str, Any]  # the whole record, wire-typed


class PullResponse(Message):
    changes: list[Change]
    cursor: Cursor
    more: bool
    resync: bool = False  # the cursor is from another epoch or past the horizon


class Hello(Message):
    protocol_versions: list[int]
    client_version: str
    station_clock: str  # the station's own clock, ISO 8601, for the offset check


class HelloResponse(Message):
    protocol: int
    hub_time: str
    epoch: str
    clock_offset_ms: int
    clock_warning: str | None = None


class EnrolRequest(Message):
    code: Annotated[str, Field(min_length=8, max_length=64)]
    public_key: Annotated[str, Field(min_length=40, max_length=60)]  # base64 of 32 bytes
    client_version: str


class EnrolResponse(Message):
    station_id: Uuid
    org_code: str
    name: str
    epoch: str


class ErrorBody(Message):
    code: str  # machine code, see docs/sync-protocol.md
    message: str
    detail: Any | None = None


Status = Literal["ok", "error"]

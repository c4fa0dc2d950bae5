"""Tables only the station has: the outbox, the capture switch and sync bookkeeping."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, Integer, MetaData, String, Table, Text

local_metadata = MetaData()

# Every local change to a synced record, in order; written by the capture triggers in
# the same transaction as the change. ``seq`` is AUTOINCREMENT so a number is never
# reused after acknowledged entries are removed: the hub keys idempotency on it.
outbox = Table(
    "outbox",
    local_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("op", String(10), nullable=False),  # insert / update / delete / undelete
    Column("old_values", Text),  # JSON of the changed fields before
    Column("new_values", Text, nullable=False),  # JSON of the changed fields after
    Column("base_version", Integer, nullable=False),
    Column("changed_at", String(32), nullable=False),
    Column("state", String(10), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("error", Text),
    Index("ix_outbox_record", "record_id", "table_name"),
    sqlite_autoincrement=True,
)

# One row. Applying pulled changes sets ``suppressed`` inside its own transaction, so
# the triggers stay quiet for exactly those writes and no other connection sees it.
capture_control = Table(
    "capture_control",
    local_metadata,
    Column("id", Integer, primary_key=True),
    Column("suppressed", Integer, nullable=False, server_default="0"),
    CheckConstraint("id = 1", name="ck_capture_control_one_row"),
)

# Key/value facts about this station: its identity and key (inside the encrypted
# database), the pull cursor, the learned hub clock offset, the last sync…
station_meta = Table(
    "station_meta",
    local_metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# Ops the hub refused for good (a reason per op). The hub acknowledges them, so they
# leave the outbox; they are kept here, with what was sent, until a clerk has seen them.
rejected_ops = Table(
    "rejected_ops",
    local_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),  # the outbox seq
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("op", String(10), nullable=False),
    Column("old_values", Text),
    Column("new_values", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rejected_at", String(32), nullable=False),  # UTC, ISO 8601
)

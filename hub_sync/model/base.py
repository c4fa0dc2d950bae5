"""Declarative base and the columns every synced record carries.

One definition serves the hub (PostgreSQL, SQLite for a laptop demo) and the
station store (SQLCipher SQLite), so only portable column types are used here.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import Boolean, DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from uuid6 import uuid7

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class SyncKind(enum.StrEnum):
    """How a table takes part in sync."""

    SYNCED = "synced"  # edited anywhere; field-level merge; may conflict
    INSERT_ONLY = "insert_only"  # only grows; never updated, never conflicts


def new_id() -> str:
    """A UUIDv7 as canonical text: time-ordered, so inserts stay index-friendly."""
    return str(uuid7())


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both databases (SQLite has no time zone type)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC time is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # written by a trigger or raw SQL
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    __sync_kind__: ClassVar[SyncKind | None] = None


class SyncedRecord:
    """Columns of a record that stations and the hub edit and merge field by field."""

    __sync_kind__: ClassVar[SyncKind | None] = SyncKind.SYNCED

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # 0 until the hub first accepts the record; the hub bumps it on every accepted change.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    changed_station: Mapped[str | None] = mapped_column(String(36))
    changed_staff: Mapped[str | None] = mapped_column(String(36))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utc_now)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Set by the hub while a conflict on this record waits for a supervisor.
    conflict: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class InsertOnlyRecord:
    """Columns of a record that only grows (events, contacts, evaluations, audit)."""

    __sync_kind__: ClassVar[SyncKind | None] = SyncKind.INSERT_ONLY

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    changed_station: Mapped[str | None] = mapped_column(String(36))
    changed_staff: Mapped[str | None] = mapped_column(String(36))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utc_now)


# Bookkeeping columns: the merge compares every other column field by field.
RECORD_COLUMNS = frozenset(
    {"id", "version", "changed_station", "changed_staff", "changed_at", "deleted", "conflict"}
)

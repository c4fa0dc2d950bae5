"""Service tickets (首问负责, 限时办结, AB角), evaluations and the audit log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, InsertOnlyRecord, SyncedRecord, UTCDateTime


class ServiceTicket(SyncedRecord, Base):
    """One counter matter, from acceptance to completion, with its deadline."""

    __tablename__ = "service_tickets"

    ticket_no: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    catalogue_code: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    employer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    station_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    first_owner_staff_id: Mapped[str] = mapped_column(String(36), nullable=False)  # 首问
    owner_staff_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    backup_staff_id: Mapped[str | None] = mapped_column(String(36))  # AB角
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="accepted")
    accepted_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    due_estimated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    completed_on: Mapped[date | None] = mapped_column(Date)
    missing_materials: Mapped[str | None] = mapped_column(Text)  # 一次性告知, JSON list
    subject_table: Mapped[str | None] = mapped_column(String(40))  # the record it produced
    subject_id: Mapped[str | None] = mapped_column(String(36))
    notes: Mapped[str | None] = mapped_column(Text)


class TicketHandover(InsertOnlyRecord, Base):
    """A recorded hand-over of a ticket: who, to whom, when and why."""

    __tablename__ = "ticket_handovers"

    ticket_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    from_staff_id: Mapped[str] = mapped_column(String(36), nullable=False)
    to_staff_id: Mapped[str | None] = mapped_column(String(36))
    to_level: Mapped[str | None] = mapped_column(String(10))  # hand up to town/district
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    handed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ServiceEvaluation(InsertOnlyRecord, Base):
    """好差评: the served person's rating (1 = very dissatisfied … 5 = very satisfied)."""

    __tablename__ = "service_evaluations"

    ticket_id: Mapped[str | None] = mapped_column(String(36), index=True)
    person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    station_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    staff_id: Mapped[str | None] = mapped_column(String(36), index=True)
    overall: Mapped[int] = mapped_column(Integer, nullable=False)
    efficiency: Mapped[int | None] = mapped_column(Integer)
    competence: Mapped[int | None] = mapped_column(Integer)
    attitude: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    callback_due: Mapped[date | None] = mapped_column(Date)


class AuditEntry(InsertOnlyRecord, Base):
    """One link of a station's append-only, hash-chained audit log."""

    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("station_id", "chain_seq"),)

    station_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    chain_seq: Mapped[int] = mapped_column(Integer, nullable=False)
    staff_id: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(30), nullable=False)  # view_person, reveal…
    subject_table: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    detail: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)

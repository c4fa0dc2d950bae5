"""Social insurance, mediation, inspection complaints and personnel archives."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SyncedRecord


class InsuranceEnrolment(SyncedRecord, Base):
    """参保登记 of a person or an employer for one insurance type."""

    __tablename__ = "insurance_enrolments"

    person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    employer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    insurance_type: Mapped[str] = mapped_column(String(2), nullable=False)
    enrolled_on: Mapped[date] = mapped_column(Date, nullable=False)
    review_due: Mapped[date | None] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="applied")
    stopped_on: Mapped[date | None] = mapped_column(Date)


class MediationCase(SyncedRecord, Base):
    """劳动争议调解: a dispute brought to the town's mediation."""

    __tablename__ = "mediation_cases"

    case_no: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    applicant_person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    applicant_name: Mapped[str] = mapped_column(String(50), nullable=False)
    respondent_employer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    respondent_name: Mapped[str] = mapped_column(String(200), nullable=False)
    matter: Mapped[str] = mapped_column(Text, nullable=False)
    claims: Mapped[str | None] = mapped_column(Text)
    reasons: Mapped[str | None] = mapped_column(Text)
    oral_application: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    applied_on: Mapped[date] = mapped_column(Date, nullable=False)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    refused_reason: Mapped[str | None] = mapped_column(Text)
    agreement_on: Mapped[date | None] = mapped_column(Date)
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    arbitration_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="applied")


class InspectionComplaint(SyncedRecord, Base):
    """劳动保障监察投诉: a complaint about an employer."""

    __tablename__ = "inspection_complaints"

    complaint_no: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    complainant_person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    complainant_name: Mapped[str] = mapped_column(String(50), nullable=False)
    complainant_sex: Mapped[str | None] = mapped_column(String(1))
    complainant_age: Mapped[int | None] = mapped_column(Integer)
    complainant_occupation: Mapped[str | None] = mapped_column(String(50))
    complainant_workplace: Mapped[str | None] = mapped_column(String(200))
    complainant_address: Mapped[str | None] = mapped_column(String(200))
    complainant_phone: Mapped[str | None] = mapped_column(String(30))
    employer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    employer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    employer_address: Mapped[str | None] = mapped_column(String(200))
    employer_legal_rep: Mapped[str | None] = mapped_column(String(50))
    facts: Mapped[str] = mapped_column(Text, nullable=False)
    requests: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    investigation_due: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="received")


class ArchiveRequest(SyncedRecord, Base):
    """人事档案: stations take requests and forward them to the county archive."""

    __tablename__ = "archive_requests"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)  # intake/lookup/…
    requested_on: Mapped[date] = mapped_column(Date, nullable=False)
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    receipt_due: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    file_location: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="requested")
    notes: Mapped[str | None] = mapped_column(Text)

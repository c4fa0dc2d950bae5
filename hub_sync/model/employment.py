"""Employment services: registrations, recognitions, assistance, guidance, training."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, InsertOnlyRecord, SyncedRecord


class JobSeekerRegistration(SyncedRecord, Base):
    """求职登记: what work a person is looking for."""

    __tablename__ = "job_seeker_registrations"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    station_id: Mapped[str | None] = mapped_column(String(36), index=True)
    registered_on: Mapped[date] = mapped_column(Date, nullable=False)
    intended_occupation: Mapped[str | None] = mapped_column(String(12))
    intended_division: Mapped[str | None] = mapped_column(String(12))
    expected_wage: Mapped[int | None] = mapped_column(Integer)
    skills: Mapped[str | None] = mapped_column(Text)
    work_history: Mapped[str | None] = mapped_column(Text)
    training_history: Mapped[str | None] = mapped_column(Text)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="active")


class UnemploymentRegistration(SyncedRecord, Base):
    """失业登记 and its cancellation (注销)."""

    __tablename__ = "unemployment_registrations"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    station_id: Mapped[str | None] = mapped_column(String(36), index=True)
    registration_no: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    registered_on: Mapped[date] = mapped_column(Date, nullable=False)
    unemployed_since: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(4))
    place_basis: Mapped[str] = mapped_column(String(10), nullable=False, default="hukou")
    former_employer_uscc: Mapped[str | None] = mapped_column(String(18))
    former_employer_name: Mapped[str | None] = mapped_column(String(200))
    is_4050: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_low_income: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    archive_no: Mapped[str | None] = mapped_column(String(30))
    last_contact_on: Mapped[date | None] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancellation_reason: Mapped[str | None] = mapped_column(String(4))
    valid: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class EmploymentRegistration(SyncedRecord, Base):
    """就业登记, including flexible employment (灵活就业)."""

    __tablename__ = "employment_registrations"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    employer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    employment_form: Mapped[str] = mapped_column(String(4), nullable=False)
    contract_form: Mapped[str | None] = mapped_column(String(4))
    contract_start: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    occupation_code: Mapped[str | None] = mapped_column(String(12))
    wage: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(20))
    flexible_type: Mapped[str | None] = mapped_column(String(4))
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(String(100))


class EmploymentCertificate(SyncedRecord, Base):
    """就业创业证: the real-name certificate every transaction is recorded on."""

    __tablename__ = "employment_certificates"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    certificate_no: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    certificate_type: Mapped[str | None] = mapped_column(String(4))
    issuing_org: Mapped[str] = mapped_column(String(12), nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    last_annual_check_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="valid")


class HardToEmployRecognition(SyncedRecord, Base):
    """就业困难人员认定: an application that passes review steps."""

    __tablename__ = "hard_to_employ_recognitions"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    serial_no: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    category: Mapped[str] = mapped_column(String(3), nullable=False)
    monthly_income: Mapped[int | None] = mapped_column(Integer)
    applied_on: Mapped[date] = mapped_column(Date, nullable=False)
    current_step: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="applied")
    decided_on: Mapped[date | None] = mapped_column(Date)
    policy_benefit: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancellation_kind: Mapped[str | None] = mapped_column(String(6))  # auto/manual
    cancellation_reason: Mapped[str | None] = mapped_column(String(100))


class RecognitionReview(InsertOnlyRecord, Base):
    """One review decision on a recognition (first review, final review…)."""

    __tablename__ = "recognition_reviews"

    recognition_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    step: Mapped[str] = mapped_column(String(20), nullable=False)
    reviewer_staff_id: Mapped[str] = mapped_column(String(36), nullable=False)
    reviewer_org: Mapped[str] = mapped_column(String(12), nullable=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    result: Mapped[str] = mapped_column(String(8), nullable=False)  # pass/fail
    reason: Mapped[str | None] = mapped_column(Text)


class AssistancePlan(SyncedRecord, Base):
    """就业援助: the plan to place one person (or zero-employment household)."""

    __tablename__ = "assistance_plans"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    owner_staff_id: Mapped[str | None] = mapped_column(String(36))
    opened_on: Mapped[date] = mapped_column(Date, nullable=False)
    target_on: Mapped[date | None] = mapped_column(Date)
    zero_employment_household: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    rounds: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    refusals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    outcome: Mapped[str | None] = mapped_column(String(20))
    employment_form: Mapped[str | None] = mapped_column(String(4))


class AssistanceContact(InsertOnlyRecord, Base):
    """One contact of an assistance plan: a guidance session, a job offer, a visit."""

    __tablename__ = "assistance_contacts"

    plan_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    contacted_on: Mapped[date] = mapped_column(Date, nullable=False)
    method: Mapped[str] = mapped_column(String(4), nullable=False)
    assistance_type: Mapped[str | None] = mapped_column(String(4))
    vacancy_id: Mapped[str | None] = mapped_column(String(36))
    content: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))


class GuidanceSession(SyncedRecord, Base):
    """职业指导: a career-guidance session."""

    __tablename__ = "guidance_sessions"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    counsellor_staff_id: Mapped[str | None] = mapped_column(String(36))
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    session_type: Mapped[str] = mapped_column(String(4), nullable=False)
    content_code: Mapped[str | None] = mapped_column(String(4))
    result: Mapped[str | None] = mapped_column(Text)


class TrainingReferral(SyncedRecord, Base):
    """职业培训: a referral to a training course."""

    __tablename__ = "training_referrals"

    person_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    course: Mapped[str] = mapped_column(String(100), nullable=False)
    provider: Mapped[str | None] = mapped_column(String(100))
    occupation_code: Mapped[str | None] = mapped_column(String(12))
    referred_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="referred")
    result: Mapped[str | None] = mapped_column(String(20))

"""The data model of synced records: one definition for the hub and the station store."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from .base import RECORD_COLUMNS, Base, SyncKind, UTCDateTime, new_id, utc_now
from .cases import ArchiveRequest, InspectionComplaint, InsuranceEnrolment, MediationCase
from .employment import (
    AssistanceContact,
    AssistancePlan,
    EmploymentCertificate,
    EmploymentRegistration,
    GuidanceSession,
    HardToEmployRecognition,
    JobSeekerRegistration,
    RecognitionReview,
    TrainingReferral,
    UnemploymentRegistration,
)
from .org import OrgUnit, Staff, Station
from .people import TARGET_GROUP_FLAGS, Employer, Person, Vacancy
from .reviews import ReviewDecision
from .services import AuditEntry, ServiceEvaluation, ServiceTicket, TicketHandover

metadata = Base.metadata

# Every synced model class, in an order where referenced kinds come first.
SYNCED_MODELS: tuple[type[Base], ...] = (
    OrgUnit,
    Station,
    Staff,
    Person,
    Employer,
    Vacancy,
    JobSeekerRegistration,
    UnemploymentRegistration,
    EmploymentRegistration,
    EmploymentCertificate,
    HardToEmployRecognition,
    RecognitionReview,
    AssistancePlan,
    AssistanceContact,
    GuidanceSession,
    TrainingReferral,
    InsuranceEnrolment,
    MediationCase,
    InspectionComplaint,
    ReviewDecision,
    ArchiveRequest,
    ServiceTicket,
    TicketHandover,
    ServiceEvaluation,
    AuditEntry,
)

MODELS_BY_TABLE: dict[str, type[Base]] = {m.__tablename__: m for m in SYNCED_MODELS}


def sync_kind(table: Table | str) -> SyncKind:
    name = table if isinstance(table, str) else table.name
    kind = MODELS_BY_TABLE[name].__sync_kind__
    assert kind is not None
    return kind


def table_of(model: type[Base] | str) -> Table:
    """The Core table of a model class or table name, typed as a Table."""
    cls = MODELS_BY_TABLE[model] if isinstance(model, str) else model
    return cast(Table, cls.__table__)


def synced_tables() -> list[Table]:
    return [m.__table__ for m in SYNCED_MODELS]  # type: ignore[misc]


__all__ = [
    "RECORD_COLUMNS",
    "SYNCED_MODELS",
    "TARGET_GROUP_FLAGS",
    "ArchiveRequest",
    "AssistanceContact",
    "AssistancePlan",
    "AuditEntry",
    "Base",
    "Employer",
    "EmploymentCertificate",
    "EmploymentRegistration",
    "GuidanceSession",
    "HardToEmployRecognition",
    "InspectionComplaint",
    "InsuranceEnrolment",
    "JobSeekerRegistration",
    "MediationCase",
    "OrgUnit",
    "Person",
    "RecognitionReview",
    "ReviewDecision",
    "ServiceEvaluation",
    "ServiceTicket",
    "Staff",
    "Station",
    "SyncKind",
    "TicketHandover",
    "TrainingReferral",
    "UTCDateTime",
    "UnemploymentRegistration",
    "Vacancy",
    "metadata",
    "new_id",
    "sync_kind",
    "synced_tables",
    "table_of",
    "utc_now",
]

"""The people and employers served, and the vacancies employers offer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SyncedRecord

# Target-group flags of a person (REFERENCE.md "who is served").
TARGET_GROUP_FLAGS = (
    "is_unemployed",
    "is_hard_to_employ",
    "is_flexible_worker",
    "is_land_lost_farmer",
    "is_graduate",
    "is_veteran",
    "is_migrant_worker",
    "is_skilled_talent",
)


class Person(SyncedRecord, Base):
    """The real-name record of one person, keyed by citizen ID number (AAC002)."""

    __tablename__ = "persons"

    citizen_id: Mapped[str] = mapped_column(String(18), unique=True, nullable=False)  # AAC002
    name: Mapped[str] = mapped_column(String(50), nullable=False)  # AAC003
    sex: Mapped[str] = mapped_column(String(1), nullable=False)  # AAC004
    ethnicity: Mapped[str | None] = mapped_column(String(2))  # AAC005
    birth_date: Mapped[date] = mapped_column(Date, nullable=False)  # AAC006
    hukou_type: Mapped[str | None] = mapped_column(String(2))  # AAC009
    hukou_division: Mapped[str | None] = mapped_column(String(12))
    residence_division: Mapped[str | None] = mapped_column(String(12), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30), index=True)
    education: Mapped[str | None] = mapped_column(String(2))  # AAC011
    marital_status: Mapped[str | None] = mapped_column(String(2))  # AAC017
    political_status: Mapped[str | None] = mapped_column(String(2))  # AAC024
    graduation_school: Mapped[str | None] = mapped_column(String(100))
    graduation_date: Mapped[date | None] = mapped_column(Date)
    four_kinds: Mapped[str | None] = mapped_column(String(1))  # A/B/C/D
    is_unemployed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_hard_to_employ: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_flexible_worker: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_land_lost_farmer: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_graduate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_veteran: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_migrant_worker: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_skilled_talent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    zero_employment_household: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    data_source: Mapped[str | None] = mapped_column(String(20))  # counter, card, import…
    verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Employer(SyncedRecord, Base):
    """An employer (用人单位), keyed by its unified social credit code."""

    __tablename__ = "employers"

    uscc: Mapped[str] = mapped_column(String(18), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    legal_representative: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(200))
    division_code: Mapped[str | None] = mapped_column(String(12), index=True)
    industry: Mapped[str | None] = mapped_column(String(10))
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    founded_on: Mapped[date | None] = mapped_column(Date)
    employee_count: Mapped[int | None] = mapped_column(Integer)


class Vacancy(SyncedRecord, Base):
    """A job an employer offers (职业介绍)."""

    __tablename__ = "vacancies"

    employer_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(100), nullable=False)
    occupation_code: Mapped[str | None] = mapped_column(String(12), index=True)
    headcount: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    wage_min: Mapped[int | None] = mapped_column(Integer)  # yuan per month
    wage_max: Mapped[int | None] = mapped_column(Integer)
    requirements: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[str | None] = mapped_column(Text)  # comma-separated skill codes
    location_division: Mapped[str | None] = mapped_column(String(12), index=True)
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")

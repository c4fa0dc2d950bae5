"""Organisation tree, stations and staff."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SyncedRecord


class OrgUnit(SyncedRecord, Base):
    """A node of city → district → town/street → village/community, by division code."""

    __tablename__ = "org_units"

    code: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)  # city/district/town/village
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)
    population: Mapped[int | None] = mapped_column(Integer)


class Station(SyncedRecord, Base):
    """A service point: the district centre, a town office or a village station."""

    __tablename__ = "stations"

    org_code: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)  # district/town/village
    population_served: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(30))
    complaint_phone: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # What the district's inspector recorded for acceptance (验收); None: not recorded.
    # Areas in square decimetres (0.01 m²): whole numbers travel exactly on the wire.
    floor_dm2: Mapped[int | None] = mapped_column(Integer)
    hall_dm2: Mapped[int | None] = mapped_column(Integer)
    archive_dm2: Mapped[int | None] = mapped_column(Integer)
    screen_dm2: Mapped[int | None] = mapped_column(Integer)
    computers: Mapped[int | None] = mapped_column(Integer)
    equipment: Mapped[str | None] = mapped_column(String(200))  # comma-separated codes
    inspected_on: Mapped[date | None] = mapped_column(Date)


class Staff(SyncedRecord, Base):
    """A staff account: role, area scope and the AB-role backup partner."""

    __tablename__ = "staff"

    username: Mapped[str] = mapped_column(String(50), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(50), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)  # rules.codes.Role
    station_id: Mapped[str | None] = mapped_column(String(36), index=True)
    area_code: Mapped[str] = mapped_column(String(12), nullable=False)  # scope: org code prefix
    backup_staff_id: Mapped[str | None] = mapped_column(String(36))  # AB角
    phone: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    absent_until: Mapped[date | None] = mapped_column(Date)

"""Bringing a station database to the current schema with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Engine

from hub_sync.migrating import Migrations

STATION_MIGRATIONS = Migrations(Path(__file__).resolve().parent / "migrations")


def upgrade(engine: Engine, revision: str = "head") -> None:
    STATION_MIGRATIONS.upgrade(engine, revision)


def current_revision(engine: Engine) -> str | None:
    return STATION_MIGRATIONS.current_revision(engine)


def head_revision() -> str | None:
    return STATION_MIGRATIONS.head_revision()


def alembic_config() -> Config:
    """For `alembic revision --autogenerate` run by a developer."""
    return STATION_MIGRATIONS.config()

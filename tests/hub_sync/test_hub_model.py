"""The shared data model and the hub's migrations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub_sync import db
from hub_sync.model import (
    SYNCED_MODELS,
    AuditEntry,
    Person,
    ServiceEvaluation,
    SyncKind,
    TicketHandover,
    new_id,
    sync_kind,
)


@pytest.fixture
def hub_engine(hub_database_url):
    engine = db.make_engine(hub_database_url)
    yield engine
    engine.dispose()


def test_unmigrated_database_is_refused_with_the_fix(hub_engine):
    with pytest.raises(db.DatabaseNotMigrated, match="renshe-hub migrate"):
        db.require_migrated(hub_engine)


def test_migrations_build_exactly_the_model(hub_engine):
    db.upgrade(hub_engine)
    db.require_migrated(hub_engine)
    with hub_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.hub_metadata())
    assert diff == []
    tables = set(inspect(hub_engine).get_table_names())
    assert {m.__tablename__ for m in SYNCED_MODELS} <= tables


def test_records_round_trip_with_utc_times_and_uuid7_ids(hub_engine):
    db.upgrade(hub_engine)
    at = datetime(2026, 11, 2, 17, 45, 1, 123456, tzinfo=timezone(timedelta(hours=8)))
    with Session(hub_engine) as s, s.begin():
        s.add(
            Person(
                citizen_id="11010519491231002X",
                name="张三",
                sex="2",
                birth_date=date(1949, 12, 31),
                changed_at=at,
            )
        )
    with Session(hub_engine) as s:
        p = s.scalars(select(Person)).one()
        assert p.changed_at == at and p.changed_at.tzinfo is not None
        assert p.changed_at.astimezone(UTC).hour == 9
        assert p.version == 0 and p.deleted is False and p.conflict is False
        assert p.id[14] == "7"  # UUID version 7
    a, b = new_id(), new_id()
    assert a < b  # time-ordered


def test_one_person_per_citizen_id(hub_engine):
    db.upgrade(hub_engine)
    with pytest.raises(IntegrityError), Session(hub_engine) as s, s.begin():
        for name in ("张三", "张叁"):
            s.add(
                Person(
                    citizen_id="11010519491231002X",
                    name=name,
                    sex="2",
                    birth_date=date(1949, 12, 31),
                )
            )
            s.flush()


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="naive"):
        Person.__table__.c.changed_at.type.process_bind_param(datetime(2026, 1, 1), None)


def test_insert_only_kinds_are_marked():
    assert sync_kind("persons") is SyncKind.SYNCED
    for model in (AuditEntry, ServiceEvaluation, TicketHandover):
        assert sync_kind(model.__tablename__) is SyncKind.INSERT_ONLY
        assert "deleted" not in model.__table__.c
    for model in SYNCED_MODELS:
        cols = model.__table__.c
        assert {"id", "version", "changed_station", "changed_staff", "changed_at"} <= set(
            cols.keys()
        )

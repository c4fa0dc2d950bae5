"""The station's migrations build the model plus capture and search, and nothing else."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from hub_sync.model import synced_tables
from station_client.store import migrate
from station_client.store.schema import station_metadata


def test_new_store_is_at_head_and_matches_the_model(make_store):
    store = make_store()
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), station_metadata())
    # The FTS shadow tables are ours but not in the model; anything else is drift.
    unexpected = [d for d in diff if not (d[0] == "remove_table" and "_search" in d[1].name)]
    assert unexpected == []


def test_every_synced_table_has_its_capture_triggers(make_store):
    store = make_store()
    with store.engine.connect() as conn:
        triggers = {
            r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        }
    for table in synced_tables():
        assert f"capture_{table.name}_insert" in triggers
        assert f"capture_{table.name}_update" in triggers
        assert f"guard_{table.name}_delete" in triggers


def test_the_head_read_from_the_scripts_is_alembics_head():
    """Opening a store compares with a head read from the scripts without Alembic."""
    from alembic.script import ScriptDirectory

    alembic_head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert migrate.head_revision() == alembic_head


def test_a_store_never_migrated_has_no_revision(tmp_path):
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert migrate.current_revision(engine) is None  # so opening it would migrate it
    engine.dispose()

"""What the station database holds beyond the shared model: capture and search DDL."""

from __future__ import annotations

from sqlalchemy import Connection, MetaData, text

from hub_sync.model import metadata as model_metadata
from hub_sync.model import synced_tables

from . import capture, search
from .local_schema import local_metadata


def station_metadata() -> MetaData:
    """Shared model tables plus the station's own, for Alembic's comparisons."""
    combined = MetaData()
    for md in (model_metadata, local_metadata):
        for table in md.tables.values():
            table.to_metadata(combined)
    return combined


def install_capture(conn: Connection) -> None:
    """(Re)create the capture triggers of every synced table from the current model.

    A migration that changes a synced table's columns calls this again so the
    triggers record the new column set. Tables the database does not have yet are left
    out: an earlier revision runs this before a later one creates them (with their
    triggers, ``0005`` say).
    """
    existing = {
        row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
    }
    for table in synced_tables():
        if table.name not in existing:
            continue
        for stmt in [*capture.drop_trigger_sql(table), *capture.create_trigger_sql(table)]:
            conn.exec_driver_sql(stmt)
    conn.exec_driver_sql("INSERT OR IGNORE INTO capture_control (id, suppressed) VALUES (1, 0)")


def install_search(conn: Connection) -> None:
    for stmt in [*search.drop_search_sql(), *search.create_search_sql()]:
        conn.exec_driver_sql(stmt)
    # Index what is already there (a no-op on a new database).
    for base in ("persons", "employers"):
        conn.execute(text(search.index_rows_sql(base)), {"after": 0})

"""The hub database: engine, metadata and Alembic migrations (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Engine, MetaData, create_engine, event

from .errors import HubError
from .migrating import Migrations
from .model import metadata as model_metadata

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseNotMigrated(HubError):
    """The hub database is not at the schema this hub needs; run `renshe-hub migrate`."""


def hub_metadata() -> MetaData:
    """Everything the hub database holds: the shared record tables and the hub's own."""
    from .server.tables import hub_tables  # the server's tables; db is the hub's module

    combined = MetaData()
    for md in (model_metadata, hub_tables):
        for table in md.tables.values():
            table.to_metadata(combined)
    return combined


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("postgresql"):
        # No pre-ping (a round trip per request); a connection the server dropped fails
        # one request (503, the station retries) and the pool is renewed. The serving hub
        # keeps as many connections as request threads (HubSettings.db_pool_size): an
        # overflow connection is closed when it is returned, and opening PostgreSQL
        # connections in every burst costs more than the requests themselves.
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
            dbapi_conn.execute("PRAGMA journal_mode = WAL")
            dbapi_conn.execute("PRAGMA busy_timeout = 30000")
            # SQLAlchemy issues BEGIN itself (below), so savepoints work as documented.
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):  # type: ignore[no-untyped-def]
            # One writer at a time, taken up front: no deadlocked lock upgrades.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def warm_pool(engine: Engine) -> None:
    """Open the pool's connections up front (PostgreSQL), as a connection pool's
    minimum-idle setting does: the first burst of stations after a start (8 a.m.) must
    not wait for the database to start a backend process per request thread."""
    if engine.dialect.name != "postgresql":
        return
    size = engine.pool.size() if hasattr(engine.pool, "size") else 0
    opened = []
    try:
        for _ in range(size):
            opened.append(engine.connect())
    finally:
        for conn in opened:
            conn.close()


HUB_MIGRATIONS = Migrations(_MIGRATIONS)


def alembic_config() -> Config:
    """For `alembic revision --autogenerate` run by a developer."""
    return HUB_MIGRATIONS.config()


def upgrade(engine: Engine, revision: str = "head") -> None:
    HUB_MIGRATIONS.upgrade(engine, revision)


def current_revision(engine: Engine) -> str | None:
    return HUB_MIGRATIONS.current_revision(engine)


def head_revision() -> str | None:
    return HUB_MIGRATIONS.head_revision()


def require_migrated(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise DatabaseNotMigrated(
            f"the hub database is at schema {current or 'none'}, this hub needs {head}: "
            "run `renshe-hub migrate` first"
        )

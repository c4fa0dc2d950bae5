"""Fixtures shared by every suite: reference data, station stores, hub databases."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from station_client.reference import ReferenceBundle, default_bundle_dir, load_bundle
from station_client.store import Actor, Store

from . import dbtemplates
from .dbtemplates import create_store, worker_tag

PG_URL = os.environ.get("RENSHE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session", autouse=True)
def _db_templates(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The migrated templates that new stores and hub databases are copied from
    (tests/dbtemplates.py) live in the session's temporary directory."""
    dbtemplates.use_directory(tmp_path_factory.mktemp("db-templates"))


@pytest.fixture(scope="session")
def reference() -> ReferenceBundle:
    return load_bundle(default_bundle_dir())


class FixedClock:
    """A clock tests can read and move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 2, 9, 30, tzinfo=UTC))


@pytest.fixture
def actor() -> Actor:
    return Actor(station_id="station-test-1", staff_id="staff-test-1")


@pytest.fixture
def make_store(
    tmp_path: Path, reference: ReferenceBundle, clock: FixedClock
) -> Iterator[Callable[..., Store]]:
    """Creates encrypted stores in the test's directory and closes them afterwards: what
    ``Store.create`` makes, copied from a migrated template (tests/dbtemplates.py)."""
    opened: list[Store] = []

    def factory(name: str = "station", secret: bytes | None = None, **kw: object) -> Store:
        if set(kw) <= {"recovery_code"}:
            recovery = kw.get("recovery_code")
            store = create_store(
                tmp_path / name,
                secret or secrets.token_bytes(32),
                reference,
                clock=clock,
                recovery_code=None if recovery is None else str(recovery),
            )
        else:
            store = Store.create(
                tmp_path / name,
                secret or secrets.token_bytes(32),
                lambda: reference,
                clock=clock,
                **kw,  # type: ignore[arg-type]
            )
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


def _pg_reachable() -> bool:
    try:
        with psycopg.connect(PG_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL server's admin URL; in CI its absence fails the run, never skips."""
    if not _pg_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but not reachable at {PG_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    return PG_URL


@pytest.fixture
def pg_database(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"renshe_t_{worker_tag()}_{secrets.token_hex(6)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = pg_server.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hub's database: every hub test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.db'}"
    return str(request.getfixturevalue("pg_database"))

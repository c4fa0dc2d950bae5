"""The fixed district in each database the reports run on: the hub on SQLite and on
PostgreSQL (migrated as deployed) and an encrypted station store. Reports only read,
so each database is loaded once per session and shared."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine

from hub_sync.model import table_of
from hub_sync.reports.workdays import WorkingDays
from station_client.reference import ReferenceBundle
from station_client.store import Store

from ..dbtemplates import migrated_hub_engine, worker_tag
from . import dataset

BACKENDS = ["hub-sqlite", "hub-postgresql", "station"]


def load_hub(engine: Engine, tables: dict[str, list[dict[str, Any]]]) -> None:
    with engine.begin() as conn:
        for name, rows in tables.items():
            if rows:
                conn.execute(table_of(name).insert(), rows)


@pytest.fixture(scope="session")
def workdays(reference: ReferenceBundle) -> WorkingDays:
    return WorkingDays.of(reference.calendar.is_working_day, reference.calendar_years)


@pytest.fixture(scope="session")
def pg_session_database(pg_server: str) -> Iterator[str]:
    """A PostgreSQL database for the whole session, dropped afterwards."""
    name = f"renshe_reports_{worker_tag()}_{secrets.token_hex(5)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{pg_server.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def hub_engine(url: str) -> Engine:
    return migrated_hub_engine(url)  # a copy of the migrated template (tests/dbtemplates.py)


def station_store(directory: Path, reference: ReferenceBundle) -> Store:
    return Store.create(directory, secrets.token_bytes(32), lambda: reference)


class FixedEngines:
    """The fixed district's databases, each made and loaded on first use."""

    def __init__(
        self,
        request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory,
        reference: ReferenceBundle,
    ) -> None:
        self.request, self.tmp_path_factory, self.reference = request, tmp_path_factory, reference
        self.made: dict[str, Engine] = {}
        self.stores: list[Store] = []

    def __getitem__(self, backend: str) -> Engine:
        if backend not in self.made:
            tables = dataset.rows()
            if backend == "station":
                store = station_store(self.tmp_path_factory.mktemp("fixed-station"), self.reference)
                self.stores.append(store)
                store.bulk_load(tables)
                self.made[backend] = store.engine
            else:
                if backend == "hub-sqlite":
                    url = f"sqlite:///{self.tmp_path_factory.mktemp('fixed-hub')}/hub.db"
                else:
                    url = str(self.request.getfixturevalue("pg_session_database"))
                self.made[backend] = hub_engine(url)
                load_hub(self.made[backend], tables)
        return self.made[backend]

    def close(self) -> None:
        for backend, engine in self.made.items():
            if backend != "station":
                engine.dispose()
        for store in self.stores:
            store.close()


@pytest.fixture(scope="session")
def fixed_engines(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    reference: ReferenceBundle,
) -> Iterator[FixedEngines]:
    engines = FixedEngines(request, tmp_path_factory, reference)
    yield engines
    engines.close()


@pytest.fixture(params=BACKENDS)
def fixed(request: pytest.FixtureRequest, fixed_engines: FixedEngines) -> Engine:
    """The fixed district on the hub (SQLite, PostgreSQL) and in a station store."""
    return fixed_engines[str(request.param)]

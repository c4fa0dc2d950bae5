"""Stations with real encrypted stores, enrolled with a real hub on loopback.

One hub per test module and database (SQLite and PostgreSQL), started with
``running_hub``: starting a migrated hub per test would cost most of the suite's
time. Tests stay independent because each gets an area of its own (a village code
no other test uses; its stations' scope) and persons with ID numbers no other test
uses, so nothing one test does is seen by another.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from hub_sync.model import Person, utc_now
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id
from station_client.store import Actor, Store
from station_client.sync import StationIdentity, SyncAgent, enrol

from ..dbtemplates import worker_tag
from ..hubserver import RunningHub, running_hub
from ..store.helpers import person_values

_areas = itertools.count(1)
_people = itertools.count(1)


def new_area() -> str:
    """A 12-digit village code under 江宁区 (320115) that no other test uses."""
    return f"3201159{next(_areas):05d}"


def new_citizen_id() -> str:
    n = next(_people)
    born = date(1960, 1, 1) + timedelta(days=n // 400)
    return make_citizen_id("320115", born, n % 400, Sex.MALE)


@dataclass
class Station:
    store: Store
    identity: StationIdentity
    agent: SyncAgent
    area: str

    @property
    def actor(self) -> Actor:
        return Actor(self.identity.station_id, "staff-" + self.identity.station_id[-4:])

    def register(self, **over: Any) -> str:
        over.setdefault("residence_division", self.area)
        values = person_values(citizen_id=over.pop("citizen_id", None) or new_citizen_id(), **over)
        with self.store.transaction() as s:
            return self.store.persons.register(s, self.actor, values).id

    def edit(self, person_id: str, **changes: Any) -> None:
        with self.store.transaction() as s:
            self.store.persons.edit(s, self.actor, person_id, changes)

    def person(self, person_id: str) -> Person | None:
        with self.store.transaction() as s:
            return s.get(Person, person_id)

    def persons(self) -> list[Person]:
        with self.store.transaction() as s:
            return list(s.scalars(select(Person).order_by(Person.citizen_id)))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    """A real hub for the module, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        with running_hub(f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.db'}") as running:
            yield running
        return
    server = str(request.getfixturevalue("pg_server"))
    name = f"renshe_sync_{worker_tag()}_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with running_hub(f"{server.rsplit('/', 1)[0]}/{name}") as running:
            yield running
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def area() -> str:
    return new_area()


StationFactory = Callable[..., Station]


@pytest.fixture
def make_station(hub: RunningHub, make_store: Callable[..., Store], area: str) -> StationFactory:
    """An enrolled station of this test's area: ``make_station("甲村")``."""

    def factory(
        name: str,
        *,
        clock: Callable[[], datetime] = utc_now,
        **agent_options: Any,
    ) -> Station:
        store = make_store(f"station-{name}")
        identity = enrol(store, hub.url, hub.add_station(area, name), "test", clock=clock)
        agent_options.setdefault("timeout", (2.0, 20.0))
        agent = SyncAgent(store, client_version="test", clock=clock, **agent_options)
        return Station(store, identity, agent, area)

    return factory

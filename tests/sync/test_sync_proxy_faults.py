"""Answers dropped, delayed, truncated or failed on the way: nothing lost, nothing twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub_sync.model import Person
from hub_sync.server.tables import applied_ops
from station_client.store import outbox as ob
from station_client.sync import set_hub_url
from station_client.sync.agent import Phase
from station_client.sync.errors import RetryLater, SyncError

from ..faultproxy import fault_proxy


def _hub_persons(hub, ids) -> int:
    with hub.engine.connect() as c:
        return c.execute(
            select(func.count()).select_from(Person).where(Person.id.in_(ids))
        ).scalar_one()


def _applied(hub, station_id) -> int:
    with hub.engine.connect() as c:
        return c.execute(
            select(func.count())
            .select_from(applied_ops)
            .where(applied_ops.c.station_id == station_id)
        ).scalar_one()


def _pending(station) -> int:
    with station.store.engine.connect() as c:
        return ob.count_pending(c)


@pytest.fixture
def proxied(hub, make_station):
    def make(name, **agent_options):
        station = make_station(name, **agent_options)
        proxy_cm = fault_proxy(hub.url)
        proxy = proxy_cm.__enter__()
        set_hub_url(station.store, proxy.url)
        made.append(proxy_cm)
        return station, proxy

    made = []
    yield make
    for cm in made:
        cm.__exit__(None, None, None)


@pytest.mark.parametrize("fault", ["drop", "truncate", "bad_gateway"])
def test_a_lost_push_answer_is_retried_and_applied_once(hub, proxied, fault):
    station, proxy = proxied(f"lost-{fault}")
    ids = [station.register(), station.register()]
    proxy.once(fault, "/v1/push")
    with pytest.raises(SyncError):
        station.agent.sync_once()
    assert _hub_persons(hub, ids) == 2  # the hub did commit
    assert _pending(station) == 2  # but the station kept its outbox
    report = station.agent.sync_once()
    assert report.pending == 0 and _pending(station) == 0
    assert _hub_persons(hub, ids) == 2 and _applied(hub, station.identity.station_id) == 2
    assert all(station.person(pid).version == 1 for pid in ids)


def test_a_slow_answer_beyond_the_timeout_is_retried(hub, proxied):
    station, proxy = proxied("slow", timeout=(2.0, 0.5))
    pid = station.register()
    proxy.delay = 1.5
    proxy.once("delay", "/v1/push")
    with pytest.raises(SyncError):
        station.agent.sync_once()
    assert station.agent.status.phase in (Phase.OFFLINE, Phase.ERROR)
    station.agent.sync_once()
    assert _pending(station) == 0 and _hub_persons(hub, [pid]) == 1
    assert _applied(hub, station.identity.station_id) == 1


def test_a_truncated_pull_page_is_not_half_applied(hub, proxied, make_station):
    writer = make_station("writer")
    ids = [writer.register() for _ in range(5)]
    writer.agent.sync_once()
    station, proxy = proxied("reader")
    proxy.once("truncate", "/v1/pull")
    with pytest.raises(SyncError):
        station.agent.sync_once()
    assert all(station.person(pid) is None for pid in ids)
    station.agent.sync_once()
    assert all(station.person(pid) is not None for pid in ids)


def test_busy_hub_answers_are_honoured(hub, proxied):
    station, proxy = proxied("busy")
    station.register()
    proxy.always("unavailable", "/v1/")
    with pytest.raises(RetryLater) as waited:
        station.agent.sync_once()
    assert waited.value.seconds == 2
    assert station.agent.status.phase is Phase.OFFLINE
    proxy.always("pass")
    station.agent.sync_once()
    assert _pending(station) == 0

"""A station killed with SIGKILL at the worst moments of a sync loses and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub_sync.model import Person
from hub_sync.server.tables import applied_ops
from station_client.store import Store
from station_client.store import outbox as ob
from station_client.sync import SyncAgent, enrol, set_hub_url

from ..faultproxy import fault_proxy
from ..store.helpers import person_values
from .conftest import new_citizen_id

CHILD = Path(__file__).with_name("crash_station.py")
ROOT = Path(__file__).resolve().parents[2]


def _station(tmp_path, reference, hub, area, name):
    secret = os.urandom(32)
    store = Store.create(tmp_path / name, secret, lambda: reference)
    identity = enrol(store, hub.url, hub.add_station(area, name), "test")
    return store, secret, identity


def _register(store, identity, n, area):
    from station_client.store import Actor

    actor = Actor(identity.station_id, "staff-x")
    ids = []
    with store.transaction() as s:
        for _ in range(n):
            values = person_values(citizen_id=new_citizen_id(), residence_division=area)
            ids.append(store.persons.register(s, actor, values).id)
    return ids


def _run_child(data_dir, secret, mode) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), secret.hex(), mode],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def _hub_counts(hub, station_id, ids):
    with hub.engine.connect() as c:
        persons = c.execute(
            select(func.count()).select_from(Person).where(Person.id.in_(ids))
        ).scalar_one()
        applied = c.execute(
            select(func.count())
            .select_from(applied_ops)
            .where(applied_ops.c.station_id == station_id)
        ).scalar_one()
    return persons, applied


def _finish_and_check(store, hub, identity, ids):
    """Restart the station normally: everything arrives exactly once."""
    SyncAgent(store, client_version="test").sync_once()
    with store.engine.connect() as c:
        assert ob.count_pending(c) == 0
    assert _hub_counts(hub, identity.station_id, ids) == (len(ids), len(ids))
    with store.transaction() as s:
        assert all(s.get(Person, pid).version == 1 for pid in ids)


@pytest.mark.slow
def test_killed_after_the_hub_committed_but_before_the_answer(tmp_path, reference, hub, area):
    store, secret, identity = _station(tmp_path, reference, hub, area, "k1")
    ids = _register(store, identity, 3, area)
    with fault_proxy(hub.url) as proxy:
        set_hub_url(store, proxy.url)
        store.close()
        proxy.always("hold", "/v1/push")
        child = _run_child(tmp_path / "k1", secret, "plain")
        assert proxy.forwarded.wait(60), "the push never reached the hub"
        child.send_signal(signal.SIGKILL)  # the hub has committed; the answer is held
        child.wait()
        proxy.always("pass")
        proxy.release.set()
        assert _hub_counts(hub, identity.station_id, ids) == (3, 3)
        store = Store.open(tmp_path / "k1", secret, lambda: reference)
        _finish_and_check(store, hub, identity, ids)
    store.close()


@pytest.mark.slow
def test_killed_after_the_answer_but_before_the_outbox_was_cleared(tmp_path, reference, hub, area):
    store, secret, identity = _station(tmp_path, reference, hub, area, "k2")
    ids = _register(store, identity, 3, area)
    store.close()
    child = _run_child(tmp_path / "k2", secret, "after_reply")
    out, _ = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL and "dying" in out
    store = Store.open(tmp_path / "k2", secret, lambda: reference)
    with store.engine.connect() as c:
        assert ob.count_pending(c) == 3  # nothing recorded, nothing lost
    _finish_and_check(store, hub, identity, ids)
    store.close()


@pytest.mark.slow
def test_killed_in_the_middle_of_a_pull(tmp_path, reference, hub, area, make_station):
    writer = make_station("writer")
    written = [writer.register() for _ in range(4)]
    writer.agent.sync_once()
    store, secret, _ = _station(tmp_path, reference, hub, area, "k3")
    store.close()
    child = _run_child(tmp_path / "k3", secret, "mid_pull")
    out, _ = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL and "dying" in out
    store = Store.open(tmp_path / "k3", secret, lambda: reference)
    with store.transaction() as s:
        assert all(s.get(Person, pid) is None for pid in written)  # the page never committed
    SyncAgent(store, client_version="test").sync_once()
    with store.transaction() as s:
        assert all(s.get(Person, pid) is not None for pid in written)
        assert s.scalar(
            select(func.count()).select_from(Person).where(Person.id.in_(written))
        ) == len(written)
    store.close()

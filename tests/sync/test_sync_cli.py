"""`renshe-station enrol` and `renshe-station sync --once`."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_client.app import Station, StationConfig
from station_client.cli import main
from station_client.store import Actor
from station_client.sync import load_identity

from ..store.helpers import person_values
from .conftest import new_citizen_id


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RENSHE_MACHINE_SECRET", str(tmp_path / "config" / "machine.secret"))
    monkeypatch.delenv("RENSHE_DATA", raising=False)
    return tmp_path / "data"


def test_enrol_then_sync_once_prints_what_it_did(hub, area, data, capsys):
    assert main(["enrol", "--data", str(data), "--hub", hub.url, "--code", "WRONG-CODE-0000"]) == 2
    assert "注册码无效" in capsys.readouterr().err

    code = hub.add_station(area, "甲村服务站")
    assert main(["enrol", "--data", str(data), "--hub", hub.url, "--code", code]) == 0
    out = capsys.readouterr().out
    station = Station(StationConfig.from_environment(data))
    store = station.open_store()
    me = load_identity(store)
    assert me.station_id in out and "甲村服务站" in out
    with store.transaction() as s:
        store.persons.register(
            s,
            Actor(me.station_id, "clerk-1"),
            person_values(citizen_id=new_citizen_id(), residence_division=area),
        )
    station.close()

    assert main(["sync", "--once", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "pushed 1 (applied 1, merged 0, conflict 0, rejected 0, duplicate 0)" in out
    assert "pulled 1 (applied 0" in out  # its own record came back, already current
    assert "cursor " in out and ":1" in out
    assert "waiting: 0 to send, 0 in conflict, 0 rejected" in out
    assert "clock warning" not in out

    assert main(["sync", "--once", "--data", str(data)]) == 0
    assert "pushed 0 (" in capsys.readouterr().out


def test_sync_without_enrolment_or_hub_says_what_to_do(hub, data, capsys):
    station = Station(StationConfig.from_environment(data))
    station.open_store(create=True)
    station.close()
    assert main(["sync", "--once", "--data", str(data)]) == 2
    assert "enrol" in capsys.readouterr().err

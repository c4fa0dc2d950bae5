"""Station provisioning: `renshe-hub station provision` writes the file, `renshe-station
provision FILE` (or the app's first start) enrols with it, pinning the file's keys."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub_sync.protocol.provisioning import loads
from hub_sync.server import cli as hub_cli
from hub_sync.server import publications
from hub_sync.server.tables import hub_stations
from station_client import cli as station_cli
from station_client.app import Station, StationConfig
from station_client.provision_cli import auto_provision, known_files
from station_client.sync import EnrolmentRefused, is_enrolled, load_identity
from station_client.sync.provisioning import pinned_key_ids, provision, read_provisioning
from station_client.sync.updates import pinned_keys

from ..hubserver import RunningHub
from .helpers import provision_file


def station_at(tmp_path: Path, name: str = "station") -> Station:
    return Station(StationConfig(tmp_path / name, tmp_path / f"{name}.secret"))


def test_the_hub_writes_a_file_for_a_new_station(hub: RunningHub, tmp_path: Path) -> None:
    path = provision_file(hub, tmp_path / "a.renshe")
    content = loads(path.read_bytes())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (content.hub_url, content.org_code, content.name) == (
        hub.url,
        "320115001001",
        "上坊社区服务站",
    )
    with hub.engine.connect() as conn:
        keys = publications.active_keys(conn)
        row = conn.execute(select(hub_stations).where(hub_stations.c.id == content.station_id))
        assert row.one().enrolled_at is None
    assert sorted(content.publisher_keys) == sorted(keys.values())
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "renshe-station-provisioning"


def test_a_file_is_never_overwritten_and_nothing_is_made(
    hub: RunningHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = provision_file(hub, tmp_path / "a.renshe")
    before = path.read_bytes()
    with hub.engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(hub_stations))
    args = ["--database", hub.settings.database_url, "station", "provision", "--org", "3201"]
    assert hub_cli.main([*args, "--name", "x", "--hub-url", hub.url, "--out", str(path)]) == 2
    assert "never overwritten" in capsys.readouterr().err
    assert path.read_bytes() == before
    with hub.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(hub_stations)) == count


def test_a_station_enrols_with_the_file_and_trusts_its_keys_only(
    hub: RunningHub, tmp_path: Path
) -> None:
    path = provision_file(hub, tmp_path / "a.renshe")
    content = read_provisioning(path)
    # A key registered after the file was written: the hub would name it, the file not.
    later = tmp_path / "later.key"
    assert hub_cli.main(["--database", hub.settings.database_url, "keys", "generate",
                         "--out", str(later)]) == 0  # fmt: skip
    station = station_at(tmp_path)
    store = station.open_store(create=True)
    try:
        me = provision(store, content, "0.1.0")
        assert (me.station_id, me.org_code, me.hub_url) == (
            content.station_id,
            content.org_code,
            hub.url,
        )
        keys, _retired = pinned_keys(store)
        assert sorted(keys.values()) == sorted(content.publisher_keys)
        with hub.engine.connect() as conn:
            assert len(publications.active_keys(conn)) == len(keys) + 1
    finally:
        station.close()


def test_a_refused_code_leaves_the_station_as_it_was(hub: RunningHub, tmp_path: Path) -> None:
    content = read_provisioning(provision_file(hub, tmp_path / "a.renshe"))
    wrong = content.model_copy(update={"code": "AAAA-BBBB-CCCC-DDDD"})
    station = station_at(tmp_path)
    store = station.open_store(create=True)
    try:
        with pytest.raises(EnrolmentRefused):
            provision(store, wrong, "0.1.0")
        assert not is_enrolled(store)
        assert pinned_keys(store) == ({}, frozenset())
        provision(store, content, "0.1.0")  # the right file still works
        assert is_enrolled(store)
    finally:
        station.close()


def test_a_new_code_for_an_existing_station(hub: RunningHub, tmp_path: Path) -> None:
    first = read_provisioning(provision_file(hub, tmp_path / "a.renshe"))
    again = read_provisioning(
        provision_file(hub, tmp_path / "b.renshe", "--station", first.station_id)
    )
    assert (again.station_id, again.org_code, again.name) == (
        first.station_id,
        first.org_code,
        first.name,
    )
    assert again.code != first.code
    station = station_at(tmp_path)
    store = station.open_store(create=True)
    try:
        with pytest.raises(EnrolmentRefused):  # only the newest code works
            provision(store, first, "0.1.0")
        assert provision(store, again, "0.1.0").station_id == first.station_id
    finally:
        station.close()


def test_the_app_enrols_with_a_file_in_a_known_place_at_its_first_start(
    hub: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RENSHE_PROVISION", raising=False)
    station = station_at(tmp_path)
    assert known_files(station.config.data_dir)[0] == station.config.data_dir / "station.renshe"
    store = station.open_store(create=True)
    try:
        assert auto_provision(station, store) is None  # no file anywhere: first-run panel
        provision_file(hub, station.config.data_dir / "station.renshe")
        me = auto_provision(station, store)
        assert me is not None and load_identity(store).station_id == me.station_id
        assert auto_provision(station, store) is None  # enrolled: the file is not used again
    finally:
        station.close()


def test_a_used_file_is_reported_and_the_first_run_panel_comes(
    hub: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = provision_file(hub, tmp_path / "a.renshe")
    monkeypatch.setenv("RENSHE_PROVISION", str(path))
    used = station_at(tmp_path, "first")
    try:
        assert auto_provision(used, used.open_store(create=True)) is not None
    finally:
        used.close()
    second = station_at(tmp_path, "second")
    try:
        store = second.open_store(create=True)
        assert auto_provision(second, store) is None
        assert not is_enrolled(store)
    finally:
        second.close()


def test_renshe_station_provision(
    hub: RunningHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = provision_file(hub, tmp_path / "a.renshe")
    content = read_provisioning(path)
    monkeypatch.setenv("RENSHE_MACHINE_SECRET", str(tmp_path / "machine.secret"))
    data = tmp_path / "data"
    assert station_cli.main(["--data", str(data), "provision", "--check", str(path)]) == 0
    assert content.station_id in capsys.readouterr().out
    assert not (data / "station.db").exists()  # --check changes nothing
    assert station_cli.main(["--data", str(data), "provision", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"station {content.station_id}" in out and "district keys pinned" in out
    station = Station(StationConfig.from_environment(data))
    try:
        assert pinned_key_ids(station.open_store()) != []
    finally:
        station.close()
    assert station_cli.main(["--data", str(data), "provision", str(path)]) == 2  # enrolled
    assert "already enrolled" in capsys.readouterr().err


def test_a_file_that_is_not_a_provisioning_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.renshe"
    path.write_text('{"format": "renshe-station-provisioning", "hub_url": "ftp://x"}')
    assert station_cli.main(["--data", str(tmp_path / "d"), "provision", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a station provisioning file" in err and "hub_url" in err


def test_no_file_for_a_revoked_station(
    hub: RunningHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = read_provisioning(provision_file(hub, tmp_path / "a.renshe"))
    database = ["--database", hub.settings.database_url]
    assert hub_cli.main([*database, "station", "revoke", first.station_id]) == 0
    out = tmp_path / "b.renshe"
    args = [*database, "station", "provision", "--station", first.station_id]
    assert hub_cli.main([*args, "--hub-url", hub.url, "--out", str(out)]) == 2
    assert "was revoked" in capsys.readouterr().err
    assert not out.exists()

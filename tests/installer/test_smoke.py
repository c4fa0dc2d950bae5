"""The bundled app starts, opens its database, reaches its first screen and exits
cleanly: on a fresh data directory (the first-run panel), under a real X server with
the xcb plugin, and provisioned from district IT's file (the login panel)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hub_sync.server.tables import hub_stations
from station_client.sync.provisioning import read_provisioning

from ..hubserver import RunningHub
from .conftest import Artefacts
from .helpers import app_env, need_tool, provision_file, run_app, smoke_report

DATA = Path(".local") / "share" / "renshe-station"  # under the user's home
SECRET = Path(".config") / "renshe-station" / "machine.secret"


def test_a_fresh_data_directory_reaches_the_first_run_panel(
    artefacts: Artefacts, tmp_path: Path
) -> None:
    env = app_env(tmp_path / "home")
    report = smoke_report(run_app(artefacts.executable, "app", "--smoke-test", env=env))
    assert report["screen"] == "first-run"
    home = tmp_path / "home"
    assert (home / DATA / "station.db").is_file() and (home / DATA / "station.keys").is_file()
    assert (home / SECRET).is_file()
    again = smoke_report(run_app(artefacts.executable, "app", "--smoke-test", env=env))
    assert again["screen"] == "first-run"  # the database opens again (its key, its schema)


def test_the_app_runs_on_an_x_server_with_the_xcb_plugin(
    artefacts: Artefacts, tmp_path: Path
) -> None:
    need_tool("Xvfb", "xvfb")
    from ..ui.x11_harness import xvfb_display

    with xvfb_display() as display:
        env = app_env(tmp_path / "home", display=display)
        done = run_app(artefacts.executable, "app", "--smoke-test", env=env)
    assert smoke_report(done)["screen"] == "first-run"
    assert "Could not load the Qt platform plugin" not in done.stderr


def test_a_provisioned_station_reaches_the_login_screen(
    artefacts: Artefacts, hub: RunningHub, tmp_path: Path
) -> None:
    path = provision_file(hub, tmp_path / "station.renshe")
    env = app_env(tmp_path / "home")
    done = run_app(artefacts.executable, "provision", str(path), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已注册 enrolled" in done.stdout
    report = smoke_report(run_app(artefacts.executable, "app", "--smoke-test", env=env))
    assert report["screen"] == "login"
    with hub.engine.connect() as conn:
        enrolled = conn.scalar(
            select(hub_stations.c.enrolled_at).where(
                hub_stations.c.id == read_provisioning(path).station_id
            )
        )
    assert enrolled is not None


@pytest.mark.parametrize("where", ["data directory", "RENSHE_PROVISION"])
def test_the_app_enrols_from_a_file_at_its_first_start(
    artefacts: Artefacts, hub: RunningHub, tmp_path: Path, where: str
) -> None:
    env = app_env(tmp_path / "home")
    if where == "RENSHE_PROVISION":
        env["RENSHE_PROVISION"] = str(provision_file(hub, tmp_path / "from-it.renshe"))
    else:
        (tmp_path / "home" / DATA).mkdir(parents=True)
        provision_file(hub, tmp_path / "home" / DATA / "station.renshe")
    done = run_app(artefacts.executable, "app", "--smoke-test", env=env)
    assert smoke_report(done)["screen"] == "login", done.stderr
    assert "已注册 enrolled" in done.stdout

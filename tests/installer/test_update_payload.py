"""The update payload `make package` builds: `renshe-hub publish software` takes it, a
station's updater downloads, verifies and installs it (the bundle's executable runs its
self-check), and the bundle runs the pushed code from its next start."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from hub_sync.protocol.publication import PACKAGE_DESCRIPTOR, PackageDescriptor
from hub_sync.server import cli as hub_cli
from hub_sync.server.publish_cli import zip_directory
from hub_sync.server.tables import hub_stations
from installer import launcher
from station_client.app import Station, StationConfig
from station_client.sync.client import MAX_ANSWER_BYTES
from station_client.sync.identity import signed_client
from station_client.sync.provisioning import provision, read_provisioning
from station_client.sync.software import SoftwareInstall, UpdateRolledBack
from station_client.sync.updates import Updates

from ..hubserver import RunningHub
from .conftest import Artefacts
from .helpers import app_env, key_file, provision_file, run_app


def test_the_payload_is_the_bundles_application_layer(artefacts: Artefacts) -> None:
    payload = artefacts.update_payload.read_bytes()
    assert payload == zip_directory(artefacts.internal / launcher.APP_DIR)
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        descriptor = PackageDescriptor.model_validate_json(archive.read(PACKAGE_DESCRIPTOR))
        names = archive.namelist()
    assert descriptor.self_check == ["{python}", "--self-check", "{root}"]
    assert "station_client/cli.py" in names and launcher.RUNTIME_FILE in names
    assert not [n for n in names if n.startswith("hub_sync/server/")]
    # A station downloads a publication as base64 in one answer of at most 64 MiB.
    assert len(payload) * 4 / 3 < MAX_ANSWER_BYTES / 4


def _layer_as(artefacts: Artefacts, target: Path, label: str, **runtime: str) -> Path:
    """The bundle's application layer as version ``label`` (its ``__version__`` too)."""
    shutil.copytree(artefacts.internal / launcher.APP_DIR, target)
    init = target / "station_client" / "__init__.py"
    init.write_text(
        init.read_text(encoding="utf-8").replace('__version__ = "', f'__version__ = "{label}+'),
        encoding="utf-8",
    )
    for compiled in (target / "station_client" / "__pycache__").glob("__init__.*"):
        compiled.unlink()  # hash-based bytecode is trusted unchecked: it must go
    descriptor = json.loads((target / PACKAGE_DESCRIPTOR).read_text(encoding="utf-8"))
    (target / PACKAGE_DESCRIPTOR).write_text(json.dumps({**descriptor, "version": label}))
    if runtime:
        described = json.loads((target / launcher.RUNTIME_FILE).read_text(encoding="utf-8"))
        (target / launcher.RUNTIME_FILE).write_text(json.dumps({**described, **runtime}))
    return target


def _publish(hub: RunningHub, source: Path, station_id: str) -> None:
    args = ["--database", hub.settings.database_url, "publish", "software", str(source)]
    args += ["--key", str(key_file(hub)), "--stations", station_id]
    assert hub_cli.main(args) == 0


def test_a_published_update_is_installed_and_runs_from_the_next_start(
    artefacts: Artefacts, hub: RunningHub, tmp_path: Path
) -> None:
    data, secret = tmp_path / "data", tmp_path / "machine.secret"
    station = Station(StationConfig(data, secret))
    software = SoftwareInstall(data / "software", python=str(artefacts.executable))
    try:
        store = station.open_store(create=True)
        me = provision(store, read_provisioning(provision_file(hub, tmp_path / "p.renshe")), "x")
        updates = Updates(store, station.reference_install, software)

        _publish(hub, artefacts.update_payload, me.station_id)  # the artefact as built
        with signed_client(store) as client:
            outcome = updates.check(client).outcome("software")
        assert outcome is not None and outcome.outcome == "applied", outcome
        first = software.current_version()
        assert first is not None
        pushed = data / "software" / launcher.VERSIONS_DIR / str(first)
        assert launcher.chosen_app_dir(artefacts.internal, data / "software") == pushed

        newer = _layer_as(artefacts, tmp_path / "newer", "0.9.0")
        _publish(hub, newer, me.station_id)  # a directory is published zipped the same way
        with signed_client(store) as client:
            outcome = updates.check(client).outcome("software")
        assert outcome is not None and outcome.outcome == "applied", outcome
        assert software.current_version() == first + 1
    finally:
        station.close()

    env = app_env(tmp_path / "home")
    env["RENSHE_MACHINE_SECRET"] = str(secret)
    done = run_app(artefacts.executable, "--data", str(data), "sync", "--once", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    with hub.engine.connect() as conn:
        version = conn.scalar(
            select(hub_stations.c.client_version).where(hub_stations.c.id == me.station_id)
        )
    assert version == "0.9.0+0.1.0"  # the pushed code said hello, not the installed one


def test_an_update_built_for_another_runtime_is_rolled_back(
    artefacts: Artefacts, tmp_path: Path
) -> None:
    layer = _layer_as(artefacts, tmp_path / "other", "0.9.1", fingerprint="0000000000000000")
    software = SoftwareInstall(tmp_path / "software", python=str(artefacts.executable))
    with pytest.raises(UpdateRolledBack, match="install the full package"):
        software.install(3, zip_directory(layer), "zip")
    assert software.current_version() is None
    assert not (tmp_path / "software" / launcher.VERSIONS_DIR / "3").exists()

"""`renshe-hub keys` and `renshe-hub publish` on SQLite and PostgreSQL, and the
payloads they make from each kind of source."""

from __future__ import annotations

import argparse
import io
import os
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from hub_sync.model import utc_now
from hub_sync.protocol.publication import PublicationError
from hub_sync.server import publish_cli, stations
from hub_sync.server.settings import HubSettings

from ..dbtemplates import migrated_hub_engine
from ..publishing import fake_software, newer_bundle


@pytest.fixture
def engine(hub_database_url: str) -> Iterator[Engine]:
    engine = migrated_hub_engine(hub_database_url)  # copied from the migrated template
    yield engine
    engine.dispose()


def add_stations(engine: Engine, n: int) -> list[str]:
    settings = HubSettings(database_url="unused")
    with engine.begin() as conn:
        return [
            stations.add_station(
                conn, settings, org_code="320115001001", name=f"站{i}", now=utc_now()
            ).station_id
            for i in range(n)
        ]


# -- `renshe-hub keys` and `renshe-hub publish` ---------------------------------------------


def run_cli(database_url: str, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    publish_cli.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--database", database_url, *argv])
    return int(args.run(args))


def test_keys_and_publish_commands(
    hub_database_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "district-1.key", tmp_path / "district-2.key"
    assert run_cli(hub_database_url, "keys", "generate", "--out", str(first)) == 0
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    with pytest.raises(publish_cli.PublishError, match="never overwritten"):
        run_cli(hub_database_url, "keys", "generate", "--out", str(first))
    key = publish_cli.read_key_file(first)
    assert key.public_key_b64 in capsys.readouterr().out

    bundle = newer_bundle(tmp_path / "bundle", 2)
    assert run_cli(hub_database_url, "publish", "reference", str(bundle), "--key", str(first)) == 0
    assert "published reference version 2" in capsys.readouterr().out
    # A faulty bundle is refused at the district, before anything is signed.
    (bundle / "codes" / "sex.json").write_text("{}", encoding="utf-8")
    with pytest.raises(publish_cli.PublishError, match="not valid"):
        run_cli(hub_database_url, "publish", "reference", str(bundle), "--key", str(first))

    package = fake_software(tmp_path / "pkg", "1.5.0")
    ids = add_stations(engine, 2)
    assert (
        run_cli(
            hub_database_url,
            "publish",
            "software",
            str(package),
            "--key",
            str(first),
            "--stations",
            ",".join(ids),
        )
        == 0
    )
    assert "software version 1 (1.5.0" in capsys.readouterr().out
    assert run_cli(hub_database_url, "publish", "stage", "software", "1", "--percent", "100") == 0

    assert (
        run_cli(
            hub_database_url,
            "keys",
            "rotate",
            "--old",
            str(first),
            "--out",
            str(second),
            "--retire-old",
        )
        == 0
    )
    assert f"key {key.key_id} retired" in capsys.readouterr().out
    with pytest.raises(PublicationError, match="unpinned_key"):
        run_cli(hub_database_url, "publish", "software", str(package), "--key", str(first))
    assert (
        run_cli(
            hub_database_url,
            "publish",
            "software",
            str(package),
            "--key",
            str(second),
            "--label",
            "1.5.0-rebuilt",
        )
        == 0
    )
    assert run_cli(hub_database_url, "publish", "list") == 0
    listing = capsys.readouterr().out
    assert "reference" in listing and "1.5.0-rebuilt" in listing
    assert run_cli(hub_database_url, "keys", "list") == 0
    assert capsys.readouterr().out.split() == [
        publish_cli.read_key_file(second).key_id,
        publish_cli.read_key_file(second).public_key_b64,
    ]


def test_software_payloads_from_each_source(tmp_path: Path) -> None:
    package = fake_software(tmp_path / "pkg", "2.0.1")
    zipped = publish_cli.zip_directory(package)
    assert publish_cli.zip_directory(package) == zipped  # the same bytes every time
    (tmp_path / "pkg.zip").write_bytes(zipped)
    with tarfile.open(tmp_path / "pkg.tar.gz", "w:gz") as tar:
        tar.add(package, arcname=".")
    wheel = tmp_path / "renshe_station-2.0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("station_client/__init__.py", "__version__ = '2.0.1'\n")
    for source, fmt in (
        (package, "zip"),
        (tmp_path / "pkg.zip", "zip"),
        (tmp_path / "pkg.tar.gz", "zip"),
        (wheel, "wheel"),
    ):
        payload, got_format, label = publish_cli.software_payload(source)
        assert (got_format, label) == (fmt, "2.0.1"), source
        assert zipfile.ZipFile(io.BytesIO(payload)).testzip() is None
    (package / "renshe-package.json").unlink()
    with pytest.raises(publish_cli.PublishError, match=r"renshe-package\.json"):
        publish_cli.software_payload(package)

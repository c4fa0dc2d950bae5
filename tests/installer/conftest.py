"""Fixtures of the package tests: what `make package` built (``dist/package.json``),
the Debian package installed on this machine, and running the station app.

Without CI, a test whose artefacts are not built or whose tool is not installed skips;
with ``CI`` set it fails (as the PostgreSQL rule in tests/conftest.py). The ``.deb`` is
installed with apt in CI only (or with ``RENSHE_INSTALL_TEST_PACKAGE=1``): a developer's
machine is not changed behind their back.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub_sync.server import cli as hub_cli

from ..hubserver import RunningHub, running_hub
from .helpers import DIST, INSTALLED, need, need_tool


@dataclass(frozen=True)
class Artefacts:
    summary: dict[str, object]
    bundle: Path
    executable: Path
    update_payload: Path
    deb: Path | None

    @property
    def internal(self) -> Path:
        return self.bundle / "_internal"


@pytest.fixture(scope="session")
def artefacts() -> Artefacts:
    summary_path = DIST / "package.json"
    need(summary_path.is_file(), f"nothing built in {DIST}: run `make package` first")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    deb = Path(str(summary["deb"])) if summary.get("deb") else None
    found = Artefacts(
        summary,
        Path(str(summary["bundle"])),
        Path(str(summary["executable"])),
        Path(str(summary["update_payload"])),
        deb,
    )
    for path in (found.executable, found.update_payload, *([deb] if deb else [])):
        need(path.exists(), f"{path} is missing: run `make package` again")
    return found


@pytest.fixture(scope="session")
def deb(artefacts: Artefacts) -> Path:
    need(artefacts.deb is not None, "the build made no .deb (`make package` on Linux makes one)")
    assert artefacts.deb is not None
    return artefacts.deb


@pytest.fixture(scope="session")
def installed(deb: Path) -> Path:
    """The package installed with apt (reinstalled: the build under test, not an older
    one); the path of its /usr/bin/renshe-station."""
    if not (os.environ.get("CI") or os.environ.get("RENSHE_INSTALL_TEST_PACKAGE")):
        pytest.skip("the .deb is installed in CI only (or RENSHE_INSTALL_TEST_PACKAGE=1)")
    need(os.geteuid() == 0, "installing the .deb needs root")
    need_tool("apt-get", "apt")
    done = subprocess.run(
        ["apt-get", "install", "-y", "-q", "--reinstall", str(deb.resolve())],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"apt could not install {deb}:\n{done.stdout}\n{done.stderr}"
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status} ${Version}", "renshe-station"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status.startswith("install ok installed"), status
    assert INSTALLED.is_file()
    return INSTALLED


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub on loopback (SQLite) with a district key (``district.key`` beside it)."""
    work = tmp_path_factory.mktemp("installer-hub")
    with running_hub(f"sqlite:///{work / 'hub.db'}") as running:
        key = work / "district.key"
        database = running.settings.database_url
        assert hub_cli.main(["--database", database, "keys", "generate", "--out", str(key)]) == 0
        yield running

"""`pip install '.[hub]'` gives a working `renshe-hub`: the project built as a wheel
(from a copy of the tree, by pip with its build isolation: setuptools comes from the
package index or pip's cache), its ``hub`` extra declared, and the wheel installed into
a new virtual environment whose other packages come from this one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.slow


def _wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("station_client", "hub_sync"):
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    (wheel,) = out.glob("renshe_station-*.whl")
    return wheel


def test_the_hub_installs_from_a_wheel_with_its_extra(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(meta_name).decode())
        entry_points = archive.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    assert "hub" in metadata.get_all("Provides-Extra", [])
    hub_requires = [r for r in metadata.get_all("Requires-Dist", []) if 'extra == "hub"' in r]
    assert {r.split(">")[0].split("[")[0] for r in hub_requires} >= {
        "fastapi",
        "uvicorn",
        "psycopg",
    }
    assert "renshe-hub = hub_sync.server.cli:main" in entry_points
    assert "hub_sync/migrations/env.py" in names and "hub_sync/migrations/script.py.mako" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # This environment's packages (not its editable install of the project) as the deps.
    (Path(site) / "renshe-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    renshe_hub = venv / "bin" / "renshe-hub"
    where = subprocess.run(
        [str(python), "-c", "import hub_sync; print(hub_sync.__file__)"],
        cwd=tmp_path,  # not the checkout: its packages must not be the ones imported
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(site)
    database = f"sqlite:///{tmp_path / 'hub.db'}"
    done = subprocess.run(
        [str(renshe_hub), "--database", database, "migrate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "hub database at schema" in done.stdout, done.stderr
    help_text = subprocess.run(
        [str(renshe_hub), "station", "provision", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout
    assert "--hub-url" in help_text

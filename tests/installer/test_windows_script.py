"""The Windows installer script, compiled by NSIS's makensis on Linux against a
placeholder bundle laid out as the Windows build lays it out: every instruction,
page, include and file reference is checked, warnings count as errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from installer import icon

from .helpers import ROOT, need_tool

SCRIPT = ROOT / "installer" / "windows" / "renshe-station.nsi"


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> icon.Icons:
    """Rendered in a process of its own: this one must not get a Qt application."""
    svg, out = ROOT / "installer" / "icons" / "renshe-station.svg", tmp_path_factory.mktemp("i")
    subprocess.run(
        [sys.executable, "-m", "installer.icon", str(svg), str(out)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return icon.Icons(svg, out / "renshe-station.png", out / "renshe-station.ico")


def placeholder_bundle(root: Path, *, leave_out: str = "") -> Path:
    """What `python -m installer.build` leaves in dist\\renshe-station on Windows."""
    for name in (
        "renshe-station.exe",
        "renshe-station-gui.exe",
        "_internal/app/renshe-package.json",
        "_internal/app/station_client/__init__.py",
        "_internal/python311.dll",
    ):
        if name != leave_out:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(b"placeholder\n")
    return root


def makensis(bundle: Path, icons: icon.Icons, out: Path) -> subprocess.CompletedProcess[str]:
    tool = need_tool("makensis", "nsis")
    return subprocess.run(
        [
            tool,
            "-WX",  # a warning fails the build
            "-V2",
            "-DVERSION=0.1.0",
            f"-DBUNDLE_DIR={bundle}",
            f"-DICON={icons.ico}",
            f"-DOUTFILE={out}",
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_script_compiles(icons: icon.Icons, tmp_path: Path) -> None:
    out = tmp_path / "renshe-station-0.1.0-setup.exe"
    done = makensis(placeholder_bundle(tmp_path / "bundle"), icons, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes()[:2] == b"MZ"  # a Windows executable


@pytest.mark.parametrize(
    "missing", ["renshe-station-gui.exe", "renshe-station.exe", "_internal/app/renshe-package.json"]
)
def test_the_script_refuses_a_bundle_that_is_not_the_windows_station(
    icons: icon.Icons, tmp_path: Path, missing: str
) -> None:
    bundle = placeholder_bundle(tmp_path / "bundle", leave_out=missing)
    done = makensis(bundle, icons, tmp_path / "setup.exe")
    assert done.returncode != 0
    assert Path(missing).name in done.stdout + done.stderr


def test_the_script_keeps_station_data_unless_asked(tmp_path: Path) -> None:
    """Data are removed only in the optional, unticked uninstall section."""
    text = SCRIPT.read_text(encoding="utf-8")
    section = text.split('Section /o "un.')[1].split("SectionEnd")[0]
    assert ".local\\share\\${DATA_DIR_NAME}" in section
    outside = text.replace(section, "")
    assert "DATA_DIR_NAME}" not in outside.split("!define DATA_DIR_NAME")[1]
    assert "/REMOVEDATA" in text and "SelectSection ${SecRemoveData}" in text

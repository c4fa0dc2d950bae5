"""The PyInstaller bundle `make package` built: budget, contents, self-check."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from installer import launcher
from installer.app_layer import NOT_FOR_STATIONS as LEFT_OUT
from installer.app_layer import PACKAGES, RESOURCES
from installer.bundle import BUDGET_BYTES, tree_size

from .conftest import Artefacts
from .helpers import ROOT, app_env, run_app

NOT_FOR_STATIONS = (
    "fastapi",
    "starlette",
    "uvicorn",
    "psycopg",
    "pytest",
    "hypothesis",
    "libQt6WebEngineCore.so.6",
    "libQt6Quick.so.6",
    "libQt6Qml.so.6",
    "libQt6Multimedia.so.6",
    "libQt6WaylandClient.so.6",
    "libgtk-3.so.0",
    "QtQml.abi3.so",
    "QtNetwork.abi3.so",
)


def test_the_bundle_is_within_its_size_budget(artefacts: Artefacts) -> None:
    size = tree_size(artefacts.bundle)
    assert size <= BUDGET_BYTES, f"{size / 1e6:.1f} MB unpacked, budget {BUDGET_BYTES / 1e6} MB"
    assert artefacts.summary["bundle_bytes"] == size


def test_the_bundle_passes_its_self_check(artefacts: Artefacts, tmp_path: Path) -> None:
    done = run_app(artefacts.executable, "--self-check", env=app_env(tmp_path / "home"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-check passed" in done.stdout
    assert "SQLCipher" in done.stdout and "Qt 6" in done.stdout


def test_what_the_station_needs_is_in(artefacts: Artefacts) -> None:
    internal, app = artefacts.internal, artefacts.internal / launcher.APP_DIR
    for path in (
        app / launcher.DESCRIPTOR,
        app / launcher.RUNTIME_FILE,
        app / "resources" / "reference" / "manifest.json",
        app / "resources" / "i18n" / "renshe_en.ts",
        app / "resources" / "notices" / "notices.json",
        app / "station_client" / "store" / "migrations" / "env.py",
        app
        / "station_client"
        / "store"
        / "migrations"
        / "versions"
        / "0001_initial_station_schema.py",
        internal / launcher.RUNTIME_FILE,
        internal / "libzbar.so.0",
        internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm",
        internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so",
        internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqoffscreen.so",
        internal / "certifi" / "cacert.pem",
    ):
        assert path.is_file(), path
    assert list((internal / "sqlcipher3").glob("_sqlite3*.so"))
    assert list((internal / "smartcard" / "scard").glob("_scard*.so"))


def test_what_the_station_does_not_run_is_left_out(artefacts: Artefacts) -> None:
    names = {p.name for p in artefacts.internal.rglob("*")}
    assert not names & set(NOT_FOR_STATIONS)
    app = artefacts.internal / launcher.APP_DIR
    assert not (app / "hub_sync" / "server").exists()
    assert not (app / "hub_sync" / "migrations").exists()
    translations = {p.name for p in (artefacts.internal / "PySide6/Qt/translations").iterdir()}
    assert translations <= {"qtbase_zh_CN.qm", "qt_zh_CN.qm", "qtbase_en.qm", "qt_en.qm"}


def test_the_application_layer_is_the_source_tree(artefacts: Artefacts) -> None:
    """The bundle's code is the tree's (a stale build is rebuilt, not tested)."""
    app = artefacts.internal / launcher.APP_DIR
    stale = []
    for package in (*PACKAGES, RESOURCES):
        for source in (ROOT / package).rglob("*"):
            relative = source.relative_to(ROOT).as_posix()
            if source.is_dir() or "__pycache__" in relative or relative.startswith(LEFT_OUT):
                continue
            bundled = app / relative
            if not bundled.is_file() or not filecmp.cmp(source, bundled, shallow=False):
                stale.append(relative)
    if stale and not os.environ.get("CI"):
        pytest.skip(f"the bundle is older than the tree ({stale[:3]}…): run `make package`")
    assert not stale

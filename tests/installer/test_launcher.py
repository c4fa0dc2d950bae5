"""The frozen station's launcher: which application layer a start runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from installer import launcher
from installer.app_layer import descriptor
from station_client.app import default_data_dir

RUNTIME = {"fingerprint": "abc", "python": "3.11"}


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        ([], {}),
        ([], {"XDG_DATA_HOME": "/x/share"}),
        ([], {"RENSHE_DATA": "/srv/station", "XDG_DATA_HOME": "/x/share"}),
    ],
)
def test_the_data_directory_is_the_stations(
    argv: list[str], environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("RENSHE_DATA", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert launcher.data_dir(argv, environ) == default_data_dir()


@pytest.mark.parametrize(
    "argv",
    [["--data", "/d", "app"], ["--data=/d", "sync"], ["app", "--data", "/d"]],
)
def test_data_on_the_command_line_wins(argv: list[str]) -> None:
    assert launcher.data_dir(argv, {"RENSHE_DATA": "/other"}) == Path("/d")


def _layer(path: Path, version: str, runtime: dict[str, str] = RUNTIME) -> Path:
    (path / "station_client").mkdir(parents=True)
    (path / "station_client" / "__init__.py").write_text("")
    (path / launcher.DESCRIPTOR).write_text(json.dumps(descriptor(version)))
    (path / launcher.RUNTIME_FILE).write_text(json.dumps(runtime))
    return path


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    internal = tmp_path / "_internal"
    _layer(internal / launcher.APP_DIR, "0.2.0")
    (internal / launcher.RUNTIME_FILE).write_text(json.dumps(RUNTIME))
    return internal


def _push(root: Path, version: int, label: str, runtime: dict[str, str] = RUNTIME) -> Path:
    layer = _layer(root / launcher.VERSIONS_DIR / str(version), label, runtime)
    (root / launcher.CURRENT_NAME).write_text(f"{version}\n")
    return layer


def test_without_updates_the_installed_layer_runs(bundle: Path, tmp_path: Path) -> None:
    assert launcher.chosen_app_dir(bundle, tmp_path / "software") == bundle / launcher.APP_DIR


def test_a_pushed_version_runs(bundle: Path, tmp_path: Path) -> None:
    pushed = _push(tmp_path / "software", 7, "0.2.1")
    assert launcher.chosen_app_dir(bundle, tmp_path / "software") == pushed


def test_a_pushed_version_for_another_runtime_does_not(bundle: Path, tmp_path: Path) -> None:
    _push(tmp_path / "software", 7, "0.3.0", runtime={"fingerprint": "other"})
    assert launcher.chosen_app_dir(bundle, tmp_path / "software") == bundle / launcher.APP_DIR


def test_an_upgraded_package_wins_over_an_older_push(bundle: Path, tmp_path: Path) -> None:
    _push(tmp_path / "software", 7, "0.1.9")
    assert launcher.chosen_app_dir(bundle, tmp_path / "software") == bundle / launcher.APP_DIR


def test_while_on_trial_the_version_before_runs(bundle: Path, tmp_path: Path) -> None:
    root = tmp_path / "software"
    before = _push(root, 7, "0.2.1")
    _push(root, 8, "0.2.2")
    trial = root / launcher.TRIAL_NAME
    trial.write_text(json.dumps({"version": 8, "previous": 7}))
    assert launcher.chosen_app_dir(bundle, root) == before
    trial.write_text(json.dumps({"version": 8, "previous": None}))
    assert launcher.chosen_app_dir(bundle, root) == bundle / launcher.APP_DIR


@pytest.mark.parametrize("pointer", ["", "seven", "9"])
def test_a_broken_pointer_runs_the_installed_layer(
    bundle: Path, tmp_path: Path, pointer: str
) -> None:
    root = tmp_path / "software"
    _push(root, 7, "0.2.1")
    (root / launcher.CURRENT_NAME).write_text(pointer)  # 9: no such version unpacked
    assert launcher.chosen_app_dir(bundle, root) == bundle / launcher.APP_DIR


def test_version_labels_compare_by_their_numbers() -> None:
    assert launcher.version_key("1.10.0") > launcher.version_key("1.9.3")
    assert launcher.version_key("0.1.0+build7") == (0, 1, 0)
    assert launcher.version_key(None) == ()

"""Helpers of the package tests (see conftest.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hub_sync.server import cli as hub_cli

from ..hubserver import RunningHub

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("RENSHE_DIST") or ROOT / "dist")
INSTALLED = Path("/usr/bin/renshe-station")
INSTALL_DIR = Path("/opt/renshe-station")


def need(condition: bool, message: str) -> None:
    """Skip the test unless ``condition``; in CI fail it instead."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def need_tool(tool: str, package: str) -> str:
    path = shutil.which(tool)
    need(path is not None, f"{tool} is needed (Debian package {package}; `make system`)")
    assert path is not None
    return path


def app_env(home: Path, *, display: str | None = None) -> dict[str, str]:
    """The environment of a station app run: its own home (so the default data and
    config directories are the test's), offscreen Qt unless given an X display."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RENSHE_", "XDG_", "QT_")) and k not in ("DISPLAY", "HOME")
    }
    home.mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(home)
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["DISPLAY"] = display
        env["QT_QPA_PLATFORM"] = "xcb"
    return env


def run_app(
    executable: Path, *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(executable), *args],
        env=env,
        cwd=env["HOME"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def smoke_report(done: subprocess.CompletedProcess[str]) -> dict[str, object]:
    """The ``smoke-test:`` line of an ``app --smoke-test`` run that exited 0."""
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stdout}\n{done.stderr}"
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("smoke-test: ")]
    assert len(lines) == 1, done.stdout
    report: dict[str, object] = json.loads(lines[0].removeprefix("smoke-test: "))
    return report


def key_file(hub: RunningHub) -> Path:
    return Path(hub.settings.database_url.removeprefix("sqlite:///")).with_name("district.key")


def provision_file(hub: RunningHub, out: Path, *extra: str, hub_url: str = "") -> Path:
    """`renshe-hub station provision …` for a new station (or ``extra`` arguments)."""
    args = ["--database", hub.settings.database_url, "station", "provision"]
    args += list(extra or ("--org", "320115001001", "--name", "上坊社区服务站"))
    assert hub_cli.main([*args, "--hub-url", hub_url or hub.url, "--out", str(out)]) == 0
    return out

"""The Debian package: its fields and files; installed with apt (CI), the installed app
checks itself, starts to its first screen and writes nothing under /opt."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..hubserver import RunningHub
from .helpers import INSTALL_DIR, app_env, need_tool, provision_file, run_app, smoke_report


def _field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_package_says_what_it_needs(deb: Path) -> None:
    assert _field(deb, "Package") == "renshe-station"
    depends = {d.strip() for d in _field(deb, "Depends").split(",")}
    assert {"pcscd", "libpcsclite1", "libzbar0", "libc6", "libxcb1"} <= depends
    assert "fonts-noto-cjk" in _field(deb, "Recommends")
    installed_kib = int(_field(deb, "Installed-Size"))
    assert 100_000 < installed_kib < 250_000 * 1000 // 1024


def test_the_package_installs_into_opt_with_a_wrapper_menu_entry_and_icon(
    deb: Path, tmp_path: Path
) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    paths = {line.split()[5].removeprefix(".") for line in listing.splitlines()}
    for path in (
        "/opt/renshe-station/renshe-station",
        "/opt/renshe-station/_internal/app/renshe-package.json",
        "/usr/bin/renshe-station",
        "/usr/share/applications/renshe-station.desktop",
        "/usr/share/icons/hicolor/256x256/apps/renshe-station.png",
        "/usr/share/icons/hicolor/scalable/apps/renshe-station.svg",
        "/etc/renshe-station/",
    ):
        assert path in paths, path
    places = ("/opt/renshe-station", "/usr/", "/etc/renshe-station/")
    assert {p for p in paths if not p.startswith(places)} <= {"/", "/opt/", "/etc/"}
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(tmp_path)], check=True)
    desktop = tmp_path / "usr/share/applications/renshe-station.desktop"
    assert "Exec=renshe-station app" in desktop.read_text(encoding="utf-8")
    validate = need_tool("desktop-file-validate", "desktop-file-utils")
    done = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    assert os.access(tmp_path / "usr/bin/renshe-station", os.X_OK)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if not p.is_symlink()
    }


def test_the_installed_app_checks_itself_and_reaches_the_login_screen(
    installed: Path, hub: RunningHub, tmp_path: Path
) -> None:
    before = _snapshot(INSTALL_DIR)
    home = tmp_path / "home"
    env = app_env(home)
    done = run_app(installed, "--self-check", env=env)
    assert done.returncode == 0 and "self-check passed" in done.stdout, done.stdout + done.stderr
    assert smoke_report(run_app(installed, "app", "--smoke-test", env=env))["screen"] == (
        "first-run"
    )
    # Per-user data: the database in the home directory, nothing written under /opt.
    data = home / ".local/share/renshe-station"
    assert (data / "station.db").is_file()
    assert (home / ".config/renshe-station/machine.secret").is_file()
    provision_file(hub, data / "station.renshe")  # district IT's file: enrolled at start
    assert smoke_report(run_app(installed, "app", "--smoke-test", env=env))["screen"] == "login"
    assert _snapshot(INSTALL_DIR) == before
    verify = subprocess.run(["dpkg", "--verify", "renshe-station"], capture_output=True, text=True)
    assert verify.returncode == 0 and not verify.stdout.strip(), verify.stdout + verify.stderr

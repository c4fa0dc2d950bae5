"""`make demo` (station_client/demo_app.py): a real hub process and the counter app,
offscreen, closed by ``--exit-after-ready`` once the demo clerk is logged in and a file
from the sample district is on screen."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIRST_RUN = "首次运行"


def _demo(folder: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-m", "station_client.demo_app", "--data", str(folder), *extra],
        env=env or {**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run.returncode, run.stdout + run.stderr


def _hub_pid(out: str) -> int:
    found = re.search(r"hub: http://127\.0\.0\.1:\d+ \(pid (\d+),", out)
    assert found, out
    return int(found.group(1))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.slow
def test_the_demo_opens_the_counter_with_the_clerk_logged_in_on_the_sample_district(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "demo"
    code, out = _demo(folder, "--persons", "300", "--exit-after-ready")
    assert code == 0, out
    assert FIRST_RUN in out
    # The station holds the district, and its first sync sent all of it to the hub.
    assert "station holds 300 persons" in out and "waiting to send 0" in out, out
    with sqlite3.connect(folder / "hub.db") as hub_db:
        assert hub_db.execute("SELECT count(*) FROM persons").fetchone()[0] == 300
    # Logged in through the real login (the hub checked the password), a file shown.
    ready = [line for line in out.splitlines() if line.startswith("demo ready:")]
    assert len(ready) == 1, out
    assert "王芳 (demo, clerk) logged in online; file of " in ready[0]
    assert _gone(_hub_pid(out)), "the hub is still running after the app closed"

    # A second run reuses the district, the enrolment and the account.
    code, again = _demo(folder, "--persons", "300", "--exit-after-ready")
    assert code == 0, again
    assert FIRST_RUN not in again
    assert "station holds 300 persons" in again
    assert any(line.startswith("demo ready:") for line in again.splitlines()), again
    assert _gone(_hub_pid(again))


def test_without_a_display_the_demo_says_how_to_run_it_and_starts_nothing(
    tmp_path: Path,
) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    code, out = _demo(tmp_path / "demo", env=env)
    assert code == 2
    assert "no display" in out and "xvfb-run" in out
    assert not (tmp_path / "demo").exists()

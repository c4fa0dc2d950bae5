"""`renshe-station demo`: the sample district in an encrypted store, seen by each role."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from station_client.cli import main
from station_client.store.engine import DB_FILE

# The console script installed beside this interpreter (.venv/bin/renshe-station).
SCRIPT = Path(sys.executable).parent / "renshe-station"
FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9X])")
FULL_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
FIRST_RUN = "首次运行"


def _demo(
    capsys: pytest.CaptureFixture[str], data: Path, persons: int = 300
) -> tuple[int, str, str]:
    code = main(["demo", "--data", str(data), "--persons", str(persons)])
    out, err = capsys.readouterr()
    return code, out, err


def _persons_line(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith("实名人员 persons:")]
    assert len(lines) == 1, out
    return lines[0]


def _section(out: str, start: str, end: str) -> str:
    assert start in out and end in out, out
    return out.split(start, 1)[1].split(end, 1)[0]


def _fingerprint(path: Path) -> tuple[int, int, bytes]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, path.read_bytes()


@pytest.fixture
def secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "machine.secret"
    monkeypatch.setenv("RENSHE_MACHINE_SECRET", str(path))
    monkeypatch.delenv("RENSHE_DATA", raising=False)
    monkeypatch.delenv("RENSHE_RESOURCES", raising=False)
    return path


def test_first_run_generates_the_district_and_reports_it(
    tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, out, err = _demo(capsys, data)
    assert code == 0, err
    assert err == ""
    assert f"{FIRST_RUN}：生成示例区 南京市江宁区（300 人）" in out
    assert "辖区 district: 南京市江宁区 (320115)" in out
    assert _persons_line(out).startswith("实名人员 persons: 300;")
    assert re.search(r"失业登记 unemployment registrations: [1-9]", out)
    assert re.search(r"服务站点 stations: [1-9][0-9]*; 工作人员 staff: [1-9]", out)
    # Loaded as if from the hub: nothing waits to be sent.
    assert "待同步 outbox: 0" in out
    # The database and its key live where they were asked to; the secret is private.
    assert (data / DB_FILE).is_file()
    assert secret.is_file()
    assert secret.stat().st_mode & 0o077 == 0


def test_the_database_on_disk_is_encrypted(
    tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, out, _err = _demo(capsys, data)
    assert code == 0
    shown = FULL_ID.findall(out)
    assert shown
    raw = (data / DB_FILE).read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for number in shown:
        assert number.encode() not in raw
    assert "江宁区".encode() not in raw


def test_second_run_reuses_the_district(
    tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, first, _err = _demo(capsys, data)
    assert code == 0
    assert FIRST_RUN in first
    code, second, err = _demo(capsys, data)
    assert code == 0, err
    assert FIRST_RUN not in second
    assert _persons_line(second) == _persons_line(first)
    assert _persons_line(second).startswith("实名人员 persons: 300;")
    for prefix in ("服务站点 stations:", "失业登记 unemployment registrations:", "辖区 district:"):
        assert [ln for ln in first.splitlines() if ln.startswith(prefix)] == [
            ln for ln in second.splitlines() if ln.startswith(prefix)
        ], prefix
    # A larger --persons on a later run does not add people to the existing district.
    code, third, _err = _demo(capsys, data, persons=500)
    assert code == 0
    assert FIRST_RUN not in third
    assert _persons_line(third) == _persons_line(first)


def test_another_machine_secret_cannot_open_the_station(
    tmp_path: Path,
    secret: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "data"
    code, _out, _err = _demo(capsys, data)
    assert code == 0
    before = {name: _fingerprint(data / name) for name in (DB_FILE, "station.keys")}
    files_before = sorted(p.name for p in data.iterdir())

    # A secret file that does not exist (another PC's configuration) ...
    missing = tmp_path / "elsewhere" / "machine.secret"
    monkeypatch.setenv("RENSHE_MACHINE_SECRET", str(missing))
    code, out, err = _demo(capsys, data)
    assert code == 2
    assert "cannot open the station database" in err
    assert FIRST_RUN not in out
    assert not missing.exists()  # no new secret made up for an existing station

    # ... and one that exists but belongs to another station.
    other = tmp_path / "other.secret"
    other.write_bytes(os.urandom(32))
    monkeypatch.setenv("RENSHE_MACHINE_SECRET", str(other))
    code, out, err = _demo(capsys, data)
    assert code == 2
    assert "cannot open the station database" in err

    assert {name: _fingerprint(data / name) for name in before} == before
    assert sorted(p.name for p in data.iterdir()) == files_before

    # The right secret still opens it, with the district intact.
    monkeypatch.setenv("RENSHE_MACHINE_SECRET", str(secret))
    code, out, _err = _demo(capsys, data)
    assert code == 0
    assert _persons_line(out).startswith("实名人员 persons: 300;")


def test_district_admin_never_sees_the_full_numbers_a_clerk_sees(
    tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _demo(capsys, tmp_path / "data")
    assert code == 0
    clerk = _section(out, "查询 search as clerk:", "查询 search as district_admin:")
    admin = _section(out, "查询 search as district_admin:", "审计日志 audit log:")
    ids = FULL_ID.findall(clerk)
    phones = FULL_MOBILE.findall(clerk)
    assert ids and phones  # the clerk is shown the people found, in full
    assert FULL_ID.findall(admin) == []
    assert FULL_MOBILE.findall(admin) == []
    for number in ids:
        assert number not in admin
        # The admin still sees which person it is: division code and last four digits.
        assert f"{number[:6]}********{number[-4:]}" in admin
    for phone in phones:
        assert phone not in admin
        assert f"{phone[:3]}****{phone[-4:]}" in admin


def test_a_first_run_that_failed_while_loading_is_completed_by_the_next_run(
    tmp_path: Path,
    secret: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "data"

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # the user pressed Ctrl-C during the long first load

    monkeypatch.setattr("station_client.demo.load_sample", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _demo(capsys, data)
    monkeypatch.undo()
    monkeypatch.setenv("RENSHE_MACHINE_SECRET", str(secret))
    code, out, err = _demo(capsys, data)
    assert code == 0, err
    assert _persons_line(out).startswith("实名人员 persons: 300;")


def test_a_negative_person_count_is_refused_without_creating_a_station(
    tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    try:
        code = main(["demo", "--data", str(data), "--persons", "-5"])
    except SystemExit as e:  # argparse's refusal of a bad argument
        code = e.code  # type: ignore[assignment]
    assert code == 2
    assert not (data / DB_FILE).exists()


def test_console_script_runs_the_demo(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("RENSHE_DATA", "RENSHE_RESOURCES")}
    env["RENSHE_MACHINE_SECRET"] = str(tmp_path / "machine.secret")
    data = tmp_path / "data"
    done = subprocess.run(
        [str(SCRIPT), "demo", "--data", str(data), "--persons", "200"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "实名人员 persons: 200;" in done.stdout
    assert "江宁区" in done.stdout
    assert (data / DB_FILE).is_file()

"""renshe-hub-backup and renshe-hub-restore against the local PostgreSQL: a database
migrated with `renshe-hub migrate` and holding a station, staff and a district key is
dumped, restored into another database and compared table by table."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import psycopg
import pytest

from hub_sync.server import cli as hub_cli

from .helpers import ROOT, need_tool

BIN = ROOT / "installer" / "hub" / "bin"
HUB = ROOT / ".venv" / "bin" / "renshe-hub"

pytestmark = pytest.mark.postgres


@contextmanager
def scratch_databases(admin_url: str, count: int) -> Iterator[list[str]]:
    names = [f"renshe_backup_{secrets.token_hex(5)}" for _ in range(count)]
    base = admin_url.rsplit("/", 1)[0]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [f"{base}/{name}" for name in names]
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def hub(database: str, *args: str, stdin: str | None = None) -> str:
    """A `renshe-hub` command, in this process (the subprocesses are the scripts)."""
    out = io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        mock.patch("sys.stdin", io.StringIO(stdin or "")),
    ):
        assert hub_cli.main(["--database", database, *args]) == 0
    return out.getvalue()


def fingerprint(database: str) -> dict[str, tuple[int, str | None]]:
    """Every table's row count and digest of its rows, and every sequence's value."""
    found: dict[str, tuple[int, str | None]] = {}
    with psycopg.connect(database) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select tablename from pg_tables where schemaname = 'public' order by 1"
            )
        ]
        for table in tables:
            digest = "md5(string_agg(t::text, '|' order by t::text))"
            row = conn.execute(f'select count(*), {digest} from "{table}" t').fetchone()
            assert row is not None
            found[table] = (row[0], row[1])
        for (sequence,) in conn.execute(
            "select sequencename from pg_sequences where schemaname = 'public'"
        ).fetchall():
            value = conn.execute(f'select last_value from "{sequence}"').fetchone()
            assert value is not None
            found[f"sequence {sequence}"] = (int(value[0]), None)
    return found


def test_a_backup_restores_into_an_identical_database(pg_server: str, tmp_path: Path) -> None:
    need_tool("pg_dump", "postgresql-client")
    with scratch_databases(pg_server, 3) as (original, restored, occupied):
        hub(original, "migrate")
        hub(original, "station", "add", "--org", "320115001001", "--name", "上坊社区服务站")
        hub(original, "keys", "generate", "--out", str(tmp_path / "district.key"))
        staff = ["staff", "add", "--username", "clerk1", "--name", "王芳", "--role", "clerk"]
        hub(original, *staff, "--area", "320115", "--password-stdin", stdin="a-long-pass-1\n")
        before = fingerprint(original)
        assert before["alembic_version"][0] == 1 and before["hub_stations"][0] == 1

        env = {**os.environ, "RENSHE_HUB_DATABASE": original}
        backup = subprocess.run(
            [str(BIN / "renshe-hub-backup"), "--out", str(tmp_path / "dumps"), "--keep-days", "0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert backup.returncode == 0, backup.stderr
        dump = Path(backup.stdout.strip())
        assert dump.parent == tmp_path / "dumps" and dump.name.startswith("renshe-hub-")
        assert dump.suffix == ".dump" and oct(dump.stat().st_mode & 0o777) == "0o600"

        restore = [str(BIN / "renshe-hub-restore"), str(dump)]
        done = subprocess.run(
            [*restore, "--database", restored], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert fingerprint(restored) == before
        assert "hub database at schema" in hub(restored, "migrate")  # at head already

        # Never over a database that has tables.
        hub(occupied, "migrate")
        refused = subprocess.run(
            [*restore, "--database", occupied], capture_output=True, text=True, timeout=120
        )
        assert refused.returncode == 1 and "restore into an empty one" in refused.stderr


def test_a_restore_can_start_a_new_epoch(pg_server: str, tmp_path: Path) -> None:
    need_tool("pg_dump", "postgresql-client")
    with scratch_databases(pg_server, 2) as (original, restored):
        hub(original, "migrate")
        env = {**os.environ, "RENSHE_HUB_DATABASE": original}
        backup = subprocess.run(
            [str(BIN / "renshe-hub-backup"), "--out", str(tmp_path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        done = subprocess.run(
            [str(BIN / "renshe-hub-restore"), backup.stdout.strip(), "--database", restored,
             "--new-epoch"],
            env={**os.environ, "RENSHE_HUB_COMMAND": str(HUB)},
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "new epoch" in done.stdout
        assert fingerprint(restored)["hub_state"] != fingerprint(original)["hub_state"]

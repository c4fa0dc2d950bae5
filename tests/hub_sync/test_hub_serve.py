"""`renshe-hub serve` as district IT runs it: a process of its own, one or more workers."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from hub_sync import db
from hub_sync.model import new_id
from hub_sync.protocol.compression import decode_body

from ..hubserver import free_port, running_hub
from .signing_client import SigningStation
from .test_hub_push import insert_op, person_fields

_CLI = (sys.executable, "-m", "hub_sync.server.cli")


def _hub(url: str, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hub_sync.server.cli", "--database", url, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        **kw,  # type: ignore[call-overload]
    )


@contextmanager
def _serving(url: str, log: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*_CLI, "--database", url, "serve", "--port", str(port), *extra],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if requests.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"hub did not start: {log.read_text()}"
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _enrolled(url: str, base: str) -> SigningStation:
    added = _hub(url, "station", "add", "--org", "320115001001", "--name", "甲村")
    assert added.returncode == 0, added.stderr
    code = re.search(r"enrolment code: (\S+)", added.stdout)
    assert code is not None, added.stdout
    return SigningStation.enrol(base, code.group(1))


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    done = _hub(url, "serve", "--port", str(free_port()))
    assert done.returncode == 2
    assert "renshe-hub migrate" in done.stderr


@pytest.mark.slow
def test_two_workers_serve_one_station_without_losing_or_repeating(
    hub_database_url: str, tmp_path: Path
) -> None:
    assert _hub(hub_database_url, "migrate").returncode == 0
    with _serving(hub_database_url, tmp_path / "hub.log", "--workers", "2") as (base, process):
        assert len(_children(process.pid)) >= 2  # the workers, as processes of their own
        station = _enrolled(hub_database_url, base)
        ids = [new_id() for _ in range(20)]
        for seq, record_id in enumerate(ids, start=1):  # each request may meet either worker
            r = station.push([insert_op(seq, record_id, **person_fields(seq))])
            assert r.status_code == 200, r.text
            assert r.json()["acked_seq"] == seq
        again = station.push([insert_op(20, ids[-1], **person_fields(20))])
        assert again.json()["results"][0]["status"] == "applied"  # answered, not re-applied
        epoch = station.post("/v1/hello", _hello()).json()["epoch"]
        pulled = station.pull(epoch, 0, 100).json()
        assert sorted(c["record_id"] for c in pulled["changes"]) == sorted(ids)


def _hello() -> dict[str, object]:
    now = datetime.now(UTC).isoformat()
    return {"protocol_versions": [1], "client_version": "test", "station_clock": now}


@pytest.mark.postgres
def test_a_dropped_database_connection_is_a_503_to_retry_then_service_resumes(
    pg_database: str, tmp_path: Path
) -> None:
    assert _hub(pg_database, "migrate").returncode == 0
    with _serving(pg_database, tmp_path / "hub.log") as (base, _process):
        station = _enrolled(pg_database, base)
        assert station.push([insert_op(1, new_id(), **person_fields(1))]).status_code == 200
        # The database restarts under the hub: every connection it holds is dropped.
        engine = db.make_engine(pg_database)
        name = pg_database.rsplit("/", 1)[1]
        with engine.begin() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        engine.dispose()
        second = insert_op(2, new_id(), **person_fields(2))
        answers = [station.push([second]) for _ in range(3)]
        refused = [a for a in answers if a.status_code != 200]
        for a in refused:  # a clear "try again later", never a bare 500
            assert a.status_code == 503, a.text
            assert a.json()["code"] == "hub_unavailable"
            assert a.headers["Retry-After"] == "5"
        assert answers[-1].status_code == 200, answers[-1].text
        assert answers[-1].json()["acked_seq"] == 2


def test_a_hub_past_its_limit_answers_429_with_retry_after_and_serves_again_after(
    tmp_path: Path,
) -> None:
    with running_hub(f"sqlite:///{tmp_path / 'hub.db'}", max_in_flight=1) as hub:
        station = SigningStation.enrol(hub.url, hub.add_station())
        port = int(hub.url.rsplit(":", 1)[1])
        # A slow station: its request is in flight while its body trickles in.
        slow = socket.create_connection(("127.0.0.1", port))
        try:
            slow.sendall(
                b"POST /v1/push HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n{"
            )
            deadline = time.monotonic() + 10
            while True:
                busy = station.push([insert_op(1, new_id(), **person_fields(1))])
                if busy.status_code == 429 or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert busy.status_code == 429, busy.text
            assert busy.json()["code"] == "hub_busy"
            assert 2 <= int(busy.headers["Retry-After"]) <= 10
            assert requests.get(f"{hub.url}/health", timeout=5).status_code == 200
        finally:
            slow.close()
        deadline = time.monotonic() + 10
        while True:  # the slow request is over: the station is served
            answer = station.push([insert_op(1, new_id(), **person_fields(1))])
            if answer.status_code != 429 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert answer.status_code == 200, answer.text
        assert answer.json()["acked_seq"] == 1


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("zstd, gzip", "zstd"),
        ("gzip", "gzip"),
        ("gzip;q=1.0, zstd;q=0", "gzip"),
        ("identity", None),
        ("zstd;q=0, gzip;q=0", None),
    ],
)
def test_big_answers_are_compressed_as_the_station_accepts(
    tmp_path: Path, accept: str, expected: str | None
) -> None:
    with running_hub(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        station = SigningStation.enrol(hub.url, hub.add_station())
        ops = [insert_op(i + 1, new_id(), **person_fields(i + 1)) for i in range(10)]
        assert station.push(ops).status_code == 200
        epoch = station.post("/v1/hello", _hello()).json()["epoch"]
        path = f"/v1/pull?epoch={epoch}&seq=0&limit=100"
        headers = {**station.headers("GET", path, b""), "Accept-Encoding": accept}
        r = requests.get(hub.url + path, headers=headers, timeout=10, stream=True)
        raw = r.raw.read(decode_content=False)
        assert r.headers.get("Content-Encoding") == expected
        body = decode_body(raw, expected, max_size=1 << 20) if expected else raw
        assert len(json.loads(body)["changes"]) == 10

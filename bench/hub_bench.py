"""Benchmarks of the district hub on PostgreSQL (issue: hub sync).

The hub runs as it is deployed: ``renshe-hub migrate`` then ``renshe-hub serve`` in a
process of its own on loopback, on a fresh PostgreSQL database made for this run and
dropped afterwards, so the load the simulated stations generate here does not share
the hub's interpreter. Stations are enrolled over HTTP and sign every request.
"""

from __future__ import annotations

import gzip
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests
import zstandard
from psycopg import sql
from sqlalchemy import Engine

from hub_sync import db
from hub_sync.model import Person, new_id, utc_now
from hub_sync.protocol.compression import encode_body
from hub_sync.protocol.hlc import HLC, node_for
from hub_sync.protocol.messages import Op, PullResponse, PushRequest, PushResponse
from hub_sync.protocol.wire import format_utc, to_wire
from hub_sync.server import state, stations
from hub_sync.server.settings import HubSettings
from station_client.reference import ReferenceBundle
from station_client.sample import area_from_reference, persons

from .harness import Report, Result, p95
from .hub_clients import BenchStation, CountingConnection, SignedRequest, raw_request, send_at_once

ROOT = Path(__file__).resolve().parents[1]
# Trust auth as user postgres on loopback; the maintenance database to create ours from.
ADMIN_DSN = os.environ.get("RENSHE_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DISTRICT = "320115"
PAGE = 2000  # the hub's pull_page_max
# Fields a station never sends for a person (the hub keeps them itself).
_NOT_SENT = frozenset({"id", "version", "conflict"})


@dataclass(frozen=True)
class Sizes:
    scope_records: int = 100_000
    merge_stations: int = 4
    merge_batches: int = 20  # in all, spread over the stations
    batch_ops: int = 500
    concurrent_stations: int = 300
    ops_per_station: int = 8
    noop_tries: int = 200
    edit_ops: int = 500


FULL = Sizes()
QUICK = Sizes(
    scope_records=10_000, merge_batches=4, merge_stations=2, concurrent_stations=30, noop_tries=50
)


# -- the hub under test ---------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hub_command(database_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "hub_sync.server.cli", "--database", database_url, *args]


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


@dataclass
class HubUnderTest:
    url: str
    database_url: str
    engine: Engine
    settings: HubSettings
    process: subprocess.Popen[bytes]

    def add_stations(self, org_code: str, names: list[str]) -> list[str]:
        """New stations' one-time enrolment codes (made directly in the hub database)."""
        with self.engine.begin() as conn:
            return [
                stations.add_station(
                    conn, self.settings, org_code=org_code, name=name, now=utc_now()
                ).code
                for name in names
            ]

    def enrol(self, org_code: str, name: str) -> BenchStation:
        return BenchStation.enrol(self.url, self.add_stations(org_code, [name])[0])

    def enrol_many(self, org_code: str, names: list[str]) -> list[BenchStation]:
        codes = self.add_stations(org_code, names)
        with ThreadPoolExecutor(8) as pool:
            return list(pool.map(lambda c: BenchStation.enrol(self.url, c), codes))

    def epoch(self) -> str:
        with self.engine.connect() as conn:
            return state.epoch(conn)

    def head(self) -> int:
        with self.engine.connect() as conn:
            return state.current_sequence(conn)


#: The district hub runs one worker process per core (`serve --workers`, set by
#: RENSHE_HUB_WORKERS in installer/hub/systemd/renshe-hub.env); so does the measured hub.
HUB_WORKERS = os.cpu_count() or 1


@contextmanager
def running_hub(work: Path, workers: int = 1) -> Iterator[HubUnderTest]:
    """A fresh database, migrated; the hub serving it on 127.0.0.1 with ``workers``
    processes (`serve --workers`); both gone afterwards."""
    name = f"renshe_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    database_url = urlunsplit(urlsplit(ADMIN_DSN)._replace(path=f"/{name}"))
    log_path = work / "hub.log"
    process: subprocess.Popen[bytes] | None = None
    engine: Engine | None = None
    try:
        migrated = subprocess.run(
            _hub_command(database_url, "migrate"), env=_env(), capture_output=True, text=True
        )
        if migrated.returncode != 0:
            raise RuntimeError(f"renshe-hub migrate failed: {migrated.stderr[-2000:]}")
        port = _free_port()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                _hub_command(database_url, "serve", "--port", str(port), "--workers", str(workers)),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_env(),
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the hub exited: {log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.1)
        engine = db.make_engine(database_url)
        print(f"  (hub pid {process.pid} on {url}, database {name})", flush=True)
        yield HubUnderTest(url, database_url, engine, HubSettings(database_url), process)
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if engine is not None:
            engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


class CpuMeter:
    """CPU seconds the hub process and PostgreSQL's processes spend (Linux /proc), to
    tell a slow hub from a slow database. Readings are None where /proc is missing."""

    def __init__(self, hub_pid: int) -> None:
        self.hub_pid = hub_pid
        self.hub = self.pg = 0.0
        self.wall = 0.0

    @staticmethod
    def _stat(pid: str) -> tuple[float, int]:
        """utime + stime, plus cutime + cstime (the postmaster collects the CPU time of
        backends that have exited, so closed connections do not drop out of the sum),
        and the parent's pid."""
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK"), int(fields[1])

    def _read(self) -> tuple[float, float]:
        hub = pg = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cpu, parent = self._stat(entry.name)
                if entry.name == str(self.hub_pid) or parent == self.hub_pid:
                    hub += cpu  # the hub and its worker processes (serve --workers)
                elif (entry / "comm").read_text().strip() == "postgres":
                    pg += cpu
            except (OSError, IndexError, ValueError):
                continue
        return hub, pg

    def __enter__(self) -> CpuMeter:
        self.wall = time.perf_counter()
        try:
            self.hub, self.pg = self._read()
        except OSError:
            self.hub = self.pg = float("nan")
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        try:
            hub, pg = self._read()
        except OSError:
            hub = pg = float("nan")
        self.hub, self.pg = hub - self.hub, pg - self.pg

    def per(self, count: int, what: str) -> str:
        if self.hub != self.hub:  # nan: no /proc
            return ""
        return (
            f"hub CPU {self.hub * 1000 / count:.2f} ms/{what} ({self.hub / self.wall:.0%} of a "
            f"core), PostgreSQL CPU {self.pg * 1000 / count:.2f} ms/{what}"
        )


# -- people and ops, as a station would send them -------------------------------------------
@dataclass
class People:
    """Synthetic persons with unique ID numbers; taken in order, never twice."""

    rows: list[dict[str, Any]]
    next: int = 0

    def take(self, n: int) -> list[dict[str, Any]]:
        if self.next + n > len(self.rows):
            raise RuntimeError("the benchmark ran out of synthetic persons")
        out = self.rows[self.next : self.next + n]
        self.next += n
        return out


class Stamper:
    """Stamps (changed_* fields and HLC) of one station's edits, a few seconds apart."""

    def __init__(self, station_id: str, start: datetime) -> None:
        self.station_id = station_id
        self.node = node_for(station_id)
        self.staff = new_id()
        self.at = start
        self.rng = random.Random(station_id)

    def stamp(self) -> tuple[dict[str, Any], str]:
        self.at += timedelta(seconds=7, microseconds=self.rng.randint(0, 999_999))
        stamps = {
            "changed_station": self.station_id,
            "changed_staff": self.staff,
            "changed_at": format_utc(self.at),
        }
        return stamps, HLC(int(self.at.timestamp() * 1000), 0, self.node).encode()


def insert_op(seq: int, row: dict[str, Any], stamper: Stamper) -> dict[str, Any]:
    stamps, hlc = stamper.stamp()
    values = {k: v for k, v in row.items() if k not in _NOT_SENT}
    row["version"] = 1  # what the hub will make of it
    return {
        "seq": seq,
        "table": "persons",
        "record_id": row["id"],
        "op": "insert",
        "base_version": 0,
        "fields": {**to_wire("persons", values), **stamps},
        "hlc": hlc,
    }


def update_op(
    seq: int, row: dict[str, Any], new: dict[str, Any], stamper: Stamper
) -> dict[str, Any]:
    """An edit of a few fields: the new values with stamps, the old values, the HLC.

    Based on the version the station last saw (or expects from the ops before it in the
    same batch, as the station client does), so the hub answers "applied"."""
    stamps, hlc = stamper.stamp()
    old = {k: row[k] for k in new}
    base = int(row["version"])
    row.update(new)
    row["version"] = base + 1
    return {
        "seq": seq,
        "table": "persons",
        "record_id": row["id"],
        "op": "update",
        "base_version": base,
        "fields": {**to_wire("persons", new), **stamps},
        "old": to_wire("persons", old),
        "hlc": hlc,
    }


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def typical_edit(rng: random.Random, row: dict[str, Any]) -> dict[str, Any]:
    """What a clerk changes at the counter: a phone, an address, a status or two.

    Every value differs from the current one (an edit that changes nothing is no op)."""
    while True:
        roll = rng.random()
        if roll < 0.45:
            new: dict[str, Any] = {"phone": _phone(rng)}
        elif roll < 0.65:
            village = str(row["address"]).rstrip("0123456789号")
            new = {"address": f"{village}{rng.randint(1, 199)}号"}
        elif roll < 0.80:
            new = {"phone": _phone(rng), "address": f"{row['address']}{rng.randint(1, 30)}室"}
        elif roll < 0.90:
            new = {"education": rng.choice(("20", "30", "40", "60", "70", "80"))}
        else:
            new = {"is_unemployed": not row["is_unemployed"], "four_kinds": rng.choice("ABCD")}
        if all(row[k] != v for k, v in new.items()):
            return new


def _statuses(responses: list[requests.Response]) -> Counter[str]:
    out: Counter[str] = Counter()
    for r in responses:
        if r.status_code != 200:
            out[f"HTTP {r.status_code}"] += 1
            continue
        for result in PushResponse.model_validate_json(r.content).results:
            out[str(result.status)] += 1
    return out


def _load_scope(hub: HubUnderTest, rows: list[dict[str, Any]], station_id: str) -> None:
    """Persons straight into the hub database with their change-log rows, as if pushed:
    COPY the records, take sequence numbers from the counter, COPY the log."""
    columns = [c.name for c in Person.__table__.columns]
    missing = set(columns) - set(rows[0])
    if missing:
        raise RuntimeError(f"sample persons lack {sorted(missing)}")
    now = utc_now()
    with psycopg.connect(hub.database_url) as conn, conn.cursor() as cur:
        copy_persons = sql.SQL("COPY persons ({}) FROM STDIN").format(
            sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with cur.copy(copy_persons) as cp:
            for r in rows:
                cp.write_row(
                    [
                        1 if c == "version" else station_id if c == "changed_station" else r[c]
                        for c in columns
                    ]
                )
        cur.execute(
            "UPDATE hub_state SET int_value = int_value + %s WHERE key = 'change_seq' "
            "RETURNING int_value",
            (len(rows),),
        )
        first = int(cur.fetchone()[0]) - len(rows) + 1  # type: ignore[index]
        with cur.copy(
            "COPY change_log (server_seq, table_name, record_id, version, area_code, "
            "person_id, committed_at) FROM STDIN"
        ) as cp:
            for i, r in enumerate(rows):
                cp.write_row(
                    [first + i, "persons", r["id"], 1, r["residence_division"], r["id"], now]
                )
        conn.commit()
        cur.execute("ANALYZE persons")
        cur.execute("ANALYZE change_log")
        conn.commit()
    for r in rows:
        r["version"] = 1


# -- the benchmarks -----------------------------------------------------------------------------
def bench_first_download(
    report: Report, hub: HubUnderTest, people: People, sizes: Sizes
) -> list[dict[str, Any]]:
    """A district-scope station's first pull of everything, page after page."""
    district = hub.enrol(DISTRICT, "区人社局 bench")
    rows = people.take(sizes.scope_records)
    start = time.perf_counter()
    _load_scope(hub, rows, district.station_id)
    print(
        f"  (loaded {len(rows):,} persons + change log into the hub database in "
        f"{time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    epoch, seq, more = hub.epoch(), 0, True
    received = pages = wire = 0
    page_ms: list[float] = []
    start = time.perf_counter()
    with CpuMeter(hub.process.pid) as cpu:
        while more:
            t0 = time.perf_counter()
            r = district.pull(epoch, seq, PAGE)
            if r.status_code != 200:
                raise RuntimeError(f"pull refused: {r.status_code} {r.text[:300]}")
            page = PullResponse.model_validate_json(r.content)
            page_ms.append((time.perf_counter() - t0) * 1000)
            wire += int(r.headers.get("content-length", len(r.content)))
            received += len(page.changes)
            pages += 1
            seq, more = page.cursor.seq, page.more
    elapsed = time.perf_counter() - start
    district.close()
    if received != len(rows):
        raise RuntimeError(f"first download got {received:,} records, not {len(rows):,}")
    report.add(
        Result(
            f"first download of a {len(rows):,}-record scope",
            elapsed,
            "s",
            10,
            False,
            f"{received / elapsed:,.0f} records/s; {pages} pages of {PAGE}, page p50 "
            f"{statistics.median(page_ms):.0f} ms; {wire / 1e6:.1f} MB gzip on the wire; "
            + cpu.per(pages, "page"),
        )
    )
    return rows


def bench_merge_throughput(report: Report, hub: HubUnderTest, people: People, sizes: Sizes) -> None:
    """Batches of 500 (half new persons, half edits of earlier ones) from a few stations."""
    n_st = sizes.merge_stations
    per_station = sizes.merge_batches // n_st
    sts = hub.enrol_many(f"{DISTRICT}001", [f"bench merge {k}" for k in range(n_st)])
    rng = random.Random(17)
    half = sizes.batch_ops // 2
    plans: list[list[list[dict[str, Any]]]] = []
    for st in sts:
        stamper = Stamper(st.station_id, datetime(2026, 11, 2, 1, tzinfo=UTC))
        seq = 0
        previous: list[dict[str, Any]] = []
        batches: list[list[dict[str, Any]]] = []
        for _ in range(per_station):
            fresh = people.take(half)
            ops = []
            for row in fresh:
                seq += 1
                ops.append(insert_op(seq, row, stamper))
            for row in previous or fresh:  # edits of the batch before (the first: its own)
                seq += 1
                ops.append(update_op(seq, row, typical_edit(rng, row), stamper))
            batches.append(ops)
            previous = fresh
        plans.append(batches)
    # Signed beforehand (the signature stays fresh for minutes) so that the clients'
    # work while the clock runs is little more than sending.
    signed = [[st.push_request(ops) for ops in plan] for st, plan in zip(sts, plans, strict=True)]
    responses: list[requests.Response] = []
    batch_ms: list[float] = []
    lock = threading.Lock()
    gate = threading.Barrier(n_st + 1)

    def station(st: BenchStation, requests_: list[SignedRequest]) -> None:
        gate.wait()
        for req in requests_:
            t0 = time.perf_counter()
            r = st.send(req)
            with lock:
                batch_ms.append((time.perf_counter() - t0) * 1000)
                responses.append(r)

    threads = [
        threading.Thread(target=station, args=(st, reqs))
        for st, reqs in zip(sts, signed, strict=True)
    ]
    for t in threads:
        t.start()
    with CpuMeter(hub.process.pid) as cpu:
        gate.wait()
        start = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    for st in sts:
        st.close()
    statuses = _statuses(responses)
    total = sum(len(b) for plan in plans for b in plan)
    applied = sum(v for k, v in statuses.items() if k in ("applied", "merged"))
    report.add(
        Result(
            f"hub merge on PostgreSQL, batches of {sizes.batch_ops}",
            applied / elapsed,
            "ops/s",
            5_000,
            True,
            f"{total:,} ops ({half} inserts + {half} edits per batch) from {n_st} stations at "
            f"once in {elapsed:.1f} s, HTTP+gzip+signing included; batch p50 "
            f"{statistics.median(batch_ms):.0f} ms, max {max(batch_ms):.0f} ms; {dict(statuses)}; "
            + cpu.per(total, "op"),
        )
    )


def bench_concurrent_push(report: Report, hub: HubUnderTest, people: People, sizes: Sizes) -> None:
    """Every station of the district pushing a small batch at the same moment."""
    n = sizes.concurrent_stations
    start = time.perf_counter()
    sts = hub.enrol_many(f"{DISTRICT}002", [f"bench station {k:03d}" for k in range(n)])
    print(f"  (enrolled {n} stations in {time.perf_counter() - start:.1f} s)", flush=True)
    rng = random.Random(23)
    half = sizes.ops_per_station // 2
    reqs = []
    for st in sts:
        stamper = Stamper(st.station_id, datetime(2026, 11, 2, 1, tzinfo=UTC))
        fresh = people.take(half)
        ops = [insert_op(i + 1, row, stamper) for i, row in enumerate(fresh)]
        ops += [
            update_op(half + i + 1, row, typical_edit(rng, row), stamper)
            for i, row in enumerate(fresh)
        ]
        reqs.append(raw_request(st.push_request(ops), hub.url))
    for st in sts:
        st.close()
    failures: list[str] = []
    with CpuMeter(hub.process.pid) as cpu:
        try:  # each station on a connection of its own, as 300 PCs would be
            answers = send_at_once(hub.url, reqs, timeout=60)
        except (OSError, TimeoutError, RuntimeError) as e:
            failures.append(type(e).__name__)
            answers = []
    wall = cpu.wall
    latencies = [a.seconds for a in answers] or [float("inf")]
    statuses: Counter[str] = Counter()
    for a in answers:
        if a.status != 200:
            statuses[f"HTTP {a.status}"] += 1
            continue
        for result in PushResponse.model_validate_json(a.body).results:
            statuses[str(result.status)] += 1
    errors = len(failures) + sum(v for k, v in statuses.items() if k not in ("applied", "merged"))
    detail = (
        f"{n} stations × {sizes.ops_per_station} ops at once, hub of {HUB_WORKERS} worker "
        f"processes; median "
        f"{statistics.median(latencies):.2f} s, max {max(latencies):.2f} s, all done in "
        f"{wall:.2f} s; " + cpu.per(n * sizes.ops_per_station, "op")
    )
    report.add(
        Result(f"{n} stations pushing at once: push p95", p95(latencies), "s", 1, False, detail)
    )
    report.add(
        Result(
            f"{n} stations pushing at once: errors",
            errors,
            "errors",
            0,
            False,
            f"statuses {dict(statuses)}" + (f"; transport {Counter(failures)}" if failures else ""),
        )
    )


def bench_noop_sync(report: Report, hub: HubUnderTest, sizes: Sizes) -> None:
    """A pull at the head cursor: nothing to do, one round trip, fresh connection each time."""
    st = hub.enrol(f"{DISTRICT}001001", "bench idle station")
    epoch, head = hub.epoch(), hub.head()
    latencies: list[float] = []
    sizes_seen: set[tuple[int, int]] = set()
    for _ in range(sizes.noop_tries):
        t0 = time.perf_counter()
        conn = CountingConnection(hub.url)
        status, body, sent, received = conn.exchange(st.pull_request(epoch, head, 500))
        page = PullResponse.model_validate_json(body)
        latencies.append((time.perf_counter() - t0) * 1000)
        conn.close()
        if status != 200 or page.changes or page.more:
            raise RuntimeError(f"a pull at the head was not empty: {status} {body[:300]!r}")
        sizes_seen.add((sent, received))
    sent, received = max(sizes_seen, key=sum)
    # An agent's first sync after it starts says hello too (then only every 6 hours).
    conn = CountingConnection(hub.url)
    t0 = time.perf_counter()
    _, _, h_sent, h_received = conn.exchange(st.hello_request())
    _, _, p_sent, p_received = conn.exchange(st.pull_request(epoch, head, 500))
    agent_ms = (time.perf_counter() - t0) * 1000
    conn.close()
    st.close()
    report.add(
        Result(
            "sync with nothing to do: round trip (p95)",
            p95(latencies),
            "ms",
            50,
            False,
            f"median {statistics.median(latencies):.1f} ms over {len(latencies)} signed pulls "
            "at the head cursor, new connection each",
        )
    )
    report.add(
        Result(
            "sync with nothing to do: bytes on the wire",
            sent + received,
            "B",
            2048,
            False,
            f"request {sent} B + response {received} B (headers and bodies): the station "
            "agent's idle sync is this one pull; its first sync after a start adds hello: "
            f"{h_sent + h_received + p_sent + p_received} B, {agent_ms:.1f} ms",
        )
    )


def bench_edit_bytes(
    report: Report, hub: HubUnderTest, scope: list[dict[str, Any]], sizes: Sizes
) -> None:
    """A push of typical edit ops: size of the compressed body per op, then sent for real."""
    st = hub.enrol(f"{DISTRICT}001001", "bench edit station")
    rng = random.Random(31)
    stamper = Stamper(st.station_id, datetime(2026, 11, 3, 0, 30, tzinfo=UTC))
    edited = rng.sample(scope, sizes.edit_ops)
    ops = [update_op(i + 1, row, typical_edit(rng, row), stamper) for i, row in enumerate(edited)]
    # The body exactly as the station client makes it: the pydantic message as JSON.
    raw = PushRequest(ops=[Op.model_validate(o) for o in ops]).model_dump_json().encode()
    gz = encode_body(raw, "gzip")
    zs = encode_body(raw, "zstd")
    zs19 = zstandard.ZstdCompressor(level=19).compress(raw)
    conn = CountingConnection(hub.url)
    req = st.signed("POST", "/v1/push", raw)
    status, body, sent, received = conn.exchange(req)
    conn.close()
    st.close()
    if status != 200:
        raise RuntimeError(f"edit push refused: {status} {body[:300]!r}")
    answer = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
    results = PushResponse.model_validate_json(answer).results
    statuses = Counter(str(r.status) for r in results)
    if set(statuses) - {"applied"}:
        raise RuntimeError(f"typical edits were not all applied: {dict(statuses)}")
    n = len(ops)
    report.add(
        Result(
            "bytes per typical edit op, gzip",
            len(gz) / n,
            "B",
            150,
            False,
            f"{n} ops: JSON {len(raw) / n:.0f} B/op, gzip-6 body {len(gz):,} B; whole request "
            f"{sent / n:.1f} B/op with headers, answer {received / n:.1f} B/op; all applied",
        )
    )
    report.add(
        Result(
            "bytes per typical edit op, zstd",
            len(zs) / n,
            "B",
            150,
            False,
            f"zstd-3 body {len(zs):,} B; zstd-19 {len(zs19) / n:.1f} B/op",
        )
    )


def run(report: Report, bundle: ReferenceBundle, work: Path, sizes: Sizes = FULL) -> None:
    area = area_from_reference(bundle)
    extra = (
        sizes.merge_batches * sizes.batch_ops // 2
        + sizes.concurrent_stations * (sizes.ops_per_station // 2)
        + 100
    )
    total = sizes.scope_records + extra
    start = time.perf_counter()
    people = People(list(islice(persons(area, total, seed=41), total)))
    print(
        f"  (made {total:,} synthetic persons in {time.perf_counter() - start:.1f} s)", flush=True
    )
    with running_hub(work, workers=HUB_WORKERS) as hub:
        scope = bench_first_download(report, hub, people, sizes)
        bench_merge_throughput(report, hub, people, sizes)
        bench_concurrent_push(report, hub, people, sizes)
        bench_noop_sync(report, hub, sizes)
        bench_edit_bytes(report, hub, scope, sizes)

"""Benchmarks of the encrypted station store (issue: foundation)."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import time
from itertools import islice
from pathlib import Path

from sqlalchemy import text

from station_client.reference import ReferenceBundle
from station_client.sample import area_from_reference, persons
from station_client.store import Actor, Store, migrate
from station_client.store.engine import DB_FILE, make_engine
from station_client.store.search import search_persons

from .harness import Report, Result, p95, timed

ACTOR = Actor("bench-station", "bench-staff")


def _plain_store(directory: Path, bundle: ReferenceBundle) -> Store:
    """The same store without encryption, only to measure what encryption costs."""
    directory.mkdir(parents=True)
    engine = make_engine(directory / DB_FILE, None, must_exist=False)
    migrate.upgrade(engine)
    return Store(engine, directory, lambda: bundle)


def _new_store(directory: Path, bundle: ReferenceBundle, *, encrypted: bool = True) -> Store:
    shutil.rmtree(directory, ignore_errors=True)
    if not encrypted:
        return _plain_store(directory, bundle)
    return Store.create(directory, os.urandom(32), lambda: bundle)


def _rows(bundle: ReferenceBundle, count: int, seed: int = 1) -> list[dict]:
    return list(islice(persons(area_from_reference(bundle), count, seed=seed), count))


def _edit_latencies(store: Store, ids: list[str], n: int, rng: random.Random) -> list[float]:
    out = []
    for _ in range(n):
        pid = rng.choice(ids)
        phone = "139" + "".join(rng.choice("0123456789") for _ in range(8))

        def save(pid: str = pid, phone: str = phone) -> None:
            with store.transaction() as s:
                store.persons.edit(s, ACTOR, pid, {"phone": phone, "address": f"改 {phone}"})

        out.append(timed(save))
    return out


def bench_bulk_load(report: Report, bundle: ReferenceBundle, work: Path) -> None:
    rows = _rows(bundle, 100_000, seed=11)
    rates = []
    for i in range(3):
        store = _new_store(work / f"bulk{i}", bundle)
        start = time.perf_counter()
        store.bulk_insert("persons", rows)
        rates.append(len(rows) / (time.perf_counter() - start))
        store.close()
    report.add(
        Result(
            "bulk load of 100,000 persons",
            statistics.median(rates),
            "rows/s",
            20_000,
            True,
            f"median of 3 runs {[round(r) for r in rates]}",
        )
    )


def bench_search_and_save(report: Report, bundle: ReferenceBundle, work: Path, size: int) -> None:
    store = _new_store(work / "big", bundle)
    rows = _rows(bundle, size, seed=7)
    start = time.perf_counter()
    store.bulk_insert("persons", rows)
    print(f"  (loaded {size:,} persons in {time.perf_counter() - start:.1f} s)", flush=True)
    rng = random.Random(5)
    sample = rng.sample(rows, 300)
    queries = {
        "ID prefix": [r["citizen_id"][: rng.randint(8, 14)] for r in sample],
        "name": [r["name"] for r in sample],
        "pinyin initials": [],
    }
    from station_client.store.textindex import full_pinyin, initials

    queries["pinyin initials"] = [initials(r["name"]).split()[0] for r in sample]
    # What a clerk types half-way: two letters / the surname and one more character.
    queries["2-letter initials prefix"] = [q[:2] for q in queries["pinyin initials"]]
    queries["full pinyin prefix"] = [full_pinyin(r["name"]).split()[0][:6] for r in sample]
    with store.engine.connect() as conn:
        for q in queries["name"][:20]:  # warm the page cache as a running station would be
            search_persons(conn, q)
        for kind, qs in queries.items():
            lat = [timed(lambda q=q: search_persons(conn, q)) for q in qs]
            report.add(
                Result(
                    f"search {size:,} persons by {kind} (p95)",
                    p95(lat),
                    "ms",
                    30,
                    False,
                    f"median {statistics.median(lat):.2f} ms",
                )
            )
    ids = [r["id"] for r in rows]
    lat = _edit_latencies(store, ids, 300, rng)
    report.add(
        Result(
            "save one edited person + outbox entry (p95)",
            p95(lat),
            "ms",
            20,
            False,
            f"median {statistics.median(lat):.2f} ms, on {size:,} persons, synchronous=FULL",
        )
    )
    store.close()


def bench_capture_overhead(report: Report, bundle: ReferenceBundle, work: Path) -> None:
    """The same edits with and without the capture triggers, interleaved against noise."""
    rows = _rows(bundle, 20_000, seed=3)
    with_capture = _new_store(work / "cap", bundle)
    without = _new_store(work / "nocap", bundle)
    for store in (with_capture, without):
        store.bulk_insert("persons", rows)
    with without.engine.begin() as conn:
        for t in ("insert", "update"):
            conn.execute(text(f"DROP TRIGGER capture_persons_{t}"))
    ids = [r["id"] for r in rows]
    rng = random.Random(9)
    a: list[float] = []
    b: list[float] = []
    for _ in range(8):
        a += _edit_latencies(with_capture, ids, 40, rng)
        b += _edit_latencies(without, ids, 40, rng)
    ratio = statistics.median(a) / statistics.median(b)
    report.add(
        Result(
            "change capture overhead (with / without)",
            ratio,
            "x",
            2.0,
            False,
            f"median {statistics.median(a):.2f} ms vs {statistics.median(b):.2f} ms",
        )
    )
    with_capture.close()
    without.close()


def _mixed_work(store: Store, rows: list[dict]) -> float:
    """Bulk load, 200 edits and 300 searches: the same work on either store, in ms."""
    rng = random.Random(13)
    start = time.perf_counter()
    store.bulk_insert("persons", rows)
    _edit_latencies(store, [r["id"] for r in rows], 200, rng)
    with store.engine.connect() as conn:
        for r in rng.sample(rows, 300):
            search_persons(conn, r["name"])
            search_persons(conn, r["citizen_id"][:10])
    return (time.perf_counter() - start) * 1000


def bench_encryption_cost(report: Report, bundle: ReferenceBundle, work: Path) -> None:
    rows = _rows(bundle, 50_000, seed=21)
    enc: list[float] = []
    plain: list[float] = []
    for i in range(3):
        store = _new_store(work / f"enc{i}", bundle)
        enc.append(_mixed_work(store, rows))
        store.close()
        store = _new_store(work / f"plain{i}", bundle, encrypted=False)
        plain.append(_mixed_work(store, rows))
        store.close()
    ratio = statistics.median(enc) / statistics.median(plain)
    report.add(
        Result(
            "encrypted / plain SQLite, same work",
            ratio,
            "x",
            1.5,
            False,
            f"median {statistics.median(enc) / 1000:.2f} s vs "
            f"{statistics.median(plain) / 1000:.2f} s (load 50k, 200 edits, 600 searches)",
        )
    )

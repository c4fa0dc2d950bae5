"""Benchmarks of the reports (issue: ledgers, assessment and acceptance reports).

- The monthly assessment of a whole district on the hub's PostgreSQL: 500,000 persons and
  2,000,000 tickets over a year (plus their ratings and call-backs), in a fresh database
  migrated as deployed, loaded with COPY and analysed; target ≤ 3 s.
- A station's quarterly ledger export from its encrypted store: the register of the
  unemployed of a station holding a large town's 30,000 persons, to XLSX and to PDF;
  target ≤ 2 s each, from the query to the written file.
"""

from __future__ import annotations

import os
import random
import secrets
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from sqlalchemy import Engine

from hub_sync import db
from hub_sync.model import ServiceEvaluation, ServiceTicket, new_id, table_of
from hub_sync.reports import (
    area_scope,
    assess,
    code_names_from_bundle,
    ledger,
    ledger_document,
    parse_period,
    withheld,
    working_days_from_bundle,
    write_pdf,
    write_xlsx,
)
from station_client.reference import ReferenceBundle
from station_client.sample import area_from_reference, load_sample, organisation, persons
from station_client.store import Store

from .harness import Report, Result

ADMIN_DSN = os.environ.get("RENSHE_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DISTRICT = "320115"
MONTH = parse_period("2026-10")
QUARTER = parse_period("2026-Q3")
AS_OF = date(2026, 11, 2)
FIRST_DAY = date(2025, 11, 1)  # a year of tickets, up to the end of October 2026


@dataclass(frozen=True)
class Sizes:
    persons: int
    tickets: int
    station_persons: int


FULL = Sizes(persons=500_000, tickets=2_000_000, station_persons=30_000)
QUICK = Sizes(persons=50_000, tickets=200_000, station_persons=5_000)


@contextmanager
def _database() -> Iterator[str]:
    name = f"renshe_reports_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(ADMIN_DSN)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _copy(
    conn: psycopg.Connection[Any], table: str, rows: Iterator[dict[str, Any]], columns: list[str]
) -> int:
    count = 0
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])
            count += 1
    return count


class _District:
    """A year of work at every station of the sample district, made row by row."""

    def __init__(self, bundle: ReferenceBundle, sizes: Sizes) -> None:
        self.bundle = bundle
        self.sizes = sizes
        self.rng = random.Random(20261)
        self.org = organisation(area_from_reference(bundle), seed=5)
        workers = [s for s in self.org.rows["staff"] if s["role"] != "district_it"]
        self.stations: dict[str, list[dict[str, Any]]] = {}
        for member in workers:
            self.stations.setdefault(member["station_id"], []).append(member)
        self.station_ids = list(self.stations)
        # PJ-001 (fixing a bad rating) is opened only as a call-back, below.
        self.items = [
            (i.code, i.time_limit_working_days)
            for i in bundle.catalogue.items
            if i.code != "PJ-001"
        ]
        self.person_ids: list[str] = []
        self.due: dict[tuple[date, int], date] = {}
        self.evaluations: list[dict[str, Any]] = []

    def persons(self) -> Iterator[dict[str, Any]]:
        area = area_from_reference(self.bundle)
        for row in islice(persons(area, self.sizes.persons, seed=3), self.sizes.persons):
            self.person_ids.append(row["id"])
            yield row

    def _due(self, day: date, limit: int) -> date:
        key = (day, limit)
        if key not in self.due:
            self.due[key] = self.bundle.calendar.add_working_days(day, limit).due
        return self.due[key]

    def tickets(self) -> Iterator[dict[str, Any]]:
        rng, days = self.rng, (AS_OF - FIRST_DAY).days - 2
        stamp = datetime(2026, 1, 1, tzinfo=UTC)
        for n in range(self.sizes.tickets):
            station = rng.choice(self.station_ids)
            owner = rng.choice(self.stations[station])["id"]
            code, limit = rng.choice(self.items)
            accepted = FIRST_DAY + timedelta(days=rng.randint(0, days))
            due = self._due(accepted, limit or 0)
            roll = rng.random()
            recent = accepted > date(2026, 10, 15)
            status = (
                "completed"
                if roll < (0.55 if recent else 0.93)
                else rng.choice(
                    ("in_progress", "accepted", "waiting_materials", "rejected", "withdrawn")
                )
            )
            done = None
            if status == "completed":
                done = min(AS_OF, accepted + timedelta(days=rng.randint(0, (limit or 1) + 4)))
            ticket = {
                "id": new_id(),
                "version": 1,
                "changed_station": station,
                "changed_staff": owner,
                "changed_at": stamp,
                "deleted": False,
                "conflict": False,
                "ticket_no": f"B{n:09d}",
                "catalogue_code": code,
                "person_id": rng.choice(self.person_ids),
                "employer_id": None,
                "station_id": station,
                "first_owner_staff_id": owner,
                "owner_staff_id": owner,
                "backup_staff_id": None,
                "status": status,
                "accepted_on": accepted,
                "due_on": due,
                "due_estimated": False,
                "completed_on": done,
                "missing_materials": None,
                "subject_table": None,
                "subject_id": None,
                "notes": None,
            }
            if done is not None and rng.random() < 0.25:
                ticket = self._rated(ticket, done)
            yield ticket

    def _rated(self, ticket: dict[str, Any], done: date) -> dict[str, Any]:
        """Rates a completed matter; a bad rating due for a call-back, and a later
        ticket calls some back (taking the place of an ordinary one)."""
        rng = self.rng
        # About 3 % of ratings are bad (any indicator at 1 or 2).
        scores = [rng.choice((5, 5, 5, 5, 4, 4, 3)) for _ in range(4)]
        if rng.random() < 0.03:
            scores[rng.randrange(4)] = rng.choice((1, 2))
        bad = any(s <= 2 for s in scores)
        evaluation = {
            "id": new_id(),
            "version": 1,
            "changed_station": ticket["station_id"],
            "changed_staff": None,
            "changed_at": ticket["changed_at"],
            "ticket_id": ticket["id"],
            "person_id": ticket["person_id"],
            "station_id": ticket["station_id"],
            "staff_id": ticket["owner_staff_id"],
            "overall": scores[0],
            "efficiency": scores[1],
            "competence": scores[2],
            "attitude": scores[3],
            "comment": None,
            "evaluated_at": datetime.combine(done, clock(rng.randint(0, 23)), UTC),
            "callback_due": self._due(done, 15) if bad else None,
        }
        self.evaluations.append(evaluation)
        if bad and rng.random() < 0.6:
            back = min(AS_OF, done + timedelta(days=rng.randint(1, 25)))
            return {
                **ticket,
                "catalogue_code": "PJ-001",
                "accepted_on": done,
                "due_on": self._due(done, 15),
                "completed_on": back,
                "status": "completed",
                "subject_table": "service_evaluations",
                "subject_id": evaluation["id"],
            }
        return ticket


def bench_monthly_assessment(report: Report, bundle: ReferenceBundle, sizes: Sizes) -> None:
    made = _District(bundle, sizes)
    with _database() as url:
        engine: Engine = db.make_engine(url)
        try:
            db.upgrade(engine)
            started = time.perf_counter()
            with psycopg.connect(url) as conn:
                for table in ("org_units", "stations", "staff"):
                    rows = made.org.rows[table]
                    _copy(conn, table, iter(rows), list(rows[0]))
                people = made.persons()
                first = next(people)
                _copy(conn, "persons", iter([first, *people]), list(first))
                columns = [c.name for c in table_of(ServiceTicket).columns]
                tickets = _copy(conn, "service_tickets", made.tickets(), columns)
                columns = [c.name for c in table_of(ServiceEvaluation).columns]
                ratings = _copy(conn, "service_evaluations", iter(made.evaluations), columns)
                conn.commit()
                conn.autocommit = True
                conn.execute("VACUUM ANALYZE")
            print(
                f"  (loaded {sizes.persons:,} persons, {tickets:,} tickets and {ratings:,} "
                f"ratings in {time.perf_counter() - started:.0f} s)",
                flush=True,
            )
            workdays = working_days_from_bundle(bundle)
            timings, figures = [], None
            for _ in range(3):
                start = time.perf_counter()
                with engine.connect() as conn:
                    figures = assess(
                        conn, area_scope(conn, DISTRICT), MONTH, workdays=workdays, as_of=AS_OF
                    )
                timings.append(time.perf_counter() - start)
        finally:
            engine.dispose()
    assert figures is not None
    root = figures.root.current
    report.add(
        Result(
            "reports: monthly assessment of a district (PostgreSQL)",
            statistics.median(timings),
            "s",
            3.0,
            False,
            f"median of 3, first {timings[0]:.2f} s; {sizes.persons:,} persons, "
            f"{tickets:,} tickets; {len(figures.units):,} units, "
            f"{root.tickets.completed:,} completed in the month",
        )
    )


def bench_quarterly_ledger_export(
    report: Report, bundle: ReferenceBundle, work: Path, sizes: Sizes
) -> None:
    store = Store.create(work / "reports-station", os.urandom(32), lambda: bundle)
    try:
        load_sample(store, bundle, persons_count=sizes.station_persons, seed=9)
        names = code_names_from_bundle(bundle)
        results: dict[str, list[float]] = {"xlsx": [], "pdf": []}
        rows = 0
        for _ in range(3):
            for kind, write in (("xlsx", write_xlsx), ("pdf", write_pdf)):
                start = time.perf_counter()
                with store.engine.connect() as conn:
                    found = ledger(
                        conn,
                        "unemployed",
                        area_scope(conn, DISTRICT),
                        QUARTER,
                        mask=withheld,
                        as_of=AS_OF,
                        names=names,
                    )
                write(ledger_document(found, made_at=datetime.now(UTC)), work / f"ledger.{kind}")
                results[kind].append(time.perf_counter() - start)
                rows = len(found.rows)
        for kind, timings in results.items():
            report.add(
                Result(
                    f"reports: station quarterly ledger export ({kind.upper()})",
                    statistics.median(timings),
                    "s",
                    2.0,
                    False,
                    f"register of the unemployed, {rows:,} rows, store of "
                    f"{sizes.station_persons:,} persons; median of 3, first {timings[0]:.2f} s",
                )
            )
    finally:
        store.close()


def run(report: Report, bundle: ReferenceBundle, work: Path, quick: bool) -> None:
    sizes = QUICK if quick else FULL
    bench_quarterly_ledger_export(report, bundle, work, sizes)
    bench_monthly_assessment(report, bundle, sizes)

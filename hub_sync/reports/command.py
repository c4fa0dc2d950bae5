"""The ``report`` command of both command lines (``renshe-hub`` and ``renshe-station``).

::

    report assessment --period 2026-10 --scope 320115 [--station ID] [--xlsx F] [--pdf F]
    report ledger unemployed --period 2026-Q3 --scope station:<id> [--xlsx F] [--pdf F]
    report statistics --period 2026 --scope 320115001
    report acceptance --scope 320115 --facilities inspections.json [--station ID]

Without ``--xlsx``/``--pdf`` the main table is printed. Each side supplies a
:class:`ReportContext`: the hub reads the reference files and withholds personal data
(:func:`hub_context`); the station passes its installed bundle and a mask built from
the logged-in staff member's role.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import Connection

from .assessment import assess
from .document import Document, as_text_table
from .documents import (
    acceptance_document,
    assessment_document,
    station_payment_document,
    statistics_document,
)
from .errors import ReportError
from .ledger_specs import LedgerKind
from .ledgers import Masker, ledger, ledger_document, withheld
from .periods import CHINA_TIME, Period, parse_period, station_day
from .reference_files import (
    CodeNames,
    calendar_from_reference,
    code_names_from_reference,
    default_reference_dir,
)
from .scope import Scope, parse_scope
from .standards import acceptance, facilities_from_json
from .statistics import statistics
from .workdays import WorkingDays

PRINTED_ROWS = 60


@dataclass(frozen=True)
class ReportContext:
    """What a side knows beyond its database: the calendar, code names, the viewer's
    masking, and the clock."""

    workdays: WorkingDays
    names: CodeNames
    mask: Masker
    now: Callable[[], datetime]

    def today(self) -> date:
        return station_day(self.now())


def hub_context(reference_dir: Path | None = None, mask: Masker = withheld) -> ReportContext:
    """The hub's context: the district's reference files; personal data withheld
    unless the caller passes a mask for a viewer whose role permits more."""
    directory = reference_dir or default_reference_dir()
    return ReportContext(
        calendar_from_reference(directory),
        code_names_from_reference(directory),
        mask,
        lambda: datetime.now(CHINA_TIME),
    )


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Adds ``report`` with its four kinds to a command line's subcommands."""
    report = subparsers.add_parser(
        "report", help="ledgers, assessment, statistics, acceptance (报表)"
    )
    kinds = report.add_subparsers(dest="report", required=True)

    def common(parser: argparse.ArgumentParser, period: bool = True) -> None:
        if period:
            parser.add_argument(
                "--period", required=True, help="2026-10, 2026-Q4, 2026 or 2026-10-01..2026-10-15"
            )
        parser.add_argument(
            "--scope", required=True, help="division code, station:<id> or staff:<id or username>"
        )
        parser.add_argument(
            "--as-of", type=date.fromisoformat, help="the day figures are taken (default today)"
        )
        parser.add_argument("--xlsx", type=Path, help="write an Excel workbook")
        parser.add_argument("--pdf", type=Path, help="write a printable PDF")

    assessment = kinds.add_parser("assessment", help="performance assessment (绩效考核)")
    common(assessment)
    assessment.add_argument(
        "--station", help="only this station's pay-by-results sheet (station id)"
    )
    ledger_parser = kinds.add_parser("ledger", help="a basic ledger (基础台账)")
    ledger_parser.add_argument("kind", choices=[k.value for k in LedgerKind])
    common(ledger_parser)
    common(kinds.add_parser("statistics", help="unemployment and employment statistics (统计)"))
    checks = kinds.add_parser("acceptance", help="standards and acceptance (验收)")
    common(checks, period=False)
    checks.add_argument("--facilities", type=Path, help="the inspectors' records (JSON)")
    checks.add_argument("--station", help="only this station's checklist (station id)")
    return report


def build(args: argparse.Namespace, conn: Connection, context: ReportContext) -> Document:
    """The document the arguments ask for."""
    today = args.as_of or context.today()
    now = context.now()
    scope: Scope = parse_scope(conn, args.scope)
    if args.report == "acceptance":
        facilities = {}
        if args.facilities is not None:
            try:
                text = args.facilities.read_text(encoding="utf-8")
            except OSError as e:
                raise ReportError(
                    f"cannot read {args.facilities}: {e.strerror}", f"无法读取 {args.facilities}"
                ) from e
            facilities = facilities_from_json(text)
        found = acceptance(conn, scope, facilities)
        only = None if args.station is None else (lambda s: s.station_id == args.station)
        return acceptance_document(found, made_at=now, only=only)
    period: Period = parse_period(args.period)
    if args.report == "ledger":
        made = ledger(
            conn, args.kind, scope, period, mask=context.mask, as_of=today, names=context.names
        )
        return ledger_document(made, made_at=now)
    if args.report == "statistics":
        return statistics_document(
            statistics(conn, scope, period, as_of=today), made_at=now, names=context.names
        )
    found_assessment = assess(conn, scope, period, workdays=context.workdays, as_of=today)
    if args.station:
        return station_payment_document(
            found_assessment, args.station, made_at=now, names=context.names
        )
    return assessment_document(found_assessment, made_at=now, names=context.names)


def run(
    args: argparse.Namespace,
    conn: Connection,
    context: ReportContext,
    *,
    prog: str = "renshe",
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Runs ``report …``: 0 on success, 2 on bad input (said on ``err``, nothing written)."""
    try:
        document = build(args, conn, context)
        written = []
        if args.xlsx is not None:
            from .export_xlsx import write_xlsx  # openpyxl: only when a file is asked for

            written.append(write_xlsx(document, args.xlsx))
        if args.pdf is not None:
            from .export_pdf import write_pdf  # fpdf: only when a file is asked for

            written.append(write_pdf(document, args.pdf))
    except ReportError as e:
        print(f"{prog}: {e.message_en}\n{prog}: {e.message_zh}", file=err)
        return 2
    if written:
        for path in written:
            print(f"wrote {path}", file=out)
        return 0
    print(document.title, file=out)
    for line in document.lines:
        print(line, file=out)
    print(file=out)
    print(as_text_table(document.sheets[0], PRINTED_ROWS), file=out)
    return 0

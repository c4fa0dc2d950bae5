"""Ledgers, performance assessment, statistics and acceptance, for hub and station alike.

Every figure is a SQLAlchemy Core query over the shared model (``hub_sync.model``), so
the same code runs on the hub's PostgreSQL for the district and on the station's
SQLCipher store for its own data, and the two agree. The scope (district, town,
village, station, clerk) is a parameter; what only one side has comes in as plain
values: the working-day calendar (:class:`WorkingDays`), code-table names
(:data:`CodeNames`) and the masking of personal data (:data:`Masker`).

Station side (the caller holds the store, the installed bundle and the staff role)::

    from hub_sync import reports
    from station_client.rules.masking import Field, present

    def mask(field, value):
        return present(Field(field.value), value, role)

    with store.engine.connect() as conn:
        scope = reports.station_scope(conn, station_id)
        period = reports.parse_period("2026-Q3")
        found = reports.ledger(conn, "unemployed", scope, period, mask=mask, as_of=today,
                               names=reports.code_names_from_bundle(bundle))
        reports.write_xlsx(reports.ledger_document(found, made_at=now), path)
        figures = reports.assess(conn, scope, period, as_of=today,
                                 workdays=reports.working_days_from_bundle(bundle))

Hub side: ``reports.hub_context()`` reads the district's reference files, and
``reports.command`` is the ``report`` subcommand both command lines share.
"""

from typing import Any

from .assessment import Assessment, Figures, Unit, assess
from .command import ReportContext, hub_context
from .document import Column, ColumnKind, Document, Sheet
from .documents import (
    acceptance_document,
    assessment_document,
    station_payment_document,
    statistics_document,
)
from .errors import (
    BadFacilities,
    BadPeriod,
    BadScope,
    ExportFailed,
    QueryFailed,
    ReportError,
    UnknownReport,
)
from .figures import INDICATORS, RatingCounts, TicketCounts
from .ledger_specs import LedgerKind, PersonalField
from .ledgers import Ledger, Masker, ledger, ledger_document, revealed, withheld
from .periods import Period, PeriodKind, parse_period
from .reference_files import (
    CodeNames,
    calendar_from_reference,
    code_names_from_bundle,
    code_names_from_reference,
    working_days_from_bundle,
)
from .scope import Scope, ScopeLevel, area_scope, clerk_scope, parse_scope, station_scope
from .standards import Acceptance, Equipment, Facilities, Standards, acceptance
from .statistics import AreaFigures, Statistics, statistics
from .workdays import WorkingDays

__all__ = [
    "INDICATORS",
    "Acceptance",
    "AreaFigures",
    "Assessment",
    "BadFacilities",
    "BadPeriod",
    "BadScope",
    "CodeNames",
    "Column",
    "ColumnKind",
    "Document",
    "Equipment",
    "ExportFailed",
    "Facilities",
    "Figures",
    "Ledger",
    "LedgerKind",
    "Masker",
    "Period",
    "PeriodKind",
    "PersonalField",
    "QueryFailed",
    "RatingCounts",
    "ReportContext",
    "ReportError",
    "Scope",
    "ScopeLevel",
    "Sheet",
    "Standards",
    "Statistics",
    "TicketCounts",
    "Unit",
    "UnknownReport",
    "WorkingDays",
    "acceptance",
    "acceptance_document",
    "area_scope",
    "assess",
    "assessment_document",
    "calendar_from_reference",
    "clerk_scope",
    "code_names_from_bundle",
    "code_names_from_reference",
    "hub_context",
    "ledger",
    "ledger_document",
    "parse_period",
    "parse_scope",
    "revealed",
    "station_payment_document",
    "station_scope",
    "statistics",
    "statistics_document",
    "withheld",
    "working_days_from_bundle",
    "write_pdf",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    # The exports pull in fpdf and openpyxl (about a second of imports): loaded when a
    # document is written, not whenever the counter app or a CLI touches the figures.
    if name == "write_pdf":
        from .export_pdf import write_pdf

        return write_pdf
    if name == "write_xlsx":
        from .export_xlsx import write_xlsx

        return write_xlsx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

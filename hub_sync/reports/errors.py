"""Errors of the reports: bad input (period, scope, report kind) and failed exports.

Every error carries an English and a Chinese message: the CLI prints both, the desktop
app shows the Chinese one. Library exceptions (SQLAlchemy, openpyxl, fpdf2, the file
system) are translated here, at the boundary of the reports package.
"""

from __future__ import annotations

from hub_sync.errors import HubError


class ReportError(HubError):
    """A report could not be made; the message says what and why."""

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en if message_zh is None else f"{message_en} / {message_zh}")
        self.message_en = message_en
        self.message_zh = message_zh or message_en


class BadPeriod(ReportError):
    """A period that is not a month, quarter, year or date range we understand."""


class BadScope(ReportError):
    """A scope (division code, station, staff member) that names nothing known here."""


class UnknownReport(ReportError):
    """A ledger or report kind that does not exist."""


class BadFacilities(ReportError):
    """Facility records for the acceptance check that are malformed or contradictory."""


class ExportFailed(ReportError):
    """An XLSX or PDF file could not be written (disk, permissions, missing font)."""


class QueryFailed(ReportError):
    """The database refused a report query (a broken or unmigrated database)."""

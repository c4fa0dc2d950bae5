"""A report as tables: what the XLSX and PDF writers print.

Each report (ledger, assessment, statistics, acceptance) is turned into a
:class:`Document` of :class:`Sheet` s in one language; the writers know nothing of the
figures, only of titles, typed columns and rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

Cell = str | int | float | date | None


class ColumnKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"  # shown with 2 decimals
    PERCENT = "percent"  # a fraction, shown as 95.0 %
    DATE = "date"


@dataclass(frozen=True)
class Column:
    label: str
    kind: ColumnKind = ColumnKind.TEXT
    width: int = 12  # in characters of a Latin digit; a Chinese character counts two


@dataclass(frozen=True)
class Sheet:
    name: str  # the XLSX tab (at most 31 characters)
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[tuple[Cell, ...]]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"sheet {self.name}: row {i + 1} has {len(row)} cells for "
                    f"{len(self.columns)} columns"
                )


@dataclass(frozen=True)
class Document:
    title: str
    lines: tuple[str, ...]  # scope, period, when and by what it was made
    sheets: tuple[Sheet, ...]


def tr(language: str, zh: str, en: str) -> str:
    """The label in the document's language (Chinese unless English is asked for)."""
    return en if language == "en" else zh


def text_of(value: Any, kind: ColumnKind) -> str:
    """A cell as printed (PDF, terminal)."""
    if value is None or value == "":
        return ""
    if kind is ColumnKind.PERCENT:
        return f"{float(value) * 100:.1f}%"
    if kind is ColumnKind.DECIMAL:
        return f"{float(value):.2f}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced terminal (CJK characters take two)."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def as_text_table(sheet: Sheet, limit: int | None = None) -> str:
    """A sheet as aligned plain text, for the command line."""
    rows = [
        tuple(text_of(v, c.kind) for v, c in zip(r, sheet.columns, strict=True)) for r in sheet.rows
    ]
    shown = rows if limit is None else rows[:limit]
    heads = [c.label for c in sheet.columns]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in shown]) for i, h in enumerate(heads)
    ]

    def line(cells: Sequence[str]) -> str:
        out = []
        for cell, width, column in zip(cells, widths, sheet.columns, strict=True):
            pad = " " * (width - display_width(cell))
            out.append(
                cell + pad if column.kind in (ColumnKind.TEXT, ColumnKind.DATE) else pad + cell
            )
        return "  ".join(out).rstrip()

    lines = [sheet.title, line(heads)]
    lines += [line(r) for r in shown]
    if limit is not None and len(rows) > limit:
        lines.append(f"… {len(rows) - limit} more rows / 另有{len(rows) - limit}行")
    lines += list(sheet.notes)
    return "\n".join(lines)

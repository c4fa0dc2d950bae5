"""Writing a report document to an XLSX workbook (openpyxl), one tab per sheet.

Each tab: the title, the document's lines (scope, period, date), a blank row, the
header row (frozen, so it stays in view), the rows with typed cells (dates as dates,
rates as percentages), then the notes. The file is written beside its target and
renamed into place, so a failed export never leaves half a workbook behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .document import ColumnKind, Document, Sheet
from .errors import ExportFailed

_FORMATS = {
    ColumnKind.DATE: "yyyy-mm-dd",
    ColumnKind.PERCENT: "0.0%",
    ColumnKind.DECIMAL: "0.00",
    ColumnKind.INTEGER: "0",
}
_BAD_TAB_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
_TITLE = Font(bold=True, size=14)
_HEAD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _tab_name(name: str, taken: set[str]) -> str:
    base = _BAD_TAB_CHARACTERS.sub("_", name).strip() or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _styled(ws: WriteOnlyWorksheet, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _write_sheet(book: Workbook, document: Document, sheet: Sheet, taken: set[str]) -> None:
    ws: WriteOnlyWorksheet = book.create_sheet(_tab_name(sheet.name, taken))
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6, column.width + 2)
    header_row = 2 + len(document.lines) + 2  # title, lines, sheet title, blank
    ws.freeze_panes = f"A{header_row + 1}"
    ws.append([_styled(ws, f"{document.title} — {sheet.title}", font=_TITLE)])
    for line in document.lines:
        ws.append([line])
    ws.append([_styled(ws, sheet.title, font=_HEAD)])
    ws.append([])
    ws.append(
        [_styled(ws, c.label, font=_HEAD, fill=_HEAD_FILL, alignment=_WRAP) for c in sheet.columns]
    )
    formats = [_FORMATS.get(c.kind) for c in sheet.columns]
    for row in sheet.rows:
        ws.append(
            [
                value if fmt is None or value is None else _styled(ws, value, number_format=fmt)
                for value, fmt in zip(row, formats, strict=True)
            ]
        )
    if sheet.notes:
        ws.append([])
        for note in sheet.notes:
            ws.append([note])


def header_row_of(document: Document) -> int:
    """The 1-based row of the column headers in every tab (data follows it)."""
    return 2 + len(document.lines) + 2


def write_xlsx(document: Document, target: Path) -> Path:
    """Write ``document`` to ``target`` (replaced if it exists); returns the path."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=target.parent)
        os.close(handle)
    except OSError as e:
        raise ExportFailed(
            f"cannot write {target}: {e.strerror or e}", f"无法写入文件 {target}"
        ) from e
    try:
        # Built only once the file can be written: a write-only workbook left unsaved
        # complains when it is collected.
        book = Workbook(write_only=True)
        taken: set[str] = set()
        for sheet in document.sheets:
            _write_sheet(book, document, sheet, taken)
        book.save(temporary)
        os.replace(temporary, target)
    except OSError as e:
        raise ExportFailed(
            f"cannot write {target}: {e.strerror or e}", f"无法写入文件 {target}"
        ) from e
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target

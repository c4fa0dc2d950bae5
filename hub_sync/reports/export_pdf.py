"""Writing a report document to a printable PDF, without Qt (the hub has none).

fpdf2 embeds a subset of a Chinese OpenType font: Noto Sans CJK SC from Debian's
``fonts-noto-cjk`` on Linux, Microsoft YaHei or SimSun on Windows, or the font named by
``RENSHE_PDF_FONT``. Landscape A4; the header row of each table is repeated on every
page; pages are numbered "第 n 页 共 m 页". Written beside the target and renamed into
place, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTLibError
from fpdf import FPDF
from fpdf.errors import FPDFException

from .document import ColumnKind, Document, Sheet, text_of
from .errors import ExportFailed

FONT_ENV = "RENSHE_PDF_FONT"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
_FAMILY = "cjk"
_MARGIN = 10  # mm
_NUMBERS = (ColumnKind.INTEGER, ColumnKind.DECIMAL, ColumnKind.PERCENT)


@dataclass(frozen=True)
class ChineseFont:
    path: Path
    index: int  # the font within a collection (.ttc)


@lru_cache(maxsize=4)
def _simplified_index(path: Path) -> int:
    """The Simplified Chinese face of a collection (Noto CJK holds JP, KR, SC, TC, HK)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    try:
        collection = TTCollection(str(path), lazy=True)
        names = [str(font["name"].getDebugName(4) or "") for font in collection.fonts]
    except (OSError, TTLibError, KeyError):
        return 0
    for i, name in enumerate(names):
        if name.endswith((" SC", " SC Regular")) and "Mono" not in name:
            return i
    return 0


def find_font(explicit: Path | None = None) -> ChineseFont:
    """The first usable Chinese font: ``explicit``, ``$RENSHE_PDF_FONT``, then the
    usual places on Debian/Kylin/UOS and Windows."""
    wanted = [explicit] if explicit else []
    if os.environ.get(FONT_ENV):
        wanted.append(Path(os.environ[FONT_ENV]))
    if not wanted:
        wanted = [Path(p) for p in FONT_CANDIDATES]
    for path in wanted:
        if path.is_file():
            return ChineseFont(path, _simplified_index(path))
    raise ExportFailed(
        "no Chinese font for the PDF: install fonts-noto-cjk or set RENSHE_PDF_FONT "
        f"(looked at {', '.join(str(p) for p in wanted)})",
        "找不到中文字体，无法生成PDF：请安装 fonts-noto-cjk 或设置 RENSHE_PDF_FONT",
    )


class _ReportPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-8)
        self.set_font(_FAMILY, size=8)
        self.cell(0, 5, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C")


def _font_size(sheet: Sheet) -> float:
    return 9 if len(sheet.columns) <= 10 else 8 if len(sheet.columns) <= 16 else 6.5


_PT = 25.4 / 72  # millimetres per point
_PAD = 0.8  # mm inside each cell
_MAX_LINES = 6  # a longer text is cut, with "…"
_HEAD_FILL = (221, 235, 247)


class _Table:
    """Rows laid out by hand: fpdf2's own table measures every character of every cell
    through its line breaker (measured: 9 s for 2,000 rows); here each character's width
    is taken once, and a row is a few rectangles and text runs."""

    def __init__(self, pdf: _ReportPdf, sheet: Sheet) -> None:
        self.pdf = pdf
        self.size = _font_size(sheet)
        pdf.set_font(_FAMILY, size=self.size)
        self.line = self.size * _PT * 1.25
        usable = pdf.w - pdf.l_margin - pdf.r_margin
        total = sum(max(4, c.width) for c in sheet.columns)
        self.widths = [usable * max(4, c.width) / total for c in sheet.columns]
        self.right = [c.kind in _NUMBERS for c in sheet.columns]
        self.char_width: dict[str, float] = {}
        self.top = pdf.y  # where the table starts on the current page

    def _width(self, text: str) -> float:
        known = self.char_width
        total = 0.0
        for ch in text:
            w = known.get(ch)
            if w is None:
                w = known[ch] = self.pdf.get_string_width(ch)
            total += w
        return total

    def _lines(self, text: str, room: float) -> list[str]:
        if self._width(text) <= room and "\n" not in text:
            return [text]
        lines: list[str] = []
        for part in text.split("\n"):
            current, used = "", 0.0
            for ch in part:
                w = self._width(ch)
                if used + w > room and current:
                    lines.append(current)
                    current, used = "", 0.0
                current += ch
                used += w
            lines.append(current)
        if len(lines) > _MAX_LINES:
            lines = [*lines[: _MAX_LINES - 1], lines[_MAX_LINES - 1][:-1] + "…"]
        return lines

    def _row(self, cells: list[str], *, head: bool = False) -> None:
        pdf = self.pdf
        laid = [self._lines(text, w - 2 * _PAD) for text, w in zip(cells, self.widths, strict=True)]
        height = max(len(lines) for lines in laid) * self.line + 2 * _PAD
        if pdf.y + height > pdf.page_break_trigger:
            self._close_page()
            pdf.add_page()
            if not head:
                self._row(self.heads, head=True)
        x, y = pdf.l_margin, pdf.y
        if head:
            self.top = y
            pdf.set_fill_color(*_HEAD_FILL)
            pdf.rect(x, y, sum(self.widths), height, style="DF")
        for lines, width, right in zip(laid, self.widths, self.right, strict=True):
            for i, text in enumerate(lines):
                if text:
                    offset = width - _PAD - self._width(text) if right and not head else _PAD
                    pdf.text(x + offset, y + _PAD + (i + 0.8) * self.line, text)
            x += width
        pdf.line(pdf.l_margin, y + height, x, y + height)
        pdf.set_y(y + height)

    def _close_page(self) -> None:
        """The column rules of the page, top to bottom at once (a rectangle per cell
        costs as much as its text)."""
        pdf, x = self.pdf, self.pdf.l_margin
        for width in (0.0, *self.widths):
            x += width
            pdf.line(x, self.top, x, pdf.y)

    def draw(self, sheet: Sheet) -> None:
        self.heads = [c.label for c in sheet.columns]
        pdf = self.pdf
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.15)
        self._row(self.heads, head=True)
        for row in sheet.rows:
            self._row([text_of(v, c.kind) for v, c in zip(row, sheet.columns, strict=True)])
        self._close_page()


def _write_sheet(pdf: _ReportPdf, document: Document, sheet: Sheet) -> None:
    pdf.add_page()
    pdf.set_font(_FAMILY, size=14)
    pdf.multi_cell(0, 8, document.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, size=9)
    for line in document.lines:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, size=11)
    pdf.multi_cell(0, 7, sheet.title, new_x="LMARGIN", new_y="NEXT")
    _Table(pdf, sheet).draw(sheet)
    if sheet.notes:
        pdf.ln(2)
        pdf.set_font(_FAMILY, size=8)
        for note in sheet.notes:
            pdf.multi_cell(0, 4.5, note, new_x="LMARGIN", new_y="NEXT")


def _no_bounds_recalculation(pdf: FPDF) -> None:
    """Keep the font's own bounding boxes when the subset is written: recomputing them
    for a CJK outline font costs more than laying out the pages (measured: 1 s of 2 for
    a 2,000-row ledger), and the full font's boxes enclose the subset's glyphs."""
    for font in pdf.fonts.values():
        outlines = getattr(font, "ttfont", None)
        if outlines is not None:
            outlines.recalcBBoxes = False


def write_pdf(document: Document, target: Path, *, font: Path | None = None) -> Path:
    """Write ``document`` to ``target`` (replaced if it exists); returns the path."""
    chosen = find_font(font)
    pdf = _ReportPdf(orientation="L", unit="mm", format="A4")
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_title(document.title)
    pdf.set_creator("RenShe Station")
    target = Path(target)
    try:
        pdf.add_font(_FAMILY, fname=str(chosen.path), collection_font_number=chosen.index)
        _no_bounds_recalculation(pdf)
        for sheet in document.sheets:
            _write_sheet(pdf, document, sheet)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".pdf", dir=target.parent)
        os.close(handle)
        try:
            pdf.output(temporary)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as e:
        raise ExportFailed(
            f"cannot write {target}: {e.strerror or e}", f"无法写入文件 {target}"
        ) from e
    except (FPDFException, TTLibError) as e:
        raise ExportFailed(f"cannot lay out the PDF {target}: {e}", f"无法生成PDF {target}") from e
    return target

"""A document on paper: HTML in a ``QTextDocument`` painted page by page onto a
``QPrinter`` (a printer) or a ``QPdfWriter`` (a PDF file), with the station barcode on
every page.

The barcode is Code 128 of the station code format (``RS1|F|<id>|<check>``,
:func:`~station_client.devices.barcode.payloads.encode_station_code`), drawn bar by bar
as vector rectangles so it stays sharp at any resolution, with its text under it. These
functions touch no widget: :class:`~station_client.ui.printing.PrintFlow` runs them on a
worker thread (QPainter on a printer or PDF writer is allowed off the GUI thread).
"""

from __future__ import annotations

import html
from pathlib import Path

from barcode import Code128
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from station_client.devices.barcode.payloads import StationCodeKind, encode_station_code
from station_client.errors import StationError
from station_client.store.documents import PrintedDocument

_MM_PER_INCH = 25.4
_MARGIN_MM = 15.0
_BAR_HEIGHT_MM = 14.0
_QUIET_MODULES = 10
_FAMILIES = ["Noto Sans CJK SC", "Microsoft YaHei", "SimSun", "WenQuanYi Micro Hei"]


def tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


class PrintFailed(StationError):
    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh


def station_code(doc: PrintedDocument) -> str:
    """The text of the station barcode printed on ``doc``."""
    return encode_station_code(StationCodeKind.FORM, doc.barcode_id)


def document_html(doc: PrintedDocument) -> str:
    esc = html.escape
    parts = [
        "<div>",
        f"<h1 align='center' style='font-size:18pt'>{esc(doc.title)}</h1>",
    ]
    if doc.number:
        parts.append(
            "<p align='center'>"
            + QCoreApplication.translate("Printing", "编号：{number}").format(
                number=esc(doc.number)
            )
            + "</p>"
        )
    for section in doc.sections:
        if section.heading:
            parts.append(f"<h3 style='font-size:13pt'>{esc(section.heading)}</h3>")
        if section.rows:
            parts.append(
                "<table width='100%' border='1' cellspacing='0' cellpadding='4'"
                " style='border-collapse:collapse'>"
            )
            for label, value in section.rows:
                parts.append(
                    f"<tr><td width='30%' bgcolor='#eeeeee'>{esc(label)}</td>"
                    f"<td>{esc(value)}</td></tr>"
                )
            parts.append("</table>")
        for line in section.paragraphs:  # an indented line (a list item) stays indented
            indent = " style='margin-left:24px'" if line[:1].isspace() else ""
            parts.append(f"<p{indent}>{esc(line.strip())}</p>")
    parts.append("<p>&nbsp;</p>")
    parts += [f"<p align='right'>{esc(line)}</p>" for line in doc.footer]
    parts.append("</div>")
    return "".join(parts)


def print_font(points: float) -> QFont:
    """The printed documents' font: a Simplified Chinese face, without shaping (so the
    PDF's text layer keeps digits after letters, which Noto CJK's localised forms lose)."""
    font = QFont()
    font.setFamilies(_FAMILIES)
    font.setPointSizeF(points)
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def code128_modules(text: str) -> str:
    """The bars of ``text`` in Code 128, one character per module (``1`` = black)."""
    return str(Code128(text).build()[0])


def _draw_barcode(painter: QPainter, text: str, right: float, top: float, mm: float) -> float:
    """Draw the code right-aligned at ``right``; returns its bottom."""
    modules = code128_modules(text)
    span = len(modules) + 2 * _QUIET_MODULES
    module = min(0.33 * mm, max(0.25 * mm, 0.6 * right / span))
    left = right - span * module
    if left < 0:  # too long for the corner: use the whole width
        module, left = right / span, 0.0
    height = _BAR_HEIGHT_MM * mm
    x = left + _QUIET_MODULES * module
    for bit in modules:
        if bit == "1":
            painter.fillRect(QRectF(x, top, module, height), Qt.GlobalColor.black)
        x += module
    font = QFont("DejaVu Sans Mono")
    font.setPointSizeF(8)
    painter.setFont(font)
    text_box = QRectF(left, top + height, span * module, 5 * mm)
    painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, text)
    return top + height + 5 * mm


def render(doc: PrintedDocument, device: QPagedPaintDevice) -> int:
    """Paint ``doc`` onto ``device`` (a printer or PDF writer); returns the page count."""
    code = station_code(doc)
    painter = QPainter()
    if not painter.begin(device):
        raise PrintFailed(
            "the printer or file could not be opened",
            QCoreApplication.translate(
                "Printing", "无法打开打印机或文件：请检查打印机是否就绪、文件位置是否可写"
            ),
        )
    try:
        mm = device.logicalDpiY() / _MM_PER_INCH
        width, height = float(device.width()), float(device.height())
        header = (_BAR_HEIGHT_MM + 9) * mm
        body = QTextDocument()
        body.documentLayout().setPaintDevice(device)
        body.setDefaultFont(print_font(11))
        body.setHtml(document_html(doc))
        body.setPageSize(QSizeF(width, height - header))
        pages = body.pageCount()
        small = print_font(9)
        for page in range(pages):
            if page:
                device.newPage()
            painter.setFont(small)
            painter.drawText(QRectF(0, 0, width / 2, 6 * mm), doc.station)
            if pages > 1:
                painter.drawText(
                    QRectF(0, 6 * mm, width / 2, 6 * mm),
                    QCoreApplication.translate("Printing", "第 {0}/{1} 页").format(page + 1, pages),
                )
            _draw_barcode(painter, code, width, 0, mm)
            painter.save()
            painter.translate(0, header - page * (height - header))
            body.drawContents(painter, QRectF(0, page * (height - header), width, height - header))
            painter.restore()
        return pages
    finally:
        painter.end()


def print_to_pdf(doc: PrintedDocument, path: Path) -> Path:
    """Write ``doc`` as an A4 PDF file (runs on a worker thread)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError as e:
        raise PrintFailed(
            f"cannot save a PDF file at {path}: {e}",
            QCoreApplication.translate(
                "Printing", "无法保存到“{0}”：请换一个文件夹或文件名"
            ).format(path),
        ) from e
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(doc.title)
    writer.setCreator("RenShe Station")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    margins = QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM)
    writer.setPageMargins(margins, QPageLayout.Unit.Millimeter)
    render(doc, writer)
    del writer  # finishes the file
    return path


def print_to_printer(doc: PrintedDocument, printer: QPrinter) -> str:
    margins = QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM)
    printer.setPageMargins(margins, QPageLayout.Unit.Millimeter)
    printer.setDocName(doc.title)
    render(doc, printer)
    return printer.printerName()

"""Exports: the XLSX opens with openpyxl and holds the expected rows; the PDF renders
with pdftoppm; a failed export leaves no file behind."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from hub_sync.reports import (
    ExportFailed,
    Facilities,
    acceptance,
    acceptance_document,
    area_scope,
    assess,
    assessment_document,
    code_names_from_bundle,
    ledger,
    ledger_document,
    parse_period,
    revealed,
    station_payment_document,
    statistics,
    statistics_document,
    write_pdf,
    write_xlsx,
)
from hub_sync.reports.document import Document
from hub_sync.reports.export_xlsx import header_row_of
from hub_sync.reports.workdays import WorkingDays
from station_client.reference import ReferenceBundle

from .conftest import FixedEngines
from .dataset import AS_OF, DISTRICT, ident

MADE = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
OCTOBER = parse_period("2026-10")


@pytest.fixture
def hub(fixed_engines: FixedEngines) -> Engine:
    return fixed_engines["hub-sqlite"]


def rows_of(path: Path, document: Document, tab: str) -> list[tuple[object, ...]]:
    """The data rows of a tab, as openpyxl reads them back."""
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book[tab]
    start = header_row_of(document)
    values = [tuple(r) for r in sheet.iter_rows(min_row=start, values_only=True)]
    book.close()
    header, body = values[0], values[1:]
    count = next((i for i, r in enumerate(body) if all(v is None for v in r)), len(body))
    assert header[: len(document.sheets[0].columns)] is not None
    return [header, *body[:count]]


def renders(pdf: Path, tmp_path: Path) -> int:
    """Renders every page with poppler's pdftoppm; returns the page count."""
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is needed"
    prefix = tmp_path / "page"
    done = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages and all(p.stat().st_size > 1000 for p in pages)
    return len(pages)


def text_of_pdf(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ledger_to_xlsx_and_pdf(hub: Engine, reference: ReferenceBundle, tmp_path: Path) -> None:
    with hub.connect() as conn:
        found = ledger(
            conn,
            "unemployed",
            area_scope(conn, DISTRICT),
            OCTOBER,
            mask=revealed,
            as_of=AS_OF,
            names=code_names_from_bundle(reference),
        )
    document = ledger_document(found, made_at=MADE)
    path = write_xlsx(document, tmp_path / "out" / "unemployed.xlsx")
    header, *rows = rows_of(path, document, "失业人员台账")
    assert header[:4] == ("序号", "失业登记编号", "姓名", "公民身份号码")
    assert [r[1] for r in rows] == ["SY5", "SY1", "SY3", "SY6", "SY4", "SY2"]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0][7] == datetime(2025, 12, 1)  # a real date cell
    assert rows[1][2] == "张P1明"
    pdf = write_pdf(document, tmp_path / "unemployed.pdf")
    assert renders(pdf, tmp_path) == 1
    text = text_of_pdf(pdf)  # the Chinese text is real text, not pictures of it
    assert "失业人员台账" in text and "张P1明" in text and "第1页共1页" in text.replace(" ", "")
    assert [line.split()[1] for line in text.splitlines() if line.strip()[:1].isdigit()][:3] == [
        "SY5",
        "SY1",
        "SY3",
    ]


def test_assessment_exports(
    hub: Engine, workdays: WorkingDays, reference: ReferenceBundle, tmp_path: Path
) -> None:
    names = code_names_from_bundle(reference)
    with hub.connect() as conn:
        found = assess(conn, area_scope(conn, DISTRICT), OCTOBER, workdays=workdays, as_of=AS_OF)
    document = assessment_document(found, made_at=MADE, names=names)
    path = write_xlsx(document, tmp_path / "assessment.xlsx")
    header, *rows = rows_of(path, document, "汇总")
    assert header[:4] == ("层级", "名称", "受理件数", "办结件数")
    assert rows[0][:6] == ("区（县）", "江宁区", 10, 8, 1, 7)
    assert rows[0][9] == pytest.approx(0.75)  # on-time rate
    assert rows[0][11:14] == (7, 4, 3)  # persons served, before, change
    assert len(rows) == len(found.units)
    _, *items = rows_of(path, document, "分事项")
    district_items = {r[2]: r for r in items if r[1] == "江宁区"}
    assert district_items["JY-002"][3] == reference.catalogue.item("JY-002").zh
    assert district_items["JY-002"][4:9] == (5, 3, 1, 2, 2)
    pay = station_payment_document(found, ident("V1"), made_at=MADE, names=names)
    pay_path = write_xlsx(pay, tmp_path / "v1.xlsx")
    _, *pay_rows = rows_of(pay_path, pay, "考核指标")
    assert [r[1] for r in pay_rows] == ["V1服务站", "职员v1a"]
    assert pay_rows[0][2:4] == (4, 2)
    assert renders(write_pdf(document, tmp_path / "assessment.pdf"), tmp_path) >= 2
    assert renders(write_pdf(pay, tmp_path / "pay" / "v1.pdf"), tmp_path / "pay") >= 2


def test_statistics_and_acceptance_exports(hub: Engine, tmp_path: Path) -> None:
    with hub.connect() as conn:
        scope = area_scope(conn, DISTRICT)
        figures = statistics(conn, scope, OCTOBER, as_of=AS_OF)
        checked = acceptance(conn, scope, {ident("D"): Facilities(ident("D"), 3200, 2000)})
    document = statistics_document(figures, made_at=MADE)
    _, *rows = rows_of(write_xlsx(document, tmp_path / "s.xlsx"), document, "统计")
    assert [r[:3] for r in rows] == [("江宁区", 5, 1), ("东山街道", 4, 1), ("秣陵街道", 1, 0)]
    summary = acceptance_document(checked, made_at=MADE)
    _, *rows = rows_of(write_xlsx(summary, tmp_path / "a.xlsx"), summary, "汇总")
    assert len(rows) == 5
    assert {r[0]: r[-1] for r in rows}["D服务站"] == "合格"
    one = acceptance_document(checked, made_at=MADE, only=lambda s: s.name == "V1服务站")
    _, *checklist = rows_of(write_xlsx(one, tmp_path / "v1.xlsx"), one, "验收清单")
    assert [r[1] for r in checklist] == [
        "人员配备",
        "服务场所面积",
        "服务大厅面积占比",
        "计算机",
        "设备配置",
    ]
    for document_ in (document, summary, one):
        directory = tmp_path / document_.title
        directory.mkdir()
        renders(write_pdf(document_, directory / "r.pdf"), directory)


def test_failed_export_leaves_nothing(hub: Engine, tmp_path: Path) -> None:
    with hub.connect() as conn:
        found = ledger(
            conn, "vacancies", area_scope(conn, DISTRICT), OCTOBER, mask=revealed, as_of=AS_OF
        )
    document = ledger_document(found, made_at=MADE)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    with pytest.raises(ExportFailed):
        write_xlsx(document, blocked / "out.xlsx")
    with pytest.raises(ExportFailed):
        write_pdf(document, blocked / "out.pdf")
    assert [p.name for p in tmp_path.rglob("*")] == ["file-not-dir"]


def test_pdf_without_a_chinese_font(
    hub: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RENSHE_PDF_FONT", str(tmp_path / "no-such-font.ttc"))
    with hub.connect() as conn:
        found = ledger(
            conn, "vacancies", area_scope(conn, DISTRICT), OCTOBER, mask=revealed, as_of=AS_OF
        )
    with pytest.raises(ExportFailed, match="no Chinese font"):
        write_pdf(ledger_document(found, made_at=MADE), tmp_path / "v.pdf")
    assert not (tmp_path / "v.pdf").exists()


def test_export_of_many_rows(tmp_path: Path) -> None:
    from hub_sync.reports.document import Column, ColumnKind, Sheet

    rows = [(i, f"名称{i}", date(2026, 10, 1 + i % 28), i / 1000) for i in range(1, 1201)]
    sheet = Sheet(
        "many",
        "多行",
        (
            Column("序号", ColumnKind.INTEGER),
            Column("名称"),
            Column("日期", ColumnKind.DATE),
            Column("比例", ColumnKind.PERCENT),
        ),
        rows,
    )
    document = Document("多行表", ("第一行",), (sheet,))
    _, *back = rows_of(write_xlsx(document, tmp_path / "m.xlsx"), document, "many")
    assert len(back) == 1200 and back[-1][:2] == (1200, "名称1200")
    assert renders(write_pdf(document, tmp_path / "m.pdf"), tmp_path) > 10

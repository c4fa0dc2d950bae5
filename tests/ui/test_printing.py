"""Printing on the real counter, to PDF files checked the way a person would: the text
(pdftotext) and the station barcode read back from a picture of the page (pdftoppm →
zbar), so the code on the paper is a real, scannable station code."""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from hub_sync.model import AuditEntry, UnemploymentRegistration
from station_client.devices.barcode.image import decode_image_file
from station_client.devices.barcode.payloads import (
    StationCodeKind,
    encode_station_code,
    parse_station_code,
)
from station_client.store.documents import DocumentSection, PrintedDocument
from station_client.store.errors import StoreError
from station_client.store.records import create
from station_client.ui import printing
from station_client.ui.printed_page import print_to_pdf

from .ticket_fixtures import Desk, staffed_counter


@pytest.fixture
def desk(qtbot, counter_rig, clock, tmp_path) -> Desk:
    desk = staffed_counter(qtbot, counter_rig, clock)
    printing.flow_for(desk.window).pdf_dir = tmp_path / "printed"
    return desk


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    return unicodedata.normalize("NFKC", out)  # CJK fonts map some glyphs to radicals


def barcodes(path: Path, tmp_path: Path, page: int = 1) -> list[str]:
    stem = tmp_path / f"page{page}"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", *pages, str(path), str(stem)], check=True
    )
    return [e.text for e in decode_image_file(f"{stem}.png") if e.symbology == "CODE128"]


def _print_through_dialog(qtbot, desk: Desk) -> Path:  # type: ignore[no-untyped-def]
    flow = printing.flow_for(desk.window)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=10000)
    flow.dialog.to_pdf.setChecked(True)
    with qtbot.waitSignal(flow.printed, timeout=20000) as printed:
        qtbot.keyClick(flow.dialog.path, Qt.Key.Key_Return)
    return Path(printed.args[0])


def test_a_receipt_carries_the_person_the_ticket_number_and_a_real_station_barcode(
    qtbot, desk, tmp_path
) -> None:
    pid = desk.person("欧阳娜娜")
    ticket = desk.rig.store.tickets.open_ticket(desk.actor, "JY-002", person_id=pid)
    panel = desk.tickets_panel
    desk.open_file(qtbot, pid)
    qtbot.keyClick(desk.window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)

    qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    path = _print_through_dialog(qtbot, desk)

    assert path == tmp_path / "printed" / f"受理回执-{ticket.ticket_no}.pdf"
    assert list(path.parent.iterdir()) == [path]  # printed once
    assert desk.window.notice.text() == f"已打印：{path}"
    text = pdf_text(path)
    for expected in ("受理回执", "欧阳娜娜", ticket.ticket_no, "失业登记", "2026-11-05", "12333"):
        assert expected in text
    file = desk.window.file_view.file
    assert file.citizen_id not in text  # the receipt goes home: the ID number is masked
    assert f"{file.citizen_id[:6]}********{file.citizen_id[-4:]}" in text

    [code] = barcodes(path, tmp_path)
    assert code == encode_station_code(StationCodeKind.FORM, ticket.ticket_no)
    assert parse_station_code(code).id == ticket.ticket_no
    with desk.rig.store.transaction() as s:
        printed = s.scalars(select(AuditEntry).where(AuditEntry.action == "print_receipt")).all()
        assert [(a.subject_id, a.detail) for a in printed] == [(pid, ticket.ticket_no)]


def test_a_registration_form_prints_from_the_persons_file(qtbot, desk, tmp_path) -> None:
    pid = desk.person("张三丰", is_unemployed=True)
    with desk.rig.store.transaction() as s:
        values = {
            "person_id": pid,
            "station_id": desk.actor.station_id,
            "registration_no": "SY20260000042",
            "registered_on": date(2026, 10, 28),
            "reason": "01",
            "former_employer_name": "南京某机械厂",
        }
        record = create(s, desk.actor, desk.rig.store.clock(), UnemploymentRegistration, values)
    desk.open_file(qtbot, pid)

    qtbot.keyClick(desk.window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    flow = printing.flow_for(desk.window)
    qtbot.waitUntil(lambda: flow.picker is not None and flow.picker.isVisible(), timeout=10000)
    assert flow.picker.list.count() == 1
    qtbot.keyClick(flow.picker.list, Qt.Key.Key_Return)
    path = _print_through_dialog(qtbot, desk)

    text = pdf_text(path)
    reason = desk.rig.store.reference().table("unemployment_reason").name("01")
    for expected in ("失业登记表", "张三丰", "SY20260000042", "南京某机械厂", reason, "王芳"):
        assert expected in text
    [code] = barcodes(path, tmp_path)
    assert parse_station_code(code).id == record.id.upper()


def test_a_file_that_cannot_be_written_says_so_and_nothing_is_left(qtbot, desk, tmp_path) -> None:
    pid = desk.person()
    desk.rig.store.tickets.open_ticket(desk.actor, "JY-001", person_id=pid)
    panel = desk.tickets_panel
    desk.open_file(qtbot, pid)
    qtbot.keyClick(desk.window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")

    panel.print_receipt()
    flow = printing.flow_for(desk.window)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=10000)
    flow.dialog.to_pdf.setChecked(True)
    flow.dialog.path.setText(str(blocker / "回执.pdf"))
    with qtbot.waitSignal(flow.failed, timeout=20000) as failed:
        qtbot.keyClick(flow.dialog.path, Qt.Key.Key_Return)
    assert "无法保存到" in failed.args[0]
    assert desk.window.notice.text().startswith("打印失败：")
    assert blocker.read_text() == "a file where a folder should be"

    def gone() -> PrintedDocument:  # the matter vanished (say, removed by a sync)
        raise StoreError("no ticket with id x", "未找到该受理单")

    flow.print_document(gone)
    qtbot.waitUntil(lambda: "未找到该受理单" in desk.window.notice.text(), timeout=10000)
    assert desk.window.notice.text() == "打印失败：未找到该受理单"


def test_a_long_document_has_the_station_barcode_on_every_page(qapp, tmp_path) -> None:
    lines = tuple(f"第{n}条：以上为需补充的全部材料，请一次备齐。" for n in range(1, 121))
    doc = PrintedDocument(
        kind="notice",
        title="一次性告知书",
        number="320115001001-20261102-0007",
        station="东山街道服务站",
        barcode_id="320115001001-20261102-0007",
        sections=(DocumentSection("材料", paragraphs=lines),),
        footer=("东山街道服务站",),
        file_stem="long",
    )
    path = print_to_pdf(doc, tmp_path / "long.pdf")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    assert pages >= 3
    code = encode_station_code(StationCodeKind.FORM, doc.barcode_id)
    for page in (1, pages):
        assert barcodes(path, tmp_path, page) == [code]
        assert f"第 {page}/{pages} " in pdf_text(path, page)
    everything = pdf_text(path)
    assert "第1条" in everything and "第120条" in everything  # nothing lost between pages

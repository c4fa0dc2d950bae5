"""The 办件 panel on the real counter: accept a matter from the catalogue (F7), move it
only where it may go, tell the person once what is missing, hand it over with a reason."""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from hub_sync.model import ServiceTicket, TicketHandover
from station_client.ui import printing
from station_client.ui.ticket_dialogs import CataloguePicker, HandOverDialog, StatusDialog

from .ticket_fixtures import AWAY, PARTNER, Desk, staffed_counter

PROOF, PHOTO = "解除或终止劳动关系证明", "近期一寸免冠照片"


@pytest.fixture
def desk(qtbot, counter_rig, clock) -> Desk:
    return staffed_counter(qtbot, counter_rig, clock)


def _panel(qtbot, desk: Desk, person_id: str, tickets: int):  # type: ignore[no-untyped-def]
    """Attach the panel, open the person's file and go to 办件 (F4)."""
    panel = desk.tickets_panel
    desk.open_file(qtbot, person_id)
    qtbot.keyClick(desk.window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.shown_for == person_id, timeout=10000)
    assert panel.table.rowCount() == tickets
    return panel


def _ticket(desk: Desk, ticket_id: str) -> ServiceTicket:
    desk.settle()
    with desk.rig.store.transaction() as s:
        return s.get_one(ServiceTicket, ticket_id)


def _dialog(qtbot, panel, kind):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(panel.dialog, kind) and panel.dialog.isVisible())
    return panel.dialog


def test_f7_accepts_a_matter_from_the_catalogue_with_the_clerk_as_owner(qtbot, desk) -> None:
    pid = desk.person()
    panel = _panel(qtbot, desk, pid, 0)
    assert "暂无办件" in panel.message.text()
    desk.window.workspace.setCurrentIndex(0)

    qtbot.keyClick(desk.window, Qt.Key.Key_F7)
    picker = _dialog(qtbot, panel, CataloguePicker)
    qtbot.keyClicks(picker.filter, "JY-002")
    assert picker.chosen_code() == "JY-002"
    before = len(desk.outbox())
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)
    assert desk.window.workspace.currentWidget() is panel
    [view] = panel.tickets
    ticket = _ticket(desk, view.id)
    # 首问负责: the clerk at the keyboard owns it; 李明 (AB partner) backs up.
    assert (ticket.first_owner_staff_id, ticket.owner_staff_id) == (desk.me, desk.me)
    assert ticket.backup_staff_id == PARTNER and ticket.status == "accepted"
    assert ticket.due_on == date(2026, 11, 5)  # 3 working days after Monday
    assert ticket.ticket_no.startswith("320115001001-20261102-")
    assert panel.table.item(0, 4).text().startswith("2026-11-05")
    assert panel.table.item(0, 5).text() == "王芳"
    assert "承诺办结日期 2026-11-05" in panel.message.text()
    ops = [(e.table_name, e.op) for e in desk.outbox()[before:]]
    assert ("service_tickets", "insert") in ops
    # The receipt is offered at once; Esc prints nothing.
    flow = printing.flow_for(desk.window)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=10000)
    assert flow.dialog.path.text().endswith(f"受理回执-{ticket.ticket_no}.pdf")
    qtbot.keyClick(flow.dialog, Qt.Key.Key_Escape)
    assert not flow.dialog.isVisible()


def test_an_unknown_choice_in_the_picker_is_refused_in_place(qtbot, desk) -> None:
    pid = desk.person()
    panel = _panel(qtbot, desk, pid, 0)
    panel.accept_matter(desk.window.file_view.file)
    picker = _dialog(qtbot, panel, CataloguePicker)
    picker.filter.setText("没有这个事项")
    before = len(desk.outbox())
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.message.text() == "请从目录中选择一个事项"
    assert len(desk.outbox()) == before
    desk.window.lock()  # the clerk steps away: no dialog stays over the lock screen
    assert not picker.isVisible()


def test_missing_materials_are_ticked_from_the_catalogue_and_the_notice_printed(
    qtbot, desk, tmp_path
) -> None:
    pid = desk.person("李四光", serial=2)
    ticket = desk.rig.store.tickets.open_ticket(desk.actor, "JY-002", person_id=pid)
    panel = _panel(qtbot, desk, pid, 1)
    printing.flow_for(desk.window).pdf_dir = tmp_path

    qtbot.keyClick(panel.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(qtbot, panel, StatusDialog)
    assert dialog.status().value == "waiting_materials"
    listed = [dialog.materials.item(i).text() for i in range(dialog.materials.count())]
    assert listed == [
        "居民身份证（或社会保障卡）",
        PROOF,
        "就业创业证",
        PHOTO,
    ]  # the catalogue's list for 失业登记, nothing else
    before = len(desk.outbox())
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # nothing ticked
    qtbot.waitUntil(lambda: dialog.errors["missing_materials"].isVisible(), timeout=10000)
    assert "请勾选需要补正的全部材料" in dialog.errors["missing_materials"].text()
    assert _ticket(desk, ticket.id).status == "accepted" and len(desk.outbox()) == before

    dialog.check(PHOTO)
    dialog.check(PROOF)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    saved = _ticket(desk, ticket.id)
    assert saved.status == "waiting_materials"
    assert PROOF in saved.missing_materials and PHOTO in saved.missing_materials

    flow = printing.flow_for(desk.window)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=10000)
    flow.dialog.to_pdf.setChecked(True)
    with qtbot.waitSignal(flow.printed, timeout=20000) as printed:
        qtbot.keyClick(flow.dialog.path, Qt.Key.Key_Return)
    text = subprocess.run(
        ["pdftotext", "-layout", printed.args[0], "-"], capture_output=True, check=True, text=True
    ).stdout
    text = unicodedata.normalize("NFKC", text)
    assert "一次性告知书" in text and "李四光" in text and ticket.ticket_no in text
    assert text.index(PROOF) < text.index(PHOTO)  # in catalogue order
    assert "就业创业证" not in text  # only what is missing
    qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == "待补材料", timeout=10000)
    assert "待补材料：" in panel.details.text()


def test_only_the_next_statuses_are_offered_and_a_refusal_needs_its_reason(qtbot, desk) -> None:
    pid = desk.person()
    desk_ = desk.rig.store.tickets
    ticket = desk_.open_ticket(desk.actor, "JY-002", person_id=pid)
    desk_.set_status(desk.actor, ticket.id, "waiting_materials", missing_materials=[PHOTO])
    panel = _panel(qtbot, desk, pid, 1)

    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter on a matter: change its status
    dialog = _dialog(qtbot, panel, StatusDialog)
    offered = [dialog.statuses.item(i).text() for i in range(dialog.statuses.count())]
    assert offered == ["办理中", "不予办理", "已撤回"]  # never 已办结 while materials are missing
    dialog.statuses.setCurrentRow(1)
    assert dialog.reason_label.text() == "不予办理的理由（必填）"
    before = len(desk.outbox())
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors["reason"].isVisible(), timeout=10000)
    assert dialog.errors["reason"].text() == "请填写理由"
    assert _ticket(desk, ticket.id).status == "waiting_materials" and len(desk.outbox()) == before

    dialog.reason.setText("申请人已在外省办理失业登记")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    saved = _ticket(desk, ticket.id)
    assert saved.status == "rejected" and "申请人已在外省办理失业登记" in saved.notes
    qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == "不予办理", timeout=10000)
    assert not panel.buttons["status"].isEnabled() and not panel.buttons["handover"].isEnabled()


def test_a_hand_over_needs_a_reason_and_a_colleague_at_work_and_is_recorded(qtbot, desk) -> None:
    pid = desk.person()
    ticket = desk.rig.store.tickets.open_ticket(desk.actor, "JY-007", person_id=pid)
    panel = _panel(qtbot, desk, pid, 1)

    qtbot.keyClick(panel.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(qtbot, panel, HandOverDialog)
    names = [dialog.staff.itemText(i) for i in range(dialog.staff.count())]
    assert names == ["（不移交给个人）", "李明", "赵强（不在岗）"]  # the station's staff
    levels = [dialog.level.itemData(i) for i in range(dialog.level.count())]
    assert levels == [None, "town", "district"]  # a village hands up only

    dialog.staff.setCurrentIndex(names.index("李明"))
    before = len(desk.outbox())
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors["reason"].isVisible(), timeout=10000)
    assert dialog.errors["reason"].text() == "请填写移交原因"

    dialog.staff.setCurrentIndex(dialog.staff.findData(AWAY))
    dialog.reason.setText("下午外出入户走访")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "不在岗" in dialog.errors["to_staff_id"].text(), timeout=10000)
    assert len(desk.outbox()) == before and _ticket(desk, ticket.id).owner_staff_id == desk.me

    dialog.staff.setCurrentIndex(dialog.staff.findData(PARTNER))
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    desk.settle()
    with desk.rig.store.transaction() as s:
        [handover] = s.scalars(select(TicketHandover)).all()
        assert (handover.from_staff_id, handover.to_staff_id) == (desk.me, PARTNER)
        assert handover.reason == "下午外出入户走访"
    assert _ticket(desk, ticket.id).owner_staff_id == PARTNER
    assert ("ticket_handovers", "insert") in [(e.table_name, e.op) for e in desk.outbox()]
    qtbot.waitUntil(lambda: panel.table.item(0, 5).text() == "李明", timeout=10000)
    assert "王芳 → 李明：下午外出入户走访" in panel.details.text()

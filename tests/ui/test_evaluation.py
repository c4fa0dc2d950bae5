"""好差评 on the real counter: completing a matter turns the rating to the person; five
levels for the overall rating and each indicator; a bad rating tells the clerk when to
call back; one rating per matter."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from hub_sync.model import ServiceEvaluation
from station_client.rules.tickets import ticket_deadline
from station_client.ui.evaluation import EvaluationDialog, customer_screen
from station_client.ui.ticket_dialogs import StatusDialog

from .ticket_fixtures import TODAY, Desk, staffed_counter


@pytest.fixture
def desk(qtbot, counter_rig, clock) -> Desk:
    return staffed_counter(qtbot, counter_rig, clock)


def _rating_dialog(qtbot, window) -> EvaluationDialog:  # type: ignore[no-untyped-def]
    def shown() -> bool:
        return any(d.isVisible() for d in window.findChildren(EvaluationDialog))

    qtbot.waitUntil(shown, timeout=10000)
    return next(d for d in window.findChildren(EvaluationDialog) if d.isVisible())


def _ratings(desk: Desk) -> list[ServiceEvaluation]:
    desk.settle()
    with desk.rig.store.transaction() as s:
        return list(s.scalars(select(ServiceEvaluation)))


def test_completing_a_matter_turns_the_rating_to_the_person(qtbot, desk) -> None:
    pid = desk.person()
    tickets = desk.rig.store.tickets
    ticket = tickets.open_ticket(desk.actor, "JY-004", person_id=pid)
    tickets.set_status(desk.actor, ticket.id, "in_progress")
    panel = desk.tickets_panel
    desk.open_file(qtbot, pid)
    qtbot.keyClick(desk.window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)

    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, StatusDialog), timeout=10000)
    status = panel.dialog
    status.statuses.setCurrentItem(
        status.statuses.findItems("已办结", Qt.MatchFlag.MatchExactly)[0]
    )
    qtbot.keyClick(status.reason, Qt.Key.Key_Return)

    dialog = _rating_dialog(qtbot, desk.window)
    assert not dialog.isFullScreen()  # one screen: a large dialog the clerk turns round
    available = desk.window.screen().availableGeometry()
    assert dialog.width() >= available.width() * 0.7
    assert [r.field for r in dialog.rows] == ["overall", "efficiency", "competence", "attitude"]
    assert [b.text().split("\n")[0] for b in dialog.rows[0].buttons.values()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # nothing chosen yet
    assert dialog.rows[0].error.text() == "请选择总体评价" and dialog.isVisible()
    assert _ratings(desk) == []

    for digit in "5453":  # each digit rates a row and moves on
        qtbot.keyClick(dialog, digit)
    assert [r.value for r in dialog.rows] == [5, 4, 5, 3]
    assert dialog.focusWidget() is dialog.comment  # after the last row: the comment
    dialog.comment.setText("办事很快，态度很好")
    before = len(desk.outbox())
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    [rating] = _ratings(desk)
    assert (rating.overall, rating.efficiency, rating.competence, rating.attitude) == (5, 4, 5, 3)
    assert rating.comment == "办事很快，态度很好" and rating.ticket_id == ticket.id
    assert rating.staff_id == desk.me and rating.callback_due is None
    inserts = [e for e in desk.outbox()[before:] if e.table_name == "service_evaluations"]
    assert len(inserts) == 1 and inserts[0].op == "insert"
    assert desk.window.notice.text() == "评价已保存，谢谢！"
    qtbot.waitUntil(lambda: "已评价" in panel.details.text(), timeout=10000)
    assert not panel.buttons["rate"].isEnabled()


def test_a_bad_rating_tells_the_clerk_when_to_put_it_right(qtbot, desk, reference) -> None:
    pid = desk.person()
    tickets = desk.rig.store.tickets
    ticket = tickets.open_ticket(desk.actor, "JY-001", person_id=pid)
    tickets.set_status(desk.actor, ticket.id, "completed")
    desk.open_file(qtbot, pid)

    qtbot.keyClick(desk.window, Qt.Key.Key_F10)  # 服务评价 on the person's file
    dialog = _rating_dialog(qtbot, desk.window)
    assert any(ticket.ticket_no in label.text() for label in dialog.findChildren(QLabel))
    qtbot.keyClick(dialog, "1")  # 非常不满意
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    [rating] = _ratings(desk)
    due = ticket_deadline(TODAY, 15, reference.calendar).due  # PJ-001: 15 working days
    assert rating.overall == 1 and rating.callback_due == due
    assert f"差评：请于 {due.isoformat()} 前整改并回访" in desk.window.notice.text()

    # Rated once: nothing is left to rate for this person.
    desk.window.activateWindow()
    qtbot.waitUntil(desk.window.isActiveWindow, timeout=5000)
    qtbot.keyClick(desk.window, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: "没有待评价" in desk.window.notice.text(), timeout=10000)
    assert len(_ratings(desk)) == 1


def test_the_rating_goes_to_the_screen_facing_the_person(qapp) -> None:
    clerk, person = SimpleNamespace(name="clerk"), SimpleNamespace(name="person")
    assert customer_screen([clerk, person], clerk) is person
    assert customer_screen([person, clerk], clerk) is person
    assert customer_screen([clerk], clerk) is None
    screens = QGuiApplication.screens()
    if len(screens) == 1:  # the offscreen test platform has one screen
        assert customer_screen(screens, screens[0]) is None

"""我的待办 (F3) on the real counter: the clerk's open matters by deadline, the people
owed a follow-up, the ratings still to ask for; Enter opens the person."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from hub_sync.model import UnemploymentRegistration
from station_client.store import Actor
from station_client.store.records import create

from .ticket_fixtures import PARTNER, Desk, staffed_counter

OVERDUE, DUE_SOON, ON_TRACK, WAITING, FOLLOW_UPS, TO_RATE = range(6)


@pytest.fixture
def desk(qtbot, counter_rig, clock) -> Desk:
    return staffed_counter(qtbot, counter_rig, clock)


def _show(qtbot, desk: Desk):  # type: ignore[no-untyped-def]
    panel = desk.my_day
    qtbot.keyClick(desk.window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: panel.loaded is not None, timeout=10000)
    return panel


def test_my_day_sorts_the_clerks_matters_and_lists_who_is_owed_what(qtbot, desk, clock) -> None:
    tickets = desk.rig.store.tickets
    late, soon, calm, waiting, done, contact = (
        desk.person(name, serial=n)
        for n, name in enumerate(("甲一", "乙二", "丙三", "丁四", "戊五", "己六"), 1)
    )
    clock.now = datetime(2026, 10, 20, 1, 30, tzinfo=UTC)
    overdue = tickets.open_ticket(desk.actor, "JY-002", person_id=late)  # due 23 Oct
    clock.now = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
    tickets.open_ticket(desk.actor, "JY-001", person_id=soon)  # on the spot: due today
    tickets.open_ticket(desk.actor, "JY-004", person_id=calm)  # 15 working days
    paused = tickets.open_ticket(desk.actor, "JY-006", person_id=waiting)
    tickets.set_status(
        desk.actor, paused.id, "waiting_materials", missing_materials=["户口簿或居住证"]
    )
    finished = tickets.open_ticket(desk.actor, "JY-001", person_id=done)
    tickets.set_status(desk.actor, finished.id, "completed")
    theirs = Actor(desk.actor.station_id, PARTNER)
    tickets.open_ticket(theirs, "JY-002", person_id=calm)  # 李明's matter: not on my list
    with desk.rig.store.transaction() as s:
        values = {
            "person_id": contact,
            "station_id": desk.actor.station_id,
            "registration_no": "SY20260000001",
            "registered_on": date(2026, 9, 1),
        }
        create(s, desk.actor, clock.now, UnemploymentRegistration, values)

    panel = _show(qtbot, desk)

    assert desk.window.workspace.currentWidget() is panel
    assert "2026-11-02　共 6 项" in panel.heading.text()
    assert panel.rows(OVERDUE) == [
        [f"失业登记　{overdue.ticket_no}", "甲一", "2026-10-23", "已受理"]
    ]
    assert [r[1:3] for r in panel.rows(DUE_SOON)] == [["乙二", "2026-11-02"]]
    assert [r[1] for r in panel.rows(ON_TRACK)] == ["丙三"]
    assert [r[1:] for r in panel.rows(WAITING)] == [["丁四", "时限暂停", "待补材料"]]
    [follow_up] = panel.rows(FOLLOW_UPS)
    assert follow_up[:2] == ["失业人员定期联系", "己六"]
    assert follow_up[2] == "2026-10-01（已过 32 天）"
    assert "2026-09-01登记后未联系" in follow_up[3]
    assert [r[:2] for r in panel.rows(TO_RATE)] == [[f"求职登记　{finished.ticket_no}", "戊五"]]
    titles = [panel.tree.topLevelItem(i).text(0) for i in range(6)]
    assert titles[OVERDUE] == "已超期（1）" and titles[FOLLOW_UPS].endswith("（1）")

    # Enter on a row opens that person's file.
    group = panel.tree.topLevelItem(FOLLOW_UPS)
    panel.tree.setCurrentItem(group.child(0))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    view = desk.window.file_view
    qtbot.waitUntil(lambda: view.file is not None and view.file.person_id == contact, timeout=10000)
    assert desk.window.workspace.currentIndex() == 0


def test_an_empty_day_says_so_and_switching_user_clears_the_names(qtbot, desk) -> None:
    panel = _show(qtbot, desk)
    assert "共 0 项" in panel.heading.text()
    assert all(panel.rows(g) == [] for g in range(6))

    pid = desk.person("庚七")  # (waits for the list's own reading to finish first)
    desk.rig.store.tickets.open_ticket(desk.actor, "JY-004", person_id=pid)
    qtbot.keyClick(panel.tree, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # refresh
    qtbot.waitUntil(lambda: panel.rows(ON_TRACK) != [], timeout=10000)
    assert panel.rows(ON_TRACK)[0][1] == "庚七"

    desk.window.switch_user()
    assert panel.tree.topLevelItemCount() == 0 and panel.loaded is None

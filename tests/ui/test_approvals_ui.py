"""认定审批 against a real hub, through every level: a village clerk's application; the
village check by another clerk of the village station on its approvals screen (a wrong
password first, refused in words); sync; the public notice runs its three working days
(the stores' clock moves on); the town supervisor and the district supervisor decide at
their own stations after syncing; and the ticket at the village ends completed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton
from sqlalchemy import select

from hub_sync.model import (
    HardToEmployRecognition,
    Person,
    RecognitionReview,
    ServiceTicket,
    Staff,
    utc_now,
)
from hub_sync.server import staff as hub_staff
from station_client.rules.approvals import Result, StepKind
from station_client.rules.deadlines import DeadlineState
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.store.approvals import LogLine
from station_client.store.review_queue import MatterEntry
from station_client.store.services import record_service
from station_client.sync import SyncAgent, enrol, load_identity
from station_client.sync.attention import rejected
from station_client.sync.login import StaffLogin
from station_client.ui.approvals import ApprovalsScreen, attach
from station_client.ui.i18n import install_translations
from station_client.ui.main_window import CounterContext, CounterWindow
from station_client.ui.operations import Operations

from ..store.helpers import person_values
from ..sync.conftest import new_citizen_id
from .counter_fixtures import PASSWORD, STATION_AREA, CounterRig, log_in

TOWN_AREA, DISTRICT_AREA = STATION_AREA[:9], STATION_AREA[:6]


@dataclass
class Desk:
    """Another station: its store, sync agent and a counter window with the screen."""

    store: Store
    agent: SyncAgent
    window: CounterWindow
    username: str


def _screen(window: CounterWindow) -> ApprovalsScreen:
    tabs = window.workspace
    found = [tabs.widget(i) for i in range(tabs.count())]
    screens = [w for w in found if isinstance(w, ApprovalsScreen)]
    if not screens:  # a window built without the counter's SCREENS
        attach(window)
        return _screen(window)
    return screens[0]


def _desk(qtbot, rig: CounterRig, make_store, name: str, area: str) -> Desk:  # type: ignore[no-untyped-def]
    """A station of ``area`` with a supervisor district IT added at the hub."""
    store = make_store(name)
    enrol(store, rig.hub.url, rig.hub.add_station(area, name), "test")
    station_id = load_identity(store).station_id
    username = f"boss_{name}"
    with rig.hub.engine.begin() as conn:
        hub_staff.add_staff(
            conn, username=username, full_name=f"{name}主管", role="supervisor",
            area_code=area, password=PASSWORD, now=utc_now(), station_id=station_id,
        )  # fmt: skip
    window = CounterWindow(
        CounterContext(store=store, station_id=station_id, log_in=StaffLogin(store).log_in),
        Operations(),
    )
    qtbot.addWidget(window)
    _screen(window)
    return Desk(
        store, SyncAgent(store, client_version="test", timeout=(2.0, 20.0)), window, username
    )


def _log_in(qtbot, window: CounterWindow, username: str) -> None:  # type: ignore[no-untyped-def]
    window.login.username.setText(username)
    qtbot.keyClicks(window.login.password, PASSWORD)
    qtbot.keyClick(window.login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is not None, timeout=20000)


def _decide_first(qtbot, screen: ApprovalsScreen, step: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Wait for ``step`` at the top of the list, give the password, press Enter."""
    qtbot.waitUntil(
        lambda: bool(screen.entries) and screen.panel.entry is not None
        and screen.panel.entry.step == step, timeout=20000,
    )  # fmt: skip
    assert screen.panel.submit_button.isEnabled()
    qtbot.keyClicks(screen.panel.password, password)
    qtbot.keyClick(screen.panel.password, Qt.Key.Key_Return)


def _on(clock, day: date) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


def _state(store: Store, rec_id: str, ticket_id: str) -> tuple[object, ...]:
    with store.transaction() as s:
        rec = s.get_one(HardToEmployRecognition, rec_id)
        ticket = s.get_one(ServiceTicket, ticket_id)
        person = s.get_one(Person, rec.person_id)
        return rec.status, ticket.status, ticket.completed_on, person.is_hard_to_employ


def test_the_whole_chain_from_the_village_to_the_district(
    qtbot, counter_rig: CounterRig, make_store, clock
):  # type: ignore[no-untyped-def]
    rig = counter_rig
    # The village clerk of the rig accepts the application (the maker).
    with rig.store.transaction() as s:
        maker = s.scalar(select(Staff.id).where(Staff.username == rig.username))
        maker_actor = Actor(rig.station_id, maker)
        values = person_values(citizen_id=new_citizen_id(), residence_division=STATION_AREA)
        person_id = rig.store.persons.register(s, maker_actor, values).id
    applied = record_service(
        rig.store, maker_actor, "JY-007", person_id,
        {"category": "040", "monthly_income": 600, "applied_on": date(2026, 11, 2)},
    )  # fmt: skip
    rec_id, ticket_id = applied.record_id, applied.ticket_id

    # Another clerk of the village checks it on the approvals screen (Ctrl+Shift+A).
    checker = rig.add_staff("clerk")
    rig.counter.agent.sync_once()
    log_in(qtbot, rig, checker)
    village = _screen(rig.window)
    qtbot.keyClick(
        rig.window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert rig.window.workspace.currentWidget() is village
    _decide_first(qtbot, village, "village_check", password="not-my-password")
    qtbot.waitUntil(lambda: "密码错误" in village.panel.password_error.text(), timeout=20000)
    assert village.panel.password.text() == ""  # asked again, nothing saved
    _decide_first(qtbot, village, "village_check")
    qtbot.waitUntil(lambda: "已通过" in village.message.text(), timeout=20000)
    qtbot.waitUntil(lambda: village.entries == [] or village.entries[0].objections_only,
                    timeout=20000)  # fmt: skip
    rig.counter.agent.sync_once()

    # The town: during the notice there is nothing to decide; once it has run, the review.
    town = _desk(qtbot, rig, make_store, "town", TOWN_AREA)
    town.agent.sync_once()
    _log_in(qtbot, town.window, town.username)
    town_screen = _screen(town.window)
    qtbot.waitUntil(lambda: "待审批 0 件" in town_screen.count.text(), timeout=20000)
    _on(clock, date(2026, 11, 6))  # the notice ended on 5 November, unopposed
    town_screen.load()
    _decide_first(qtbot, town_screen, "town_review")
    qtbot.waitUntil(lambda: "已通过" in town_screen.message.text(), timeout=20000)
    town.agent.sync_once()

    # The district decides at its own station.
    district = _desk(qtbot, rig, make_store, "district", DISTRICT_AREA)
    district.agent.sync_once()
    _log_in(qtbot, district.window, district.username)
    district_screen = _screen(district.window)
    district_screen.load()
    _decide_first(qtbot, district_screen, "district_decision")
    qtbot.waitUntil(lambda: "已予以认定" in district_screen.message.text(), timeout=20000)
    district.agent.sync_once()

    # Back at the village the ticket is completed, the person recognised.
    rig.counter.agent.sync_once()
    assert _state(rig.store, rec_id, ticket_id) == (
        "recognised", "completed", date(2026, 11, 6), True,
    )  # fmt: skip
    for store in (rig.store, town.store, district.store):
        assert rejected(store) == []  # the hub took every decision
    with rig.hub.engine.connect() as c:
        steps = c.execute(
            select(RecognitionReview.step).where(RecognitionReview.recognition_id == rec_id)
        ).scalars()
        assert sorted(steps) == ["district_decision", "town_review", "village_check"]


def test_the_maker_finds_nothing_to_decide_and_switching_user_hides_the_screen(
    qtbot, counter_rig: CounterRig
):  # type: ignore[no-untyped-def]
    rig = counter_rig
    with rig.store.transaction() as s:
        maker = Actor(
            rig.station_id, s.scalar(select(Staff.id).where(Staff.username == rig.username))
        )
        values = person_values(citizen_id=new_citizen_id(), residence_division=STATION_AREA)
        person_id = rig.store.persons.register(s, maker, values).id
    record_service(
        rig.store, maker, "JY-007", person_id,
        {"category": "060", "monthly_income": 800, "applied_on": date(2026, 11, 2)},
    )  # fmt: skip
    screen = _screen(rig.window)
    index = rig.window.workspace.indexOf(screen)
    assert not rig.window.workspace.isTabVisible(index)  # nobody logged in
    log_in(qtbot, rig)  # the clerk who accepted it
    assert rig.window.workspace.isTabVisible(index)
    qtbot.waitUntil(lambda: "待审批 0 件" in screen.count.text(), timeout=20000)
    assert not screen.panel.submit_button.isEnabled()
    rig.window.switch_user()
    assert not rig.window.workspace.isTabVisible(index) and screen.entries == []
    assert screen.count.text() == ""


def _entry(**over: object) -> MatterEntry:
    values: dict[str, object] = {
        "item_code": "JY-007", "item_zh": "就业困难人员认定",
        "item_en": "Recognition as a hard-to-employ person",
        "subject_table": "hard_to_employ_recognitions", "record_id": "r1", "record_no": "KN-1",
        "person_id": "p1", "name": "Zhang*", "about_zh": "类别：残疾人员　家庭人均月收入：800",
        "about_en": "Category: Disabled · Monthly income per household member: 800",
        "applied_on": date(2026, 11, 2), "ticket_no": "T-1", "step": "public_notice",
        "step_zh": "村（社区）公示", "step_en": "Public notice", "kind": StepKind.NOTICE,
        "due_on": date(2026, 11, 5), "due_estimated": True, "state": DeadlineState.ON_TRACK,
        "may_decide": True,
        "decisions": (LogLine("村（社区）初审核实", "Village/community check", Result.PASS,
                              "Li Jing", date(2026, 11, 2), "checked at home"),),
    }  # fmt: skip
    values.update(over)
    return MatterEntry(**values)  # type: ignore[arg-type]


def test_the_screen_in_english(qtbot, qapp, make_store):  # type: ignore[no-untyped-def]
    install_translations(qapp, "en")
    try:
        store = make_store()
        window = CounterWindow(
            CounterContext(store=store, station_id="s", log_in=StaffLogin(store).log_in),
            Operations(),
        )
        qtbot.addWidget(window)
        screen = _screen(window)
        screen.show_queue([_entry(), _entry(record_id="r2", may_decide=False,
                                            kind=StepKind.DECISION, step="village_check",
                                            state=DeadlineState.OVERDUE)])  # fmt: skip
        texts = [window.workspace.tabText(window.workspace.indexOf(screen))]
        texts += [w.text() for w in screen.findChildren(QLabel)]
        texts += [w.text() for w in screen.findChildren(QPushButton)]
        texts += [w.placeholderText() for w in screen.findChildren(QLineEdit)]
        for combo in screen.findChildren(QComboBox):
            texts += [combo.itemText(i) for i in range(combo.count())]
        for listing in screen.findChildren(QListWidget):
            texts += [listing.item(i).text() for i in range(listing.count())]
        table = screen.queue
        texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        texts += [table.item(r, c).text() for r in range(2) for c in range(table.columnCount())]
        chinese = [t for t in texts if re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", t)]
        assert chinese == []
        assert "Approvals (Ctrl+Shift+A)" in texts and "Objection upheld (refuse)" in texts
        assert "Chase up (overdue)" in texts and "Public notice running" in texts
        assert "Recognition as a hard-to-employ person" in texts and "Matter" in texts
        assert any("Public notice" in t and "2026-11-05" in t for t in texts)
        screen.queue.setCurrentCell(1, 0)  # escalated: shown, not decided here
        assert not screen.panel.submit_button.isEnabled()
        assert "chase up" in screen.panel.password_error.text()
    finally:
        install_translations(qapp, "zh_CN")

"""审核审批 for the matters besides recognitions, at a town station against a real hub: a
mediation application a clerk accepted is accepted for mediation by the town supervisor
on the approvals screen (Ctrl+Shift+A) and reaches the hub; a complaint refused needs a
reason; the supervisor who accepted a complaint himself finds nothing to decide."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from hub_sync.model import (
    InspectionComplaint,
    MediationCase,
    ReviewDecision,
    ServiceTicket,
    Staff,
    utc_now,
)
from hub_sync.server import staff as hub_staff
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.store.services import record_service
from station_client.sync import SyncAgent, enrol, load_identity
from station_client.sync.attention import rejected
from station_client.sync.login import StaffLogin
from station_client.ui.main_window import CounterContext, CounterWindow
from station_client.ui.operations import Operations

from ..hubserver import RunningHub
from ..store.helpers import person_values
from ..sync.conftest import new_citizen_id
from .counter_fixtures import PASSWORD, STATION_AREA
from .test_approvals_ui import _decide_first, _log_in, _screen

TOWN_AREA = STATION_AREA[:9]


@dataclass
class TownDesk:
    """A town station's counter window, its store and sync agent, and its staff."""

    hub: RunningHub
    store: Store
    agent: SyncAgent
    window: CounterWindow
    station_id: str
    staff: dict[str, str]  # nickname: username

    def actor(self, nick: str) -> Actor:
        with self.store.transaction() as s:
            ident = s.scalar(select(Staff.id).where(Staff.username == self.staff[nick]))
        assert ident is not None
        return Actor(self.station_id, ident)

    def applicant(self) -> str:
        values = person_values(citizen_id=new_citizen_id(), residence_division=STATION_AREA)
        with self.store.transaction() as s:
            return self.store.persons.register(s, self.actor("clerk"), values).id

    def at_hub(self, model: type, ident: str) -> object:
        with self.hub.engine.connect() as c:
            return c.execute(select(model).where(model.id == ident)).one()  # type: ignore[attr-defined]


def _town_desk(qtbot, hub: RunningHub, make_store) -> TownDesk:  # type: ignore[no-untyped-def]
    store = make_store("town")
    enrol(store, hub.url, hub.add_station(TOWN_AREA, "东山街道劳动保障所"), "test")
    station_id = load_identity(store).station_id
    staff = {}
    with hub.engine.begin() as conn:
        for nick, role, name in (
            ("clerk", "clerk", "王芳"),
            ("boss", "supervisor", "周主管"),
            ("deputy", "supervisor", "钱主管"),
        ):
            staff[nick] = f"{nick}_{secrets.token_hex(3)}"
            hub_staff.add_staff(
                conn, username=staff[nick], full_name=name, role=role, area_code=TOWN_AREA,
                password=PASSWORD, now=utc_now(), station_id=station_id,
            )  # fmt: skip
    window = CounterWindow(
        CounterContext(store=store, station_id=station_id, log_in=StaffLogin(store).log_in),
        Operations(),
    )
    qtbot.addWidget(window)
    _screen(window)
    window.show()  # shortcuts reach a shown, active window
    window.activateWindow()
    qtbot.waitExposed(window)
    agent = SyncAgent(store, client_version="test", timeout=(2.0, 20.0))
    agent.sync_once()  # the staff reach the station
    return TownDesk(hub, store, agent, window, station_id, staff)


def test_a_mediation_application_is_accepted_at_the_town_and_reaches_the_hub(
    qtbot, qapp, hub, make_store
):  # type: ignore[no-untyped-def]
    desk = _town_desk(qtbot, hub, make_store)
    applied = record_service(
        desk.store, desk.actor("clerk"), "TJ-001", desk.applicant(),
        {"respondent_name": "某建筑劳务公司", "matter": "拖欠三个月工资",
         "applied_on": date(2026, 11, 2)},
    )  # fmt: skip
    _log_in(qtbot, desk.window, desk.staff["boss"])
    qtbot.keyClick(
        desk.window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    screen = _screen(desk.window)
    assert desk.window.workspace.currentWidget() is screen
    qtbot.waitUntil(lambda: len(screen.entries) == 1, timeout=20000)
    with desk.store.transaction() as s:
        case_no = s.get_one(MediationCase, applied.record_id).case_no
    row = [screen.queue.item(0, c).text() for c in range(screen.queue.columnCount())]
    assert row[1:4] == ["劳动争议调解申请", case_no, "张三丰"]
    assert row[4] == "受理或不予受理决定" and row[5] == "2026-11-05"
    summary = screen.panel.summary.text()
    assert "劳动争议调解申请" in summary and "某建筑劳务公司" in summary
    choices = [screen.panel.result.itemText(i) for i in range(screen.panel.result.count())]
    assert choices == ["通过（予以受理）", "不通过（不予受理）"]  # what each choice makes of it
    out = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)  # a picture to look at
    desk.window.resize(1280, 800)
    qtbot.wait(200)
    assert screen.grab().save(str(out / "approvals_matters.png"))

    _decide_first(qtbot, screen, "accept_decision")
    qtbot.waitUntil(lambda: "予以受理" in screen.message.text(), timeout=20000)
    qtbot.waitUntil(lambda: "待审批 0 件" in screen.count.text(), timeout=20000)
    desk.agent.sync_once()

    assert rejected(desk.store) == []  # the hub took the decision and what followed
    case = desk.at_hub(MediationCase, applied.record_id)
    ticket = desk.at_hub(ServiceTicket, applied.ticket_id)
    assert (case.status, case.accepted_on) == ("accepted", date(2026, 11, 2))  # type: ignore[attr-defined]
    assert ticket.status == "completed"  # type: ignore[attr-defined]
    with hub.engine.connect() as c:
        [decision] = c.execute(select(ReviewDecision)).all()
    assert (decision.subject_id, decision.result) == (applied.record_id, "pass")


def test_a_refused_complaint_needs_a_reason_and_its_maker_cannot_decide(
    qtbot, qapp, hub, make_store
):  # type: ignore[no-untyped-def]
    desk = _town_desk(qtbot, hub, make_store)
    applied = record_service(
        desk.store, desk.actor("boss"), "JC-001", desk.applicant(),
        {"employer_name": "某建筑劳务公司", "facts": "未签订劳动合同",
         "received_on": date(2026, 11, 2)},
    )  # fmt: skip
    _log_in(qtbot, desk.window, desk.staff["boss"])  # who accepted it
    screen = _screen(desk.window)
    screen.load()
    qtbot.waitUntil(lambda: "待审批 0 件" in screen.count.text(), timeout=20000)
    assert not screen.panel.submit_button.isEnabled()

    desk.window.switch_user()
    _log_in(qtbot, desk.window, desk.staff["deputy"])
    screen.load()
    qtbot.waitUntil(lambda: len(screen.entries) == 1, timeout=20000)
    panel = screen.panel
    assert panel.entry is not None and panel.entry.item_zh == "劳动保障监察投诉"
    panel.result.setCurrentIndex(panel.result.findData("fail"))
    qtbot.keyClicks(panel.password, PASSWORD)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert panel.reason_error.text() == "不通过须填写理由"  # nothing sent, nothing saved
    with desk.store.transaction() as s:
        assert s.get_one(InspectionComplaint, applied.record_id).status == "received"

    panel.reason.setText("不属于劳动保障监察范围")  # typed through the input method
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "不予受理" in screen.message.text(), timeout=20000)
    with desk.store.transaction() as s:
        assert s.get_one(InspectionComplaint, applied.record_id).status == "refused"
        ticket = s.get_one(ServiceTicket, applied.ticket_id)
        assert ticket.status == "rejected" and "不属于劳动保障监察范围" in (ticket.notes or "")
    desk.agent.sync_once()
    assert rejected(desk.store) == []
    assert desk.at_hub(InspectionComplaint, applied.record_id).status == "refused"  # type: ignore[attr-defined]

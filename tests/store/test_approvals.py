"""Approvals at the station: the queue of what a staff member may decide, and decisions
that need the password again, a reason to refuse, the right person in the right order,
and take the recognition and its service ticket along — in one audited transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from hub_sync.model import (
    AuditEntry,
    HardToEmployRecognition,
    Person,
    RecognitionReview,
    ServiceTicket,
    Staff,
    Station,
)
from station_client.rules.approval_refusals import ApprovalRefused
from station_client.rules.deadlines import DeadlineState
from station_client.rules.errors import ValidationError
from station_client.store import Actor, Store
from station_client.store import outbox as ob
from station_client.store.approvals import PasswordRefused, decide, queue
from station_client.store.services import record_service
from station_client.sync import meta
from station_client.sync.login import LoginRefused, StaffLogin

from .helpers import person_values

STATION = "station-village-1"
VILLAGE, TOWN, DISTRICT = "320115001001", "320115001", "320115"
PASSWORD = "right-pass-1"
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
STAFF = {  # id: (role, area, name)
    "maker": ("clerk", VILLAGE, "王芳"),
    "checker": ("clerk", VILLAGE, "李静"),
    "neighbour": ("clerk", VILLAGE, "赵敏"),
    "town-boss": ("supervisor", TOWN, "周主管"),
    "district-boss": ("supervisor", DISTRICT, "吴科长"),
}


@dataclass
class Desk:
    store: Store
    clock: Any
    recognition_id: str
    ticket_id: str

    def decide(self, who: str, step: str, result: str = "pass", **kw: Any) -> Any:
        kw.setdefault("reason", None)
        kw.setdefault("password", PASSWORD)
        return decide(self.store, Actor(STATION, who), self.recognition_id, step, result, **kw)

    def on(self, day: date) -> None:
        self.clock.now = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 CST

    def get(self, model: type, ident: str) -> Any:
        with self.store.transaction() as s:
            return s.get_one(model, ident)

    def count(self, model: type) -> int:
        with self.store.transaction() as s:
            return s.scalar(select(func.count()).select_from(model)) or 0

    def outbox(self) -> list[ob.OutboxEntry]:
        with self.store.engine.connect() as c:
            return ob.pending(c)

    def snapshot(self) -> tuple[Any, ...]:
        rec = self.get(HardToEmployRecognition, self.recognition_id)
        ticket = self.get(ServiceTicket, self.ticket_id)
        return (
            self.count(RecognitionReview),
            (rec.status, rec.current_step, rec.version),
            (ticket.status, ticket.due_on, ticket.notes),
            len(self.outbox()),
            self.count(AuditEntry),
        )


def _remember_login(store: Store, staff_id: str) -> None:
    """What an online login leaves behind at the station: the verifier and who it is."""
    role, area, name = STAFF[staff_id]
    record = {
        "staff": {"id": staff_id, "username": staff_id, "full_name": name, "role": role,
                  "area_code": area, "station_id": STATION},
        "verifier": HASHER.hash(PASSWORD),
        "failures": 0,
        "locked_until": None,
    }  # fmt: skip
    with store.transaction() as s:
        meta.put(s, {f"login:{staff_id}": json.dumps(record, ensure_ascii=False)})


@pytest.fixture
def desk(make_store, clock) -> Desk:  # type: ignore[no-untyped-def]
    store = make_store()
    with store.applying_pulled() as s:  # the station and the staff come from the hub
        s.add(Station(id=STATION, org_code=VILLAGE, name="中前社区服务站", level="village"))
        for ident, (role, area, name) in STAFF.items():
            s.add(Staff(id=ident, username=ident, full_name=name, role=role, area_code=area,
                        station_id=STATION))  # fmt: skip
    for ident in STAFF:
        _remember_login(store, ident)
    maker = Actor(STATION, "maker")
    with store.transaction() as s:
        person = store.persons.register(s, maker, person_values(residence_division=VILLAGE))
    values = {"category": "040", "monthly_income": 600, "applied_on": date(2026, 11, 2)}
    applied = record_service(store, maker, "JY-007", person.id, values)
    return Desk(store, clock, applied.record_id, applied.ticket_id)


def test_the_queue_shows_each_step_to_whom_may_decide_it(desk: Desk) -> None:
    [entry] = queue(desk.store, "checker")
    assert (entry.step, entry.due_on, entry.state) == (
        "village_check",
        date(2026, 11, 4),
        DeadlineState.ON_TRACK,
    )
    assert entry.may_decide and not entry.overdue and not entry.objections_only
    assert entry.name == "张三丰" and entry.category_zh and entry.ticket_no
    assert queue(desk.store, "maker") == []  # maker-checker: not the accepting clerk
    assert queue(desk.store, "town-boss") == []  # not the town's turn, not overdue
    assert queue(desk.store, "nobody") == []


def test_an_overdue_step_counted_in_working_days_escalates_to_the_level_above(desk: Desk) -> None:
    desk.on(date(2026, 11, 4))  # the due day: due soon, still the village's
    assert queue(desk.store, "checker")[0].state is DeadlineState.DUE_SOON
    assert queue(desk.store, "town-boss") == []
    desk.on(date(2026, 11, 7))  # a Saturday after the due day
    [late] = queue(desk.store, "checker")
    assert late.overdue
    [chase] = queue(desk.store, "town-boss")
    assert chase.overdue and not chase.may_decide and chase.step == "village_check"


def test_a_wrong_password_is_refused_saving_nothing_and_locks_like_the_login(desk: Desk) -> None:
    before = desk.snapshot()
    with pytest.raises(PasswordRefused) as wrong:
        desk.decide("checker", "village_check", password="not-it")
    assert "密码错误" in wrong.value.message_zh and "4" in wrong.value.message_zh
    assert desk.snapshot() == before
    for _ in range(4):
        with pytest.raises(PasswordRefused):
            desk.decide("checker", "village_check", password="not-it")
    with pytest.raises(PasswordRefused) as locked:  # the right password: locked anyway
        desk.decide("checker", "village_check")
    assert "锁定" in locked.value.message_zh
    with pytest.raises(LoginRefused, match="locked"):  # the same lock as the login's
        StaffLogin(desk.store).log_in("checker", PASSWORD)
    assert desk.snapshot() == before


def test_a_refusal_needs_a_reason_before_the_password_is_even_checked(desk: Desk) -> None:
    before = desk.snapshot()
    with pytest.raises(ValidationError) as refused:
        desk.decide("checker", "village_check", "fail", reason="  ", password="not-it")
    assert refused.value.field == "reason" and refused.value.reason == "required"
    assert desk.snapshot() == before
    with desk.store.transaction() as s:  # no wrong password was counted
        assert json.loads(meta.get(s, "login:checker") or "{}")["failures"] == 0


def test_the_maker_may_not_check_and_no_one_decides_two_steps(desk: Desk) -> None:
    before = desk.snapshot()
    with pytest.raises(ApprovalRefused) as maker:
        desk.decide("maker", "village_check")
    assert maker.value.reason == "maker" and "受理" in maker.value.message_zh
    assert desk.snapshot() == before
    desk.decide("checker", "village_check")
    with pytest.raises(ApprovalRefused) as twice:
        desk.decide("checker", "public_notice", "fail", reason="有人举报其有稳定收入")
    assert twice.value.reason == "two_steps"


def test_steps_go_in_order_and_the_ticket_follows_to_the_end(desk: Desk) -> None:
    with pytest.raises(ApprovalRefused) as early:
        desk.decide("town-boss", "town_review")
    assert early.value.reason == "not_yet"
    done = desk.decide("checker", "village_check", reason="入户核实属实")
    assert "下一环节应于 2026-11-17" in done.message_zh()
    rec = desk.get(HardToEmployRecognition, desk.recognition_id)
    ticket = desk.get(ServiceTicket, desk.ticket_id)
    assert (rec.status, rec.current_step) == ("under_review", "public_notice")
    # Forwarded; due when the town review is: notice ends 5 Nov, + 5 forward + 3 review.
    assert (ticket.status, ticket.due_on) == ("forwarded", date(2026, 11, 17))
    assert "村（社区）初审核实：通过" in ticket.notes

    with pytest.raises(ApprovalRefused) as notice:  # the notice runs until 5 November
        desk.decide("town-boss", "town_review")
    assert notice.value.reason == "not_yet" and "2026-11-05" in notice.value.message_zh
    desk.on(date(2026, 11, 6))
    assert queue(desk.store, "town-boss")[0].step == "town_review"
    desk.decide("town-boss", "town_review")
    ticket = desk.get(ServiceTicket, desk.ticket_id)
    assert (ticket.status, ticket.due_on) == ("forwarded", date(2026, 11, 11))
    assert desk.get(HardToEmployRecognition, desk.recognition_id).current_step == (
        "district_decision"
    )

    desk.on(date(2026, 11, 9))
    final = desk.decide("district-boss", "district_decision")
    assert final.status == "recognised" and final.ticket_status == "completed"
    rec = desk.get(HardToEmployRecognition, desk.recognition_id)
    ticket = desk.get(ServiceTicket, desk.ticket_id)
    assert (rec.status, rec.current_step, rec.decided_on) == (
        "recognised",
        None,
        date(2026, 11, 9),
    )
    assert (ticket.status, ticket.completed_on) == ("completed", date(2026, 11, 9))
    assert "予以认定" in ticket.notes
    person = desk.get(Person, rec.person_id)
    assert person.is_hard_to_employ
    with pytest.raises(ApprovalRefused) as again:
        desk.decide("district-boss", "district_decision")
    assert again.value.reason == "already_decided" and "吴科长" in again.value.message_zh

    reviews = [e for e in desk.outbox() if e.table_name == "recognition_reviews"]
    assert [e.new_values["step"] for e in reviews] == [
        "village_check",
        "town_review",
        "district_decision",
    ]
    with desk.store.transaction() as s:
        audited = s.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "approval_decision")
        ).all()
    assert audited == ["village_check:pass", "town_review:pass", "district_decision:pass"]


def test_an_upheld_objection_ends_it_with_the_reason_on_the_ticket(desk: Desk) -> None:
    desk.decide("checker", "village_check")
    with pytest.raises(ApprovalRefused) as by_hand:
        desk.decide("neighbour", "public_notice")  # the notice is not passed by hand
    assert by_hand.value.reason == "notice_pass"
    desk.on(date(2026, 11, 4))
    desk.decide("neighbour", "public_notice", "fail", reason="公示期间群众反映其经营网店")
    rec = desk.get(HardToEmployRecognition, desk.recognition_id)
    ticket = desk.get(ServiceTicket, desk.ticket_id)
    assert (rec.status, rec.decided_on) == ("rejected", date(2026, 11, 4))
    assert ticket.status == "completed" and "公示期间群众反映其经营网店" in ticket.notes
    assert queue(desk.store, "town-boss") == []


def test_a_step_decided_elsewhere_and_arrived_by_sync_is_refused_by_name(desk: Desk) -> None:
    with desk.store.applying_pulled() as s:  # decided at another station, pulled
        s.add(
            RecognitionReview(
                recognition_id=desk.recognition_id,
                step="village_check",
                reviewer_staff_id="neighbour",
                reviewer_org=VILLAGE,
                decided_on=date(2026, 11, 2),
                result="pass",
                version=1,
            )
        )
    [notice] = queue(desk.store, "checker")  # the notice runs: objections only now
    assert notice.step == "public_notice" and notice.objections_only
    assert [line.reviewer for line in notice.decisions] == ["赵敏"]
    before = desk.snapshot()
    with pytest.raises(ApprovalRefused) as refused:
        desk.decide("checker", "village_check")
    assert refused.value.reason == "already_decided" and "赵敏" in refused.value.message_zh
    assert desk.snapshot() == before


def test_an_application_waiting_for_materials_is_not_decided(desk: Desk) -> None:
    desk.store.tickets.set_status(
        Actor(STATION, "maker"),
        desk.ticket_id,
        "waiting_materials",
        missing_materials=["家庭成员及收入情况说明"],
    )
    with pytest.raises(ApprovalRefused) as waiting:
        desk.decide("checker", "village_check")
    assert waiting.value.reason == "ticket_waiting"

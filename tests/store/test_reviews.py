"""Review of an unemployment registration (JY-002), a mediation application (TJ-001) and
an inspection complaint (JC-001) at a town station: the town supervisor decides, with
the password again and a reason to refuse, never the clerk who accepted it; the record,
its ticket and the applicant follow in one audited transaction — and only where the
installed catalogue configures the review."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from hub_sync.model import (
    AuditEntry,
    InspectionComplaint,
    MediationCase,
    Person,
    ReviewDecision,
    ServiceTicket,
    Staff,
    Station,
    UnemploymentRegistration,
)
from station_client.reference import ReferenceBundle
from station_client.rules.approval_refusals import ApprovalRefused
from station_client.rules.deadlines import DeadlineState
from station_client.rules.errors import ValidationError
from station_client.rules.uscc import make_uscc
from station_client.store import Actor, Store, review_queue, reviews
from station_client.store import outbox as ob
from station_client.store.password_check import PasswordRefused
from station_client.store.services import record_service
from station_client.sync import meta
from station_client.sync.login import LoginRefused, StaffLogin

from .helpers import person_values, without_review

STATION = "station-town-1"
VILLAGE, TOWN, OTHER_TOWN, DISTRICT = "320115001001", "320115001", "320115002", "320115"
PASSWORD = "right-pass-1"
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
STAFF = {  # id: (role, area, name)
    "maker": ("clerk", TOWN, "王芳"),
    "town-boss": ("supervisor", TOWN, "周主管"),
    "deputy-boss": ("supervisor", TOWN, "钱主管"),
    "other-town-boss": ("supervisor", OTHER_TOWN, "孙主管"),
    "village-clerk": ("clerk", VILLAGE, "李静"),
    "district-boss": ("supervisor", DISTRICT, "吴科长"),
}
MEDIATION = {
    "respondent_name": "某建筑劳务公司",
    "matter": "拖欠工资",
    "claims": "支付拖欠的三个月工资",
    "applied_on": "2026-11-02",
}
COMPLAINT = {
    "employer_name": "某建筑劳务公司",
    "facts": "未签订劳动合同",
    "received_on": "2026-11-02",
}
REGISTRATION = {"registered_on": "2026-11-02", "reason": "02", "unemployed_since": "2026-10-15"}
EMPLOYER = make_uscc("320115", 7)
FORMS = {"TJ-001": MEDIATION, "JC-001": COMPLAINT, "JY-002": REGISTRATION}


def _remember_login(store: Store, staff_id: str) -> None:
    """What an online login leaves at the station: the verifier and who it is."""
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


@dataclass
class Town:
    store: Store
    clock: Any
    person_id: str

    def apply(self, code: str, by: str = "maker") -> tuple[str, str]:
        """The application recorded at the counter: (record id, ticket id)."""
        done = record_service(self.store, Actor(STATION, by), code, self.person_id, FORMS[code])
        return done.record_id, done.ticket_id

    def decide(self, who: str, table: str, record: str, result: str = "pass", **kw: Any) -> Any:
        kw.setdefault("reason", None)
        kw.setdefault("password", PASSWORD)
        step = kw.pop(
            "step", "review" if table == "unemployment_registrations" else "accept_decision"
        )
        return reviews.decide(self.store, Actor(STATION, who), table, record, step, result, **kw)

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

    def snapshot(self, model: type, record: str, ticket: str) -> tuple[Any, ...]:
        rec, t = self.get(model, record), self.get(ServiceTicket, ticket)
        return (
            self.count(ReviewDecision),
            rec.version,
            getattr(rec, "status", None),
            getattr(rec, "valid", None),
            (t.status, t.notes),
            len(self.outbox()),
            self.count(AuditEntry),
        )


def _town(store: Store, clock: Any) -> Town:
    with store.applying_pulled() as s:  # the station and the staff come from the hub
        s.add(Station(id=STATION, org_code=TOWN, name="东山街道服务站", level="town"))
        for ident, (role, area, name) in STAFF.items():
            s.add(Staff(id=ident, username=ident, full_name=name, role=role, area_code=area,
                        station_id=STATION))  # fmt: skip
    for ident in STAFF:
        _remember_login(store, ident)
    with store.transaction() as s:
        values = person_values(residence_division=VILLAGE)
        person = store.persons.register(s, Actor(STATION, "maker"), values)
    return Town(store, clock, person.id)


@pytest.fixture
def town(make_store, clock) -> Town:  # type: ignore[no-untyped-def]
    return _town(make_store(), clock)


def test_a_mediation_application_is_accepted_by_the_town_supervisor(town: Town) -> None:
    case_id, ticket_id = town.apply("TJ-001")
    [entry] = review_queue.queue(town.store, "town-boss")
    assert (entry.item_code, entry.item_zh, entry.subject_table) == (
        "TJ-001",
        "劳动争议调解申请",
        "mediation_cases",
    )
    assert entry.record_no == town.get(MediationCase, case_id).case_no
    assert (entry.step, entry.step_zh, entry.due_on) == (
        "accept_decision",
        "受理或不予受理决定",
        date(2026, 11, 5),  # 3 working days after 2 November
    )
    assert entry.may_decide and entry.name == "张三丰" and "某建筑劳务公司" in entry.about_zh
    for nobody in ("maker", "village-clerk", "other-town-boss", "district-boss", "ghost"):
        assert review_queue.queue(town.store, nobody) == [], nobody

    done = town.decide("town-boss", "mediation_cases", case_id, reason="符合受理条件")
    assert "予以受理" in done.message_zh() and done.final
    case, ticket = town.get(MediationCase, case_id), town.get(ServiceTicket, ticket_id)
    assert (case.status, case.accepted_on) == ("accepted", date(2026, 11, 2))
    assert (ticket.status, ticket.completed_on) == ("completed", date(2026, 11, 2))
    assert "予以受理（受理或不予受理决定）" in ticket.notes
    assert review_queue.queue(town.store, "town-boss") == []
    [row] = [e for e in town.outbox() if e.table_name == "review_decisions"]
    assert row.new_values["subject_id"] == case_id and row.new_values["result"] == "pass"
    assert row.new_values["catalogue_code"] == "TJ-001"
    with town.store.transaction() as s:
        audited = s.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "approval_decision")
        ).all()
    assert audited == ["accept_decision:pass"]
    with pytest.raises(ApprovalRefused) as again:
        town.decide("deputy-boss", "mediation_cases", case_id, "fail", reason="重复")
    assert again.value.reason == "already_decided" and "周主管" in again.value.message_zh


def test_a_refused_complaint_needs_a_reason_and_the_ticket_is_refused_with_it(
    town: Town,
) -> None:
    complaint_id, ticket_id = town.apply("JC-001")
    before = town.snapshot(InspectionComplaint, complaint_id, ticket_id)
    with pytest.raises(ValidationError) as bare:
        town.decide("town-boss", "inspection_complaints", complaint_id, "fail", reason=" ")
    assert bare.value.field == "reason" and bare.value.reason == "required"
    assert town.snapshot(InspectionComplaint, complaint_id, ticket_id) == before
    with town.store.transaction() as s:  # the password was not even checked
        assert json.loads(meta.get(s, "login:town-boss") or "{}")["failures"] == 0

    done = town.decide(
        "town-boss", "inspection_complaints", complaint_id, "fail", reason="不属于劳动保障监察范围"
    )
    assert "不予受理" in done.message_zh()
    complaint = town.get(InspectionComplaint, complaint_id)
    ticket = town.get(ServiceTicket, ticket_id)
    assert (complaint.status, complaint.accepted_on) == ("refused", None)
    assert ticket.status == "rejected" and "不属于劳动保障监察范围" in ticket.notes
    with town.store.transaction() as s:
        [review] = s.scalars(select(ReviewDecision)).all()
    assert (review.result, review.reason, review.reviewer_org) == (
        "fail",
        "不属于劳动保障监察范围",
        TOWN,
    )


def test_an_accepted_complaint_is_due_for_investigation_in_sixty_working_days(
    town: Town,
) -> None:
    complaint_id, ticket_id = town.apply("JC-001")
    town.on(date(2026, 11, 4))
    [entry] = review_queue.queue(town.store, "town-boss")
    assert entry.state is DeadlineState.ON_TRACK and entry.due_on == date(2026, 11, 9)
    town.decide("town-boss", "inspection_complaints", complaint_id)
    complaint = town.get(InspectionComplaint, complaint_id)
    assert (complaint.status, complaint.accepted_on) == ("accepted", date(2026, 11, 4))
    # 60 working days from 4 November (2027 counted Monday to Friday: no calendar yet)
    assert complaint.investigation_due == date(2027, 1, 27)
    assert town.get(ServiceTicket, ticket_id).status == "completed"


def test_a_refused_unemployment_registration_is_ended_and_the_person_no_longer_counted(
    town: Town,
) -> None:
    registration_id, ticket_id = town.apply("JY-002")
    assert town.get(Person, town.person_id).is_unemployed
    [entry] = review_queue.queue(town.store, "town-boss")
    assert (entry.item_zh, entry.step_zh, entry.about_zh) == (
        "失业登记",
        "登记审核",
        "失业原因：用人单位解除劳动合同",
    )
    town.decide(
        "town-boss", "unemployment_registrations", registration_id, "fail", reason="已在外地就业"
    )
    registration = town.get(UnemploymentRegistration, registration_id)
    assert (registration.valid, registration.cancelled_on, registration.cancellation_reason) == (
        False,
        date(2026, 11, 2),
        "99",
    )
    assert not town.get(Person, town.person_id).is_unemployed
    ticket = town.get(ServiceTicket, ticket_id)
    assert ticket.status == "rejected" and "不予失业登记" in ticket.notes
    assert "已在外地就业" in ticket.notes


def test_a_confirmed_unemployment_registration_stays_valid(town: Town) -> None:
    registration_id, ticket_id = town.apply("JY-002")
    town.decide("town-boss", "unemployment_registrations", registration_id)
    registration = town.get(UnemploymentRegistration, registration_id)
    assert (registration.valid, registration.cancelled_on) == (True, None)
    assert town.get(Person, town.person_id).is_unemployed
    assert town.get(ServiceTicket, ticket_id).status == "completed"


def test_the_supervisor_who_accepted_the_application_may_not_decide_it(town: Town) -> None:
    case_id, ticket_id = town.apply("TJ-001", by="town-boss")
    assert review_queue.queue(town.store, "town-boss") == []
    before = town.snapshot(MediationCase, case_id, ticket_id)
    with pytest.raises(ApprovalRefused) as maker:
        town.decide("town-boss", "mediation_cases", case_id)
    assert maker.value.reason == "maker" and "受理" in maker.value.message_zh
    assert town.snapshot(MediationCase, case_id, ticket_id) == before
    [entry] = review_queue.queue(town.store, "deputy-boss")  # another supervisor may
    assert entry.record_id == case_id
    with pytest.raises(ApprovalRefused) as level:
        town.decide("village-clerk", "mediation_cases", case_id)
    assert level.value.reason == "wrong_level"
    with pytest.raises(ApprovalRefused) as area:
        town.decide("other-town-boss", "mediation_cases", case_id)
    assert area.value.reason == "wrong_area"


def test_a_wrong_password_saves_nothing_and_counts_towards_the_login_lock(town: Town) -> None:
    case_id, ticket_id = town.apply("TJ-001")
    before = town.snapshot(MediationCase, case_id, ticket_id)
    for _ in range(5):
        with pytest.raises(PasswordRefused):
            town.decide("town-boss", "mediation_cases", case_id, password="not-it")
    with pytest.raises(PasswordRefused) as locked:
        town.decide("town-boss", "mediation_cases", case_id)
    assert "锁定" in locked.value.message_zh
    with pytest.raises(LoginRefused, match="locked"):
        StaffLogin(town.store).log_in("town-boss", PASSWORD)
    assert town.snapshot(MediationCase, case_id, ticket_id) == before


def test_a_decision_taken_elsewhere_and_arrived_by_sync_is_refused_by_name(town: Town) -> None:
    case_id, ticket_id = town.apply("TJ-001")
    with town.store.applying_pulled() as s:  # decided at the town's other office, pulled
        s.add(
            ReviewDecision(
                subject_table="mediation_cases", subject_id=case_id, catalogue_code="TJ-001",
                step="accept_decision", reviewer_staff_id="deputy-boss", reviewer_org=TOWN,
                decided_on=date(2026, 11, 2), result="pass", version=1,
            )
        )  # fmt: skip
    assert review_queue.queue(town.store, "town-boss") == []
    before = town.snapshot(MediationCase, case_id, ticket_id)
    with pytest.raises(ApprovalRefused) as refused:
        town.decide("town-boss", "mediation_cases", case_id, "fail", reason="不属于调解范围")
    assert refused.value.reason == "already_decided" and "钱主管" in refused.value.message_zh
    assert town.snapshot(MediationCase, case_id, ticket_id) == before


def test_an_overdue_decision_escalates_to_the_district_to_chase_up(town: Town) -> None:
    case_id, _ticket_id = town.apply("TJ-001")
    town.on(date(2026, 11, 5))
    [soon] = review_queue.queue(town.store, "town-boss")
    assert soon.state is DeadlineState.DUE_SOON
    assert review_queue.queue(town.store, "district-boss") == []
    town.on(date(2026, 11, 6))
    [late] = review_queue.queue(town.store, "town-boss")
    assert late.overdue and late.may_decide
    [chase] = review_queue.queue(town.store, "district-boss")
    assert chase.record_id == case_id and chase.overdue and not chase.may_decide


def test_a_registration_ended_meanwhile_leaves_the_queue(town: Town) -> None:
    registration_id, _ticket_id = town.apply("JY-002")
    maker = Actor(STATION, "maker")
    with town.store.transaction() as s:
        town.store.employers.register(s, maker, {"uscc": EMPLOYER, "name": "江宁精工机械有限公司"})
    employed = {"employer_uscc": EMPLOYER, "employment_form": "11", "started_on": "2026-11-02"}
    record_service(town.store, maker, "JY-004", town.person_id, employed)  # found work
    assert not town.get(UnemploymentRegistration, registration_id).valid
    assert review_queue.queue(town.store, "town-boss") == []
    with pytest.raises(ApprovalRefused) as closed:
        town.decide("town-boss", "unemployment_registrations", registration_id)
    assert closed.value.reason == "closed"


def test_decisions_are_insert_only(town: Town) -> None:
    case_id, _ticket_id = town.apply("TJ-001")
    town.decide("town-boss", "mediation_cases", case_id)
    with pytest.raises(DatabaseError, match="insert-only"), town.store.engine.begin() as c:
        c.execute(text("UPDATE review_decisions SET result = 'fail'"))
    with pytest.raises(DatabaseError, match="insert-only"), town.store.engine.begin() as c:
        c.execute(text("DELETE FROM review_decisions"))
    assert town.count(ReviewDecision) == 1


def test_recognitions_and_the_other_matters_share_one_list(town: Town) -> None:
    recognition = record_service(
        town.store, Actor(STATION, "village-clerk"), "JY-007", town.person_id,
        {"category": "040", "monthly_income": 600, "applied_on": date(2026, 11, 2)},
    )  # fmt: skip
    town.apply("TJ-001")
    town.on(date(2026, 11, 5))  # the village check (due 4 Nov) is overdue: the town chases
    entries = review_queue.queue(town.store, "town-boss")
    assert [(e.item_code, e.may_decide, e.state) for e in entries] == [
        ("JY-007", False, DeadlineState.OVERDUE),
        ("TJ-001", True, DeadlineState.DUE_SOON),
    ]
    assert entries[0].record_id == recognition.record_id
    assert entries[0].item_zh == "就业困难人员认定" and entries[0].record_no.startswith("KN")
    assert "家庭人均月收入：600" in entries[0].about_zh


def test_where_the_catalogue_sets_no_review_nothing_waits_for_one(
    tmp_path, reference: ReferenceBundle, clock
) -> None:  # type: ignore[no-untyped-def]
    plain = without_review(reference, "TJ-001", "JY-002")
    store = Store.create(tmp_path / "plain", secrets.token_bytes(32), lambda: plain, clock=clock)
    try:
        town = _town(store, clock)
        case_id, ticket_id = town.apply("TJ-001")
        registration_id, _ = town.apply("JY-002")
        town.apply("JC-001")  # still reviewed
        entries = review_queue.queue(store, "town-boss")
        assert [e.item_code for e in entries] == ["JC-001"]
        with pytest.raises(ApprovalRefused) as none:
            town.decide("town-boss", "mediation_cases", case_id, password="not-it")
        assert none.value.reason == "not_reviewed"
        assert "劳动争议调解申请" in none.value.message_zh  # said before any password
        assert town.get(MediationCase, case_id).status == "applied"
        assert town.get(ServiceTicket, ticket_id).status == "accepted"
        assert town.get(UnemploymentRegistration, registration_id).valid
    finally:
        store.close()


def test_the_clerk_cannot_close_a_reviewed_matter_by_hand(town: Town) -> None:
    """Maker-checker holds at the ticket too: only the reviewer's decision completes or
    refuses the matter; the applicant may still withdraw it."""
    from station_client.store.tickets import ServiceDesk

    desk = ServiceDesk(town.store, town.store.reference, town.store.clock)
    case_id, ticket_id = town.apply("TJ-001")
    for status, reason in (("completed", None), ("rejected", "材料不全")):
        with pytest.raises(ValidationError) as closing:
            desk.set_status(Actor(STATION, "maker"), ticket_id, status, reason=reason)
        assert closing.value.reason == "by_review" and "审核审批" in closing.value.message_zh
    assert town.get(ServiceTicket, ticket_id).status == "accepted"
    assert [e.record_id for e in review_queue.queue(town.store, "town-boss")] == [case_id]
    desk.set_status(Actor(STATION, "maker"), ticket_id, "withdrawn", reason="申请人撤回")
    assert town.get(ServiceTicket, ticket_id).status == "withdrawn"
    assert review_queue.queue(town.store, "town-boss") == []


def test_without_review_the_clerk_completes_the_matter(
    tmp_path, reference: ReferenceBundle, clock
) -> None:  # type: ignore[no-untyped-def]
    from station_client.store.tickets import ServiceDesk

    plain = without_review(reference, "TJ-001")
    store = Store.create(tmp_path / "plain", secrets.token_bytes(32), lambda: plain, clock=clock)
    try:
        town = _town(store, clock)
        _case_id, ticket_id = town.apply("TJ-001")
        ServiceDesk(store, store.reference, store.clock).set_status(
            Actor(STATION, "maker"), ticket_id, "completed"
        )
        assert town.get(ServiceTicket, ticket_id).status == "completed"
    finally:
        store.close()

"""The service desk on a real encrypted store: a matter from the counter to its rating."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from hub_sync.model import (
    AuditEntry,
    ServiceEvaluation,
    ServiceTicket,
    Staff,
    Station,
    TicketHandover,
)
from station_client.rules import DeadlineState, ValidationError
from station_client.rules.tickets import TicketStatus
from station_client.store import Actor, Store
from station_client.store import outbox as ob
from station_client.store.tickets import ServiceDesk

from .helpers import person_values

STATION = "station-dongshan-1"
PROOF = "解除或终止劳动关系证明"
PHOTO = "近期一寸免冠照片"


def at_beijing(day: date, hour: int = 9) -> datetime:
    """``hour`` o'clock in Beijing on ``day``, as the UTC clock reads it."""
    return datetime(day.year, day.month, day.day, hour - 8, tzinfo=UTC)


@dataclass
class Counter:
    store: Store
    desk: ServiceDesk
    person_id: str

    def actor(self, staff_id: str | None) -> Actor:
        return Actor(STATION, staff_id)

    def ticket(self, ticket_id: str) -> ServiceTicket:
        with self.store.transaction() as s:
            return s.get_one(ServiceTicket, ticket_id)

    def staff(self, staff_id: str) -> Staff:
        with self.store.transaction() as s:
            return s.get_one(Staff, staff_id)

    def outbox(self) -> list[ob.OutboxEntry]:
        with self.store.engine.connect() as c:
            return ob.pending(c)

    def count(self, model: type) -> int:
        with self.store.transaction() as s:
            return s.scalar(select(func.count()).select_from(model)) or 0


def _staff(ident: str, name: str, role: str = "clerk", backup: str | None = None) -> Staff:
    return Staff(
        id=ident,
        username=ident,
        full_name=name,
        role=role,
        station_id=STATION,
        area_code="320115001001",
        backup_staff_id=backup,
    )


@pytest.fixture
def counter(make_store, reference, clock) -> Counter:
    """A village station with clerks A ⇄ B (each other's AB角), C (backup B), D (no
    backup), a supervisor and district IT; one registered person. 30 Sep 2026, 09:00."""
    clock.now = at_beijing(date(2026, 9, 30))
    store = make_store()
    with store.applying_pulled() as s:  # stations and staff come from the hub
        s.add(
            Station(
                id=STATION,
                org_code="320115001001",
                name="东山社区人力资源和社会保障服务站",
                level="village",
            )
        )
        s.add_all(
            [
                _staff("a", "王芳", backup="b"),
                _staff("b", "李明", backup="a"),
                _staff("c", "赵强", backup="b"),
                _staff("d", "孙丽"),
                _staff("sup", "周主任", role="supervisor"),
                _staff("it", "运维员", role="district_it"),
            ]
        )
    with store.transaction() as s:
        person = store.persons.register(s, Actor(STATION, "a"), person_values())
    return Counter(store, ServiceDesk(store, lambda: reference, clock), person.id)


def test_a_matter_from_the_counter_to_its_rating(counter, clock) -> None:
    desk, a, b, c = counter.desk, counter.actor("a"), counter.actor("b"), counter.actor("c")
    # 首问负责: A is asked first and owns the matter; B, A's AB partner, backs up.
    t = desk.open_ticket(a, "JY-002", person_id=counter.person_id)
    assert t.ticket_no == "320115001001-20260930-0001"
    assert (t.first_owner_staff_id, t.owner_staff_id, t.backup_staff_id) == ("a", "a", "b")
    # 3 working days over National Day (1-7 Oct): Thu 8, Fri 9, make-up Saturday 10 Oct.
    assert (t.accepted_on, t.due_on, t.due_estimated) == (
        date(2026, 9, 30),
        date(2026, 10, 10),
        False,
    )

    handover = desk.hand_over(a, t.id, to_staff_id="c", reason="王芳下午外出入户走访")
    assert (handover.from_staff_id, handover.to_staff_id) == ("a", "c")
    assert handover.reason == "王芳下午外出入户走访"
    assert handover.changed_staff == "a" and handover.handed_at == clock.now
    assert (counter.ticket(t.id).owner_staff_id, counter.ticket(t.id).backup_staff_id) == ("c", "b")

    # C is called away: marking C absent hands the matter to C's backup B (AB角).
    moved = desk.mark_absent(c, "c", until=date(2026, 10, 9), reason="病假")
    assert [m.id for m in moved] == [t.id]
    assert counter.ticket(t.id).owner_staff_id == "b"
    assert counter.staff("c").absent_until == date(2026, 10, 9)
    cover = desk.handovers(t.id)[-1]
    assert (cover.from_staff_id, cover.to_staff_id) == ("c", "b")
    assert "AB角" in cover.reason and "病假" in cover.reason
    # A handed the matter on; A is now only B's backup, with B at work.
    with pytest.raises(ValidationError, match="owner is at work"):
        desk.set_status(a, t.id, "in_progress")

    # 一次性告知: exactly the materials still missing, in catalogue order.
    desk.set_status(b, t.id, "waiting_materials", missing_materials=[PHOTO, PROOF])
    notice = desk.one_time_notice(b, t.id)
    assert [m.zh for m in notice.missing] == [PROOF, PHOTO]
    assert (notice.applicant, notice.item_zh, notice.complaint_phone) == (
        "张三丰",
        "失业登记",
        "12333",
    )
    assert (notice.station, notice.staff, notice.day) == (
        "东山社区人力资源和社会保障服务站",
        "李明",
        date(2026, 9, 30),
    )
    assert notice.time_limit_working_days == 3

    # The materials arrive on Mon 12 Oct: the 3 working days run from then.
    clock.now = at_beijing(date(2026, 10, 12))
    t = desk.set_status(b, t.id, "in_progress")
    assert (t.due_on, t.missing_materials) == (date(2026, 10, 15), None)
    t = desk.set_status(b, t.id, "completed")
    assert (t.status, t.completed_on) == ("completed", date(2026, 10, 12))

    rating = desk.evaluate(a, t.id, overall=5, efficiency=5, competence=4, attitude=5)
    assert (rating.staff_id, rating.person_id, rating.callback_due) == (
        "b",
        counter.person_id,
        None,
    )
    with pytest.raises(ValidationError, match="rated once"):
        desk.evaluate(a, t.id, overall=1)
    assert counter.count(ServiceEvaluation) == 1

    # Everything the hub must know is in the outbox, in order.
    entries = counter.outbox()
    ops = [(e.table_name, e.op) for e in entries]
    assert ops.count(("ticket_handovers", "insert")) == 2
    assert ("service_evaluations", "insert") in ops and ("staff", "update") in ops
    statuses = [
        e.new_values["status"]
        for e in entries
        if e.table_name == "service_tickets" and "status" in e.new_values
    ]
    assert statuses == ["accepted", "waiting_materials", "in_progress", "completed"]
    assert ops.index(("service_evaluations", "insert")) > ops.index(("ticket_handovers", "insert"))
    [printed] = [e for e in entries if e.table_name == "audit_entries"]
    assert printed.new_values["action"] == "print_notice"


def test_an_illegal_move_is_refused_and_saves_nothing(counter) -> None:
    desk, a = counter.desk, counter.actor("a")
    t = desk.open_ticket(a, "JY-001", person_id=counter.person_id)
    desk.set_status(a, t.id, "completed")
    before = len(counter.outbox())
    with pytest.raises(ValidationError) as e:
        desk.set_status(a, t.id, "in_progress")
    assert e.value.field == "status" and "已办结" in e.value.message_zh
    assert counter.ticket(t.id).status == "completed" and len(counter.outbox()) == before

    other = desk.open_ticket(a, "JY-002", person_id=counter.person_id)
    before = len(counter.outbox())
    with pytest.raises(ValidationError, match="list every missing material"):
        desk.set_status(a, other.id, "waiting_materials")
    with pytest.raises(ValidationError, match="not among"):
        desk.set_status(a, other.id, "waiting_materials", missing_materials=["户口本"])
    with pytest.raises(ValidationError, match="is required"):
        desk.set_status(a, other.id, "rejected", reason="  ")
    with pytest.raises(ValidationError, match="hand_over"):
        desk.set_status(a, other.id, "forwarded")
    assert counter.ticket(other.id).status == "accepted" and len(counter.outbox()) == before


def test_a_hand_over_without_reason_is_refused(counter) -> None:
    desk, a = counter.desk, counter.actor("a")
    t = desk.open_ticket(a, "JY-002", person_id=counter.person_id)
    with pytest.raises(ValidationError) as e:
        desk.hand_over(a, t.id, to_staff_id="c", reason=" ")
    assert (e.value.field, e.value.reason) == ("reason", "required")
    with pytest.raises(ValidationError, match="current owner"):
        desk.hand_over(a, t.id, to_staff_id="a", reason="误操作")
    assert counter.count(TicketHandover) == 0 and counter.ticket(t.id).owner_staff_id == "a"


def test_the_backup_acts_only_while_the_owner_is_away(counter, clock) -> None:
    desk = counter.desk
    t = desk.open_ticket(counter.actor("a"), "JY-004", person_id=counter.person_id)
    with pytest.raises(ValidationError, match="owner is at work"):
        desk.set_status(counter.actor("b"), t.id, "in_progress")
    with counter.store.applying_pulled() as s:  # A's leave, recorded at the district
        s.get_one(Staff, "a").absent_until = date(2026, 10, 9)
    assert desk.set_status(counter.actor("b"), t.id, "in_progress").status == "in_progress"
    with pytest.raises(ValidationError, match="only the owner"):
        desk.set_status(counter.actor("c"), t.id, "completed")
    # A supervisor may always act on the station's matters.
    assert desk.set_status(counter.actor("sup"), t.id, "completed").status == "completed"


def test_absence_is_refused_as_a_whole_when_a_matter_has_no_backup(counter) -> None:
    desk, d = counter.desk, counter.actor("d")
    desk.open_ticket(d, "JY-004", person_id=counter.person_id)
    with pytest.raises(ValidationError, match="has no backup"):
        desk.mark_absent(d, "d", until=date(2026, 10, 9))
    assert counter.staff("d").absent_until is None and counter.count(TicketHandover) == 0
    with pytest.raises(ValidationError, match="supervisor may record"):
        desk.mark_absent(counter.actor("a"), "b", until=date(2026, 10, 9))


def test_a_village_hands_a_matter_up_to_the_town(counter) -> None:
    desk, a = counter.desk, counter.actor("a")
    t = desk.open_ticket(a, "JY-007", person_id=counter.person_id)  # hard-to-employ
    handover = desk.hand_over(a, t.id, to_level="town", reason="村级初核完成，报镇审核")
    assert (handover.to_level, handover.to_staff_id) == ("town", None)
    assert counter.ticket(t.id).status == "forwarded"
    with pytest.raises(ValidationError, match="allowed: in_progress, completed"):
        desk.set_status(
            a, t.id, "waiting_materials", missing_materials=["居民身份证（或社会保障卡）"]
        )
    other = desk.open_ticket(a, "JY-004", person_id=counter.person_id)
    with pytest.raises(ValidationError, match="hand a matter up"):
        desk.hand_over(a, other.id, to_level="village", reason="转交")


def test_my_day_lists_open_matters_most_urgent_first(counter, clock) -> None:
    desk, a = counter.desk, counter.actor("a")
    clock.now = at_beijing(date(2026, 10, 29))
    soon = desk.open_ticket(a, "JY-002", person_id=counter.person_id)  # due Tue 3 Nov
    clock.now = at_beijing(date(2026, 11, 2))
    spot = desk.open_ticket(a, "JY-001", person_id=counter.person_id)  # on the spot, 2 Nov
    later = desk.open_ticket(a, "JY-004", person_id=counter.person_id)  # 15 working days
    waiting = desk.open_ticket(a, "JY-006", person_id=counter.person_id)
    desk.set_status(a, waiting.id, "waiting_materials", missing_materials=[PHOTO])
    done = desk.open_ticket(a, "JY-009", person_id=counter.person_id)
    desk.set_status(a, done.id, "completed")
    desk.open_ticket(counter.actor("b"), "JY-001", person_id=counter.person_id)

    clock.now = at_beijing(date(2026, 11, 3))
    day = desk.my_day("a")
    assert [i.ticket_id for i in day] == [spot.id, soon.id, later.id, waiting.id]
    assert [i.deadline_state for i in day] == [
        DeadlineState.OVERDUE,
        DeadlineState.DUE_SOON,
        DeadlineState.ON_TRACK,
        None,  # the time limit does not run while materials are missing
    ]
    assert day[0].item_zh == "求职登记" and day[3].status is TicketStatus.WAITING_MATERIALS


def test_the_notice_masks_the_name_for_district_it_and_is_audited(counter) -> None:
    desk, a = counter.desk, counter.actor("a")
    t = desk.open_ticket(a, "JY-002", person_id=counter.person_id)
    with pytest.raises(ValidationError, match="not waiting"):
        desk.one_time_notice(a, t.id)
    desk.set_status(a, t.id, "waiting_materials", missing_materials=[PHOTO])
    assert desk.one_time_notice(counter.actor("it"), t.id).applicant == "张**"
    with counter.store.transaction() as s:
        views = s.scalars(select(AuditEntry).where(AuditEntry.subject_id == counter.person_id))
        assert [(v.action, v.staff_id, v.detail) for v in views] == [
            ("print_notice", "it", t.ticket_no)
        ]


def test_evaluation_rules(counter, clock) -> None:
    desk, a = counter.desk, counter.actor("a")
    t = desk.open_ticket(a, "JY-001", person_id=counter.person_id)
    with pytest.raises(ValidationError, match="only a completed matter"):
        desk.evaluate(a, t.id, overall=5)
    desk.set_status(a, t.id, "completed")
    with pytest.raises(ValidationError, match="from 1 to 5"):
        desk.evaluate(a, t.id, overall=5, attitude=6)
    assert counter.count(ServiceEvaluation) == 0
    # A bad rating must be put right and called back within 15 working days (PJ-001).
    rating = desk.evaluate(a, t.id, overall=4, attitude=2, comment="态度生硬")
    assert rating.callback_due == date(2026, 10, 27)  # 15th working day after 30 Sep
    assert rating.comment == "态度生硬"


def test_ticket_numbers_follow_the_beijing_day(counter, clock) -> None:
    desk, a = counter.desk, counter.actor("a")
    numbers = [desk.open_ticket(a, "JY-001", person_id=counter.person_id).ticket_no for _ in "12"]
    assert numbers == ["320115001001-20260930-0001", "320115001001-20260930-0002"]
    clock.now = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)  # 07:30 on 1 Oct in Beijing
    t = desk.open_ticket(a, "JY-001", person_id=counter.person_id)
    assert (t.ticket_no, t.accepted_on) == ("320115001001-20261001-0001", date(2026, 10, 1))


def test_open_and_link_refuse_unknown_records(counter) -> None:
    desk, a = counter.desk, counter.actor("a")
    with pytest.raises(ValidationError, match="no service"):
        desk.open_ticket(a, "JY-999", person_id=counter.person_id)
    with pytest.raises(ValidationError, match="person or an employer"):
        desk.open_ticket(a, "JY-001")
    with pytest.raises(ValidationError) as e:
        desk.open_ticket(a, "JY-001", person_id="nobody")
    assert e.value.field == "person_id"
    assert counter.count(ServiceTicket) == 0
    t = desk.open_ticket(a, "JY-001", person_id=counter.person_id)
    with pytest.raises(ValidationError, match="no record"):
        desk.link_record(a, t.id, "unemployment_registrations", "nope")
    linked = desk.link_record(a, t.id, "persons", counter.person_id)
    assert (linked.subject_table, linked.subject_id) == ("persons", counter.person_id)
    waiting = desk.open_ticket(a, "JY-002", person_id=counter.person_id)
    desk.set_status(a, waiting.id, "waiting_materials", missing_materials=[PROOF])
    stored = counter.ticket(waiting.id).missing_materials
    assert json.loads(stored or "") == [PROOF]

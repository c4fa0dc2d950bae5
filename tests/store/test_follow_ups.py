"""My day's follow-ups on a real encrypted store: whom to contact this month, whose
employment assistance is behind, which completed matters still wait for a rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from hub_sync.model import (
    AssistanceContact,
    AssistancePlan,
    HardToEmployRecognition,
    Staff,
    Station,
    UnemploymentRegistration,
)
from station_client.rules.codes import Role
from station_client.store import Actor, Store
from station_client.store.follow_ups import (
    FollowUpKind,
    evaluations_pending,
    follow_ups_due,
    work_list,
)
from station_client.store.records import create

from .helpers import person_values

STATION = "station-dongshan-1"
OTHER_STATION = "station-xishan-2"
TODAY = date(2026, 11, 2)  # a Monday


@dataclass
class Desk:
    store: Store
    serial: int = 0

    def actor(self, staff: str = "a") -> Actor:
        return Actor(STATION, staff)

    def person(self, name: str, **over: Any) -> str:
        self.serial += 1
        with self.store.transaction() as s:
            values = person_values(self.serial, name=name, **over)
            return self.store.persons.register(s, self.actor(), values).id

    def add(self, model: type, **values: Any) -> str:
        with self.store.transaction() as s:
            return create(s, self.actor(), self.store.clock(), model, values).id

    def unemployed(self, name: str, registered: date, **over: Any) -> str:
        pid = self.person(name, is_unemployed=True)
        self.serial += 1
        values = {
            "person_id": pid,
            "station_id": STATION,
            "registration_no": f"SY2026{self.serial:07d}",
            "registered_on": registered,
        }
        self.add(UnemploymentRegistration, **(values | over))
        return pid

    def recognised(self, name: str, decided: date, status: str = "approved", **person: Any) -> str:
        pid = self.person(name, is_hard_to_employ=True, **person)
        self.serial += 1
        self.add(
            HardToEmployRecognition,
            person_id=pid,
            serial_no=f"KN2026{self.serial:06d}",
            category="050",
            applied_on=date(2026, 8, 1),
            status=status,
            decided_on=decided,
        )
        return pid

    def contact(self, pid: str, plan: str, day: date, method: str) -> None:
        self.add(AssistanceContact, plan_id=plan, person_id=pid, contacted_on=day, method=method)

    def plan(self, pid: str, **over: Any) -> str:
        return self.add(AssistancePlan, **({"person_id": pid, "opened_on": TODAY} | over))


@pytest.fixture
def desk(make_store, clock) -> Desk:
    clock.now = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)  # 09:30 in Beijing
    store = make_store()
    with store.applying_pulled() as s:
        s.add(Station(id=STATION, org_code="320115001001", name="东山服务站", level="village"))
        s.add_all(
            Staff(
                id=ident,
                username=ident,
                full_name=name,
                role="clerk",
                station_id=STATION,
                area_code="320115001001",
                backup_staff_id=None,
            )
            for ident, name in (("a", "王芳"), ("b", "李明"))
        )
    return Desk(store)


def _due(desk: Desk, kind: FollowUpKind, role: Role = Role.CLERK) -> dict[str, Any]:
    found = follow_ups_due(desk.store, STATION, role, TODAY)
    return {f.name: f for f in found if f.kind is kind}


def test_the_registered_unemployed_are_due_a_contact_a_month_after_the_last(desk) -> None:
    never = desk.unemployed("陈一", date(2026, 9, 10))
    desk.unemployed("陈二", date(2026, 10, 2))  # one month ago today: due today
    desk.unemployed("陈三", date(2026, 10, 3))  # a month tomorrow: not yet
    desk.unemployed("陈四", date(2026, 7, 1), last_contact_on=date(2026, 10, 20))
    recent = desk.unemployed("陈五", date(2026, 6, 1))
    desk.contact(recent, desk.plan(recent), date(2026, 10, 15), "08")  # visited last month
    stale = desk.unemployed("陈六", date(2026, 5, 1), last_contact_on=date(2026, 8, 1))
    desk.contact(stale, desk.plan(stale), date(2026, 9, 20), "01")
    desk.unemployed("陈七", date(2026, 5, 1), valid=False, cancelled_on=date(2026, 9, 1))
    desk.unemployed("陈八", date(2026, 5, 1), station_id=OTHER_STATION)

    due = _due(desk, FollowUpKind.MONTHLY_CONTACT)

    assert sorted(due) == ["陈一", "陈二", "陈六"]
    assert due["陈一"].person_id == never and due["陈一"].due_on == date(2026, 10, 10)
    assert due["陈一"].last_contact_on is None and "2026-09-10登记后未联系" in due["陈一"].detail_zh
    assert due["陈二"].due_on == TODAY and due["陈二"].days_late(TODAY) == 0
    # The latest of the registration's own contact date and the assistance contacts counts.
    assert due["陈六"].last_contact_on == date(2026, 9, 20)
    assert due["陈六"].due_on == date(2026, 10, 20) and "应每1个月联系一次" in due["陈六"].detail_zh
    # Longest overdue first.
    order = [f.name for f in follow_ups_due(desk.store, STATION, Role.CLERK, TODAY)]
    assert order == ["陈一", "陈六", "陈二"]
    # Another station's registrants are theirs to call; with no station filter, all show.
    everyone = follow_ups_due(desk.store, None, Role.CLERK, TODAY)
    assert "陈八" in {f.name for f in everyone}


def test_hard_to_employ_people_owe_assistance_rounds_until_the_standard_is_met(desk) -> None:
    desk.recognised("赵一", date(2026, 10, 20))  # nothing done yet
    busy = desk.recognised("赵二", date(2026, 10, 1))
    plan = desk.plan(busy)
    desk.contact(busy, plan, date(2026, 10, 8), "01")
    for day in (12, 20, 28):
        desk.contact(busy, plan, date(2026, 10, day), "02")  # standard met, contacted lately
    zero = desk.recognised("赵三", date(2026, 9, 1), zero_employment_household=True)
    zero_plan = desk.plan(zero, rounds=1, zero_employment_household=True)
    for _ in range(3):
        desk.contact(zero, zero_plan, date(2026, 9, 15), "02")
    placed = desk.recognised("赵四", date(2026, 6, 1))
    desk.plan(placed, status="closed", outcome="employed")
    desk.recognised("赵五", date(2026, 6, 1), status="applied")  # not recognised yet
    planned = desk.recognised("赵六", date(2026, 10, 26))
    desk.plan(planned, target_on=date(2026, 12, 1))

    due = _due(desk, FollowUpKind.ASSISTANCE_ROUND)

    assert sorted(due) == ["赵一", "赵三", "赵六"]
    assert "安置期限 2026-12-01" in due["赵六"].detail_zh  # the plan's own target date
    assert "尚未制定援助计划" not in due["赵六"].detail_zh
    first = due["赵一"]
    assert first.due_on == date(2026, 10, 20)  # the first round is due on recognition
    for phrase in ("尚未制定援助计划", "职业指导还差1次", "岗位推荐还差3个", "安置期限 2027-01-20"):
        assert phrase in first.detail_zh
    household = due["赵三"]
    assert household.due_on == date(2026, 10, 15)  # a month after the last round
    assert "零就业家庭推荐轮次1/3" in household.detail_zh
    assert "岗位推荐还差" not in household.detail_zh
    assert "安置期限 2026-10-01（已超期）" in household.detail_zh  # 1 month for a household


def test_names_are_masked_for_a_role_that_may_not_see_them(desk) -> None:
    desk.unemployed("欧阳娜娜", date(2026, 9, 10))
    [shown] = follow_ups_due(desk.store, STATION, Role.DISTRICT_IT, TODAY)
    assert shown.name != "欧阳娜娜" and shown.name.startswith("欧阳")


def test_completed_matters_wait_for_a_rating_until_the_person_gives_one(desk) -> None:
    tickets = desk.store.tickets
    pid = desk.person("周一")
    mine = tickets.open_ticket(desk.actor("a"), "JY-001", person_id=pid)
    tickets.set_status(desk.actor("a"), mine.id, "completed")
    open_one = tickets.open_ticket(desk.actor("a"), "JY-002", person_id=pid)
    theirs = tickets.open_ticket(desk.actor("b"), "JY-001", person_id=pid)
    tickets.set_status(desk.actor("b"), theirs.id, "completed")

    [pending] = evaluations_pending(desk.store, "a", Role.CLERK)
    assert (pending.ticket_id, pending.name, pending.item_zh) == (mine.id, "周一", "求职登记")
    assert pending.completed_on == TODAY

    day = work_list(desk.store, "a", STATION, Role.CLERK)
    assert [m.ticket_id for m in day.matters] == [open_one.id]
    assert day.names[pid] == "周一" and [p.ticket_id for p in day.to_rate] == [mine.id]

    tickets.evaluate(desk.actor("a"), mine.id, overall=5)
    assert evaluations_pending(desk.store, "a", Role.CLERK) == []

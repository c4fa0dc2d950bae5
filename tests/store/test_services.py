"""Recording every service item at the counter: the record, its ticket and the outbox,
all in one transaction; refusals name the field and save nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hub_sync.model import (
    AssistancePlan,
    Person,
    ServiceTicket,
    Staff,
    Station,
    UnemploymentRegistration,
)
from station_client.devices.events import IdentityPresented, IdentitySource
from station_client.rules import ValidationError
from station_client.rules.codes import Role, Sex
from station_client.rules.idnumber import make_citizen_id
from station_client.rules.tickets import TicketStatus
from station_client.rules.uscc import make_uscc
from station_client.store import Actor, Store
from station_client.store import outbox as ob
from station_client.store.person_file import open_person_file
from station_client.store.service_specs import SPECS
from station_client.store.services import (
    errors_of,
    form_items,
    person_prefill,
    prefill,
    record_service,
    register_person,
)

from .helpers import person_values

STATION = "station-dongshan-1"
CLERK = Actor(STATION, "clerk-a")
TODAY = date(2026, 11, 2)  # the clock fixture: Monday 2 Nov 2026, 17:30 in Beijing
EMPLOYER = make_uscc("320115", 7)


@dataclass
class Desk:
    store: Store
    person_id: str

    def outbox(self) -> list[ob.OutboxEntry]:
        with self.store.engine.connect() as c:
            return ob.pending(c)

    def count(self, model: type) -> int:
        with self.store.transaction() as s:
            return s.scalar(select(func.count()).select_from(model)) or 0

    def get(self, model: type, ident: str) -> Any:
        with self.store.transaction() as s:
            return s.get_one(model, ident)

    def register(self, serial: int, **over: Any) -> str:
        with self.store.transaction() as s:
            return self.store.persons.register(s, CLERK, person_values(serial, **over)).id


@pytest.fixture
def desk(make_store) -> Desk:
    store = make_store()
    with store.applying_pulled() as s:  # the station and its staff come from the hub
        s.add(Station(id=STATION, org_code="320115001001", name="东山服务站", level="village"))
        s.add(
            Staff(
                id="clerk-a",
                username="a",
                full_name="王芳",
                role="clerk",
                station_id=STATION,
                area_code="320115001001",
            )
        )
    with store.transaction() as s:
        person = store.persons.register(s, CLERK, person_values())
        store.employers.register(s, CLERK, {"uscc": EMPLOYER, "name": "江宁精工机械有限公司"})
    return Desk(store, person.id)


VALID: dict[str, dict[str, Any]] = {
    "JY-001": {"registered_on": TODAY, "intended_occupation": "6-01", "expected_wage": "4500"},
    "JY-002": {"registered_on": TODAY, "reason": "02", "unemployed_since": "2026-10-15"},
    "JY-004": {"employer_uscc": EMPLOYER, "employment_form": "11", "started_on": TODAY},
    "JY-005": {"flexible_type": "44", "started_on": TODAY, "wage": 3800},
    "JY-007": {"category": "040", "monthly_income": 600, "applied_on": TODAY},
    "JY-008": {"contacted_on": TODAY, "method": "01", "content": "职业指导：简历修改"},
    "JY-011": {"held_on": TODAY, "session_type": "1", "content_code": "04"},
    "JY-012": {"course": "电工上岗培训", "referred_on": TODAY},
    "SB-001": {"insurance_type": "14", "enrolled_on": TODAY},
    "TJ-001": {
        "respondent_name": "江宁精工机械有限公司",
        "matter": "拖欠工资三个月",
        "applied_on": TODAY,
    },
    "JC-001": {"employer_name": "某建筑劳务公司", "facts": "未签订劳动合同", "received_on": TODAY},
    "RS-001": {"kind": "lookup", "requested_on": TODAY},
}


def test_every_item_of_the_reference_has_a_form() -> None:
    wanted = {
        "JY-001", "JY-002", "JY-003", "JY-004", "JY-005", "JY-006", "JY-007",
        "JY-008", "JY-011", "JY-012", "SB-001", "TJ-001", "JC-001", "RS-001",
    }  # fmt: skip
    assert set(SPECS) == wanted


@pytest.mark.parametrize("code", sorted(VALID))
def test_a_valid_form_saves_the_record_and_its_ticket_with_their_outbox_entries(
    desk: Desk, reference, code: str
) -> None:
    before = len(desk.outbox())
    result = record_service(desk.store, CLERK, code, desk.person_id, VALID[code])

    item = reference.catalogue.item(code)
    ticket = desk.get(ServiceTicket, result.ticket_id)
    record = desk.get(SPECS[code].model, result.record_id)
    assert (ticket.catalogue_code, ticket.person_id) == (code, desk.person_id)
    assert (ticket.subject_table, ticket.subject_id) == (result.record_table, record.id)
    assert ticket.owner_staff_id == "clerk-a" and ticket.accepted_on == TODAY
    if item.time_limit_working_days is None:  # done on the spot
        assert (ticket.status, ticket.completed_on) == ("completed", TODAY)
        assert "已办结" in result.message_zh()
    else:  # stays accepted with its deadline in working days
        due = reference.calendar.add_working_days(TODAY, item.time_limit_working_days).due
        assert (ticket.status, ticket.due_on, result.due_on) == ("accepted", due, due)
        assert f"应于 {due} 前办结" in result.message_zh()
    column = SPECS[code].person_column
    assert getattr(record, column) == desk.person_id
    assert record.changed_staff == "clerk-a" and record.changed_station == STATION
    written = {(e.table_name, e.record_id) for e in desk.outbox()[before:]}
    assert ("service_tickets", ticket.id) in written
    assert (result.record_table, record.id) in written


def test_unemployment_registration_waits_three_working_days_and_marks_the_person(
    desk: Desk,
) -> None:
    result = record_service(desk.store, CLERK, "JY-002", desk.person_id, VALID["JY-002"])
    assert result.status is TicketStatus.ACCEPTED and result.due_on == date(2026, 11, 5)
    registration = desk.get(UnemploymentRegistration, result.record_id)
    assert registration.registration_no == "SY-320115001001-20261102-0001"
    assert (registration.reason, registration.valid, registration.station_id) == (
        "02",
        True,
        STATION,
    )
    assert registration.unemployed_since == date(2026, 10, 15)
    person = desk.get(Person, desk.person_id)
    assert person.is_unemployed and person.four_kinds == "D"


def test_invalid_values_are_refused_at_their_fields_and_nothing_is_saved(desk: Desk) -> None:
    before = len(desk.outbox())
    bad = {
        "registered_on": TODAY + timedelta(days=1),  # in the future
        "unemployed_since": "2026-13-01",  # no such date
        "former_employer_uscc": "91320115000000078X",  # wrong check character
        "reason": "77",  # not in the code table
        "place_basis": "",  # required
    }
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-002", desk.person_id, bad)
    by_field = {e.field: e for e in errors_of(refused.value)}
    assert set(by_field) == {
        "registered_on",
        "unemployed_since",
        "former_employer_uscc",
        "reason",
        "place_basis",
    }
    assert by_field["registered_on"].reason == "future"
    assert by_field["place_basis"].message_zh == "请选择登记地"
    assert "不是可选的失业原因" in by_field["reason"].message_zh
    assert len(desk.outbox()) == before
    assert desk.count(UnemploymentRegistration) == 0 and desk.count(ServiceTicket) == 0


def test_dates_out_of_order_unknown_fields_and_bad_numbers_are_refused(desk: Desk) -> None:
    values = {**VALID["JY-002"], "registered_on": "2026-10-20", "unemployed_since": "2026-10-25"}
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-002", desk.person_id, values)
    assert refused.value.field == "unemployed_since"
    assert refused.value.message_zh == "失业日期不能晚于登记日期"
    contract = {**VALID["JY-004"], "contract_start": "2026-10-01", "contract_end": "2026-09-01"}
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-004", desk.person_id, contract)
    assert refused.value.field == "contract_end" and "不能早于合同开始日期" in (
        refused.value.message_zh
    )
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-001", desk.person_id, {"salary": 1})
    assert {e.field for e in errors_of(refused.value)} == {"salary", "registered_on"}
    with pytest.raises(ValidationError) as refused:
        record_service(
            desk.store,
            CLERK,
            "JY-007",
            desk.person_id,
            {**VALID["JY-007"], "monthly_income": "六百"},
        )
    assert refused.value.field == "monthly_income"
    assert desk.count(ServiceTicket) == 0


@pytest.mark.parametrize(
    ("birth", "sex", "reason"),
    [
        (date(1961, 5, 1), Sex.MALE, "retirement_age"),  # 65: past 60 and the extra months
        (date(1972, 5, 1), Sex.FEMALE, "retirement_age"),  # 54, a worker: retired at 50
        (date(2011, 5, 1), Sex.MALE, "under_age"),  # 15
    ],
)
def test_unemployment_registration_follows_the_age_rules(
    desk: Desk, birth: date, sex: Sex, reason: str
) -> None:
    pid = desk.register(7, citizen_id=make_citizen_id("320115", birth, 7, sex))
    before = len(desk.outbox())
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-002", pid, VALID["JY-002"])
    [error] = errors_of(refused.value)
    assert (error.field, error.reason) == ("person", reason)
    assert error.message_zh.startswith("不能办理失业登记")
    assert len(desk.outbox()) == before and desk.count(UnemploymentRegistration) == 0


def test_a_job_seeker_must_be_of_the_catalogues_minimum_age(desk: Desk) -> None:
    pid = desk.register(6, citizen_id=make_citizen_id("320115", date(2011, 5, 1), 6, Sex.MALE))
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-001", pid, VALID["JY-001"])
    assert (refused.value.field, refused.value.reason) == ("person", "under_age")
    assert "未满16周岁" in refused.value.message_zh


def test_a_woman_of_54_on_the_cadre_schedule_may_still_register(desk: Desk) -> None:
    pid = desk.register(8, citizen_id=make_citizen_id("320115", date(1972, 5, 1), 8, Sex.FEMALE))
    values = {**VALID["JY-002"], "female_cadre": True}
    assert record_service(desk.store, CLERK, "JY-002", pid, values).due_on == date(2026, 11, 5)


def test_declarations_and_open_registrations_refuse_unemployment_registration(
    desk: Desk,
) -> None:
    values = {**VALID["JY-002"], "in_full_time_education": True, "wishes_to_work": False}
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-002", desk.person_id, values)
    fields = {e.field for e in errors_of(refused.value)}
    assert fields == {"in_full_time_education", "wishes_to_work"}
    record_service(desk.store, CLERK, "JY-002", desk.person_id, VALID["JY-002"])
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-002", desk.person_id, VALID["JY-002"])
    assert refused.value.reason == "already_registered"
    assert desk.count(UnemploymentRegistration) == 1


def test_cancellation_updates_the_open_registration(desk: Desk) -> None:
    cancel = {"cancelled_on": TODAY, "cancellation_reason": "06"}
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-003", desk.person_id, cancel)
    assert (refused.value.field, refused.value.reason) == ("person", "not_registered")

    registered = record_service(desk.store, CLERK, "JY-002", desk.person_id, VALID["JY-002"])
    before = len(desk.outbox())
    result = record_service(desk.store, CLERK, "JY-003", desk.person_id, cancel)
    assert result.record_id == registered.record_id  # the same registration, now cancelled
    assert result.status is TicketStatus.COMPLETED
    registration = desk.get(UnemploymentRegistration, result.record_id)
    assert (registration.cancelled_on, registration.cancellation_reason) == (TODAY, "06")
    assert registration.valid is False
    assert not desk.get(Person, desk.person_id).is_unemployed
    update = next(e for e in desk.outbox()[before:] if e.record_id == registration.id)
    assert update.op == "update" and update.new_values["cancellation_reason"] == "06"
    assert desk.count(UnemploymentRegistration) == 1


def test_finding_work_ends_the_unemployment_registration(desk: Desk) -> None:
    registered = record_service(desk.store, CLERK, "JY-002", desk.person_id, VALID["JY-002"])
    record_service(desk.store, CLERK, "JY-004", desk.person_id, VALID["JY-004"])
    registration = desk.get(UnemploymentRegistration, registered.record_id)
    assert (registration.valid, registration.cancellation_reason) == (False, "01")
    person = desk.get(Person, desk.person_id)
    assert not person.is_unemployed and person.four_kinds == "A"
    with pytest.raises(ValidationError) as refused:  # the same employer twice
        record_service(desk.store, CLERK, "JY-004", desk.person_id, VALID["JY-004"])
    assert (refused.value.field, refused.value.reason) == ("employer_uscc", "duplicate")


def test_an_employer_the_station_does_not_know_is_refused_at_its_code(desk: Desk) -> None:
    values = {**VALID["JY-004"], "employer_uscc": make_uscc("320115", 99)}
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-004", desk.person_id, values)
    assert (refused.value.field, refused.value.reason) == ("employer_uscc", "unknown_employer")
    assert desk.count(ServiceTicket) == 0


def test_assistance_contacts_share_the_persons_open_plan(desk: Desk) -> None:
    first = record_service(desk.store, CLERK, "JY-008", desk.person_id, VALID["JY-008"])
    offer = {"contacted_on": TODAY, "method": "02", "outcome": "refused"}
    second = record_service(desk.store, CLERK, "JY-008", desk.person_id, offer)
    assert first.record_id != second.record_id
    with desk.store.transaction() as s:
        [plan] = s.scalars(select(AssistancePlan)).all()
        assert (plan.refusals, plan.owner_staff_id, plan.opened_on) == (1, "clerk-a", TODAY)
    assert desk.count(AssistancePlan) == 1


def test_if_the_ticket_cannot_be_opened_the_record_is_not_saved_either(desk: Desk) -> None:
    before = len(desk.outbox())
    stranger = Actor(STATION, "nobody-here")  # not a staff member of the store
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, stranger, "JY-002", desk.person_id, VALID["JY-002"])
    assert refused.value.field == "staff"
    assert desk.count(UnemploymentRegistration) == 0 and len(desk.outbox()) == before
    assert not desk.get(Person, desk.person_id).is_unemployed


def test_the_form_is_prefilled_from_the_persons_file(desk: Desk) -> None:
    pid = desk.register(9, citizen_id=make_citizen_id("320115", date(1976, 1, 5), 9, Sex.FEMALE))
    file = open_person_file(desk.store, CLERK, Role.CLERK, pid)
    values = prefill("JY-002", file, Role.CLERK, TODAY)
    assert values["registered_on"] == TODAY and values["place_basis"] == "hukou"
    assert values["is_4050"] is True and values["wishes_to_work"] is True  # a woman of 50
    complaint = prefill("JC-001", file, Role.CLERK, TODAY)
    assert complaint["complainant_name"] == "张三丰" and complaint["complainant_age"] == 50
    assert complaint["complainant_phone"] == "13912345678" and complaint["complainant_sex"] == "2"
    masked = open_person_file(desk.store, CLERK, Role.DISTRICT_IT, pid)
    assert "complainant_phone" not in prefill("JC-001", masked, Role.DISTRICT_IT, TODAY)
    # Left blank, the complainant's details are taken from the file when saving.
    result = record_service(desk.store, CLERK, "JC-001", pid, VALID["JC-001"])
    with desk.store.transaction() as s:
        complaint_row = s.get_one(SPECS["JC-001"].model, result.record_id)
        assert complaint_row.complainant_phone == "13912345678"
        assert complaint_row.complaint_no == "JC-320115001001-20261102-0001"


def test_form_items_follow_the_catalogue(reference) -> None:
    codes = [item.code for item in form_items(reference)]
    assert codes[:3] == ["JY-001", "JY-002", "JY-003"] and "PJ-001" not in codes


CARD = IdentityPresented(
    source=IdentitySource.ID_CARD,
    id_number=make_citizen_id("320115", date(1990, 6, 1), 21, Sex.FEMALE),
    name="陈晓燕",
    sex="2",
    ethnicity="01",
    birth_date=date(1990, 6, 1),
    address="江苏省南京市江宁区东山街道上坊村12号",
)


def test_someone_new_is_registered_from_the_card(desk: Desk) -> None:
    values = person_prefill(CARD)
    assert values["verified"] is True and "phone" not in values
    registered = register_person(desk.store, CLERK, {**values, "phone": "13800001111"})
    person = desk.get(Person, registered.person_id)
    assert (person.name, person.citizen_id, person.sex) == ("陈晓燕", CARD.id_number, "2")
    assert (person.address, person.data_source, person.verified) == (CARD.address, "01", True)
    entry = next(e for e in desk.outbox() if e.record_id == person.id)
    assert entry.op == "insert"
    with pytest.raises(ValidationError) as refused:  # the same person again
        register_person(desk.store, CLERK, values)
    assert (refused.value.field, refused.value.reason) == ("citizen_id", "duplicate")


def test_a_registration_with_bad_fields_names_each_and_saves_nothing(desk: Desk) -> None:
    before = len(desk.outbox())
    wrong = "1" if CARD.id_number[-1] != "1" else "2"  # a wrong check character
    values = {**person_prefill(CARD), "citizen_id": CARD.id_number[:-1] + wrong, "phone": "12345"}
    values["name"] = ""
    with pytest.raises(ValidationError) as refused:
        register_person(desk.store, CLERK, values)
    assert {e.field for e in errors_of(refused.value)} == {"citizen_id", "phone", "name"}
    mismatch = {**person_prefill(CARD), "sex": "1"}
    with pytest.raises(ValidationError) as refused:
        register_person(desk.store, CLERK, mismatch)
    assert refused.value.field == "sex"
    assert len(desk.outbox()) == before

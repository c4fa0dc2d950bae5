"""The hub checks pushed decisions on mediation applications, inspection complaints and
unemployment registrations against its own ``review_decisions`` log — the reviewer,
maker-checker, the order, the reason — and refuses a status the log does not support;
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from hub_sync.model import InspectionComplaint, MediationCase, ReviewDecision, new_id
from hub_sync.server import state
from hub_sync.server.push import review_support, subject_reviews

from ..hubserver import running_hub
from ..store.helpers import without_review
from .signing_client import SigningStation
from .test_hub_approvals import Pusher, add_staff
from .test_hub_push import insert_op, person_fields

VILLAGE, TOWN, OTHER_TOWN, DISTRICT = "320115001001", "320115001", "320115002", "320115"
STAMP = {"changed_staff": None, "changed_at": "2026-11-02T09:30:00.000000Z"}
SUBJECT = {  # table: (catalogue code, step, number column, fields of a new application)
    "mediation_cases": ("TJ-001", "accept_decision", "case_no", {
        "applicant_name": "张三丰", "respondent_name": "某建筑劳务公司", "matter": "拖欠工资",
        "oral_application": False, "applied_on": "2026-11-02", "status": "applied",
    }),
    "inspection_complaints": ("JC-001", "accept_decision", "complaint_no", {
        "complainant_name": "张三丰", "employer_name": "某建筑劳务公司", "facts": "未签合同",
        "received_on": "2026-11-02", "status": "received",
    }),
    "unemployment_registrations": ("JY-002", "review", "registration_no", {
        "registered_on": "2026-11-02", "place_basis": "hukou", "is_4050": False,
        "is_low_income": False, "valid": True,
    }),
}  # fmt: skip
PERSON_COLUMN = {
    "mediation_cases": "applicant_person_id",
    "inspection_complaints": "complainant_person_id",
    "unemployment_registrations": "person_id",
}


@pytest.fixture
def hub(hub_database_url):  # type: ignore[no-untyped-def]
    with running_hub(hub_database_url) as running:
        yield running


@pytest.fixture
def pusher(hub) -> Pusher:  # type: ignore[no-untyped-def]
    return Pusher(SigningStation.enrol(hub.url, hub.add_station(TOWN, "东山街道")))


@pytest.fixture
def staff(hub) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Staff accounts at the hub, by nickname: id."""
    return add_staff(hub, (
        ("maker", "clerk", TOWN),
        ("town_boss", "supervisor", TOWN),
        ("deputy", "supervisor", TOWN),
        ("other_town_boss", "supervisor", OTHER_TOWN),
        ("village_clerk", "clerk", VILLAGE),
        ("district_boss", "supervisor", DISTRICT),
    ))  # fmt: skip


def _insert(table: str, record_id: str, **fields: Any) -> dict[str, Any]:
    return insert_op(0, record_id, table, **fields, **STAMP)


def _update(table: str, record_id: str, base: int, old: dict, new: dict) -> dict[str, Any]:
    return {"table": table, "record_id": record_id, "op": "update", "base_version": base,
            "fields": {**new, **STAMP}, "old": old}  # fmt: skip


def _decision(table: str, record: str, who: str, org: str, on: str, result: str = "pass",
              reason: str | None = None, **over: Any) -> dict[str, Any]:  # fmt: skip
    code, step, _number, _fields = SUBJECT[table]
    values = {"subject_table": table, "subject_id": record, "catalogue_code": code,
              "step": step, "reviewer_staff_id": who, "reviewer_org": org, "decided_on": on,
              "result": result, "reason": reason, **over}  # fmt: skip
    return _insert("review_decisions", new_id(), **values)


def _ticket(table: str, record: str, person: str, owner: str, station: str,
            code: str | None = None) -> dict[str, Any]:  # fmt: skip
    ticket = new_id()
    return _insert(
        "service_tickets", ticket, ticket_no=f"T-{ticket[-8:]}",
        catalogue_code=code or SUBJECT[table][0], person_id=person, station_id=station,
        first_owner_staff_id=owner, owner_staff_id=owner, status="accepted",
        accepted_on="2026-11-02", due_on="2026-11-05", due_estimated=False,
        subject_table=table, subject_id=record, deleted=False,
    )  # fmt: skip


def _application(pusher: Pusher, maker: str, table: str, serial: int = 1) -> str:
    """A person, the matter's record and its ticket accepted by ``maker``, in one batch."""
    pid, record = new_id(), new_id()
    _code, _step, number, fields = SUBJECT[table]
    person = {k: v for k, v in person_fields(serial).items() if k not in STAMP}
    results = pusher.send(
        _insert("persons", pid, **person),
        _insert(table, record, **{PERSON_COLUMN[table]: pid, number: f"N-{record[-8:]}",
                                  **fields, "deleted": False}),
        _ticket(table, record, pid, maker, pusher.station.station_id),
    )  # fmt: skip
    assert [r["status"] for r in results] == ["applied"] * 3, results
    return record


def _outcome(result: dict[str, Any]) -> str:
    if result["status"] != "rejected":
        return str(result["status"])
    return str(result["reason"]).split(":", 1)[0]


def test_decisions_by_the_wrong_person_or_out_of_turn_are_refused(hub, pusher, staff):  # type: ignore[no-untyped-def]
    case = _application(pusher, staff["deputy"], "mediation_cases")  # a supervisor accepts
    m = "mediation_cases"
    results = pusher.send(
        _decision(m, case, staff["deputy"], TOWN, "2026-11-02"),
        _decision(m, case, staff["maker"], TOWN, "2026-11-02"),  # a clerk
        _decision(m, case, staff["village_clerk"], VILLAGE, "2026-11-02"),
        _decision(m, case, staff["other_town_boss"], OTHER_TOWN, "2026-11-02"),
        _decision(m, case, staff["town_boss"], VILLAGE, "2026-11-02"),  # not their area
        _decision(m, case, staff["town_boss"], TOWN, "2026-11-02", "fail"),  # no reason
        _decision(m, case, staff["town_boss"], TOWN, "2026-11-02", catalogue_code="JC-001"),
        _decision(m, case, staff["town_boss"], TOWN, "2026-11-02", step="village_check"),
        _decision(m, new_id(), staff["town_boss"], TOWN, "2026-11-02"),  # no such case
    )
    assert [_outcome(r) for r in results] == [
        "review_maker_checker",
        "review_wrong_reviewer",
        "review_wrong_reviewer",
        "review_wrong_reviewer",
        "review_wrong_reviewer",
        "review_reason_required",
        "review_out_of_order",
        "review_out_of_order",
        "review_out_of_order",
    ]
    assert "accepted the application" in results[0]["reason"]
    with hub.engine.connect() as c:
        assert c.execute(select(ReviewDecision.id)).first() is None


def test_an_accepted_case_stands_and_a_second_decision_is_out_of_order(hub, pusher, staff):  # type: ignore[no-untyped-def]
    case = _application(pusher, staff["maker"], "mediation_cases")
    m = "mediation_cases"
    results = pusher.send(
        # accepted_on claims another day than the decision's
        _update(m, case, 1, {"status": "applied", "accepted_on": None},
                {"status": "accepted", "accepted_on": "2026-11-03"}),
        _decision(m, case, staff["town_boss"], TOWN, "2026-11-03", reason="符合受理条件"),
        _update(m, case, 1, {"status": "applied", "accepted_on": None},
                {"status": "accepted", "accepted_on": "2026-11-04"}),
        _update(m, case, 1, {"status": "applied", "accepted_on": None},
                {"status": "accepted", "accepted_on": "2026-11-03"}),
        _decision(m, case, staff["deputy"], TOWN, "2026-11-03", "fail", "不属于调解范围"),
        _update(m, case, 2, {"status": "accepted"}, {"status": "refused"}),
        _update(m, case, 2, {"status": "accepted"}, {"status": "mediating"}),  # moves on
    )  # fmt: skip
    assert [_outcome(r) for r in results] == [
        "review_state_mismatch",
        "applied",
        "review_state_mismatch",
        "applied",
        "review_out_of_order",
        "review_state_mismatch",
        "applied",
    ]
    assert "no decision" in results[0]["reason"]
    assert "already decided" in results[4]["reason"]
    with hub.engine.connect() as c:
        row = c.execute(select(MediationCase).where(MediationCase.id == case)).one()
        assert (row.status, row.accepted_on) == ("mediating", date(2026, 11, 3))
        steps = c.execute(select(ReviewDecision.reviewer_staff_id)).scalars().all()
        assert steps == [staff["town_boss"]]
    # The applicant's village station holds the case, and receives the decision with it.
    village = SigningStation.enrol(hub.url, hub.add_station(VILLAGE, "中前社区"))
    with hub.engine.connect() as c:
        epoch = state.epoch(c)
    body = village.pull(epoch, 0, 1000).json()
    assert not body["more"]
    pulled = {(ch["table"], ch["record_id"]) for ch in body["changes"]}
    assert ("mediation_cases", case) in pulled
    assert [t for t, _ in pulled].count("review_decisions") == 1


def test_a_refused_complaint_cannot_be_turned_into_an_accepted_one(hub, pusher, staff):  # type: ignore[no-untyped-def]
    complaint = _application(pusher, staff["maker"], "inspection_complaints")
    c_ = "inspection_complaints"
    results = pusher.send(
        _update(c_, complaint, 1, {"status": "received"}, {"status": "accepted"}),
        _decision(c_, complaint, staff["town_boss"], TOWN, "2026-11-04", "fail", "超过时效"),
        _update(c_, complaint, 1, {"status": "received"}, {"status": "accepted"}),
        _update(c_, complaint, 1, {"status": "received"}, {"status": "refused"}),
    )
    assert [_outcome(r) for r in results] == [
        "review_state_mismatch",
        "applied",
        "review_state_mismatch",
        "applied",
    ]
    with hub.engine.connect() as c:
        row = c.execute(
            select(InspectionComplaint).where(InspectionComplaint.id == complaint)
        ).one()
        assert row.status == "refused"


def test_a_registration_is_decided_by_whom_its_own_ticket_allows(hub, pusher, staff):  # type: ignore[no-untyped-def]
    registration = _application(pusher, staff["town_boss"], "unemployment_registrations")
    u = "unemployment_registrations"
    station = pusher.station.station_id
    # A cancellation (JY-003) links the registration too, dated first here: its clerk is
    # not who accepted the registration.
    cancellation = _ticket(u, registration, new_id(), staff["deputy"], station, code="JY-003")
    cancellation["fields"]["accepted_on"] = "2026-11-01"
    results = pusher.send(
        cancellation,
        _decision(u, registration, staff["town_boss"], TOWN, "2026-11-03", "fail", "已就业"),
        _decision(u, registration, staff["deputy"], TOWN, "2026-11-03", "fail", "已就业"),
        _update(u, registration, 1,
                {"valid": True, "cancelled_on": None, "cancellation_reason": None},
                {"valid": False, "cancelled_on": "2026-11-03", "cancellation_reason": "99"}),
    )  # fmt: skip
    assert [_outcome(r) for r in results] == [
        "applied",
        "review_maker_checker",
        "applied",
        "applied",
    ]


def test_where_the_hubs_catalogue_sets_no_review_decisions_are_refused(  # type: ignore[no-untyped-def]
    hub, pusher, staff, monkeypatch, reference
):
    case = _application(pusher, staff["maker"], "mediation_cases")
    plain = without_review(reference, "TJ-001")
    monkeypatch.setattr(subject_reviews, "reference", lambda: plain)
    assert review_support.reference().catalogue.item("TJ-001").needs_review  # shipped
    results = pusher.send(
        _decision("mediation_cases", case, staff["town_boss"], TOWN, "2026-11-02"),
        _update("mediation_cases", case, 1, {"status": "applied"}, {"status": "accepted"}),
    )
    assert [_outcome(r) for r in results] == ["review_out_of_order", "applied"]
    assert "no review" in results[0]["reason"]


def test_a_reviewed_matters_ticket_closes_only_after_the_decision(hub, pusher, staff):  # type: ignore[no-untyped-def]
    """A station that closed the ticket by hand (an old version, or a forged push) is
    refused; the applicant's withdrawal needs no decision."""
    c_ = "inspection_complaints"
    pid, complaint, other = new_id(), new_id(), new_id()
    _code, _step, number, fields = SUBJECT[c_]
    person = {k: v for k, v in person_fields(7).items() if k not in STAMP}
    station = pusher.station.station_id
    first = _ticket(c_, complaint, pid, staff["maker"], station)
    second = _ticket(c_, other, pid, staff["maker"], station)
    results = pusher.send(
        _insert("persons", pid, **person),
        *(
            _insert(c_, ident, complainant_person_id=pid, **{number: f"N-{ident[-8:]}"},
                    **fields, deleted=False)
            for ident in (complaint, other)
        ),
        first,
        second,
    )  # fmt: skip
    assert [r["status"] for r in results] == ["applied"] * 5, results
    t, done = "service_tickets", {"status": "accepted", "completed_on": None}
    completes = {"status": "completed", "completed_on": "2026-11-03"}
    results = pusher.send(
        _update(t, first["record_id"], 1, done, completes),
        _update(t, first["record_id"], 1, {"status": "accepted"}, {"status": "rejected"}),
        _decision(c_, complaint, staff["town_boss"], TOWN, "2026-11-03", reason="属于监察范围"),
        _update(c_, complaint, 1, {"status": "received", "accepted_on": None},
                {"status": "accepted", "accepted_on": "2026-11-03"}),
        _update(t, first["record_id"], 1, done, completes),
        _update(t, second["record_id"], 1, {"status": "accepted"}, {"status": "withdrawn"}),
    )  # fmt: skip
    assert [_outcome(r) for r in results] == [
        "review_state_mismatch",
        "review_state_mismatch",
        "applied",
        "applied",
        "applied",
        "applied",
    ]
    assert "before the review decision" in results[0]["reason"]

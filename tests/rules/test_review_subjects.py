"""The reviewed matters besides recognitions as plain rules: their one-step chains from
the catalogue, who may decide, what the record and the ticket become on each outcome."""

from __future__ import annotations

from datetime import date

import pytest

from station_client.reference import ReferenceBundle
from station_client.rules.approval_checks import reviewer_refusal, turn_refusal
from station_client.rules.approvals import (
    Chain,
    Decision,
    Result,
    Reviewer,
    StepKind,
    standing,
)
from station_client.rules.codes import Role, StationLevel
from station_client.rules.deadlines import DeadlineState
from station_client.rules.errors import ValidationError
from station_client.rules.review_subjects import (
    COMPLAINT,
    KIND_BY_ITEM,
    KIND_BY_TABLE,
    MEDIATION,
    REFUSED_REGISTRATION_REASON,
    UNEMPLOYMENT,
    Circumstances,
    outcome,
    subject_ticket_follow,
)
from station_client.rules.tickets import TicketStatus

VILLAGE, TOWN = "320115001001", "320115001"
APPLIED = date(2026, 11, 2)  # a Monday
TOWN_BOSS = Reviewer("town-boss", Role.SUPERVISOR, TOWN)


def chain_of(reference: ReferenceBundle, item: str) -> Chain:
    return Chain.of(reference.catalogue.item(item).review_steps)


def decided(step: str, result: Result, on: date = APPLIED, reason: str | None = None) -> Decision:
    return Decision(step, result, TOWN_BOSS.staff_id, TOWN, on, reason)


def test_each_kind_is_one_town_decision_with_its_catalogue_limit(reference) -> None:  # type: ignore[no-untyped-def]
    limits = {}
    for item in ("JY-002", "TJ-001", "JC-001"):
        [step] = chain_of(reference, item).steps
        assert (step.kind, step.level) == (StepKind.DECISION, StationLevel.TOWN)
        limits[item] = step.working_days
    assert limits == {"JY-002": 3, "TJ-001": 3, "JC-001": 5}
    assert KIND_BY_ITEM["TJ-001"] is KIND_BY_TABLE["mediation_cases"] is MEDIATION


def test_the_matter_waits_until_the_decision_and_is_then_done(reference) -> None:  # type: ignore[no-untyped-def]
    chain = chain_of(reference, "JC-001")
    waiting = standing(chain, [], applied_on=APPLIED, today=date(2026, 11, 9),
                       calendar=reference.calendar)  # fmt: skip
    assert waiting.pending is not None and waiting.pending.due.due == date(2026, 11, 9)
    assert waiting.pending.state is DeadlineState.DUE_SOON and outcome(chain, []) is None
    late = standing(chain, [], applied_on=APPLIED, today=date(2026, 11, 10),
                    calendar=reference.calendar)  # fmt: skip
    assert late.pending is not None and late.pending.overdue
    assert late.pending.escalation is not None
    assert late.pending.escalation.level is StationLevel.DISTRICT
    decision = decided("accept_decision", Result.PASS, date(2026, 11, 4))
    done = standing(chain, [decision], applied_on=APPLIED, today=date(2026, 11, 10),
                    calendar=reference.calendar)  # fmt: skip
    assert done.final and done.pending is None and outcome(chain, [decision]) == decision
    refusal = turn_refusal(chain, done, "accept_decision", Result.FAIL, {"town-boss": "周主管"})
    assert refusal is not None and refusal.reason == "already_decided"
    assert "周主管" in refusal.message_zh


def test_only_a_town_supervisor_of_the_applicant_who_did_not_accept_it_decides(reference) -> None:  # type: ignore[no-untyped-def]
    chain = chain_of(reference, "TJ-001")

    def why(who: Reviewer, maker: str | None = "clerk") -> str | None:
        found = reviewer_refusal(chain, "accept_decision", who, applicant_area=VILLAGE,
                                 maker_staff_id=maker, decisions=[])  # fmt: skip
        return found.reason if found else None

    assert why(TOWN_BOSS) is None
    assert why(TOWN_BOSS, maker="town-boss") == "maker"
    assert why(TOWN_BOSS, maker=None) == "no_maker"
    assert why(Reviewer("c", Role.CLERK, TOWN)) == "wrong_role"
    assert why(Reviewer("v", Role.SUPERVISOR, VILLAGE)) == "wrong_level"
    assert why(Reviewer("o", Role.SUPERVISOR, "320115002")) == "wrong_area"


def test_a_mediation_application_is_accepted_or_refused_with_its_reason(reference) -> None:  # type: ignore[no-untyped-def]
    around = Circumstances(reference.calendar, {})
    passed = decided("accept_decision", Result.PASS, date(2026, 11, 3))
    failed = decided("accept_decision", Result.FAIL, date(2026, 11, 3), "已超过仲裁时效")
    assert MEDIATION.changes(passed, around) == {
        "status": "accepted",
        "accepted_on": date(2026, 11, 3),
    }
    assert MEDIATION.changes(failed, around) == {
        "status": "refused",
        "refused_reason": "已超过仲裁时效",
    }
    assert MEDIATION.is_waiting({"status": "applied"})
    assert not MEDIATION.is_waiting({"status": "accepted"})
    assert MEDIATION.claimed_result({"status": "accepted"}) is Result.PASS
    assert MEDIATION.claimed_result({"status": "refused"}) is Result.FAIL
    assert MEDIATION.claimed_result({"status": "mediating"}) is None


def test_an_accepted_complaint_is_due_for_investigation_in_the_catalogues_working_days(
    reference,
) -> None:  # type: ignore[no-untyped-def]
    limits = {
        x.code: x.value
        for x in reference.catalogue.item("JC-001").limits
        if x.unit == "working_days"
    }
    assert limits["investigate_within"] == 60
    passed = decided("accept_decision", Result.PASS, date(2026, 9, 1))
    changes = COMPLAINT.changes(passed, Circumstances(reference.calendar, limits))
    # 60 working days from 1 September 2026, over the National Day week (1-7 October,
    # with the make-up working days of 20 September and 10 October)
    assert changes == {
        "status": "accepted",
        "accepted_on": date(2026, 9, 1),
        "investigation_due": date(2026, 11, 30),
    }
    shorter = COMPLAINT.changes(
        passed, Circumstances(reference.calendar, {"investigate_within": 5})
    )
    assert shorter["investigation_due"] == date(2026, 9, 8)
    failed = decided("accept_decision", Result.FAIL, reason="不属于监察范围")
    assert COMPLAINT.changes(failed, Circumstances(reference.calendar, limits)) == {
        "status": "refused"
    }


def test_a_refused_registration_ends_with_a_reason_code_of_the_code_table(reference) -> None:  # type: ignore[no-untyped-def]
    around = Circumstances(reference.calendar, {})
    failed = decided("review", Result.FAIL, date(2026, 11, 4), "已在外地就业")
    assert UNEMPLOYMENT.changes(failed, around) == {
        "valid": False,
        "cancelled_on": date(2026, 11, 4),
        "cancellation_reason": REFUSED_REGISTRATION_REASON,
    }
    assert (
        reference.table("unemployment_cancel_reason").entry(REFUSED_REGISTRATION_REASON).zh
        == "其他"
    )
    assert UNEMPLOYMENT.changes(decided("review", Result.PASS), around) == {}
    assert UNEMPLOYMENT.person_on_fail == {"is_unemployed": False}
    assert UNEMPLOYMENT.claimed_result({"valid": False}) is None  # no status to claim with
    assert UNEMPLOYMENT.is_waiting({"valid": True, "cancelled_on": None})
    assert not UNEMPLOYMENT.is_waiting({"valid": False, "cancelled_on": date(2026, 11, 4)})


def test_the_ticket_is_completed_on_a_pass_and_refused_with_the_reason_on_a_fail(
    reference,
) -> None:  # type: ignore[no-untyped-def]
    chain = chain_of(reference, "TJ-001")

    def follow(decision: Decision, ticket: TicketStatus = TicketStatus.ACCEPTED):  # type: ignore[no-untyped-def]
        after = standing(chain, [decision], applied_on=APPLIED, today=decision.decided_on,
                         calendar=reference.calendar)  # fmt: skip
        return subject_ticket_follow(MEDIATION, chain, after, decision, ticket)

    yes = follow(decided("accept_decision", Result.PASS, date(2026, 11, 3)))
    assert (yes.status, yes.due) == (TicketStatus.COMPLETED, None)
    assert yes.note_zh == "2026-11-03 予以受理（受理或不予受理决定）"
    no = follow(decided("accept_decision", Result.FAIL, date(2026, 11, 3), "已超过仲裁时效"))
    assert no.status is TicketStatus.REJECTED
    assert no.note_zh == "2026-11-03 不予受理（受理或不予受理决定）：已超过仲裁时效"
    with pytest.raises(ValidationError):  # a closed ticket takes no outcome
        follow(decided("accept_decision", Result.PASS), TicketStatus.WITHDRAWN)

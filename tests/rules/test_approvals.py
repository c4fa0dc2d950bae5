"""Approvals of a hard-to-employ recognition as plain rules: the chain from the catalogue,
where a recognition stands, who may decide which step and when, the ticket that follows."""

from __future__ import annotations

from datetime import date

import pytest

from station_client.reference import ReferenceBundle
from station_client.rules.approval_checks import (
    check_result,
    escalated_to,
    reviewer_refusal,
    ticket_follow,
    ticket_refusal,
    turn_refusal,
)
from station_client.rules.approval_refusals import (
    MAKER_REASONS,
    ORDER_REASONS,
    REVIEWER_REASONS,
    ApprovalRefused,
)
from station_client.rules.approvals import (
    RECOGNITION_ITEM,
    Chain,
    Decision,
    RecognitionStatus,
    Result,
    Reviewer,
    Step,
    StepKind,
    area_level,
    effective_log,
    recorded_state,
    standing,
)
from station_client.rules.codes import Role, StationLevel
from station_client.rules.deadlines import DeadlineState
from station_client.rules.errors import ValidationError
from station_client.rules.tickets import TicketStatus

VILLAGE, TOWN, DISTRICT = "320115001001", "320115001", "320115"
APPLIED = date(2026, 11, 2)  # a Monday; no holiday in November 2026
MAKER = "clerk-maker"
CHECKER = Reviewer("clerk-checker", Role.CLERK, VILLAGE)
TOWN_BOSS = Reviewer("town-boss", Role.SUPERVISOR, TOWN)
DISTRICT_BOSS = Reviewer("district-boss", Role.SUPERVISOR, DISTRICT)


@pytest.fixture(scope="module")
def chain(reference: ReferenceBundle) -> Chain:
    return Chain.of(reference.catalogue.item(RECOGNITION_ITEM).review_steps)


def passed(step: str, reviewer: Reviewer, on: date, **kw: object) -> Decision:
    return Decision(step, Result.PASS, reviewer.staff_id, reviewer.area_code, on, **kw)  # type: ignore[arg-type]


def failed(step: str, reviewer: Reviewer, on: date, reason: str = "收入超标") -> Decision:
    return Decision(step, Result.FAIL, reviewer.staff_id, reviewer.area_code, on, reason)


def at(chain: Chain, decisions: list[Decision], today: date, reference: ReferenceBundle):  # type: ignore[no-untyped-def]
    return standing(chain, decisions, applied_on=APPLIED, today=today, calendar=reference.calendar)


# -- the chain ---------------------------------------------------------------------------


def test_the_chain_comes_from_the_catalogue_with_its_kinds_and_limits(chain: Chain) -> None:
    assert [(s.code, s.kind, s.working_days) for s in chain.steps] == [
        ("village_check", StepKind.DECISION, 2),
        ("public_notice", StepKind.NOTICE, 3),
        ("forward", StepKind.TRANSIT, 5),
        ("town_review", StepKind.DECISION, 3),
        ("district_decision", StepKind.DECISION, 3),
    ]
    assert chain.step("town_review").level is StationLevel.TOWN


def test_a_chain_must_start_and_end_with_a_decision() -> None:
    notice = Step("public_notice", StationLevel.VILLAGE, 3, "公示", "Public notice")
    check = Step("village_check", StationLevel.VILLAGE, 2, "初审", "Check")
    with pytest.raises(ValidationError):
        Chain((notice, check))
    with pytest.raises(ValidationError):
        Chain((check, notice))


def test_area_levels_go_by_the_length_of_the_division_code() -> None:
    assert [area_level(a) for a in (VILLAGE, TOWN, DISTRICT, "32011", "abcdef")] == [
        StationLevel.VILLAGE,
        StationLevel.TOWN,
        StationLevel.DISTRICT,
        None,
        None,
    ]


# -- where a recognition stands ----------------------------------------------------------


def test_a_new_application_waits_for_the_village_check_within_two_working_days(
    chain: Chain, reference: ReferenceBundle
) -> None:
    now = at(chain, [], APPLIED, reference)
    assert now.record == recorded_state(chain, [])
    assert (now.record.status, now.record.current_step) == (
        RecognitionStatus.APPLIED,
        "village_check",
    )
    assert now.pending is not None and now.pending.step.code == "village_check"
    assert now.pending.due.due == date(2026, 11, 4)
    assert now.pending.state is DeadlineState.ON_TRACK and not now.pending.overdue
    assert at(chain, [], date(2026, 11, 3), reference).pending.state is DeadlineState.DUE_SOON


def test_overdue_is_counted_in_working_days_and_escalates_to_the_level_above(
    chain: Chain, reference: ReferenceBundle
) -> None:
    # Applied the day before the National Day holiday (1-7 October 2026): two working
    # days later is Friday 9 October, not 2 October.
    eve = date(2026, 9, 30)
    calendar = reference.calendar
    on_time = standing(chain, [], applied_on=eve, today=date(2026, 10, 9), calendar=calendar)
    assert on_time.pending is not None and on_time.pending.due.due == date(2026, 10, 9)
    assert not on_time.pending.overdue and on_time.pending.escalation is None
    # Saturday 10 October is a make-up working day: the step is overdue then.
    late = standing(chain, [], applied_on=eve, today=date(2026, 10, 10), calendar=calendar)
    assert late.pending is not None and late.pending.overdue
    assert late.pending.escalation is not None
    assert late.pending.escalation.level is StationLevel.TOWN
    assert escalated_to(late.pending, TOWN_BOSS, VILLAGE)
    assert not escalated_to(late.pending, DISTRICT_BOSS, VILLAGE)  # not that level
    assert not escalated_to(late.pending, TOWN_BOSS, "320115002001")  # not that town
    assert not escalated_to(on_time.pending, TOWN_BOSS, VILLAGE)


def test_after_the_village_check_the_notice_runs_then_the_town_reviews(
    chain: Chain, reference: ReferenceBundle
) -> None:
    log = [passed("village_check", CHECKER, date(2026, 11, 3))]
    running = at(chain, log, date(2026, 11, 6), reference)
    assert (running.record.status, running.record.current_step) == (
        RecognitionStatus.UNDER_REVIEW,
        "public_notice",
    )
    assert running.pending is not None and running.pending.step.code == "public_notice"
    assert running.pending.due.due == date(2026, 11, 6)  # 3 working days after the check
    # The ticket follows the town review: notice end + forward 5 + town review 3 wd.
    assert running.next_decision_due is not None
    assert running.next_decision_due.due == date(2026, 11, 18)

    lapsed = at(chain, log, date(2026, 11, 9), reference)
    assert lapsed.pending is not None and lapsed.pending.step.code == "town_review"
    assert lapsed.pending.started_on == date(2026, 11, 6)
    assert lapsed.pending.due.due == date(2026, 11, 18)
    assert lapsed.record == running.record  # nobody writes the lapse: it is computed


def test_an_upheld_objection_ends_it_and_the_town_and_district_finish_it(
    chain: Chain, reference: ReferenceBundle
) -> None:
    check = passed("village_check", CHECKER, date(2026, 11, 3))
    objection = Decision(
        "public_notice", Result.FAIL, "clerk-3", VILLAGE, date(2026, 11, 4), "异议成立"
    )
    refused = at(chain, [check, objection], date(2026, 11, 5), reference)
    assert refused.final and refused.pending is None
    assert refused.record.status is RecognitionStatus.REJECTED
    assert refused.record.decided_on == date(2026, 11, 4)

    town = passed("town_review", TOWN_BOSS, date(2026, 11, 10))
    now = at(chain, [check, town], date(2026, 11, 10), reference)
    assert now.record.current_step == "district_decision"
    assert now.pending is not None and now.pending.due.due == date(2026, 11, 13)
    done = at(chain, [check, town, passed("district_decision", DISTRICT_BOSS, date(2026, 11, 12))],
              date(2026, 11, 12), reference)  # fmt: skip
    assert done.record.status is RecognitionStatus.RECOGNISED and done.final
    assert done.record.decided_on == date(2026, 11, 12) and done.record.current_step is None


def test_the_log_counts_one_decision_a_step_in_order_and_the_hubs_first() -> None:
    chain_steps = [
        passed("town_review", TOWN_BOSS, date(2026, 11, 10)),  # before its turn: ignored
    ]
    steps = Chain.of(
        [
            Step("village_check", StationLevel.VILLAGE, 2, "初审", "Check"),
            Step("town_review", StationLevel.TOWN, 3, "审核", "Review"),
        ]
    )
    assert effective_log(steps, chain_steps) == ()
    local = failed("village_check", CHECKER, date(2026, 11, 3))
    local = Decision(**{**local.__dict__, "confirmed": False})
    hubs = passed("village_check", Reviewer("other", Role.CLERK, VILLAGE), date(2026, 11, 4))
    assert effective_log(steps, [local, hubs, *chain_steps]) == (hubs, chain_steps[0])
    assert recorded_state(steps, [local, hubs, *chain_steps]).status is RecognitionStatus.RECOGNISED


# -- who may decide ----------------------------------------------------------------------


def _who(chain: Chain, step: str, reviewer: Reviewer, log: list[Decision] = (), **kw):  # type: ignore[no-untyped-def, assignment]
    kw.setdefault("applicant_area", VILLAGE)
    kw.setdefault("maker_staff_id", MAKER)
    found = reviewer_refusal(chain, step, reviewer, decisions=log, **kw)
    return found.reason if found else None


def test_each_step_is_decided_by_the_right_role_and_level_of_the_applicants_area(
    chain: Chain,
) -> None:
    assert _who(chain, "village_check", CHECKER) is None
    assert _who(chain, "public_notice", CHECKER) is None  # objections: village staff
    assert _who(chain, "town_review", TOWN_BOSS) is None
    assert _who(chain, "district_decision", DISTRICT_BOSS) is None
    assert _who(chain, "town_review", CHECKER) == "wrong_level"
    assert _who(chain, "village_check", TOWN_BOSS) == "wrong_level"
    assert _who(chain, "town_review", Reviewer("c", Role.CLERK, TOWN)) == "wrong_role"
    assert _who(chain, "district_decision", Reviewer("it", Role.DISTRICT_IT, DISTRICT)) == (
        "wrong_role"
    )
    other_village = Reviewer("c", Role.CLERK, "320115001002")
    assert _who(chain, "village_check", other_village) == "wrong_area"
    assert _who(chain, "village_check", CHECKER, applicant_area=None) == "wrong_area"
    gone = Reviewer("gone", Role.CLERK, VILLAGE, active=False)
    assert _who(chain, "village_check", gone) == "inactive"


def test_maker_checker_the_accepting_clerk_and_two_steps_by_one_person_are_refused(
    chain: Chain,
) -> None:
    maker = Reviewer(MAKER, Role.CLERK, VILLAGE)
    assert _who(chain, "village_check", maker) == "maker"
    assert _who(chain, "village_check", CHECKER, maker_staff_id=None) == "no_maker"
    log = [passed("village_check", CHECKER, date(2026, 11, 3))]
    refused = reviewer_refusal(
        chain, "public_notice", CHECKER, applicant_area=VILLAGE, maker_staff_id=MAKER,
        decisions=log,
    )  # fmt: skip
    assert refused is not None and refused.reason == "two_steps"
    assert "村（社区）初审核实" in refused.message_zh
    assert {"maker", "two_steps", "no_maker"} == MAKER_REASONS
    assert not (MAKER_REASONS & REVIEWER_REASONS) and not (ORDER_REASONS & REVIEWER_REASONS)


# -- when --------------------------------------------------------------------------------


def _turn(chain, log, today, step, result=Result.PASS, reference=None, names=None):  # type: ignore[no-untyped-def]
    now = at(chain, log, today, reference)
    found = turn_refusal(chain, now, step, result, names)
    return found


def test_a_step_is_decided_in_its_turn_once(chain: Chain, reference: ReferenceBundle) -> None:
    check = passed("village_check", CHECKER, date(2026, 11, 3))
    assert _turn(chain, [], APPLIED, "village_check", reference=reference) is None
    again = _turn(chain, [check], APPLIED, "village_check", reference=reference,
                  names={CHECKER.staff_id: "王芳"})  # fmt: skip
    assert again.reason == "already_decided" and "王芳" in again.message_zh
    assert "2026-11-03" in again.message_en
    early = _turn(chain, [check], date(2026, 11, 5), "town_review", reference=reference)
    assert early.reason == "not_yet" and "2026-11-06" in early.message_zh
    assert _turn(chain, [check], date(2026, 11, 9), "town_review", reference=reference) is None
    # During the notice only an objection; after it, nothing any more.
    by_hand = _turn(chain, [check], date(2026, 11, 4), "public_notice", reference=reference)
    assert by_hand.reason == "notice_pass"
    assert _turn(chain, [check], date(2026, 11, 4), "public_notice", Result.FAIL, reference) is None
    late = _turn(chain, [check], date(2026, 11, 9), "public_notice", Result.FAIL, reference)
    assert late.reason == "step_over" and "镇（街道）审核" in late.message_zh
    refused = failed("village_check", CHECKER, date(2026, 11, 3))
    closed = _turn(chain, [refused], date(2026, 11, 9), "town_review", reference=reference)
    assert closed.reason == "closed"
    with pytest.raises(ApprovalRefused) as unknown:
        _turn(chain, [], APPLIED, "forgery", reference=reference)
    assert unknown.value.reason == "unknown_step"


def test_a_refusal_needs_its_reason_and_a_pass_may_have_one() -> None:
    assert check_result("pass", "  ") == (Result.PASS, None)
    assert check_result("pass", "材料齐全") == (Result.PASS, "材料齐全")
    assert check_result("fail", " 收入超过标准 ") == (Result.FAIL, "收入超过标准")
    for result, reason, why in (
        ("fail", "", "required"),
        ("fail", None, "required"),
        ("fail", "x" * 501, "length"),
        ("maybe", "x", "unknown_result"),
    ):
        with pytest.raises(ValidationError) as refused:
            check_result(result, reason)
        assert refused.value.reason == why


# -- the ticket follows ------------------------------------------------------------------


def test_the_ticket_is_forwarded_with_the_next_due_date_then_completed_with_the_outcome(
    chain: Chain, reference: ReferenceBundle
) -> None:
    check = passed("village_check", CHECKER, date(2026, 11, 3))
    after = at(chain, [check], date(2026, 11, 3), reference)
    follow = ticket_follow(chain, after, check, TicketStatus.ACCEPTED)
    assert follow.status is TicketStatus.FORWARDED
    assert follow.due is not None and follow.due.due == date(2026, 11, 18)
    assert "通过" in follow.note_zh

    town = passed("town_review", TOWN_BOSS, date(2026, 11, 9))
    after = at(chain, [check, town], date(2026, 11, 9), reference)
    follow = ticket_follow(chain, after, town, TicketStatus.FORWARDED)
    assert follow.status is None and follow.due is not None
    assert follow.due.due == date(2026, 11, 12)

    final = passed("district_decision", DISTRICT_BOSS, date(2026, 11, 10))
    after = at(chain, [check, town, final], date(2026, 11, 10), reference)
    follow = ticket_follow(chain, after, final, TicketStatus.FORWARDED)
    assert (follow.status, follow.due) == (TicketStatus.COMPLETED, None)
    assert "予以认定" in follow.note_zh

    no = failed("town_review", TOWN_BOSS, date(2026, 11, 9), "家庭收入超过标准")
    after = at(chain, [check, no], date(2026, 11, 9), reference)
    follow = ticket_follow(chain, after, no, TicketStatus.FORWARDED)
    assert follow.status is TicketStatus.COMPLETED
    assert "不予认定" in follow.note_zh and "家庭收入超过标准" in follow.note_zh


def test_a_ticket_waiting_for_materials_or_closed_takes_no_decision() -> None:
    assert ticket_refusal(TicketStatus.ACCEPTED) is None
    assert ticket_refusal(TicketStatus.FORWARDED) is None
    waiting = ticket_refusal(TicketStatus.WAITING_MATERIALS)
    assert waiting is not None and waiting.reason == "ticket_waiting"
    closed = ticket_refusal(TicketStatus.WITHDRAWN)
    assert closed is not None and "已撤回" in closed.message_zh

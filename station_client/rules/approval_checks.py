"""Who may decide a step of a recognition, when, and what the ticket does then.

The maker-checker and turn rules of :mod:`station_client.rules.approvals`, as functions
that return the refusal (or None) so that a list can ask "may this person decide?"
without exceptions, and the service ticket that follows each decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from station_client.rules.approval_refusals import ApprovalRefused, refused
from station_client.rules.approvals import (
    DECIDING_ROLES,
    Chain,
    Decision,
    Pending,
    RecognitionStatus,
    Result,
    Reviewer,
    Standing,
    StepKind,
    area_level,
)
from station_client.rules.tickets import TicketStatus, check_reason, check_transition
from station_client.rules.workdays import Deadline

# ------------------------------------------------------------------- who and when


def covers(area_code: str, applicant_area: str | None) -> bool:
    """The staff member's area holds the applicant's residence."""
    return bool(applicant_area) and str(applicant_area).startswith(area_code)


def reviewer_refusal(
    chain: Chain,
    step_code: str,
    reviewer: Reviewer,
    *,
    applicant_area: str | None,
    maker_staff_id: str | None,
    decisions: Iterable[Decision],
) -> ApprovalRefused | None:
    """Why ``reviewer`` may not decide step ``step_code`` (None: they may).

    ``maker_staff_id`` is the clerk who accepted the application (None when it cannot be
    told: then no one may decide, or maker-checker would be void)."""
    step = chain.step(step_code)
    if not reviewer.active:
        return refused("inactive")
    if area_level(reviewer.area_code) is not step.level:
        return refused("wrong_level", step=step.zh, step_en=step.en, level=step.level.value)
    if reviewer.role not in DECIDING_ROLES[step.level]:
        return refused("wrong_role", step=step.zh, step_en=step.en)
    if not covers(reviewer.area_code, applicant_area):
        return refused("wrong_area")
    if maker_staff_id is None:
        return refused("no_maker")
    if reviewer.staff_id == maker_staff_id:
        return refused("maker")
    for d in decisions:
        if d.reviewer_staff_id == reviewer.staff_id and d.step != step.code:
            other = chain.step(d.step) if d.step in {s.code for s in chain.steps} else step
            return refused("two_steps", other=other.zh, other_en=other.en)
    return None


def turn_refusal(
    chain: Chain,
    now: Standing,
    step_code: str,
    result: Result,
    names: Mapping[str, str] | None = None,
) -> ApprovalRefused | None:
    """Why ``step_code`` cannot be decided now (None: it is its turn). ``names``: staff
    names by id, to say who decided first."""
    step = chain.step(step_code)
    done = {d.step: d for d in now.log}
    if step_code in done:
        first = done[step_code]
        who = (names or {}).get(first.reviewer_staff_id) or first.reviewer_org
        return refused(
            "already_decided", step=step.zh, step_en=step.en, who=who, on=first.decided_on
        )
    if now.pending is None:
        return refused("closed")
    waiting = now.pending.step
    order = [s.code for s in chain.steps]
    if order.index(step_code) < order.index(waiting.code):  # e.g. an objection too late
        return refused(
            "step_over", step=step.zh, step_en=step.en, waiting=waiting.zh, waiting_en=waiting.en
        )
    if waiting.code != step_code:
        return refused(
            "not_yet",
            step=step.zh,
            step_en=step.en,
            waiting=waiting.zh,
            waiting_en=waiting.en,
            until=now.pending.due.due,
        )
    if step.kind is StepKind.NOTICE and result is Result.PASS:
        return refused("notice_pass", until=now.pending.due.due)
    return None


def check_result(result: str, reason: str | None) -> tuple[Result, str | None]:
    """The result and its reason: a refusal (fail) must say why; a pass may."""
    try:
        verdict = Result(result)
    except ValueError:
        raise refused("unknown_result", result=result) from None
    if verdict is Result.FAIL:
        return verdict, check_reason(reason, what_zh="不通过的理由")
    text = (reason or "").strip()
    return verdict, check_reason(text, what_zh="审核意见") if text else None


def escalated_to(pending: Pending, reviewer: Reviewer, applicant_area: str | None) -> bool:
    """The overdue step is shown to ``reviewer`` to chase up (not to decide)."""
    target = pending.escalation
    return (
        target is not None
        and area_level(reviewer.area_code) is target.level
        and reviewer.role in target.roles
        and covers(reviewer.area_code, applicant_area)
    )


# ------------------------------------------------------------------- the ticket follows


@dataclass(frozen=True)
class TicketFollow:
    """What a decision does to the application's service ticket."""

    status: TicketStatus | None  # the new status; None: unchanged
    due: Deadline | None  # the new deadline; None: unchanged
    note_zh: str  # a line for the ticket's notes: the outcome


def ticket_refusal(status: TicketStatus) -> ApprovalRefused | None:
    """A ticket waiting for materials, or closed, takes no decision."""
    if status is TicketStatus.WAITING_MATERIALS:
        return refused("ticket_waiting")
    if status.final:
        return refused("ticket_closed", status=status.zh, status_en=status.value)
    return None


def ticket_follow(
    chain: Chain, after: Standing, decision: Decision, ticket: TicketStatus
) -> TicketFollow:
    """The ticket after ``decision``: completed with the outcome once the recognition is
    decided for good; otherwise forwarded (the matter is with the town or district now)
    and due when the next step that a person decides is due."""
    step = chain.step(decision.step)
    day = decision.decided_on.isoformat()
    if after.record.status is RecognitionStatus.RECOGNISED:
        return TicketFollow(TicketStatus.COMPLETED, None, f"{day} 予以认定（{step.zh}）")
    if after.record.status is RecognitionStatus.REJECTED:
        return TicketFollow(
            TicketStatus.COMPLETED, None, f"{day} 不予认定（{step.zh}）：{decision.reason}"
        )
    moved = TicketStatus.FORWARDED if ticket is not TicketStatus.FORWARDED else None
    if moved is not None:
        check_transition(ticket, moved)
    return TicketFollow(moved, after.next_decision_due, f"{day} {step.zh}：通过")

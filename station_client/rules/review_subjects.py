"""Reviewed matters besides hard-to-employ recognitions: what a decision does to them.

The service catalogue marks some items as needing review (``needs_review`` with
``review_steps``): besides JY-007 (:mod:`.approvals`), an unemployment registration
(JY-002, 登记审核), a labour-dispute mediation application (TJ-001, 受理或不予受理决定)
and a labour-inspection complaint (JC-001, 立案受理或不予受理决定). The counter saves
each as a record (the *subject*) with its service ticket; a town supervisor then decides
the step. Only where the installed catalogue configures review: a district may publish a
catalogue without it, and then nothing waits for a decision.

The decision log is the same as for recognitions — :class:`~.approvals.Decision` rows,
one per step, insert-only — and so are the chain, where a matter stands and who may
decide (:func:`~.approvals.standing`, :mod:`.approval_checks`). For these matters
:func:`~.approvals.recorded_state` reads "recognised" as *passed* and "rejected" as
*failed*. What differs is what the subject record becomes, described here per kind:

- TJ-001: pass → ``status`` "accepted" and ``accepted_on``; fail → ``status`` "refused"
  with ``refused_reason`` (《企业劳动争议协商调解规定》: a refusal is recorded and the
  applicant told in writing).
- JC-001: pass → ``status`` "accepted" (立案), ``accepted_on``, and ``investigation_due``
  the catalogue's ``investigate_within`` working days after (《劳动保障监察条例》: 60
  working days from 立案); fail → ``status`` "refused".
- JY-002: pass → the registration stays valid; fail → ``valid`` False, ``cancelled_on``
  and ``cancellation_reason`` "99" (其他): the cancellation-reason table lists why a
  registration *ends* (work found, pension, …), none of which is "not registered after
  review", so the reason in words is kept on the decision and the ticket. As a
  cancellation does, a refusal clears the person's ``is_unemployed`` flag.

The ticket follows: completed on a pass, refused (不予办理, with the reason) on a fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from station_client.rules.approval_checks import TicketFollow, ticket_follow
from station_client.rules.approvals import (
    Chain,
    Decision,
    RecognitionStatus,
    Result,
    Standing,
    effective_log,
    recorded_state,
)
from station_client.rules.tickets import TicketStatus, check_transition
from station_client.rules.workdays import WorkCalendar

#: ``unemployment_cancel_reason`` code of a registration refused on review: 其他.
REFUSED_REGISTRATION_REASON = "99"
#: Working days to investigate a complaint once accepted, when the catalogue gives none.
DEFAULT_INVESTIGATE_WITHIN = 60


@dataclass(frozen=True)
class Circumstances:
    """What a decision's changes may depend on besides the decision itself."""

    calendar: WorkCalendar
    #: The catalogue item's further limits, by code (``investigate_within`` …).
    limits: Mapping[str, int]


Changes = Callable[[Decision, Circumstances], dict[str, object]]


@dataclass(frozen=True)
class SubjectKind:
    """One kind of reviewed matter and the record the counter saves for it."""

    item: str  # catalogue code
    table: str  # the subject record's table
    person_column: str  # the applicant
    number_column: str  # the record's number, as the clerk and the applicant know it
    applied_column: str  # the day the matter was applied for: the first step starts then
    #: The record's values while it waits for its decision (anything else: it has moved
    #: on, e.g. a registration cancelled because the person found work).
    waiting: Mapping[str, object]
    on_pass: Changes
    on_fail: Changes
    #: The column that says the outcome and its (pass, fail) values; None: no status.
    status: tuple[str, tuple[str, str]] | None
    outcome_zh: tuple[str, str]  # (pass, fail): the ticket's line
    outcome_en: tuple[str, str]
    #: Changes to the applicant's own record on a fail (the target-group flags).
    person_on_fail: Mapping[str, object] = field(default_factory=dict)
    #: Columns that hold the decision's day: the hub holds them to its log, with the
    #: status (later columns, an extended investigation say, move on by themselves).
    dated: tuple[str, ...] = ()

    def is_waiting(self, values: Mapping[str, object]) -> bool:
        """The record still waits for its decision."""
        return all(values.get(k) == v for k, v in self.waiting.items())

    def changes(self, decision: Decision, circumstances: Circumstances) -> dict[str, object]:
        """The record's column changes once ``decision`` decides the matter for good."""
        rule = self.on_pass if decision.result is Result.PASS else self.on_fail
        return rule(decision, circumstances)

    def claimed_result(self, values: Mapping[str, object]) -> Result | None:
        """The outcome that a record's values claim (None: they claim none)."""
        if self.status is None:
            return None
        column, (passed, failed) = self.status
        value = values.get(column)
        if value == passed:
            return Result.PASS
        if value == failed:
            return Result.FAIL
        return None

    def outcome_words(self, result: Result) -> tuple[str, str]:
        """(Chinese, English) of the outcome ``result`` means for this kind."""
        index = 0 if result is Result.PASS else 1
        return self.outcome_zh[index], self.outcome_en[index]


def _accepted_mediation(d: Decision, _c: Circumstances) -> dict[str, object]:
    return {"status": "accepted", "accepted_on": d.decided_on}


def _refused_mediation(d: Decision, _c: Circumstances) -> dict[str, object]:
    return {"status": "refused", "refused_reason": d.reason}


def _accepted_complaint(d: Decision, c: Circumstances) -> dict[str, object]:
    within = c.limits.get("investigate_within", DEFAULT_INVESTIGATE_WITHIN)
    due = c.calendar.add_working_days(d.decided_on, within).due
    return {"status": "accepted", "accepted_on": d.decided_on, "investigation_due": due}


def _refused_complaint(_d: Decision, _c: Circumstances) -> dict[str, object]:
    return {"status": "refused"}


def _registration_stands(_d: Decision, _c: Circumstances) -> dict[str, object]:
    return {}


def _registration_refused(d: Decision, _c: Circumstances) -> dict[str, object]:
    return {
        "valid": False,
        "cancelled_on": d.decided_on,
        "cancellation_reason": REFUSED_REGISTRATION_REASON,
    }


UNEMPLOYMENT = SubjectKind(
    item="JY-002",
    table="unemployment_registrations",
    person_column="person_id",
    number_column="registration_no",
    applied_column="registered_on",
    waiting={"valid": True, "cancelled_on": None},
    on_pass=_registration_stands,
    on_fail=_registration_refused,
    status=None,
    outcome_zh=("失业登记审核通过", "不予失业登记"),
    outcome_en=("unemployment registration confirmed", "unemployment registration refused"),
    person_on_fail={"is_unemployed": False},
)
MEDIATION = SubjectKind(
    item="TJ-001",
    table="mediation_cases",
    person_column="applicant_person_id",
    number_column="case_no",
    applied_column="applied_on",
    waiting={"status": "applied"},
    on_pass=_accepted_mediation,
    on_fail=_refused_mediation,
    status=("status", ("accepted", "refused")),
    outcome_zh=("予以受理", "不予受理"),
    outcome_en=("accepted for mediation", "not accepted for mediation"),
    dated=("accepted_on",),
)
COMPLAINT = SubjectKind(
    item="JC-001",
    table="inspection_complaints",
    person_column="complainant_person_id",
    number_column="complaint_no",
    applied_column="received_on",
    waiting={"status": "received"},
    on_pass=_accepted_complaint,
    on_fail=_refused_complaint,
    status=("status", ("accepted", "refused")),
    outcome_zh=("予以立案受理", "不予受理"),
    outcome_en=("accepted for investigation", "not accepted"),
    dated=("accepted_on",),
)

#: Every reviewed kind besides recognitions; a table holds one kind's reviewed records.
KINDS: tuple[SubjectKind, ...] = (UNEMPLOYMENT, MEDIATION, COMPLAINT)
KIND_BY_TABLE: dict[str, SubjectKind] = {k.table: k for k in KINDS}
KIND_BY_ITEM: dict[str, SubjectKind] = {k.item: k for k in KINDS}


def outcome(chain: Chain, decisions: Iterable[Decision]) -> Decision | None:
    """The decision that decided the matter for good (the last step passed, or a step
    failed); None while it is still under review."""
    log = effective_log(chain, decisions)
    if recorded_state(chain, log).status.final:
        return log[-1]
    return None


def subject_ticket_follow(
    kind: SubjectKind, chain: Chain, after: Standing, decision: Decision, ticket: TicketStatus
) -> TicketFollow:
    """The ticket after ``decision``: completed with the outcome on a pass of the last
    step, refused (不予办理) with the reason on a fail; between steps, as a recognition's
    (forwarded, due when the next step is)."""
    status = after.record.status
    if status not in (RecognitionStatus.RECOGNISED, RecognitionStatus.REJECTED):
        return ticket_follow(chain, after, decision, ticket)
    step = chain.step(decision.step)
    day = decision.decided_on.isoformat()
    words, _ = kind.outcome_words(decision.result)
    if status is RecognitionStatus.RECOGNISED:
        check_transition(ticket, TicketStatus.COMPLETED)
        return TicketFollow(TicketStatus.COMPLETED, None, f"{day} {words}（{step.zh}）")
    check_transition(ticket, TicketStatus.REJECTED)
    return TicketFollow(
        TicketStatus.REJECTED, None, f"{day} {words}（{step.zh}）：{decision.reason}"
    )

"""Approvals of a hard-to-employ recognition (就业困难人员认定): maker-checker review steps.

The steps and their working-day limits come from the service catalogue (reference data
the district pushes): for item JY-007 the village checks (2 wd), the public notice runs
(3 wd), the village forwards the file (5 wd), the town reviews (3 wd) and the district
decides (3 wd). Three kinds of step:

- a **decision** step is decided, pass or fail, by one named person of the step's level
  (village: a clerk or supervisor of the applicant's village; town and district: a
  supervisor whose area holds the applicant);
- the **notice** step (公示) passes by itself when its working days have run out without
  an upheld objection; a village staff member who upholds an objection records a fail;
- the **transit** step (报送) is only time: the file travels up by sync, so its days are
  added to the next decision step's limit.

Maker-checker (as openIMIS): the clerk who accepted the application may decide no step,
and no one decides two steps of the same recognition. Decisions are an insert-only log;
everything else — the recognition's status, the step it waits for, its due date, whether
it is overdue and to whom it escalates — is computed from that log, so a station and the
hub that hold the same log agree whatever order the records arrived in.

Each step starts the day the step before it ended (that day not counted, as every
working-day limit here) and is due its limit in working days later. An overdue step
escalates: the level above sees it on its list to chase up (a village step the town's
supervisors, a town step the district's, a district step the district admins).

This module holds the chain, the log and where a recognition stands; who may decide
and when, and what the service ticket does, are in :mod:`.approval_checks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from station_client.rules.approval_refusals import refused
from station_client.rules.codes import Role, StationLevel
from station_client.rules.deadlines import DeadlineState, deadline_state
from station_client.rules.errors import ValidationError
from station_client.rules.workdays import Deadline, WorkCalendar

#: The catalogue item whose review steps these are.
RECOGNITION_ITEM = "JY-007"
NOTICE_CODES = frozenset({"public_notice"})
TRANSIT_CODES = frozenset({"forward"})


class StepKind(StrEnum):
    DECISION = "decision"
    NOTICE = "notice"
    TRANSIT = "transit"


class Result(StrEnum):
    PASS = "pass"
    FAIL = "fail"


class RecognitionStatus(StrEnum):
    """Values of ``hard_to_employ_recognitions.status`` this flow writes."""

    APPLIED = "applied"
    UNDER_REVIEW = "under_review"
    RECOGNISED = "recognised"
    REJECTED = "rejected"

    @property
    def final(self) -> bool:
        return self in (RecognitionStatus.RECOGNISED, RecognitionStatus.REJECTED)


#: Who decides a step of each level (the level comes with the catalogue's step).
DECIDING_ROLES: dict[StationLevel, frozenset[Role]] = {
    StationLevel.VILLAGE: frozenset({Role.CLERK, Role.SUPERVISOR}),
    StationLevel.TOWN: frozenset({Role.SUPERVISOR}),
    StationLevel.DISTRICT: frozenset({Role.SUPERVISOR}),
}


@dataclass(frozen=True)
class Escalation:
    """Who is told when a step of some level is overdue: the level above."""

    level: StationLevel
    roles: frozenset[Role]


ESCALATION: dict[StationLevel, Escalation] = {
    StationLevel.VILLAGE: Escalation(StationLevel.TOWN, frozenset({Role.SUPERVISOR})),
    StationLevel.TOWN: Escalation(StationLevel.DISTRICT, frozenset({Role.SUPERVISOR})),
    StationLevel.DISTRICT: Escalation(StationLevel.DISTRICT, frozenset({Role.DISTRICT_ADMIN})),
}
_AREA_LEVELS = {6: StationLevel.DISTRICT, 9: StationLevel.TOWN, 12: StationLevel.VILLAGE}


class StepLike(Protocol):
    """A review step as the catalogue gives it (``reference.ReviewStep`` fits)."""

    @property
    def code(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def working_days(self) -> int: ...
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...


@dataclass(frozen=True)
class Step:
    code: str
    level: StationLevel
    working_days: int
    zh: str
    en: str

    @property
    def kind(self) -> StepKind:
        if self.code in NOTICE_CODES:
            return StepKind.NOTICE
        if self.code in TRANSIT_CODES:
            return StepKind.TRANSIT
        return StepKind.DECISION


@dataclass(frozen=True)
class Chain:
    """The review steps in order; the first and the last are decisions."""

    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        kinds = [s.kind for s in self.steps]
        if not kinds or kinds[0] is not StepKind.DECISION or kinds[-1] is not StepKind.DECISION:
            raise ValidationError(
                "review_steps",
                "chain",
                "审核步骤须以审核决定开始和结束",
                "the review steps must start and end with a decision",
            )

    @classmethod
    def of(cls, steps: Iterable[StepLike]) -> Chain:
        return cls(
            tuple(Step(s.code, StationLevel(s.level), s.working_days, s.zh, s.en) for s in steps)
        )

    def step(self, code: str) -> Step:
        for s in self.steps:
            if s.code == code:
                return s
        raise refused("unknown_step", step=code)

    @property
    def last(self) -> Step:
        return self.steps[-1]


@dataclass(frozen=True)
class Decision:
    """One entry of the insert-only decision log (a ``recognition_reviews`` row).

    ``confirmed``: the hub has accepted it. Two decisions on one step can only meet at a
    station (decided offline at two places); the hub's choice wins over a local one."""

    step: str
    result: Result
    reviewer_staff_id: str
    reviewer_org: str
    decided_on: date
    reason: str | None = None
    confirmed: bool = True


@dataclass(frozen=True)
class Reviewer:
    staff_id: str
    role: Role
    area_code: str
    active: bool = True


@dataclass(frozen=True)
class Pending:
    """The step a recognition waits for on a day, and its time limit."""

    step: Step
    started_on: date
    due: Deadline
    state: DeadlineState
    escalation: Escalation | None  # set while the step is overdue

    @property
    def overdue(self) -> bool:
        return self.state is DeadlineState.OVERDUE


@dataclass(frozen=True)
class RecordState:
    """What the recognition record says after the log: status, step, decision day."""

    status: RecognitionStatus
    current_step: str | None
    decided_on: date | None


@dataclass(frozen=True)
class Standing:
    """Where a recognition stands on a day."""

    record: RecordState
    log: tuple[Decision, ...]  # the decisions that count, in step order
    pending: Pending | None  # None once decided for good
    #: Due date of the next step a person decides, assuming notices lapse unopposed:
    #: what the service ticket's deadline follows.
    next_decision_due: Deadline | None

    @property
    def final(self) -> bool:
        return self.record.status.final


def area_level(area_code: str) -> StationLevel | None:
    """District (6 digits), town (9) or village (12) of a staff member's area code."""
    return _AREA_LEVELS.get(len(area_code)) if area_code.isdigit() else None


def effective_log(chain: Chain, decisions: Iterable[Decision]) -> tuple[Decision, ...]:
    """The decisions that count, in step order: one per step (confirmed before local,
    then the earliest), up to the first fail; a later step counts only after the ones
    before it, and a notice only through an upheld objection."""
    chosen: dict[str, Decision] = {}
    for d in sorted(decisions, key=lambda d: (not d.confirmed, d.decided_on)):
        chosen.setdefault(d.step, d)
    log: list[Decision] = []
    for step in chain.steps:
        found = chosen.get(step.code)
        if step.kind is StepKind.TRANSIT:
            continue
        if step.kind is StepKind.NOTICE:
            if found is not None and found.result is Result.FAIL:
                log.append(found)
                break
            continue
        if found is None:
            break
        log.append(found)
        if found.result is Result.FAIL:
            break
    return tuple(log)


def recorded_state(chain: Chain, decisions: Iterable[Decision]) -> RecordState:
    """The record's status, current step and decision day as the log implies them."""
    log = effective_log(chain, decisions)
    if not log:
        return RecordState(RecognitionStatus.APPLIED, chain.steps[0].code, None)
    last = log[-1]
    if last.result is Result.FAIL:
        return RecordState(RecognitionStatus.REJECTED, None, last.decided_on)
    if last.step == chain.last.code:
        return RecordState(RecognitionStatus.RECOGNISED, None, last.decided_on)
    index = [s.code for s in chain.steps].index(last.step)
    return RecordState(RecognitionStatus.UNDER_REVIEW, chain.steps[index + 1].code, None)


def standing(
    chain: Chain,
    decisions: Iterable[Decision],
    *,
    applied_on: date,
    today: date,
    calendar: WorkCalendar,
    due_soon_working_days: int = 1,
) -> Standing:
    """Where the recognition stands on ``today``: the step it waits for, due when."""
    log = effective_log(chain, decisions)
    record = recorded_state(chain, log)
    if record.status.final:
        return Standing(record, log, None, None)
    decided = {d.step: d for d in log}
    start, carried = applied_on, 0
    pending: Pending | None = None
    for step in chain.steps:
        if step.kind is StepKind.TRANSIT:
            carried += step.working_days
            continue
        if step.kind is StepKind.NOTICE:
            end = calendar.add_working_days(start, step.working_days)
            if pending is None and today <= end.due:  # running: only objections now
                pending = Pending(step, start, end, DeadlineState.ON_TRACK, None)
            start = end.due
            continue
        if step.code in decided:
            start, carried = decided[step.code].decided_on, 0
            continue
        due = calendar.add_working_days(start, step.working_days + carried)
        if pending is None:
            state = deadline_state(
                today, due.due, calendar, due_soon_working_days=due_soon_working_days
            )
            late = state is DeadlineState.OVERDUE
            pending = Pending(step, start, due, state, ESCALATION[step.level] if late else None)
        return Standing(record, log, pending, due)
    raise AssertionError("a chain ends with a decision step")  # pragma: no cover

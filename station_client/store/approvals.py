"""Approvals of hard-to-employ recognitions at a station: the queue and the decision.

:func:`queue` lists the recognitions waiting for a step the logged-in staff member may
decide (or, when a step is overdue, one escalated to them to chase up), each with its
due date in working days and whether it is overdue. :func:`decide` takes a decision:
the reason first (a refusal needs one), then the member's password again (the offline
login's verifier, same lockout: :mod:`.password_check`), then, in one transaction, the
rules (:mod:`station_client.rules.approvals`, :mod:`station_client.rules.approval_checks`)
against the log as this station holds it, the insert-only ``recognition_reviews`` row,
the recognition's status and step, the service ticket (forwarded and due when the next
step is due, or completed with the outcome), the person's hard-to-employ flag on
recognition, and an audit entry. The capture triggers put every change in the outbox in
the same transaction. A step someone else decided first — here, or at another station
and arrived by sync — is refused, naming who and when.

Names are masked for the viewer's role; a list of names on one's own work list is not a
view of anyone's file, so listing is not audited (as "My day").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from hub_sync.model import (
    HardToEmployRecognition,
    Person,
    RecognitionReview,
    ServiceTicket,
    Staff,
    utc_now,
)
from station_client.rules.approval_checks import (
    check_result,
    escalated_to,
    reviewer_refusal,
    ticket_follow,
    turn_refusal,
)
from station_client.rules.approvals import (
    Chain,
    Decision,
    RecognitionStatus,
    Result,
    Standing,
    StepKind,
    standing,
)
from station_client.rules.codes import Role
from station_client.rules.deadlines import URGENCY, DeadlineState
from station_client.rules.masking import Field, present
from station_client.rules.tickets import TicketStatus, station_day

from . import audit
from .actor import Actor
from .approval_log import (
    RECOGNITIONS,
    chain_of,
    decisions_of,
    persons_of,
    reviewer,
    staff_names,
    tickets_of,
)
from .decision_steps import LogLine, log_lines, password_again, refusal_of, waiting_fields
from .errors import StoreError
from .password_check import PasswordRefused
from .records import create, update
from .store import Store

__all__ = ["Decided", "LogLine", "PasswordRefused", "QueueEntry", "decide", "queue"]

_OPEN = (RecognitionStatus.APPLIED.value, RecognitionStatus.UNDER_REVIEW.value)
_CATEGORY_TABLE = "hard_to_employ_category"


@dataclass(frozen=True)
class QueueEntry:
    """A recognition waiting for a step the viewer may decide (or must chase up)."""

    recognition_id: str
    serial_no: str
    person_id: str
    name: str  # masked for the viewer's role
    category_zh: str
    category_en: str
    monthly_income: int | None
    applied_on: date
    ticket_no: str | None
    step: str
    step_zh: str
    step_en: str
    kind: StepKind
    due_on: date
    due_estimated: bool
    state: DeadlineState
    #: False: not the viewer's to decide, shown because it is overdue (escalated).
    may_decide: bool
    decisions: tuple[LogLine, ...]

    @property
    def overdue(self) -> bool:
        return self.state is DeadlineState.OVERDUE

    @property
    def objections_only(self) -> bool:
        """The public notice is running: only an upheld objection can be recorded."""
        return self.kind is StepKind.NOTICE


@dataclass(frozen=True)
class Decided:
    """What a decision did."""

    recognition_id: str
    review_id: str
    step_zh: str
    result: Result
    status: RecognitionStatus
    ticket_no: str | None
    ticket_status: TicketStatus | None
    ticket_due: date | None

    def message_zh(self) -> str:
        outcome = {
            RecognitionStatus.RECOGNISED: "已予以认定",
            RecognitionStatus.REJECTED: "已不予认定",
        }.get(self.status, "已通过，转下一环节")
        verdict = "通过" if self.result is Result.PASS else "不通过"
        due = f"，下一环节应于 {self.ticket_due} 前办结" if self.ticket_due else ""
        return f"“{self.step_zh}”{verdict}：{outcome}{due}"

    def message_en(self) -> str:
        outcome = {
            RecognitionStatus.RECOGNISED: "recognised",
            RecognitionStatus.REJECTED: "not recognised",
        }.get(self.status, "passed on to the next step")
        due = f", next step due by {self.ticket_due}" if self.ticket_due else ""
        return f"decision recorded ({self.result.value}): {outcome}{due}"


def _today(store: Store) -> date:
    return station_day(store.clock())


def _category(store: Store, code: str) -> tuple[str, str]:
    try:
        entry = store.reference().table(_CATEGORY_TABLE).entry(code)
    except KeyError:
        return code, code
    return entry.zh, entry.en


def queue(store: Store, staff_id: str, *, due_soon_working_days: int = 1) -> list[QueueEntry]:
    """What ``staff_id`` may decide now, and overdue steps escalated to them; overdue
    first, then the earliest due."""
    bundle, today = store.reference(), _today(store)
    chain = chain_of(bundle)
    with store.transaction() as s:
        member = s.get(Staff, staff_id)
        if member is None:
            return []
        me = reviewer(member)
        h = HardToEmployRecognition
        found = s.scalars(
            select(h).where(h.status.in_(_OPEN), h.cancelled_on.is_(None), h.deleted.is_(False))
        ).all()
        ids = [r.id for r in found]
        logs, tickets = decisions_of(s, ids), tickets_of(s, ids)
        people = persons_of(s, (r.person_id for r in found))
        names = staff_names(s, (d.reviewer_staff_id for log in logs.values() for d in log))
        out: list[QueueEntry] = []
        for rec in found:
            person, ticket, log = people.get(rec.person_id), tickets.get(rec.id), logs[rec.id]
            if person is None:
                continue
            now = standing(
                chain,
                log,
                applied_on=rec.applied_on,
                today=today,
                calendar=bundle.calendar,
                due_soon_working_days=due_soon_working_days,
            )
            pending = now.pending
            if pending is None:
                continue
            area = person.residence_division
            maker = ticket.first_owner_staff_id if ticket else None
            result = Result.FAIL if pending.step.kind is StepKind.NOTICE else Result.PASS
            may = (
                turn_refusal(chain, now, pending.step.code, result) is None
                and reviewer_refusal(
                    chain,
                    pending.step.code,
                    me,
                    applicant_area=area,
                    maker_staff_id=maker,
                    decisions=log,
                )
                is None
            )
            if not may and not escalated_to(pending, me, area):
                continue
            out.append(_entry(store, chain, rec, person, ticket, now, names, me.role, may))
    return sorted(out, key=lambda e: (URGENCY[e.state], e.due_on, e.serial_no))


def _entry(
    store: Store,
    chain: Chain,
    rec: HardToEmployRecognition,
    person: Person,
    ticket: ServiceTicket | None,
    now: Standing,
    names: dict[str, str],
    role: Role,
    may: bool,
) -> QueueEntry:
    """A recognition waiting at ``now.pending`` as the list shows it to ``role``."""
    category_zh, category_en = _category(store, rec.category)
    lines = log_lines(chain, now.log, names)
    return QueueEntry(
        recognition_id=rec.id,
        serial_no=rec.serial_no,
        person_id=person.id,
        name=present(Field.NAME, person.name, role),
        category_zh=category_zh,
        category_en=category_en,
        monthly_income=rec.monthly_income,
        applied_on=rec.applied_on,
        ticket_no=ticket.ticket_no if ticket else None,
        **waiting_fields(now, may, lines),
    )


def decide(
    store: Store,
    actor: Actor,
    recognition_id: str,
    step: str,
    result: str,
    *,
    reason: str | None,
    password: str,
    clock: Callable[[], datetime] = utc_now,
) -> Decided:
    """Decide ``step`` of a recognition (``result`` ``"pass"`` or ``"fail"``) as the
    actor, who gives their password again. Refused — nothing saved — with a
    ValidationError saying why, or :class:`PasswordRefused`. ``clock`` times the
    password lockout, as the login's does."""
    verdict, why = check_result(result, reason)
    staff_id = password_again(store, actor.staff_id, password, clock)
    bundle, today, now_at = store.reference(), _today(store), store.clock()
    chain = chain_of(bundle)
    with store.transaction() as s:
        rec = s.get(HardToEmployRecognition, recognition_id)
        if rec is None or rec.deleted or rec.cancelled_on is not None:
            raise StoreError(f"no open recognition {recognition_id}", "未找到该认定申请")
        person = s.get(Person, rec.person_id)
        member = s.get_one(Staff, staff_id)  # read above; staff records are never removed
        log = decisions_of(s, [rec.id])[rec.id]
        ticket = tickets_of(s, [rec.id]).get(rec.id)
        before = standing(
            chain, log, applied_on=rec.applied_on, today=today, calendar=bundle.calendar
        )
        names = staff_names(s, (d.reviewer_staff_id for d in log))
        refusal = refusal_of(
            chain,
            before,
            step,
            verdict,
            names=names,
            member=member,
            person=person,
            ticket=ticket,
            log=log,
        )
        if refusal is not None:
            raise refusal
        assert ticket is not None and person is not None  # else refused (no maker / area)
        review = create(
            s,
            actor,
            now_at,
            RecognitionReview,
            {
                "recognition_id": rec.id,
                "step": step,
                "reviewer_staff_id": member.id,
                "reviewer_org": member.area_code,
                "decided_on": today,
                "result": verdict.value,
                "reason": why,
            },
        )
        decision = Decision(step, verdict, member.id, member.area_code, today, why, False)
        after = standing(
            chain,
            [*log, decision],
            applied_on=rec.applied_on,
            today=today,
            calendar=bundle.calendar,
        )
        state = after.record
        wanted = {
            "status": state.status.value,
            "current_step": state.current_step,
            "decided_on": state.decided_on,
        }
        changes = {k: v for k, v in wanted.items() if getattr(rec, k) != v}
        if changes:
            update(s, actor, now_at, rec, changes)
        follow = ticket_follow(chain, after, decision, TicketStatus(ticket.status))
        notes = f"{ticket.notes}\n{follow.note_zh}" if ticket.notes else follow.note_zh
        ticket_changes: dict[str, object] = {"notes": notes}
        if follow.status is not None:
            ticket_changes["status"] = follow.status.value
        if follow.status is TicketStatus.COMPLETED:
            ticket_changes["completed_on"] = today
        if follow.due is not None:
            ticket_changes |= {"due_on": follow.due.due, "due_estimated": follow.due.estimated}
        update(s, actor, now_at, ticket, ticket_changes)
        if state.status is RecognitionStatus.RECOGNISED and not person.is_hard_to_employ:
            store.persons.edit(s, actor, person.id, {"is_hard_to_employ": True})
        audit.append(
            s,
            station_id=actor.station_id,
            staff_id=member.id,
            action="approval_decision",
            subject_table=RECOGNITIONS,
            subject_id=rec.id,
            at=now_at,
            detail=f"{step}:{verdict.value}",
        )
        return Decided(
            recognition_id=rec.id,
            review_id=review.id,
            step_zh=chain.step(step).zh,
            result=verdict,
            status=state.status,
            ticket_no=ticket.ticket_no,
            ticket_status=TicketStatus(ticket.status),
            ticket_due=follow.due.due if follow.due is not None else None,
        )

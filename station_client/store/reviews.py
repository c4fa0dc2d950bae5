"""Reviewed matters besides recognitions at a station: the queue and the decision.

An unemployment registration (JY-002), a mediation application (TJ-001) or an inspection
complaint (JC-001) waits for its review step when the installed catalogue configures
one (:mod:`station_client.rules.review_subjects`). The contract is the recognitions'
(:mod:`.approvals`): :func:`queue` lists what the logged-in member may decide now, and
overdue steps escalated to them to chase up; :func:`decide` takes the reason first (a
refusal needs one), then the member's password again (:mod:`.password_check`, the same
lockout), then, in one transaction, the rules against the log this station holds, the
insert-only ``review_decisions`` row, the record's changes, the ticket (completed with
the outcome, or refused with the reason) and an audit entry. The capture triggers put
every change in the outbox in the same transaction. A step decided first — here, or at
another station and arrived by sync — is refused naming who and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from hub_sync.model import Base, Person, ReviewDecision, ServiceTicket, Staff, utc_now
from station_client.reference import ReferenceBundle
from station_client.rules.approval_checks import (
    TicketFollow,
    check_result,
    escalated_to,
    reviewer_refusal,
    turn_refusal,
)
from station_client.rules.approval_refusals import ApprovalRefused, refused
from station_client.rules.approvals import Decision, Result, Standing, StepKind, standing
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present
from station_client.rules.review_subjects import KIND_BY_TABLE, SubjectKind, subject_ticket_follow
from station_client.rules.tickets import TicketStatus, station_day

from . import audit
from .actor import Actor
from .approval_log import persons_of, reviewer, staff_names
from .decision_steps import log_lines, password_again, refusal_of, waiting_fields
from .errors import StoreError
from .records import create, update
from .review_entry import MatterEntry
from .review_log import (
    Configured,
    configured,
    configured_for,
    decisions_of,
    still_waiting,
    tickets_of,
    waiting_records,
)
from .store import Store

__all__ = ["MatterEntry", "SubjectDecided", "decide", "queue"]

_ABOUT_MAX = 40  # characters of a free-text field shown in the list's summary line


@dataclass(frozen=True)
class SubjectDecided:
    """What a decision did."""

    subject_table: str
    record_id: str
    review_id: str
    item_zh: str
    step_zh: str
    result: Result
    final: bool
    outcome_zh: str  # what the matter became ("" while further steps follow)
    outcome_en: str
    ticket_no: str | None
    ticket_status: TicketStatus | None
    ticket_due: date | None

    def message_zh(self) -> str:
        verdict = "通过" if self.result is Result.PASS else "不通过"
        if self.final:
            return f"{self.item_zh}“{self.step_zh}”{verdict}：{self.outcome_zh}"
        due = f"，下一环节应于 {self.ticket_due} 前办结" if self.ticket_due else ""
        return f"{self.item_zh}“{self.step_zh}”{verdict}：已通过，转下一环节{due}"

    def message_en(self) -> str:
        if self.final:
            return f"decision recorded ({self.result.value}): {self.outcome_en}"
        due = f", next step due by {self.ticket_due}" if self.ticket_due else ""
        return f"decision recorded ({self.result.value}): passed on to the next step{due}"


def _code_name(bundle: ReferenceBundle, table: str, code: str | None) -> tuple[str, str]:
    if not code:
        return "—", "—"
    entry = bundle.table(table).get(code)
    return (entry.zh, entry.en or entry.zh) if entry is not None else (code, code)


def _short(text: str | None) -> str:
    words = " ".join((text or "").split())
    return words if len(words) <= _ABOUT_MAX else words[: _ABOUT_MAX - 1] + "…"


def about(kind: SubjectKind, record: Any, bundle: ReferenceBundle) -> tuple[str, str]:
    """(Chinese, English) line on what the matter is about, for the list's summary."""
    if kind.table == "unemployment_registrations":
        zh, en = _code_name(bundle, "unemployment_reason", record.reason)
        return f"失业原因：{zh}", f"Reason: {en}"
    if kind.table == "mediation_cases":
        who, what = record.respondent_name, _short(record.matter)
        return f"被申请人：{who}　争议事项：{what}", f"Respondent: {who} · Dispute: {what}"
    who, what = record.employer_name, _short(record.facts)
    return f"被投诉单位：{who}　投诉事实：{what}", f"Employer: {who} · Facts: {what}"


def queue(store: Store, staff_id: str, *, due_soon_working_days: int = 1) -> list[MatterEntry]:
    """The reviewed matters (besides recognitions) ``staff_id`` may decide now, and the
    overdue ones escalated to them; in no particular order (the caller sorts)."""
    bundle, today = store.reference(), station_day(store.clock())
    kinds = configured(bundle)
    if not kinds:
        return []
    with store.transaction() as s:
        member = s.get(Staff, staff_id)
        if member is None:
            return []
        me = reviewer(member)
        out: list[MatterEntry] = []
        for config in kinds:
            kind, chain = config.kind, config.chain
            records = waiting_records(s, config)
            ids = [r.id for r in records]  # type: ignore[attr-defined]
            logs, tickets = decisions_of(s, kind, ids), tickets_of(s, kind, ids)
            people = persons_of(s, (getattr(r, kind.person_column) or "" for r in records))
            names = staff_names(s, (d.reviewer_staff_id for log in logs.values() for d in log))
            for rec in records:
                person = people.get(getattr(rec, kind.person_column) or "")
                ticket, log = tickets.get(rec.id), logs[rec.id]  # type: ignore[attr-defined]
                if person is None:
                    continue
                now = standing(
                    chain,
                    log,
                    applied_on=getattr(rec, kind.applied_column),
                    today=today,
                    calendar=bundle.calendar,
                    due_soon_working_days=due_soon_working_days,
                )
                if now.pending is None:
                    continue
                area, step = person.residence_division, now.pending.step
                verdict = Result.FAIL if step.kind is StepKind.NOTICE else Result.PASS
                may = (
                    turn_refusal(chain, now, step.code, verdict) is None
                    and reviewer_refusal(
                        chain,
                        step.code,
                        me,
                        applicant_area=area,
                        maker_staff_id=ticket.first_owner_staff_id if ticket else None,
                        decisions=log,
                    )
                    is None
                )
                if may or escalated_to(now.pending, me, area):
                    entry = _entry(bundle, config, rec, person, ticket, now, names, me.role, may)
                    out.append(entry)
    return out


def _entry(
    bundle: ReferenceBundle,
    config: Configured,
    rec: Any,
    person: Person,
    ticket: ServiceTicket | None,
    now: Standing,
    names: dict[str, str],
    role: Role,
    may: bool,
) -> MatterEntry:
    chain, kind = config.chain, config.kind
    about_zh, about_en = about(kind, rec, bundle)
    lines = log_lines(chain, now.log, names)
    return MatterEntry(
        item_code=kind.item,
        item_zh=config.item.zh,
        item_en=config.item.en,
        subject_table=kind.table,
        record_id=rec.id,
        record_no=getattr(rec, kind.number_column),
        person_id=person.id,
        name=present(Field.NAME, person.name, role),
        about_zh=about_zh,
        about_en=about_en,
        applied_on=getattr(rec, kind.applied_column),
        ticket_no=ticket.ticket_no if ticket else None,
        **waiting_fields(now, may, lines),
        outcomes_zh=kind.outcome_zh,
        outcomes_en=kind.outcome_en,
    )


def decide(
    store: Store,
    actor: Actor,
    subject_table: str,
    record_id: str,
    step: str,
    result: str,
    *,
    reason: str | None,
    password: str,
    clock: Callable[[], datetime] = utc_now,
) -> SubjectDecided:
    """Decide ``step`` of the matter whose record is ``record_id`` of ``subject_table``
    (``result`` ``"pass"`` or ``"fail"``) as the actor, who gives their password again.
    Refused — nothing saved — with a ValidationError saying why, or PasswordRefused."""
    verdict, why = check_result(result, reason)
    config = configured_for(store.reference(), subject_table)
    if config is None:  # the installed catalogue sets no review: nothing to decide
        raise _not_reviewed(store.reference(), subject_table)
    staff_id = password_again(store, actor.staff_id, password, clock)
    bundle, now_at = store.reference(), store.clock()
    today = station_day(now_at)
    kind, chain = config.kind, config.chain
    with store.transaction() as s:
        rec: Any = s.get(config.model, record_id)
        if rec is None or rec.deleted:
            raise StoreError(f"no {kind.table} record {record_id}", "未找到该事项的记录")
        person = s.get(Person, getattr(rec, kind.person_column) or "")
        member = s.get_one(Staff, staff_id)
        log = decisions_of(s, kind, [rec.id])[rec.id]
        ticket = tickets_of(s, kind, [rec.id]).get(rec.id)
        applied_on = getattr(rec, kind.applied_column)
        before = standing(chain, log, applied_on=applied_on, today=today, calendar=bundle.calendar)
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
            # cancelled or moved on meanwhile
            closed=lambda: None if still_waiting(kind, rec) else refused("closed"),
        )
        if refusal is not None:
            raise refusal
        assert ticket is not None and person is not None  # else refused (no maker / area)
        values = {
            "subject_table": kind.table,
            "subject_id": rec.id,
            "catalogue_code": kind.item,
            "step": step,
            "reviewer_staff_id": member.id,
            "reviewer_org": member.area_code,
            "decided_on": today,
            "result": verdict.value,
            "reason": why,
        }
        review = create(s, actor, now_at, ReviewDecision, values)
        decision = Decision(step, verdict, member.id, member.area_code, today, why, False)
        after = standing(
            chain, [*log, decision], applied_on=applied_on, today=today, calendar=bundle.calendar
        )
        final = after.final
        if final:
            _apply_outcome(store, s, actor, now_at, config, rec, person, decision, bundle)
        follow = subject_ticket_follow(kind, chain, after, decision, TicketStatus(ticket.status))
        _follow_ticket(s, actor, now_at, ticket, follow, today)
        audit.append(
            s,
            station_id=actor.station_id,
            staff_id=member.id,
            action="approval_decision",
            subject_table=kind.table,
            subject_id=rec.id,
            at=now_at,
            detail=f"{step}:{verdict.value}",
        )
        words = kind.outcome_words(verdict) if final else ("", "")
        return SubjectDecided(
            subject_table=kind.table,
            record_id=rec.id,
            review_id=review.id,
            item_zh=config.item.zh,
            step_zh=chain.step(step).zh,
            result=verdict,
            final=final,
            outcome_zh=words[0],
            outcome_en=words[1],
            ticket_no=ticket.ticket_no,
            ticket_status=TicketStatus(ticket.status),
            ticket_due=follow.due.due if follow.due is not None else None,
        )


def _not_reviewed(bundle: ReferenceBundle, subject_table: str) -> ApprovalRefused:
    """The item's name in the refusal, when the catalogue still lists it."""
    kind = KIND_BY_TABLE.get(subject_table)
    code = kind.item if kind else subject_table
    item = bundle.catalogue.item(code) if code in bundle.catalogue else None
    zh, en = (item.zh, item.en) if item else (code, code)
    return refused("not_reviewed", item=zh, item_en=en)


def _apply_outcome(
    store: Store,
    s: Session,
    actor: Actor,
    now_at: datetime,
    config: Configured,
    rec: Base,
    person: Person,
    decision: Decision,
    bundle: ReferenceBundle,
) -> None:
    """The record (and, on a fail, the applicant's flags) as the outcome makes them."""
    kind = config.kind
    wanted = kind.changes(decision, config.circumstances(bundle))
    changes = {k: v for k, v in wanted.items() if getattr(rec, k) != v}
    if changes:
        update(s, actor, now_at, rec, changes)
    if decision.result is Result.FAIL:
        flags = {k: v for k, v in kind.person_on_fail.items() if getattr(person, k) != v}
        if flags:
            store.persons.edit(s, actor, person.id, flags)


def _follow_ticket(
    s: Session,
    actor: Actor,
    now_at: datetime,
    ticket: ServiceTicket,
    follow: TicketFollow,
    today: date,
) -> None:
    notes = f"{ticket.notes}\n{follow.note_zh}" if ticket.notes else follow.note_zh
    changes: dict[str, object] = {"notes": notes}
    if follow.status is not None:
        changes["status"] = follow.status.value
    if follow.status is TicketStatus.COMPLETED:
        changes["completed_on"] = today
    if follow.due is not None:
        changes |= {"due_on": follow.due.due, "due_estimated": follow.due.estimated}
    update(s, actor, now_at, ticket, changes)

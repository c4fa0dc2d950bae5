"""What every review decision at a station goes through, whatever the matter: the
reviewer gives their password again, the rules are asked in one order (whose turn, who
may decide, the ticket), and the decisions already taken are listed for the screen.

Used by the recognitions' flow (:mod:`.approvals`) and the other reviewed matters'
(:mod:`.reviews`), so both refuse in the same order with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hub_sync.model import Person, ServiceTicket, Staff
from station_client.rules.approval_checks import reviewer_refusal, ticket_refusal, turn_refusal
from station_client.rules.approval_refusals import ApprovalRefused
from station_client.rules.approvals import Chain, Decision, Result, Standing
from station_client.rules.tickets import TicketStatus

from .approval_log import reviewer
from .errors import StoreError
from .password_check import verify_again
from .store import Store


@dataclass(frozen=True)
class LogLine:
    """One decision already taken, as the list shows it."""

    step_zh: str
    step_en: str
    result: Result
    reviewer: str  # the name when this station knows the member, else the area code
    decided_on: date
    reason: str | None


def log_lines(chain: Chain, log: Iterable[Decision], names: dict[str, str]) -> tuple[LogLine, ...]:
    """The decisions that count, for the screen: step names, reviewer's name or area."""
    return tuple(
        LogLine(
            chain.step(d.step).zh,
            chain.step(d.step).en,
            d.result,
            names.get(d.reviewer_staff_id, d.reviewer_org),
            d.decided_on,
            d.reason,
        )
        for d in log
    )


def password_again(
    store: Store, staff_id: str | None, password: str, clock: Callable[[], datetime]
) -> str:
    """The deciding member's id once their password is right (the offline login's
    verifier and lockout); StoreError when this station does not know them."""
    with store.transaction() as s:
        member = s.get(Staff, staff_id) if staff_id else None
        username = member.username if member is not None else None
    if member is None or username is None:
        raise StoreError(
            "the staff member is not known at this station: sync, then log in again",
            "本站没有该工作人员的账号信息，请同步后重新登录",
        )
    verify_again(store, username, password, clock=clock)
    return member.id


def refusal_of(
    chain: Chain,
    before: Standing,
    step: str,
    verdict: Result,
    *,
    names: dict[str, str],
    member: Staff,
    person: Person | None,
    ticket: ServiceTicket | None,
    log: list[Decision],
    closed: Callable[[], ApprovalRefused | None] = lambda: None,
) -> ApprovalRefused | None:
    """Why the member may not decide ``step`` now, checked in this order: the step's
    turn, the matter still waiting (``closed``), the reviewer (role, level, area,
    maker-checker), the ticket; None when nothing stands in the way."""
    return (
        turn_refusal(chain, before, step, verdict, names)
        or closed()
        or reviewer_refusal(
            chain,
            step,
            reviewer(member),
            applicant_area=person.residence_division if person else None,
            maker_staff_id=ticket.first_owner_staff_id if ticket else None,
            decisions=log,
        )
        or (ticket_refusal(TicketStatus(ticket.status)) if ticket is not None else None)
    )


def waiting_fields(now: Standing, may_decide: bool, lines: tuple[LogLine, ...]) -> dict[str, Any]:
    """The fields every list entry has about the step a matter waits for (``now`` has one
    pending): its names, kind, due date and state, whether the viewer may decide it."""
    pending = now.pending
    assert pending is not None
    return {
        "step": pending.step.code,
        "step_zh": pending.step.zh,
        "step_en": pending.step.en,
        "kind": pending.step.kind,
        "due_on": pending.due.due,
        "due_estimated": pending.due.estimated,
        "state": pending.state,
        "may_decide": may_decide,
        "decisions": lines,
    }

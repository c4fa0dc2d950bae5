"""Reading what the approval rules need from the store: the chain from the installed
catalogue, the decision log, the application's ticket (who accepted it: the maker) and
the staff members involved, for many recognitions at once (a town's list)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub_sync.model import Person, RecognitionReview, ReviewDecision, ServiceTicket, Staff
from station_client.reference import ReferenceBundle
from station_client.rules.approvals import RECOGNITION_ITEM, Chain, Decision, Result, Reviewer
from station_client.rules.codes import Role

from .ticket_support import item as catalogue_item

RECOGNITIONS = "hard_to_employ_recognitions"
_CHUNK = 500  # ids per IN list
_RESULTS = frozenset(r.value for r in Result)


def chain_of(bundle: ReferenceBundle) -> Chain:
    """The review steps of item JY-007 in the installed catalogue."""
    return Chain.of(catalogue_item(bundle, RECOGNITION_ITEM).review_steps)


def chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    """``ids`` in slices short enough for one ``IN`` list."""
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def as_decision(review: RecognitionReview | ReviewDecision) -> Decision:
    """A log entry; version 0 means the hub has not accepted it (yet)."""
    return Decision(
        step=review.step,
        result=Result(review.result),
        reviewer_staff_id=review.reviewer_staff_id,
        reviewer_org=review.reviewer_org,
        decided_on=review.decided_on,
        reason=review.reason,
        confirmed=review.version > 0,
    )


def decisions_of(s: Session, recognition_ids: Sequence[str]) -> dict[str, list[Decision]]:
    """Each recognition's decisions, oldest first (results other than pass/fail, which
    no station writes, are left out rather than failing the whole list)."""
    found: dict[str, list[Decision]] = defaultdict(list)
    r = RecognitionReview
    for chunk in chunks(sorted(set(recognition_ids))):
        query = select(r).where(r.recognition_id.in_(chunk)).order_by(r.decided_on, r.id)
        for review in s.scalars(query):
            if review.result in _RESULTS:
                found[review.recognition_id].append(as_decision(review))
    return found


def tickets_of(s: Session, recognition_ids: Sequence[str]) -> dict[str, ServiceTicket]:
    """The service ticket of each application (the ticket links to its recognition)."""
    t = ServiceTicket
    found: dict[str, ServiceTicket] = {}
    for chunk in chunks(sorted(set(recognition_ids))):
        query = select(t).where(
            t.subject_table == RECOGNITIONS, t.subject_id.in_(chunk), t.deleted.is_(False)
        )
        for ticket in s.scalars(query.order_by(t.accepted_on, t.id)):
            if ticket.subject_id is not None:
                found.setdefault(ticket.subject_id, ticket)
    return found


def persons_of(s: Session, person_ids: Iterable[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for chunk in chunks(sorted(set(person_ids))):
        found.update((p.id, p) for p in s.scalars(select(Person).where(Person.id.in_(chunk))))
    return found


def staff_names(s: Session, staff_ids: Iterable[str]) -> dict[str, str]:
    """Names of the staff members this station knows (others show by their area)."""
    wanted = sorted(set(staff_ids))
    names: dict[str, str] = {}
    for chunk in chunks(wanted):
        for ident, name in s.execute(select(Staff.id, Staff.full_name).where(Staff.id.in_(chunk))):
            names[ident] = name
    return names


def reviewer(member: Staff) -> Reviewer:
    """The rules' view of a staff member; an unknown role decides nothing."""
    try:
        role = Role(member.role)
    except ValueError:
        role = Role.DISTRICT_IT
    return Reviewer(member.id, role, member.area_code, member.active and not member.deleted)

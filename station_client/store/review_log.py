"""Reading what the review rules need for the reviewed matters besides recognitions
(:mod:`station_client.rules.review_subjects`): which kinds the installed catalogue has
review configured for, the matters waiting (an open ticket of the item linked to its
record), their decision logs and tickets, for many records at once (a town's list)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub_sync.model import MODELS_BY_TABLE, Base, ReviewDecision, ServiceTicket
from station_client.reference import ReferenceBundle, ServiceItem
from station_client.rules.approvals import Chain, Decision, Result
from station_client.rules.review_subjects import KINDS, Circumstances, SubjectKind
from station_client.rules.tickets import OPEN_STATUSES

from .approval_log import as_decision, chunks

_RESULTS = frozenset(r.value for r in Result)
_OPEN = sorted(s.value for s in OPEN_STATUSES)


@dataclass(frozen=True)
class Configured:
    """A reviewed kind as the installed catalogue configures it."""

    kind: SubjectKind
    item: ServiceItem
    chain: Chain

    @property
    def model(self) -> type[Base]:
        return MODELS_BY_TABLE[self.kind.table]

    def circumstances(self, bundle: ReferenceBundle) -> Circumstances:
        days = {x.code: x.value for x in self.item.limits if x.unit == "working_days"}
        return Circumstances(bundle.calendar, days)


def configured(bundle: ReferenceBundle) -> list[Configured]:
    """The kinds whose catalogue item needs review, with review steps, in the installed
    catalogue ("where configured": an item published without review waits for none)."""
    found = []
    for kind in KINDS:
        if kind.item not in bundle.catalogue:
            continue
        item = bundle.catalogue.item(kind.item)
        if item.needs_review and item.review_steps:
            found.append(Configured(kind, item, Chain.of(item.review_steps)))
    return found


def configured_for(bundle: ReferenceBundle, table: str) -> Configured | None:
    return next((c for c in configured(bundle) if c.kind.table == table), None)


def decisions_of(s: Session, kind: SubjectKind, ids: Sequence[str]) -> dict[str, list[Decision]]:
    """Each record's decisions, oldest first (a result other than pass/fail, which no
    station writes, is left out rather than failing the whole list)."""
    found: dict[str, list[Decision]] = defaultdict(list)
    r = ReviewDecision
    for chunk in chunks(sorted(set(ids))):
        query = select(r).where(r.subject_table == kind.table, r.subject_id.in_(chunk))
        for row in s.scalars(query.order_by(r.decided_on, r.id)):
            if row.result in _RESULTS:
                found[row.subject_id].append(as_decision(row))
    return found


def tickets_of(s: Session, kind: SubjectKind, ids: Sequence[str]) -> dict[str, ServiceTicket]:
    """The ticket of each record's application: the item's own, since another item may
    link the same record (a JY-003 cancellation links the registration it ends)."""
    t = ServiceTicket
    found: dict[str, ServiceTicket] = {}
    for chunk in chunks(sorted(set(ids))):
        query = select(t).where(
            t.catalogue_code == kind.item,
            t.subject_table == kind.table,
            t.subject_id.in_(chunk),
            t.deleted.is_(False),
        )
        for ticket in s.scalars(query.order_by(t.accepted_on, t.id)):
            if ticket.subject_id is not None:
                found.setdefault(ticket.subject_id, ticket)
    return found


def waiting_records(s: Session, config: Configured) -> list[Base]:
    """Records of the kind whose application's ticket is still open and that still wait
    for their decision (not cancelled or moved on meanwhile)."""
    t, kind = ServiceTicket, config.kind
    ids = s.scalars(
        select(t.subject_id).where(
            t.catalogue_code == kind.item,
            t.subject_table == kind.table,
            t.status.in_(_OPEN),
            t.deleted.is_(False),
        )
    ).all()
    model = config.model
    records: list[Base] = []
    for chunk in chunks(sorted({i for i in ids if i})):
        query = select(model).where(model.id.in_(chunk))  # type: ignore[attr-defined]
        records.extend(r for r in s.scalars(query) if still_waiting(kind, r))
    return records


def still_waiting(kind: SubjectKind, record: Base) -> bool:
    """The record is there and waits for its decision."""
    if getattr(record, "deleted", False):
        return False
    return kind.is_waiting({k: getattr(record, k) for k in kind.waiting})

"""Pushed approval decisions, checked against the hub's own decision log.

A station decides a step of a hard-to-employ recognition offline and pushes the
``recognition_reviews`` row, then the recognition's new status and step, then its service
ticket. The station checked the rules against the log *it* held; the hub checks them
again against the log it holds, which may already have another station's decision on
the same step. The same rules run on both sides (``station_client.rules.approvals``),
with the catalogue's steps and the calendar from the reference data the hub ships.

A refused op gets one of these codes (``docs/sync-protocol.md`` §11):

- ``review_wrong_reviewer``: the reviewer is unknown here, inactive, or not of the role,
  level or area the step needs;
- ``review_maker_checker``: the reviewer accepted the application, or decided another
  step of it (or the application's ticket, which names who accepted it, is missing);
- ``review_out_of_order``: the step was already decided, the recognition is closed, or
  an earlier step (or the public notice) has not ended yet;
- ``review_reason_required``: a refusal without its reason (or a result that is neither
  pass nor fail);
- ``review_state_mismatch``: a change of the recognition's status or step, or the
  completion of its ticket, that the hub's log does not support — typically what
  followed a decision the hub refused.

These ops go the op-by-op way (:func:`needs_check` sends the batch there), so each is
checked after the ops before it in the batch: a recognition, its ticket and its first
decision may well arrive together. The recognition's row is locked first, so two
stations pushing decisions on one recognition at once are checked one after the other.

Decisions on the other reviewed matters (``review_decisions``: unemployment
registrations, mediation applications, inspection complaints) and their records' states
are routed from here to :mod:`.subject_reviews`, so the push paths ask one module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from hub_sync.model import table_of
from hub_sync.protocol.messages import Op, OpKind, OpResult
from station_client.rules.approvals import (
    RECOGNITION_ITEM,
    Chain,
    Decision,
    RecognitionStatus,
    recorded_state,
)

from . import subject_reviews
from .common import rejected
from .review_support import decision_log, decision_refusal, reference

REVIEWS = "recognition_reviews"
RECOGNITIONS = "hard_to_employ_recognitions"
TICKETS = "service_tickets"
_FLOW = frozenset(s.value for s in RecognitionStatus)


def _chain() -> Chain:
    return Chain.of(reference().catalogue.item(RECOGNITION_ITEM).review_steps)


def needs_check(op: Op, current: Mapping[Any, Any] | None) -> bool:
    """The op touches an approval: a decision, a recognition's state, a recognition's
    ticket being completed — or a decision on another reviewed matter, or that matter's
    state (:mod:`.subject_reviews`). ``current``: the hub's row of the op's record, or
    None."""
    if subject_reviews.handles(op.table):
        return subject_reviews.needs_check(op, current)
    if op.table == REVIEWS:
        return op.op is OpKind.INSERT and current is None
    if op.table == RECOGNITIONS:
        if current is None:  # a new application: its state is the first step's
            return False
        fields = op.fields
        return "current_step" in fields or "decided_on" in fields or fields.get("status") in _FLOW
    if op.table == TICKETS:
        if current is None or op.fields.get("status") == current.get("status"):
            return False
        if subject_reviews.closes_reviewed_ticket(op, current):
            return True
        return (
            current.get("subject_table") == RECOGNITIONS and op.fields.get("status") == "completed"
        )
    return False


def refusal(
    conn: Connection, op: Op, new: Mapping[str, Any], current: Mapping[Any, Any] | None
) -> OpResult | None:
    """The op's rejection when the hub's decision log does not allow it, else None.
    ``new``: the op's fields as Python values (``from_wire``)."""
    if not needs_check(op, current):
        return None
    if subject_reviews.handles(op.table):
        return subject_reviews.refusal(conn, op, new, current)
    if op.table == REVIEWS:
        return _review(conn, op, new)
    if op.table == RECOGNITIONS:
        assert current is not None
        return _state(conn, op, str(current["id"]), new)
    assert current is not None
    if subject_reviews.closes_reviewed_ticket(op, current):
        return subject_reviews.ticket_refusal(conn, op, current)
    return _ticket(conn, op, str(current["subject_id"]))


def _log(conn: Connection, recognition_id: str) -> list[Decision]:
    r = table_of(REVIEWS)
    return decision_log(conn, r, r.c.recognition_id == recognition_id)


def _review(conn: Connection, op: Op, values: Mapping[str, Any]) -> OpResult | None:
    h = table_of(RECOGNITIONS)
    rec = conn.execute(
        select(h).where(h.c.id == values.get("recognition_id")).with_for_update()
    ).first()
    if rec is None or rec.deleted:
        return rejected(
            op, f"review_out_of_order: no recognition {values.get('recognition_id')} at the hub"
        )
    tickets = table_of(TICKETS)
    return decision_refusal(
        conn,
        op,
        values,
        _chain(),
        _log(conn, rec.id),
        applied_on=rec.applied_on,
        person_id=rec.person_id,
        maker=select(tickets.c.first_owner_staff_id)
        .where(tickets.c.subject_table == RECOGNITIONS, tickets.c.subject_id == rec.id)
        .order_by(tickets.c.accepted_on, tickets.c.id),
    )


def _state(
    conn: Connection, op: Op, recognition_id: str, values: Mapping[str, Any]
) -> OpResult | None:
    implied = recorded_state(_chain(), _log(conn, recognition_id))
    wanted: dict[str, Any] = {
        "current_step": implied.current_step,
        "decided_on": implied.decided_on,
    }
    if values.get("status") in _FLOW:
        wanted["status"] = implied.status.value
    wrong = sorted(k for k, v in wanted.items() if k in values and values[k] != v)
    if not wrong:
        return None
    shown = ", ".join(f"{k}={values[k]!r} (log: {wanted[k]!r})" for k in wrong)
    return rejected(op, f"review_state_mismatch: the hub's decisions do not support {shown}")


def _ticket(conn: Connection, op: Op, recognition_id: str) -> OpResult | None:
    implied = recorded_state(_chain(), _log(conn, recognition_id))
    if implied.status.final:
        return None
    return rejected(
        op,
        "review_state_mismatch: the application is not decided at the hub "
        f"({implied.status.value}, at {implied.current_step}): its ticket stays open",
    )

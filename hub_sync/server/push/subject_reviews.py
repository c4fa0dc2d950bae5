"""Pushed decisions on the reviewed matters besides recognitions, checked against the
hub's own decision log (``review_decisions``).

An unemployment registration (JY-002), a mediation application (TJ-001) or an inspection
complaint (JC-001) is decided at a station (:mod:`station_client.store.reviews`), which
pushes the ``review_decisions`` row and then the record's new state. The hub checks the
decision again against the log *it* holds, with the same rules and the same refusal
codes as a recognition's (:mod:`.approvals`): ``review_wrong_reviewer``,
``review_maker_checker``, ``review_out_of_order`` (also: an item the hub's catalogue sets
no review for, or a ``catalogue_code`` that is not the record's), and
``review_reason_required``.

A change of a mediation case's or a complaint's ``status`` to the outcome of a decision
("accepted" or "refused"), with its ``accepted_on``, must be what the hub's log says:
else ``review_state_mismatch`` — typically what followed a decision the hub refused. An
unemployment registration has no status: ending it is also what finding work or a
cancellation (JY-003) does, so the hub cannot tell a refused registration from those and
checks only its decision.

The record's row is locked first, so two stations pushing decisions on one matter at
once are checked one after the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from hub_sync.model import table_of
from hub_sync.protocol.messages import Op, OpKind, OpResult
from station_client.rules.approval_refusals import refused
from station_client.rules.approvals import Chain, Decision
from station_client.rules.review_subjects import (
    KIND_BY_TABLE,
    Circumstances,
    SubjectKind,
    outcome,
)

from .common import rejected
from .review_support import decision_log, decision_refusal, reference, words

DECISIONS = "review_decisions"
TICKETS = "service_tickets"
_CLOSED_BY_DECISION = frozenset({"completed", "rejected"})


def handles(table: str) -> bool:
    """The table is the decision log or holds a kind of reviewed matter."""
    return table == DECISIONS or table in KIND_BY_TABLE


def needs_check(op: Op, current: Mapping[Any, Any] | None) -> bool:
    """A new decision, or a record's status moved to a decision's outcome."""
    if op.table == DECISIONS:
        return op.op is OpKind.INSERT and current is None
    kind = KIND_BY_TABLE[op.table]
    if current is None or kind.status is None:  # a new application: waiting, unchecked
        return False
    column = kind.status[0]
    return kind.claimed_result(op.fields) is not None and op.fields.get(column) != current.get(
        column
    )


def closes_reviewed_ticket(op: Op, current: Mapping[Any, Any]) -> bool:
    """A ticket op completing or refusing the application of a reviewed matter: only a
    decision does that (a withdrawal by the applicant needs none)."""
    kind = KIND_BY_TABLE.get(str(current.get("subject_table")))
    return (
        kind is not None
        and current.get("catalogue_code") == kind.item
        and op.fields.get("status") in _CLOSED_BY_DECISION
    )


def ticket_refusal(conn: Connection, op: Op, current: Mapping[Any, Any]) -> OpResult | None:
    """Refused unless the hub's log has decided the matter (or it needs no review here)."""
    kind = KIND_BY_TABLE[str(current["subject_table"])]
    chain = _chain(kind)
    if chain is None or outcome(chain, _log(conn, kind, str(current["subject_id"]))) is not None:
        return None
    return rejected(
        op,
        f"review_state_mismatch: {kind.table} {current['subject_id']} is not decided at the "
        f"hub: its ticket cannot be {op.fields.get('status')} before the review decision",
    )


def refusal(
    conn: Connection, op: Op, new: Mapping[str, Any], current: Mapping[Any, Any] | None
) -> OpResult | None:
    """The op's rejection when the hub's log does not allow it, else None (call only when
    :func:`needs_check`). ``new``: the op's fields as Python values."""
    if op.table == DECISIONS:
        return _decision(conn, op, new)
    assert current is not None
    return _state(conn, op, KIND_BY_TABLE[op.table], str(current["id"]), new)


def _chain(kind: SubjectKind) -> Chain | None:
    """The item's review steps in the hub's catalogue; None where it sets no review."""
    catalogue = reference().catalogue
    if kind.item not in catalogue:
        return None
    item = catalogue.item(kind.item)
    return Chain.of(item.review_steps) if item.needs_review and item.review_steps else None


def _log(conn: Connection, kind: SubjectKind, record_id: str) -> list[Decision]:
    r = table_of(DECISIONS)
    return decision_log(conn, r, r.c.subject_table == kind.table, r.c.subject_id == record_id)


def _decision(conn: Connection, op: Op, values: Mapping[str, Any]) -> OpResult | None:
    table, code = str(values.get("subject_table")), values.get("catalogue_code")
    kind = KIND_BY_TABLE.get(table)
    if kind is None or kind.item != code:
        return rejected(op, f"review_out_of_order: {code} is not a reviewed matter kept in {table}")
    chain = _chain(kind)
    if chain is None:
        none = refused("not_reviewed", item=kind.item, item_en=kind.item)
        return rejected(op, f"review_out_of_order: {words(none)}")
    subjects = table_of(kind.table)
    record_id = values.get("subject_id")
    rec = conn.execute(select(subjects).where(subjects.c.id == record_id).with_for_update()).first()
    if rec is None or rec.deleted:
        return rejected(op, f"review_out_of_order: no {kind.table} record {record_id} at the hub")
    tickets = table_of(TICKETS)
    return decision_refusal(
        conn,
        op,
        values,
        chain,
        _log(conn, kind, rec.id),
        applied_on=getattr(rec, kind.applied_column),
        person_id=getattr(rec, kind.person_column),
        # the application's own ticket (a JY-003 cancellation links registrations too)
        maker=select(tickets.c.first_owner_staff_id)
        .where(
            tickets.c.catalogue_code == kind.item,
            tickets.c.subject_table == kind.table,
            tickets.c.subject_id == rec.id,
        )
        .order_by(tickets.c.accepted_on, tickets.c.id),
    )


def _state(
    conn: Connection, op: Op, kind: SubjectKind, record_id: str, values: Mapping[str, Any]
) -> OpResult | None:
    chain = _chain(kind)
    if chain is None:  # no review at this hub: nothing to hold the record to
        return None
    decided = outcome(chain, _log(conn, kind, record_id))
    assert kind.status is not None  # needs_check: only kinds with a status come here
    column = kind.status[0]
    if decided is None:
        return rejected(
            op,
            f"review_state_mismatch: the hub has no decision on {kind.table} {record_id}, "
            f"so its {column} stays as applied for ({values.get(column)!r} refused)",
        )
    wanted = kind.changes(decided, Circumstances(reference().calendar, {}))
    checked = (column, *kind.dated)
    wrong = sorted(k for k in checked if k in values and k in wanted and values[k] != wanted[k])
    if not wrong:
        return None
    shown = ", ".join(f"{k}={values[k]!r} (log: {wanted[k]!r})" for k in wrong)
    return rejected(op, f"review_state_mismatch: the hub's decisions do not support {shown}")

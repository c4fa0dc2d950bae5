"""What the hub's checks of pushed review decisions share (:mod:`.approvals` for
recognitions, :mod:`.subject_reviews` for the other reviewed matters): the reference
data they check against, the reviewer as the hub knows them, and the refusal codes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, select

from hub_sync.model import table_of
from hub_sync.protocol.messages import Op, OpResult
from station_client.reference import (
    ReferenceBundle,
    ReferenceDataError,
    default_bundle_dir,
    load_bundle,
)
from station_client.rules.approval_checks import check_result, reviewer_refusal, turn_refusal
from station_client.rules.approval_refusals import (
    MAKER_REASONS,
    REVIEWER_REASONS,
    ApprovalRefused,
)
from station_client.rules.approvals import Chain, Decision, Result, Reviewer, standing
from station_client.rules.codes import Role
from station_client.rules.errors import ValidationError

from ..errors import HubRefusal
from .common import rejected

_RESULTS = frozenset(r.value for r in Result)


@lru_cache(maxsize=1)
def reference() -> ReferenceBundle:
    """The reference data shipped with the hub (the catalogue's steps, the calendar)."""
    try:
        return load_bundle(default_bundle_dir())
    except ReferenceDataError as e:
        # The hub's installation is damaged, not the station's batch: nothing is stored
        # and the station sends the batch again later (not cached: retried each time).
        raise HubRefusal(
            "hub_unavailable",
            f"the hub cannot check approval decisions: its reference data is unreadable ({e})",
            status=503,
        ) from e


def words(e: ValidationError) -> str:
    return f"{e.message_en} / {e.message_zh}"


def pushed_reviewer(conn: Connection, op: Op, values: Mapping[str, Any]) -> Reviewer | OpResult:
    """The decision's reviewer as the hub's staff table has them, or the op's refusal
    (``review_wrong_reviewer``) when the hub does not know them as the op says."""
    staff = table_of("staff")
    member = conn.execute(
        select(staff).where(staff.c.id == values.get("reviewer_staff_id"))
    ).first()
    if member is None or member.deleted:
        return rejected(
            op, f"review_wrong_reviewer: no staff member {values.get('reviewer_staff_id')} here"
        )
    if member.area_code != values.get("reviewer_org"):
        return rejected(
            op, f"review_wrong_reviewer: reviewer_org is not the area of {member.username}"
        )
    try:
        role = Role(member.role)
    except ValueError:
        return rejected(op, f"review_wrong_reviewer: unknown role {member.role!r}")
    return Reviewer(member.id, role, member.area_code, member.active)


def reviewer_rejection(op: Op, who: ApprovalRefused | None) -> OpResult | None:
    """A refusal of :func:`~station_client.rules.approval_checks.reviewer_refusal` as the
    op's result: maker-checker, or a reviewer who does not fit the step."""
    if who is None:
        return None
    if who.reason in MAKER_REASONS:
        return rejected(op, f"review_maker_checker: {words(who)}")
    assert who.reason in REVIEWER_REASONS, who.reason
    return rejected(op, f"review_wrong_reviewer: {words(who)}")


def decision_refusal(
    conn: Connection,
    op: Op,
    values: Mapping[str, Any],
    chain: Chain,
    log: list[Decision],
    *,
    applied_on: date,
    person_id: str | None,
    maker: Select[Any],
) -> OpResult | None:
    """A pushed decision checked against the hub's ``log`` of its matter, in the order a
    station checks it: the result and reason, the step's turn on the decision's day, the
    reviewer (known here, of the step's role, level and area) and maker-checker (``maker``
    selects who accepted the application). None: the decision stands."""
    try:
        verdict, _reason = check_result(str(values.get("result")), values.get("reason"))
    except ValidationError as e:
        return rejected(op, f"review_reason_required: {words(e)}")
    day = values.get("decided_on")
    if not isinstance(day, date):
        return None  # a required column left out: the database refuses the insert itself
    now = standing(chain, log, applied_on=applied_on, today=day, calendar=reference().calendar)
    try:
        turn = turn_refusal(chain, now, str(values.get("step")), verdict)
    except ApprovalRefused as e:  # a step the chain does not have
        return rejected(op, f"review_out_of_order: {words(e)}")
    if turn is not None:
        return rejected(op, f"review_out_of_order: {words(turn)}")
    found = pushed_reviewer(conn, op, values)
    if isinstance(found, OpResult):
        return found
    persons = table_of("persons")
    area = conn.execute(
        select(persons.c.residence_division).where(persons.c.id == person_id)
    ).scalar()
    who = reviewer_refusal(
        chain,
        str(values["step"]),
        found,
        applicant_area=area,
        maker_staff_id=conn.execute(maker.limit(1)).scalar(),
        decisions=log,
    )
    return reviewer_rejection(op, who)


def decision_log(conn: Connection, table: Table, *where: ColumnElement[bool]) -> list[Decision]:
    """The decisions of a decision ``table`` that match ``where``, as the rules take them,
    oldest first (a result other than pass/fail, which no station writes, left out)."""
    rows = select(table).where(*where).order_by(table.c.decided_on, table.c.id)
    return [
        Decision(
            row.step,
            Result(row.result),
            row.reviewer_staff_id,
            row.reviewer_org,
            row.decided_on,
            row.reason,
        )
        for row in conn.execute(rows)
        if row.result in _RESULTS
    ]

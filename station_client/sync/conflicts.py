"""Conflict reconciliation for supervisors: plain calls of the hub's conflict endpoints.

``GET /v1/conflicts`` lists the open conflicts of the supervisor's area; this module
filters them (table, kind, age, area), marks those older than the escalation setting
as overdue and sorts them first. A decision is taken field by field — keep the hub's
value, take the station's, or type a merged value — and sent as one ``Resolution``
(``POST /v1/conflicts/{id}/resolve``) with a reason. Bulk resolution applies one
side-by-field decision and one reason to every conflict of the same pattern (table,
kind, fields). The hub refuses a conflict another supervisor already resolved
(``conflict_closed``); that refusal is passed on as :class:`AlreadyResolved`.

Everything here is plain Python over the store and the hub client: no Qt.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any, Literal

from pydantic import ConfigDict, Field
from sqlalchemy import select

from hub_sync.model import MODELS_BY_TABLE, Staff, utc_now
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.messages import Message
from hub_sync.protocol.wire import columns, from_wire
from station_client.store import Store

from . import meta
from .client import HubClient
from .conflict_list import ConflictList as ConflictList
from .conflict_list import ConflictRecord as ConflictRecord
from .errors import HubRefused, SyncError
from .login import StaffSession
from .staff_calls import SUPERVISING as SUPERVISING
from .staff_calls import NeedsOnlineLogin as NeedsOnlineLogin
from .staff_calls import NotSupervisor as NotSupervisor
from .staff_calls import with_client

ESCALATE_KEY = "conflicts:escalate_days"
DEFAULT_ESCALATE_DAYS = 3
Side = Literal["hub", "station"]


class ResolutionBody(Message):  # the hub's ``Resolution``
    choice: Literal["hub", "station", "merged"]
    values: dict[str, Any] | None = None
    reason: str = Field(min_length=1, max_length=500)


class Resolved(Message):
    model_config = ConfigDict(extra="ignore", frozen=True)
    status: str
    version: int


class AlreadyResolved(SyncError):
    """Another supervisor resolved this conflict first; nothing was changed."""

    def __init__(self, conflict_id: str) -> None:
        super().__init__(
            f"conflict {conflict_id} was already resolved by another supervisor; "
            "nothing was changed, the queue is refreshed",
            "该冲突已被其他主管处理，本次处理未生效，列表已刷新",
        )
        self.conflict_id = conflict_id


class DecisionInvalid(SyncError):
    """A decision refused before it was sent: ``field`` names where (None: the reason)."""

    def __init__(self, field_name: str | None, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh)
        self.field = field_name


@dataclass(frozen=True)
class ConflictFilter:
    table: str | None = None
    kind: str | None = None
    min_age_days: float | None = None
    area_prefix: str | None = None

    def accepts(self, c: ConflictRecord, now: datetime) -> bool:
        if self.table and c.table != self.table:
            return False
        if self.kind and c.kind != self.kind:
            return False
        if self.min_age_days is not None and c.age_days(now) < self.min_age_days:
            return False
        return not self.area_prefix or (c.area_code or "").startswith(self.area_prefix)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    conflict: ConflictRecord
    overdue: bool  # older than the escalation setting: 已超期


_OLDEST_FIRST = attrgetter("created_at", "id")
_CREATED = attrgetter("created_at")


def queue(
    found: Iterable[ConflictRecord],
    *,
    now: datetime,
    escalate_days: int = DEFAULT_ESCALATE_DAYS,
    filters: ConflictFilter = ConflictFilter(),
) -> list[QueueEntry]:
    """The filtered queue: overdue conflicts first, then oldest first.

    Overdue means older than the limit, so oldest first already puts every overdue
    conflict before the others: one sort on (time, id), and the overdue ones are the
    run before the limit, found by bisection — 10,000 conflicts are not each compared
    with the limit (a comparison across time zone objects) as the queue opens."""
    limit = now - timedelta(days=escalate_days)
    kept = found if filters == ConflictFilter() else [c for c in found if filters.accepts(c, now)]
    ordered = sorted(kept, key=_OLDEST_FIRST)
    late = bisect_right(ordered, limit, key=_CREATED)
    return [QueueEntry(c, True) for c in ordered[:late]] + [
        QueueEntry(c, False) for c in ordered[late:]
    ]


@dataclass(frozen=True)
class Decision:
    """Per field: keep the hub's value, take the station's, or a merged wire value."""

    reason: str
    sides: Mapping[str, Side] = field(default_factory=dict)
    merged: Mapping[str, Any] = field(default_factory=dict)

    def body_for(self, conflict: ConflictRecord) -> ResolutionBody:
        reason = self.reason.strip()
        if not reason:
            raise DecisionInvalid(None, "say why you decided this way", "请填写处理理由")
        if len(reason) > 500:
            raise DecisionInvalid(None, "the reason is over 500 characters", "理由不能超过500字")
        picks: dict[str, Side | Literal["merged"]] = {}
        for name in conflict.fields:
            if name in self.merged:
                picks[name] = "merged"
            elif name in self.sides:
                picks[name] = self.sides[name]
            else:
                raise DecisionInvalid(name, f"choose a value for {name}", "请为该字段选择取值")
        kinds = set(picks.values())
        if kinds == {"hub"}:
            return ResolutionBody(choice="hub", reason=reason)
        if kinds == {"station"}:
            return ResolutionBody(choice="station", reason=reason)
        values = {}
        for name, (_base, hub_value, station_value) in conflict.fields.items():
            pick = picks[name]
            if pick == "merged":
                values[name] = self.merged[name]
            else:
                values[name] = hub_value if pick == "hub" else station_value
        check_values(conflict.table, values)
        return ResolutionBody(choice="merged", values=values, reason=reason)


_TRUE = {"是", "true", "1", "yes", "y"}
_FALSE = {"否", "false", "0", "no", "n"}


def merged_value(table: str, name: str, text: str) -> Any:
    """A typed merged value as its wire value, or :class:`DecisionInvalid` at the field."""
    column = columns(table).get(name)
    if column is None:
        raise DecisionInvalid(name, f"{table} has no field {name}", "没有这个字段")
    text = text.strip()
    if not text:
        if not column.nullable:
            raise DecisionInvalid(name, f"{name} may not be empty", "该字段不能为空")
        return None
    kind: type = column.type.python_type if hasattr(column.type, "python_type") else str
    value: Any = text
    if kind is bool:
        if text.lower() not in _TRUE | _FALSE:
            raise DecisionInvalid(name, f"{name}: type 是 or 否", "请输入“是”或“否”")
        value = text.lower() in _TRUE
    elif kind is int:
        try:
            value = int(text)
        except ValueError:
            raise DecisionInvalid(name, f"{name}: a whole number", "请输入整数") from None
    check_values(table, {name: value})
    return value


def check_values(table: str, values: Mapping[str, Any]) -> None:
    try:
        from_wire(table, values)
    except WireError as e:
        raise DecisionInvalid(e.field, e.message, f"取值无效：{e.message}") from e


# -- the escalation setting --------------------------------------------------------------
def escalate_days(store: Store) -> int:
    with store.transaction() as s:
        raw = meta.get(s, ESCALATE_KEY)
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else DEFAULT_ESCALATE_DAYS


def set_escalate_days(store: Store, days: int) -> None:
    if not 1 <= days <= 365:
        raise DecisionInvalid("escalate_days", "between 1 and 365 days", "超期天数应在1至365之间")
    with store.transaction() as s:
        meta.put(s, {ESCALATE_KEY: days})


# -- calls of the hub ----------------------------------------------------------------------
def list_open(store: Store, session: StaffSession) -> list[ConflictRecord]:
    """Every open conflict of the supervisor's area, as the hub lists them."""
    return with_client(
        store,
        session,
        lambda client, token: (
            client.call("GET", "/v1/conflicts", ConflictList, token=token).conflicts
        ),
    )


def list_queue(
    store: Store,
    session: StaffSession,
    filters: ConflictFilter = ConflictFilter(),
    *,
    now: datetime | None = None,
) -> list[QueueEntry]:
    """The open conflicts, filtered and ordered (overdue first)."""
    return queue(
        list_open(store, session),
        now=now or utc_now(),
        escalate_days=escalate_days(store),
        filters=filters,
    )


def _send(client: HubClient, token: str, conflict_id: str, body: ResolutionBody) -> int:
    try:
        answer = client.call(
            "POST", f"/v1/conflicts/{conflict_id}/resolve", Resolved, body=body, token=token
        )
    except HubRefused as e:
        if e.code == "conflict_closed":
            raise AlreadyResolved(conflict_id) from e
        if e.code == "bad_resolution":
            at = e.detail.get("field") if isinstance(e.detail, dict) else None
            raise DecisionInvalid(at, e.message, f"区级中心不接受该合并值：{e.message}") from e
        raise
    return answer.version


def resolve(
    store: Store, session: StaffSession, conflict: ConflictRecord, decision: Decision
) -> int:
    """Resolve one conflict; returns the record's new version at the hub."""
    body = decision.body_for(conflict)
    return with_client(store, session, lambda c, t: _send(c, t, conflict.id, body))


@dataclass(frozen=True)
class BulkOutcome:
    resolved: dict[str, int]  # conflict id → new version
    refused: dict[str, str]  # conflict id → why (already resolved, …)
    refused_en: dict[str, str] = field(default_factory=dict)  # the same, in English


def same_pattern(conflicts: Iterable[ConflictRecord], like: ConflictRecord) -> list[ConflictRecord]:
    return [c for c in conflicts if c.pattern == like.pattern]


def bulk_resolve(
    store: Store, session: StaffSession, conflicts: Sequence[ConflictRecord], decision: Decision
) -> BulkOutcome:
    """One side-by-field decision and one reason for conflicts of one pattern. A conflict
    refused by the hub (resolved meanwhile) is reported; the others go on."""
    if not conflicts:
        return BulkOutcome({}, {})
    if decision.merged:
        raise DecisionInvalid(
            None,
            "bulk resolution keeps one side per field; type merged values one by one",
            "批量处理只能按字段选择保留一方的值，手工合并请逐条处理",
        )
    patterns = {c.pattern for c in conflicts}
    if len(patterns) != 1:
        raise DecisionInvalid(
            None, "bulk resolution needs one pattern", "批量处理的冲突必须同表、同类型、同字段"
        )
    bodies = {c.id: decision.body_for(c) for c in conflicts}

    def run(client: HubClient, token: str) -> BulkOutcome:
        done: dict[str, int] = {}
        refused: dict[str, str] = {}
        refused_en: dict[str, str] = {}
        for conflict_id, body in bodies.items():
            try:
                done[conflict_id] = _send(client, token, conflict_id, body)
            except (AlreadyResolved, DecisionInvalid, HubRefused) as e:
                refused[conflict_id] = getattr(e, "message_zh", str(e))
                refused_en[conflict_id] = getattr(e, "message_en", str(e))
        return BulkOutcome(done, refused, refused_en)

    return with_client(store, session, run)


# -- who changed what and when (from the station's copy) ----------------------------------
@dataclass(frozen=True)
class Provenance:
    hub_staff: str | None  # who wrote the hub's version (name if known here)
    hub_station: str | None
    hub_at: datetime | None


def provenance(store: Store, conflict: ConflictRecord) -> Provenance:
    """Who last changed the record on the hub's side, from this station's copy of it."""
    model = MODELS_BY_TABLE.get(conflict.table)
    if model is None:
        return Provenance(None, None, None)
    table = model.__table__
    with store.transaction() as s:
        row = s.execute(
            select(table.c.changed_staff, table.c.changed_station, table.c.changed_at).where(
                table.c.id == conflict.record_id
            )
        ).first()
        if row is None:
            return Provenance(None, None, None)
        name = None
        if row.changed_staff:
            name = s.scalar(select(Staff.full_name).where(Staff.id == row.changed_staff))
        return Provenance(name or row.changed_staff, row.changed_station, row.changed_at)

"""Conflicts for supervisors: list the open ones in their area, resolve one.

A resolution is an ordinary versioned change (it syncs to every station like any
other) and is written to the hub's audit chain with who decided and why.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Table, select, update

from hub_sync.model import MODELS_BY_TABLE, AuditEntry
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.wire import from_wire, record_to_wire

from . import scope
from .changes import HUB, Batch, log_changes, write
from .errors import HubRefusal
from .staff import StaffMember, require_role
from .tables import conflicts

Choice = Literal["hub", "station", "merged"]
SUPERVISING = ("supervisor", "district_admin")


@dataclass(frozen=True)
class ConflictView:
    id: str
    table: str
    record_id: str
    kind: str
    station_id: str
    fields: dict[str, Any]  # field → [base, hub, station]
    ops: list[str]
    created_at: datetime
    status: str
    area_code: str | None


_UNREAD = object()


def _view(conn: Connection, row: Any, area: Any = _UNREAD) -> ConflictView:
    if area is _UNREAD:
        table = MODELS_BY_TABLE[row.table_name].__table__
        record = conn.execute(select(table).where(table.c.id == row.record_id)).first()
        area = scope.area_of(conn, row.table_name, dict(record._mapping)) if record else None
    return ConflictView(
        row.id,
        row.table_name,
        row.record_id,
        row.kind,
        row.station_id,
        json.loads(row.fields),
        json.loads(row.ops),
        row.created_at,
        row.status,
        area,
    )


def _open_rows(conn: Connection, member: StaffMember) -> list[tuple[Any, str | None]]:
    """The open conflicts in the member's area with their areas, oldest first. The records
    and their areas are read a table at a time (thousands of open conflicts are one query
    per table, not one per conflict)."""
    require_role(member, *SUPERVISING)
    c = conflicts.c
    listed = (c.id, c.table_name, c.record_id, c.kind, c.station_id, c.fields, c.ops)
    rows = conn.execute(
        select(*listed, c.created_at, c.status).where(c.status == "open").order_by(c.created_at)
    ).all()
    areas = _areas(conn, rows)
    found = [(r, areas.get((r.table_name, r.record_id))) for r in rows]
    return [(r, a) for r, a in found if a is None or a.startswith(member.area_code)]


def list_open(conn: Connection, member: StaffMember) -> list[ConflictView]:
    """The open conflicts in the member's area, oldest first."""
    return [_view(conn, r, area) for r, area in _open_rows(conn, member)]


def open_json(conn: Connection, member: StaffMember) -> bytes:
    """``list_open`` as the JSON array ``GET /v1/conflicts`` answers (sync protocol §9.2).

    The ``fields`` and ``ops`` columns hold JSON the hub wrote itself and go out as
    they are: 10,000 conflicts are not parsed and serialised again for every supervisor
    who opens the queue.
    """
    q = json.dumps
    parts = [
        f'{{"id":{q(r.id)},"table":{q(r.table_name)},"record_id":{q(r.record_id)},'
        f'"kind":{q(r.kind)},"station_id":{q(r.station_id)},"fields":{r.fields},'
        f'"ops":{r.ops},"created_at":{q(r.created_at.isoformat())},'
        f'"status":{q(r.status)},"area_code":{q(area)}}}'
        for r, area in _open_rows(conn, member)
    ]
    return ("[" + ",".join(parts) + "]").encode()


def _areas(conn: Connection, rows: Sequence[Any]) -> dict[tuple[str, str], str | None]:
    """(table, record id) → the record's area, for many conflicts at once."""
    by_table: dict[str, set[str]] = {}
    for r in rows:
        by_table.setdefault(r.table_name, set()).add(r.record_id)
    known: dict[tuple[str, str], str | None] = {}
    by_person: dict[tuple[str, str], str] = {}
    for name, ids in by_table.items():
        table = MODELS_BY_TABLE[name].__table__
        columns = [table.c.id, *(table.c[c] for c in scope.area_columns(name) if c in table.c)]
        wanted = sorted(ids)
        for i in range(0, len(wanted), 1000):
            query = select(*columns).where(table.c.id.in_(wanted[i : i + 1000]))
            for found in conn.execute(query):
                values = dict(found._mapping)
                decided, area = scope.area_from_values(name, values)
                if decided:
                    known[(name, str(values["id"]))] = area
                elif area is not None:
                    by_person[(name, str(values["id"]))] = area
    residences = scope.residences(conn, by_person.values())
    for key, person_id in by_person.items():
        known[key] = residences.get(person_id)
    return known


def resolve(
    conn: Connection,
    member: StaffMember,
    conflict_id: str,
    *,
    choice: Choice,
    values: dict[str, Any] | None,
    reason: str,
    now: datetime,
) -> int:
    """Apply the decision as a new version of the record; returns that version."""
    require_role(member, *SUPERVISING)
    if not reason.strip():
        raise HubRefusal("reason_required", "say why you decided this way / 请填写处理理由")
    row = conn.execute(
        select(conflicts).where(conflicts.c.id == conflict_id).with_for_update()
    ).first()
    if row is None:
        raise HubRefusal("unknown_conflict", f"no conflict {conflict_id}", status=404)
    if row.status != "open":
        raise HubRefusal("conflict_closed", "this conflict was already resolved", status=409)
    view = _view(conn, row)
    if view.area_code is not None and not view.area_code.startswith(member.area_code):
        raise HubRefusal("not_allowed", "this conflict is outside your area", status=403)
    table: Table = MODELS_BY_TABLE[row.table_name].__table__  # type: ignore[assignment]
    current = conn.execute(select(table).where(table.c.id == row.record_id).with_for_update()).one()
    fields: dict[str, list[Any]] = json.loads(row.fields)
    if choice == "hub":
        chosen: dict[str, Any] = {}
    elif choice == "station":
        chosen = {f: v[2] for f, v in fields.items()}
    else:
        if not values or set(values) - set(fields):
            raise HubRefusal(
                "bad_resolution",
                "a merged value must name only the conflicting fields",
                detail={"fields": sorted(fields)},
            )
        chosen = dict(values)
    try:
        apply = from_wire(row.table_name, chosen) if chosen else {}
    except WireError as e:
        raise HubRefusal(
            "bad_resolution",
            f"the merged value is not valid: {e.message}",
            detail={"field": e.field},
        ) from e
    still_open = conn.execute(
        select(conflicts.c.id).where(
            conflicts.c.table_name == row.table_name,
            conflicts.c.record_id == row.record_id,
            conflicts.c.status == "open",
            conflicts.c.id != conflict_id,
        )
    ).first()
    batch = Batch(HUB, now)
    version = write(
        conn,
        batch,
        table,
        current,
        {
            **apply,
            "conflict": still_open is not None,
            "changed_station": "hub",
            "changed_staff": member.id,
            "changed_at": now,
        },
    )
    log_changes(conn, batch)
    decision = {
        "choice": choice,
        "values": chosen,
        "reason": reason,
        "before": record_to_wire(row.table_name, dict(current._mapping)),
    }
    conn.execute(
        update(conflicts)
        .where(conflicts.c.id == conflict_id)
        .values(
            status="resolved",
            resolved_at=now,
            resolved_by=member.id,
            resolution=json.dumps(decision, ensure_ascii=False, default=str),
        )
    )
    from .hub_audit import append_hub_audit

    append_hub_audit(
        conn,
        staff_id=member.id,
        action="resolve_conflict",
        subject_table=row.table_name,
        subject_id=row.record_id,
        detail=f"{conflict_id}: {choice} — {reason}",
        now=now,
    )
    return version


__all__ = ["AuditEntry", "ConflictView", "list_open", "open_json", "resolve"]

"""Conflicts for supervisors: list the open ones in their area, resolve one.

A resolution is an ordinary versioned change (it syncs to every station like any
other) and is written to the hub's audit chain with who decided and why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring_ascii
from typing import Any, Literal

from sqlalchemy import Connection, Table, null, select, update

from hub_sync import collector
from hub_sync.model import MODELS_BY_TABLE, AuditEntry, Person
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
    areas = _areas(conn, {r.table_name for r in rows})
    found = [(r, areas.get((r.table_name, r.record_id))) for r in rows]
    return [(r, a) for r, a in found if a is None or a.startswith(member.area_code)]


def list_open(conn: Connection, member: StaffMember) -> list[ConflictView]:
    """The open conflicts in the member's area, oldest first."""
    return [_view(conn, r, area) for r, area in _open_rows(conn, member)]


def open_json(conn: Connection, member: StaffMember) -> bytes:
    """``list_open`` as the JSON array ``GET /v1/conflicts`` answers (sync protocol §9.2).

    The ``fields`` and ``ops`` columns hold JSON the hub wrote itself and go out as
    they are: 10,000 conflicts are not parsed and serialised again for every supervisor
    who opens the queue. The strings are quoted by the json module's own C quoting
    (what ``json.dumps`` of a string returns, without its encoder set up 80,000 times),
    and each row is unpacked once rather than read by name column by column.
    """
    q = encode_basestring_ascii
    with collector.paused():  # 10,000 rows and their strings: nothing a collection frees
        rows = _open_rows(conn, member)
        parts = [
            f'{{"id":{q(id_)},"table":{q(table)},"record_id":{q(record_id)},'
            f'"kind":{q(kind)},"station_id":{q(station)},"fields":{fields},'
            f'"ops":{ops},"created_at":"{created.isoformat()}",'
            f'"status":{q(status)},"area_code":{"null" if area is None else q(area)}}}'
            for (id_, table, record_id, kind, station, fields, ops, created, status), area in rows
        ]
    return ("[" + ",".join(parts) + "]").encode()


def _areas(conn: Connection, tables: Iterable[str]) -> dict[tuple[str, str], str | None]:
    """(table, record id) → the record's area, for every record with an open conflict in
    ``tables``: one query per table, the records picked by a subquery on the open
    conflicts (not by their ids sent back as thousands of bound parameters), with the
    residence of the person each names joined in for the kinds that take their person's
    area (not looked up afterwards, a thousand persons a query). The rules stay those
    of :func:`scope.area_from_values`."""
    c = conflicts.c
    people = Person.__table__
    known: dict[tuple[str, str], str | None] = {}
    for name in sorted(tables):
        table = MODELS_BY_TABLE[name].__table__
        names = ["id", *(col for col in scope.area_columns(name) if col in table.c)]
        disputed = select(c.record_id).where(c.status == "open", c.table_name == name)
        query = select(*(table.c[col] for col in names))
        person = scope.person_column(name)
        if person in table.c and table is not people:
            query = query.add_columns(people.c.residence_division).outerjoin(
                people, people.c.id == table.c[person]
            )
        else:
            query = query.add_columns(null())
        for *values, residence in conn.execute(query.where(table.c.id.in_(disputed))).all():
            decided, area = scope.area_from_values(name, dict(zip(names, values, strict=True)))
            # Not decided: the record names a person, and takes that person's residence
            # (None when the hub has no such person, as scope.area_of reads it).
            known[(name, str(values[0]))] = area if decided else residence
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

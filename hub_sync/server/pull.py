"""Serving a station the changes in its scope after its cursor, in pages."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, or_, select

from hub_sync.model import MODELS_BY_TABLE
from hub_sync.protocol.messages import Change, Cursor, PullResponse
from hub_sync.protocol.wire import record_to_wire

from . import scope, state
from .auth import StationContext
from .tables import change_log, served_persons


def pull(conn: Connection, station: StationContext, cursor: Cursor, limit: int) -> PullResponse:
    epoch = state.epoch(conn)
    if cursor.epoch != epoch or (cursor.seq > 0 and cursor.seq < state.horizon_seq(conn)):
        # Another epoch (hub restored from backup) or older than what the hub still
        # remembers (tombstones purged): the station must download its scope again.
        return PullResponse(changes=[], cursor=Cursor(epoch=epoch, seq=0), more=True, resync=True)
    # Everything numbered up to `high` is committed: numbers are taken under the counter
    # row lock right before commit (see state.take_sequence).
    high = state.current_sequence(conn)
    in_scope = or_(
        change_log.c.area_code.is_(None),
        change_log.c.area_code.like(station.org_code + "%"),
        change_log.c.person_id.in_(
            select(served_persons.c.person_id).where(served_persons.c.station_id == station.id)
        ),
    )
    rows = conn.execute(
        select(change_log)
        .where(change_log.c.server_seq > cursor.seq, change_log.c.server_seq <= high, in_scope)
        .where(change_log.c.area_code.is_distinct_from(scope.HUB_ONLY))
        .order_by(change_log.c.server_seq)
        .limit(limit)
    ).all()
    full = len(rows) == limit
    next_seq = rows[-1].server_seq if full else high
    # One entry per record (its latest), with the record's current values.
    latest: dict[tuple[str, str], int] = {}
    for r in rows:
        latest[(r.table_name, r.record_id)] = r.server_seq
    wanted: dict[str, list[str]] = defaultdict(list)
    for table_name, record_id in latest:
        wanted[table_name].append(record_id)
    records: dict[tuple[str, str], dict[str, object]] = {}
    for table_name, ids in wanted.items():
        table = MODELS_BY_TABLE[table_name].__table__
        for rec in conn.execute(select(table).where(table.c.id.in_(ids))):
            records[(table_name, rec.id)] = record_to_wire(table_name, dict(rec._mapping))
    changes = []
    for (table_name, record_id), seq in sorted(latest.items(), key=lambda kv: kv[1]):
        values = records.get((table_name, record_id))
        if values is None:  # purged since it was logged
            continue
        changes.append(
            Change(
                server_seq=seq,
                table=table_name,
                record_id=record_id,
                version=int(values["version"]),  # type: ignore[call-overload]
                deleted=bool(values.get("deleted", False)),
                conflict=bool(values.get("conflict", False)),
                values=values,
            )
        )
    return PullResponse(changes=changes, cursor=Cursor(epoch=epoch, seq=next_seq), more=full)

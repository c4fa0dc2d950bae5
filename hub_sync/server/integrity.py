"""The hub's side of the integrity check and of the repair of one table."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select

from hub_sync.model import MODELS_BY_TABLE, table_of
from hub_sync.protocol.integrity import (
    IntegrityRequest,
    IntegrityResponse,
    RecordsResponse,
    RecordVersions,
    summarise,
)
from hub_sync.protocol.messages import Change
from hub_sync.protocol.wire import record_to_wire

from . import scope, state
from .auth import StationContext
from .errors import HubRefusal
from .tables import change_log, served_persons


def _in_scope(station: StationContext):  # type: ignore[no-untyped-def]
    return or_(
        change_log.c.area_code.is_(None),
        change_log.c.area_code.like(station.org_code + "%"),
        change_log.c.person_id.in_(
            select(served_persons.c.person_id).where(served_persons.c.station_id == station.id)
        ),
    )


def versions(
    conn: Connection, station: StationContext, table: str, upto: int
) -> list[tuple[str, int]]:
    """Each in-scope record of ``table`` with its version as of server sequence ``upto``."""
    rows = conn.execute(
        select(change_log.c.record_id, func.max(change_log.c.version))
        .where(
            change_log.c.table_name == table,
            change_log.c.server_seq <= upto,
            change_log.c.area_code.is_distinct_from(scope.HUB_ONLY),
            _in_scope(station),
        )
        .group_by(change_log.c.record_id)
    )
    return [(r[0], int(r[1])) for r in rows]


def _check_cursor(conn: Connection, epoch: str) -> None:
    if epoch != state.epoch(conn):
        raise HubRefusal(
            "resync_required", "the cursor is from another epoch: resync first", status=409
        )


def compare(
    conn: Connection, station: StationContext, request: IntegrityRequest
) -> IntegrityResponse:
    _check_cursor(conn, request.cursor.epoch)
    hub = {}
    mismatched = []
    for table, theirs in request.tables.items():
        if table not in MODELS_BY_TABLE:
            raise HubRefusal("unknown_table", f"{table!r} is not a synced table")
        mine = summarise(versions(conn, station, table, request.cursor.seq))
        hub[table] = mine
        if mine != theirs:
            mismatched.append(table)
    return IntegrityResponse(mismatched=mismatched, hub=hub)


def record_versions(
    conn: Connection, station: StationContext, table: str, epoch: str, seq: int
) -> RecordVersions:
    _check_cursor(conn, epoch)
    if table not in MODELS_BY_TABLE:
        raise HubRefusal("unknown_table", f"{table!r} is not a synced table")
    return RecordVersions(table=table, records=versions(conn, station, table, seq))


def records(
    conn: Connection, station: StationContext, table: str, ids: list[str]
) -> RecordsResponse:
    """Current values of the requested records that are in the station's scope."""
    if table not in MODELS_BY_TABLE:
        raise HubRefusal("unknown_table", f"{table!r} is not a synced table")
    allowed = {rid for rid, _ in versions(conn, station, table, state.current_sequence(conn))}
    wanted = [i for i in ids if i in allowed]
    t = table_of(table)
    out = []
    for row in conn.execute(select(t).where(t.c.id.in_(wanted))):
        values = record_to_wire(table, dict(row._mapping))
        out.append(
            Change(
                server_seq=0,
                table=table,
                record_id=row.id,
                version=int(row.version),
                deleted=bool(values.get("deleted", False)),
                conflict=bool(values.get("conflict", False)),
                values=values,
            )
        )
    return RecordsResponse(changes=out)

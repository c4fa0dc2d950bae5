"""A push request: sorting the ops, applying the fresh ones, acknowledging."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Dialect,
    Select,
    bindparam,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from hub_sync.protocol.errors import WireError
from hub_sync.protocol.hlc import HLC, HybridLogicalClock
from hub_sync.protocol.messages import Op, OpResult, OpStatus, PushRequest, PushResponse

from ..auth import StationContext
from ..changes import (
    Batch,
    array_literal,
    bulk_insert,
    in_list,
    in_values,
    insert_ignoring_existing,
    log_changes,
)
from ..errors import HubRefusal
from ..tables import applied_ops, hub_stations, served_persons
from .common import CHUNK, NotSetWise, rejected
from .one_by_one import apply_one_by_one
from .setwise import SetWise

log = logging.getLogger("renshe.hub.push")
# An op stamped further ahead of the hub's clock than this does not move the hub's HLC.
_FUTURE_MS = 5 * 60 * 1000

_ACK = (
    update(hub_stations)
    .where(hub_stations.c.id == bindparam("station"))
    .values(acked_seq=bindparam("acked"))
)


def push(
    conn: Connection,
    station: StationContext,
    request: PushRequest,
    now: datetime,
    clock: HybridLogicalClock | None = None,
) -> PushResponse:
    acked = station.acked_seq  # read (and locked) by ``authenticate``
    # Sort the ops first: repeats are answered from the stored results, the others must
    # carry the next numbers. A gap refuses the whole request before anything is written.
    fresh: list[Op] = []
    repeated: list[int] = []
    expected = acked + 1
    for op in request.ops:
        if op.seq <= acked:  # a repeated op: answer as the first time
            repeated.append(op.seq)
            continue
        if op.seq != expected:
            raise HubRefusal(
                "gap",
                f"ops must arrive in order without gaps: expected {expected}, got {op.seq}",
                detail={"expected_seq": expected},
                status=409,
            )
        fresh.append(op)
        expected += 1
    stored = _stored_results(conn, station.id, repeated) if repeated else {}
    batch = Batch(station, now)
    applied: dict[int, OpResult] = {}
    stamps: dict[int, tuple[str, str]] = {}
    if fresh:
        good: list[Op] = []
        for op in fresh:  # an op without a valid stamp is refused alone, and recorded
            try:
                stamps[op.seq] = (op.hlc, _received(clock, HLC.parse(op.hlc), now, station))
            except WireError as e:
                applied[op.seq] = rejected(op, f"{e.code}: {e}")
            else:
                good.append(op)
        if good:
            for op, result in zip(good, _apply_batch(conn, batch, good), strict=True):
                applied[op.seq] = result
        _acknowledge(conn, batch, applied, stamps, expected - 1)
    results = [
        applied[op.seq] if op.seq > acked else _answered(stored, op.seq) for op in request.ops
    ]
    log_changes(conn, batch)  # last: takes the change-log counter lock until commit
    return PushResponse(results=results, acked_seq=expected - 1)


def _received(
    clock: HybridLogicalClock | None, stamp: HLC, now: datetime, station: StationContext
) -> str:
    """The hub's own stamp for receiving an op stamped ``stamp``.

    A stamp from the future (a station clock running ahead beyond the request window)
    is not let to drag the hub's clock along: it is logged, and the hub stamps with its
    own time."""
    if clock is None:
        return ""
    ahead_ms = stamp.wall_ms - int(now.timestamp() * 1000)
    if ahead_ms > _FUTURE_MS:
        log.warning("op stamped in the future", extra={"station": station.id, "ahead_ms": ahead_ms})
        return clock.now().encode()
    return clock.observe(stamp).encode()


def _acknowledge(
    conn: Connection,
    batch: Batch,
    applied: dict[int, OpResult],
    stamps: dict[int, tuple[str, str]],
    acked: int,
) -> None:
    """Store the ops' results and stamps, note the persons served, move ``acked_seq``."""
    station = batch.station.id
    results = [(seq, result.model_dump_json()) for seq, result in sorted(applied.items())]
    hlcs = [stamps.get(seq, (None, None)) for seq, _text in results]
    served = sorted(batch.served)
    if conn.dialect.name == "postgresql":  # the three in one statement
        conn.exec_driver_sql(
            _acknowledge_statement(conn.dialect),
            {
                "station": station,
                "at": batch.now,
                "seqs": array_literal(seq for seq, _text in results),
                "results": array_literal(text for _seq, text in results),
                "hlcs": array_literal(h for h, _hub in hlcs),
                "hub_hlcs": array_literal(hub or None for _h, hub in hlcs),
                "persons": array_literal(served),
                "acked": acked,
            },
        )
        return
    bulk_insert(
        conn,
        applied_ops,
        [
            {
                "station_id": station,
                "seq": seq,
                "result": text,
                "applied_at": batch.now,
                "hlc": hlc,
                "hub_hlc": hub or None,
            }
            for (seq, text), (hlc, hub) in zip(results, hlcs, strict=True)
        ],
    )
    insert_ignoring_existing(
        conn, served_persons, [{"station_id": station, "person_id": p} for p in served]
    )
    conn.execute(_ACK, {"station": station, "acked": acked})


@lru_cache(maxsize=16)
def _acknowledge_statement(dialect: Dialect) -> str:
    quote = dialect.identifier_preparer
    station = "CAST(%(station)s AS VARCHAR(36))"
    return (
        f"WITH results AS (INSERT INTO {quote.format_table(applied_ops)} "
        "(station_id, seq, result, applied_at, hlc, hub_hlc) "
        f"SELECT {station}, v.seq, v.result, CAST(%(at)s AS TIMESTAMP WITH TIME ZONE), "
        "v.hlc, v.hub_hlc FROM unnest(CAST(%(seqs)s AS BIGINT[]), CAST(%(results)s AS TEXT[]), "
        "CAST(%(hlcs)s AS VARCHAR(40)[]), CAST(%(hub_hlcs)s AS VARCHAR(40)[])) "
        "AS v(seq, result, hlc, hub_hlc)"
        f"), served AS (INSERT INTO {quote.format_table(served_persons)} "
        f"(station_id, person_id) SELECT {station}, p "
        "FROM unnest(CAST(%(persons)s AS VARCHAR(36)[])) AS p ON CONFLICT DO NOTHING) "
        f"UPDATE {quote.format_table(hub_stations)} SET acked_seq = %(acked)s "
        f"WHERE id = {station}"
    )


@lru_cache(maxsize=16)
def _stored_query(dialect: Dialect) -> Select[Any]:
    return select(applied_ops.c.seq, applied_ops.c.result).where(
        applied_ops.c.station_id == bindparam("station"),
        in_list(dialect, applied_ops.c.seq, "seqs"),
    )


def _stored_results(conn: Connection, station_id: str, seqs: list[int]) -> dict[int, OpResult]:
    found: dict[int, OpResult] = {}
    wanted = sorted(set(seqs))
    query = _stored_query(conn.dialect)
    for i in range(0, len(wanted), CHUNK):
        chunk = in_values(conn.dialect, wanted[i : i + CHUNK])
        for seq, stored in conn.execute(query, {"station": station_id, "seqs": chunk}):
            if stored is not None:
                found[int(seq)] = OpResult.model_validate_json(stored)
    return found


def _answered(stored: dict[int, OpResult], seq: int) -> OpResult:
    found = stored.get(seq)
    if found is None:  # acknowledged before results were kept: nothing to repeat
        return OpResult(seq=seq, status=OpStatus.APPLIED)
    return found


def _apply_batch(conn: Connection, batch: Batch, ops: list[Op]) -> list[OpResult]:
    """The ops' results, in order; set-wise where it gives the op-by-op answers."""
    try:
        plan = SetWise(conn, batch, ops)
        results = plan.run()
    except NotSetWise:
        return apply_one_by_one(conn, batch, ops)
    # A savepoint of its own (plain SQL: the cheapest statement there is), so that what
    # the database refuses undoes only this write.
    conn.exec_driver_sql("SAVEPOINT hub_push_batch")
    try:
        plan.write()
    except IntegrityError:
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT hub_push_batch")
        conn.exec_driver_sql("RELEASE SAVEPOINT hub_push_batch")
        # Something the database refuses: find the op (and the database's reason) one by one.
        return apply_one_by_one(conn, batch, ops)
    conn.exec_driver_sql("RELEASE SAVEPOINT hub_push_batch")
    plan.log_to(batch)
    return results

"""Who is calling: a signed request from an enrolled, unrevoked station, fresh and new."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, bindparam, delete, update
from sqlalchemy.dialects import postgresql, sqlite

from hub_sync.protocol.errors import SignatureError
from hub_sync.protocol.signing import read_station_id, verify_request

from .errors import Forbidden, Unauthorised
from .settings import HubSettings
from .tables import hub_stations, seen_nonces

log = logging.getLogger("renshe.hub.auth")


@dataclass(frozen=True)
class StationContext:
    id: str
    org_code: str
    name: str
    #: The station's acknowledged op sequence as of this request; its row stays locked
    #: until the request's transaction ends, so two pushes of one station never interleave.
    acked_seq: int = 0


_CONTACT = (
    update(hub_stations)
    .where(hub_stations.c.id == bindparam("station"))
    .values(last_contact_at=bindparam("now"))
    .returning(
        hub_stations.c.id,
        hub_stations.c.org_code,
        hub_stations.c.name,
        hub_stations.c.public_key,
        hub_stations.c.revoked_at,
        hub_stations.c.acked_seq,
    )
)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def authenticate(
    conn: Connection,
    settings: HubSettings,
    *,
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    now: datetime,
    sweep_nonces: bool = True,
) -> StationContext:
    """Check signature, freshness and nonce inside the request's transaction."""
    try:
        station_id = read_station_id(headers)
    except SignatureError as e:
        log.warning("refused unsigned request", extra={"path": path, "reason": e.code})
        raise Unauthorised(e.code, "this request is not signed by a station") from e
    # One statement finds, locks and stamps the station; a refusal below rolls it back.
    row = conn.execute(_CONTACT, {"station": station_id, "now": now}).first()
    if row is None or row.public_key is None:
        log.warning("refused unknown station", extra={"station": station_id, "path": path})
        raise Unauthorised("unknown_station", "this station is not enrolled with the hub")
    if row.revoked_at is not None:
        log.warning("refused revoked station", extra={"station": station_id, "path": path})
        raise Forbidden("station_revoked", "this station has been revoked by district IT")
    try:
        signed = verify_request(
            row.public_key, headers=headers, method=method, path=path, body=body
        )
    except SignatureError as e:
        log.warning("refused bad signature", extra={"station": station_id, "reason": e.code})
        raise Unauthorised(e.code, f"the request signature does not verify ({e.code})") from e
    now_ms = _ms(now)
    if abs(signed.timestamp_ms - now_ms) > settings.request_window.total_seconds() * 1000:
        log.warning(
            "refused stale request",
            extra={"station": station_id, "skew_ms": signed.timestamp_ms - now_ms},
        )
        raise Unauthorised(
            "stale_request",
            "the request's time is too far from the hub's time; correct the offset and retry",
            detail={"hub_time_ms": now_ms},
        )
    if sweep_nonces:  # forget nonces once their requests would be stale anyway
        conn.execute(
            delete(seen_nonces).where(seen_nonces.c.seen_at < now - 2 * settings.request_window)
        )
    # A nonce already seen inserts nothing (no savepoint, no error to recover from).
    fresh = conn.execute(
        _remember_nonce(conn.dialect), {"station_id": station_id, "nonce": signed.nonce, "at": now}
    ).first()
    if fresh is None:
        log.warning(
            "refused replayed request", extra={"station": station_id, "nonce": signed.nonce}
        )
        raise Unauthorised("replayed_request", "this request was already received")
    return StationContext(
        id=row.id, org_code=row.org_code, name=row.name, acked_seq=int(row.acked_seq)
    )


@lru_cache(maxsize=4)
def _remember_nonce(dialect: Dialect) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for a nonce, in the database's own dialect."""
    insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    return (
        insert(seen_nonces)
        .values(
            station_id=bindparam("station_id"), nonce=bindparam("nonce"), seen_at=bindparam("at")
        )
        .on_conflict_do_nothing()
        .returning(seen_nonces.c.nonce)  # (rowcount is not reliable here on every driver)
    )

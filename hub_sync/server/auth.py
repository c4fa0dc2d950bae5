"""Who is calling: a signed request from an enrolled, unrevoked station, fresh and new."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

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
    row = conn.execute(select(hub_stations).where(hub_stations.c.id == station_id)).first()
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
    try:
        with conn.begin_nested():
            conn.execute(
                insert(seen_nonces).values(station_id=station_id, nonce=signed.nonce, seen_at=now)
            )
    except IntegrityError as e:
        log.warning(
            "refused replayed request", extra={"station": station_id, "nonce": signed.nonce}
        )
        raise Unauthorised("replayed_request", "this request was already received") from e
    conn.execute(
        update(hub_stations).where(hub_stations.c.id == station_id).values(last_contact_at=now)
    )
    return StationContext(id=row.id, org_code=row.org_code, name=row.name)

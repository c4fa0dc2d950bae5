"""Station identity: creating stations, one-time enrolment codes, revocation."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from hub_sync.model import new_id
from hub_sync.protocol.messages import EnrolRequest, EnrolResponse

from . import state
from .errors import Forbidden, HubRefusal
from .settings import HubSettings
from .tables import applied_ops, enrolment_codes, hub_stations

# Unambiguous letters and digits: a code is read out over the phone or typed from paper.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class NewStation:
    station_id: str
    code: str
    expires_at: datetime


def add_station(
    conn: Connection, settings: HubSettings, *, org_code: str, name: str, now: datetime
) -> NewStation:
    """Register a station and make its one-time enrolment code (only its hash is kept)."""
    station_id = new_id()
    conn.execute(
        insert(hub_stations).values(id=station_id, org_code=org_code, name=name, created_at=now)
    )
    return _issue_code(conn, settings, station_id, now)


def reissue_code(
    conn: Connection, settings: HubSettings, station_id: str, now: datetime
) -> NewStation:
    if (
        conn.execute(select(hub_stations.c.id).where(hub_stations.c.id == station_id)).first()
        is None
    ):
        raise HubRefusal("unknown_station", f"no station {station_id}", status=404)
    return _issue_code(conn, settings, station_id, now)


def _issue_code(
    conn: Connection, settings: HubSettings, station_id: str, now: datetime
) -> NewStation:
    # Only the newest code works: one that was lost or leaked is void once replaced.
    conn.execute(
        delete(enrolment_codes).where(
            enrolment_codes.c.station_id == station_id, enrolment_codes.c.used_at.is_(None)
        )
    )
    code = new_code()
    expires = now + settings.enrolment_code_ttl
    conn.execute(
        insert(enrolment_codes).values(
            code_hash=_hash(code), station_id=station_id, expires_at=expires
        )
    )
    return NewStation(station_id, code, expires)


def enrol(conn: Connection, request: EnrolRequest, *, now: datetime) -> EnrolResponse:
    """Bind a station's public key, once, with a valid unexpired code."""
    row = conn.execute(
        select(enrolment_codes).where(enrolment_codes.c.code_hash == _hash(request.code))
    ).first()
    if row is None:
        raise Forbidden("enrolment_code_invalid", "this enrolment code is not known")
    if row.used_at is not None:
        raise Forbidden("enrolment_code_used", "this enrolment code was already used")
    if row.expires_at <= now:
        raise Forbidden("enrolment_code_expired", "this enrolment code has expired")
    try:
        if len(base64.b64decode(request.public_key, validate=True)) != 32:
            raise ValueError("not 32 bytes")
    except ValueError as e:
        raise HubRefusal("bad_public_key", f"public key is not a base64 Ed25519 key: {e}") from e
    station = conn.execute(select(hub_stations).where(hub_stations.c.id == row.station_id)).one()
    if station.revoked_at is not None:
        raise Forbidden("station_revoked", "this station has been revoked")
    conn.execute(
        update(enrolment_codes)
        .where(enrolment_codes.c.code_hash == row.code_hash)
        .values(used_at=now)
    )
    # A (re-)enrolled station starts a new outbox at sequence 1: forget the old one's
    # acknowledgements, or its first ops would be answered from old results, unapplied.
    conn.execute(
        update(hub_stations)
        .where(hub_stations.c.id == station.id)
        .values(
            public_key=request.public_key,
            enrolled_at=now,
            client_version=request.client_version,
            acked_seq=0,
        )
    )
    conn.execute(delete(applied_ops).where(applied_ops.c.station_id == station.id))
    return EnrolResponse(
        station_id=station.id, org_code=station.org_code, name=station.name, epoch=state.epoch(conn)
    )


def revoke(conn: Connection, station_id: str, now: datetime) -> None:
    done = conn.execute(
        update(hub_stations).where(hub_stations.c.id == station_id).values(revoked_at=now)
    ).rowcount
    if not done:
        raise HubRefusal("unknown_station", f"no station {station_id}", status=404)


@dataclass(frozen=True)
class StationStatus:
    id: str
    org_code: str
    name: str
    enrolled: bool
    revoked: bool
    last_contact_at: datetime | None
    acked_seq: int
    backlog: int | None
    client_version: str | None
    clock_offset_ms: int | None


def list_stations(conn: Connection) -> list[StationStatus]:
    rows = conn.execute(select(hub_stations).order_by(hub_stations.c.org_code, hub_stations.c.name))
    return [
        StationStatus(
            id=r.id,
            org_code=r.org_code,
            name=r.name,
            enrolled=r.public_key is not None,
            revoked=r.revoked_at is not None,
            last_contact_at=r.last_contact_at,
            acked_seq=r.acked_seq,
            backlog=r.backlog,
            client_version=r.client_version,
            clock_offset_ms=r.clock_offset_ms,
        )
        for r in rows
    ]

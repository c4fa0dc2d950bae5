"""The district's signed publications at the hub: stored, staged, served, reported on.

The hub keeps what district IT publishes (``renshe-hub publish``) and hands each station
the newest publication of each kind meant for it. It checks every publication against
the district keys it knows before storing it, so a slip at the district is caught here
and not at two hundred stations, but it cannot make one: the private key never comes
here. Stations verify again against the keys they pinned.

Staging: a publication goes to every station, or to the stations listed and/or to a
percentage of stations chosen by a hash of the station id. The hash does not depend on
the publication, so the same stations go first every time (district IT learns which
stations are its early ones) and widening 10 % to 50 % keeps the first 10 %.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, func, insert, select, update

from hub_sync.model import new_id
from hub_sync.protocol.publication import (
    KINDS,
    PublicationOffer,
    PublicationPayload,
    PublicationReport,
    PublisherKey,
    SignedPublication,
    SignedRotation,
    apply_rotations,
    key_id_of,
    verify_payload,
    verify_publication,
)
from hub_sync.protocol.signing import public_key_from_b64

from .errors import HubRefusal
from .tables import (
    hub_stations,
    publication_keys,
    publication_reports,
    publication_rotations,
    publications,
)


def stage_bucket(station_id: str) -> int:
    """The station's place in a percentage rollout, 0–99, fixed by its id."""
    digest = hashlib.sha256(station_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100


def in_stage(station_id: str, stations: Sequence[str] | None, percent: int | None) -> bool:
    """Whether a publication staged to ``stations`` / ``percent`` is for this station."""
    if stations is None and percent is None:
        return True
    if stations is not None and station_id in stations:
        return True
    return percent is not None and stage_bucket(station_id) < percent


# -- keys and rotations -------------------------------------------------------------------


def active_keys(conn: Connection) -> dict[str, str]:
    """The district keys the hub knows and that are not retired: key id → public key."""
    rows = conn.execute(
        select(publication_keys.c.key_id, publication_keys.c.public_key).where(
            publication_keys.c.retired_at.is_(None)
        )
    )
    return {r.key_id: r.public_key for r in rows}


def register_key(conn: Connection, public_key_b64: str, now: datetime) -> str:
    """Make a district public key known to the hub (district IT generated it)."""
    public_key_from_b64(public_key_b64)  # refuses anything that is not an Ed25519 key
    key_id = key_id_of(public_key_b64)
    known = conn.execute(
        select(publication_keys.c.retired_at).where(publication_keys.c.key_id == key_id)
    ).first()
    if known is not None:
        state = "retired" if known.retired_at is not None else "registered"
        raise HubRefusal("key_exists", f"key {key_id} is already {state} at this hub")
    conn.execute(
        insert(publication_keys).values(key_id=key_id, public_key=public_key_b64, added_at=now)
    )
    return key_id


def store_rotation(conn: Connection, rotation: SignedRotation, now: datetime) -> None:
    """Keep a rotation statement (checked with the old key) and register the new key."""
    s = rotation.statement
    keys = active_keys(conn)
    if s.old_key_id not in keys:
        raise HubRefusal(
            "unknown_key", f"key {s.old_key_id} is not an active district key at this hub"
        )
    result = apply_rotations({s.old_key_id: keys[s.old_key_id]}, (), [rotation])
    if s.new_key_id not in result.added:
        raise HubRefusal(
            "bad_publication_signature",
            f"the rotation to key {s.new_key_id} is not signed by key {s.old_key_id}",
        )
    register_key(conn, s.new_public_key, now)
    if s.retire_old:
        conn.execute(
            update(publication_keys)
            .where(publication_keys.c.key_id == s.old_key_id)
            .values(retired_at=now)
        )
    position = conn.scalar(select(func.coalesce(func.max(publication_rotations.c.position), 0)))
    conn.execute(
        insert(publication_rotations).values(
            position=int(position or 0) + 1,
            new_key_id=s.new_key_id,
            statement=rotation.model_dump_json(),
            created_at=now,
        )
    )


def rotations(conn: Connection) -> list[SignedRotation]:
    rows = conn.execute(
        select(publication_rotations.c.statement).order_by(publication_rotations.c.position)
    )
    return [SignedRotation.model_validate_json(r.statement) for r in rows]


# -- publications -------------------------------------------------------------------------


def newest_version(conn: Connection, kind: str) -> int:
    found = conn.scalar(select(func.max(publications.c.version)).where(publications.c.kind == kind))
    return int(found or 0)


def _checked_staging(
    conn: Connection, stations: Sequence[str] | None, percent: int | None
) -> tuple[str | None, int | None]:
    if percent is not None and not 0 <= percent <= 100:
        raise HubRefusal("bad_staging", f"a percentage is 0 to 100, not {percent}")
    if stations is None:
        return None, percent
    wanted = sorted(set(stations))
    known = set(conn.scalars(select(hub_stations.c.id).where(hub_stations.c.id.in_(wanted))).all())
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise HubRefusal("bad_staging", f"no such station: {', '.join(unknown[:5])}")
    return json.dumps(wanted), percent


def store_publication(
    conn: Connection,
    signed: SignedPublication,
    payload: bytes,
    now: datetime,
    *,
    stations: Sequence[str] | None = None,
    percent: int | None = None,
) -> None:
    """Keep a signed publication, staged as asked.

    Refused unless an active district key signed it, the payload is the one signed and
    its version is above every earlier publication of its kind (versions only go up:
    a station refuses anything not newer than what it has, so a lower one would reach
    nobody).
    """
    s = signed.statement
    verify_publication(signed, active_keys(conn))
    verify_payload(s, payload)
    newest = newest_version(conn, s.kind)
    if s.version <= newest:
        raise HubRefusal(
            "stale_publication",
            f"{s.kind} version {s.version} is not above the newest published, {newest}",
            status=409,
        )
    stations_json, percent = _checked_staging(conn, stations, percent)
    conn.execute(
        insert(publications).values(
            kind=s.kind,
            version=s.version,
            label=s.label,
            envelope=signed.model_dump_json(),
            payload=payload,
            payload_size=len(payload),
            stations=stations_json,
            percent=percent,
            published_at=now,
        )
    )


def _existing(conn: Connection, kind: str, version: int) -> None:
    found = conn.scalar(
        select(func.count())
        .select_from(publications)
        .where(and_(publications.c.kind == kind, publications.c.version == version))
    )
    if not found:
        raise HubRefusal(
            "unknown_publication", f"no {kind} publication version {version}", status=404
        )


def restage(
    conn: Connection,
    kind: str,
    version: int,
    *,
    stations: Sequence[str] | None,
    percent: int | None,
) -> None:
    """Change who gets a publication (widen a rollout; ``None`` and ``None``: everyone).
    Stations that already installed it keep it: nothing is ever downgraded."""
    _existing(conn, kind, version)
    stations_json, percent = _checked_staging(conn, stations, percent)
    conn.execute(
        update(publications)
        .where(and_(publications.c.kind == kind, publications.c.version == version))
        .values(stations=stations_json, percent=percent)
    )


def withdraw(conn: Connection, kind: str, version: int, now: datetime) -> None:
    """Stop offering a publication; stations offered an older one refuse it as stale."""
    _existing(conn, kind, version)
    conn.execute(
        update(publications)
        .where(and_(publications.c.kind == kind, publications.c.version == version))
        .values(withdrawn_at=now)
    )


def _newest_for(conn: Connection, station_id: str, kind: str) -> tuple[int, str] | None:
    rows = conn.execute(
        select(
            publications.c.version,
            publications.c.envelope,
            publications.c.stations,
            publications.c.percent,
        )
        .where(and_(publications.c.kind == kind, publications.c.withdrawn_at.is_(None)))
        .order_by(publications.c.version.desc())
    )
    for r in rows:
        stations = json.loads(r.stations) if r.stations is not None else None
        if in_stage(station_id, stations, r.percent):
            return int(r.version), r.envelope
    return None


def offer_for(conn: Connection, station_id: str) -> PublicationOffer:
    """What a station is offered: the newest publication of each kind staged to it
    (as stored: the station verifies it), every rotation, the hub's active keys."""
    found = [_newest_for(conn, station_id, kind) for kind in KINDS]
    return PublicationOffer(
        publications=[json.loads(envelope) for _, envelope in filter(None, found)],
        rotations=[r.model_dump() for r in rotations(conn)],
        keys=[PublisherKey(key_id=k, public_key=v) for k, v in sorted(active_keys(conn).items())],
    )


def payload_for(conn: Connection, station_id: str, kind: str, version: int) -> PublicationPayload:
    """The payload of a publication offered to this station; ``unknown_publication``
    (404) for one that does not exist, was withdrawn or is not staged to it."""
    row = conn.execute(
        select(publications.c.payload, publications.c.stations, publications.c.percent).where(
            and_(
                publications.c.kind == kind,
                publications.c.version == version,
                publications.c.withdrawn_at.is_(None),
            )
        )
    ).first()
    stations = json.loads(row.stations) if row is not None and row.stations else None
    if row is None or not in_stage(station_id, stations, row.percent):
        raise HubRefusal(
            "unknown_publication",
            f"no {kind} publication version {version} for this station",
            status=404,
        )
    return PublicationPayload(
        kind=kind,
        version=version,
        payload=base64.b64encode(row.payload).decode("ascii"),
    )


def record_report(
    conn: Connection, station_id: str, report: PublicationReport, now: datetime
) -> None:
    conn.execute(
        insert(publication_reports).values(
            id=new_id(),
            station_id=station_id,
            kind=report.kind,
            version=report.version,
            outcome=report.outcome,
            code=report.code,
            message=report.message,
            reported_at=now,
        )
    )


# -- for district IT ----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationSummary:
    kind: str
    version: int
    label: str
    size: int
    stations: tuple[str, ...] | None
    percent: int | None
    published_at: datetime
    withdrawn: bool
    applied: int  # stations that reported it applied
    refused: int  # reports of refusals and roll-backs


def list_publications(conn: Connection) -> list[PublicationSummary]:
    counts: dict[tuple[str, int, str], int] = {}
    for r in conn.execute(
        select(
            publication_reports.c.kind,
            publication_reports.c.version,
            publication_reports.c.outcome,
            func.count(func.distinct(publication_reports.c.station_id)).label("n"),
        ).group_by(
            publication_reports.c.kind, publication_reports.c.version, publication_reports.c.outcome
        )
    ):
        counts[(r.kind, int(r.version or 0), r.outcome)] = int(r.n)
    out = []
    for r in conn.execute(
        select(
            publications.c.kind,
            publications.c.version,
            publications.c.label,
            publications.c.payload_size,
            publications.c.stations,
            publications.c.percent,
            publications.c.published_at,
            publications.c.withdrawn_at,
        ).order_by(publications.c.kind, publications.c.version)
    ):
        key = (r.kind, int(r.version))
        out.append(
            PublicationSummary(
                kind=r.kind,
                version=int(r.version),
                label=r.label,
                size=int(r.payload_size),
                stations=tuple(json.loads(r.stations)) if r.stations else None,
                percent=r.percent,
                published_at=r.published_at,
                withdrawn=r.withdrawn_at is not None,
                applied=counts.get((*key, "applied"), 0),
                refused=counts.get((*key, "refused"), 0) + counts.get((*key, "rolled_back"), 0),
            )
        )
    return out


@dataclass(frozen=True)
class StationReport:
    station_id: str
    kind: str
    version: int | None
    outcome: str
    code: str
    message: str
    reported_at: datetime


def recent_reports(conn: Connection, limit: int = 50) -> list[StationReport]:
    rows = conn.execute(
        select(publication_reports).order_by(publication_reports.c.reported_at.desc()).limit(limit)
    )
    return [
        StationReport(r.station_id, r.kind, r.version, r.outcome, r.code, r.message, r.reported_at)
        for r in rows
    ]

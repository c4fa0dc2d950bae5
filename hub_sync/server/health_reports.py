"""Stations' health reports at the hub: keep the latest of each station."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, insert, update

from hub_sync.protocol.health import HealthReport

from .tables import hub_stations, station_health


def record(conn: Connection, station_id: str, report: HealthReport, now: datetime) -> None:
    """Replace the station's health row with ``report`` (received at ``now``).

    The station's row in ``hub_stations`` is locked by the signed request's
    authentication until this transaction ends, so two reports of one station never race
    between the update and the insert."""
    values = {
        "reported_at": now,
        "outbox_backlog": report.outbox_backlog,
        "rejected_waiting": report.rejected_waiting,
        "conflicts_waiting": report.conflicts_waiting,
        "client_version": report.client_version,
        "reference_version": report.reference_version,
        "clock_offset_ms": report.clock_offset_ms,
        "devices": json.dumps(
            [d.model_dump(exclude_none=True) for d in report.devices], ensure_ascii=False
        ),
        "frozen": json.dumps(report.frozen),
    }
    done = conn.execute(
        update(station_health).where(station_health.c.station_id == station_id).values(values)
    ).rowcount
    if not done:
        conn.execute(insert(station_health).values(station_id=station_id, **values))
    # The station list's own columns follow the newest word from the station.
    conn.execute(
        update(hub_stations)
        .where(hub_stations.c.id == station_id)
        .values(backlog=report.outbox_backlog, client_version=report.client_version)
    )

"""Recording what the inspector found at stations on their synced records (验收).

``renshe-hub station inspect FILE`` takes the inspection file the acceptance report
reads and writes it onto the stations' records, so later reports (on the hub, and on
each station for itself, after sync) use it without the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, or_, select

from hub_sync.model import Station, table_of
from hub_sync.reports.facilities import Facilities, facility_columns

from .changes import HUB, Batch, log_changes, write
from .errors import HubRefusal


def record_inspections(
    conn: Connection, facilities: Mapping[str, Facilities], now: datetime
) -> list[str]:
    """Write each entry (keyed by station id or division code) onto its station; the
    ids of the stations changed. Every key must name exactly one active station."""
    table = table_of(Station)
    batch = Batch(HUB, now)
    changed = []
    for key, found in facilities.items():
        rows = conn.execute(
            select(table).where(
                or_(table.c.id == key, table.c.org_code == key),
                table.c.deleted.is_(False),
                table.c.active.is_(True),
            )
        ).all()
        if len(rows) != 1:
            raise HubRefusal(
                "unknown_station" if not rows else "ambiguous_station",
                f"{key}: {'no active station' if not rows else 'more than one station'} "
                "by that id or division code",
            )
        current = rows[0]
        values = facility_columns(found)
        if all(getattr(current, k) == v for k, v in values.items()):
            continue  # recorded already: no new version for the stations to download
        write(
            conn,
            batch,
            table,
            current,
            {**values, "changed_station": "hub", "changed_staff": None, "changed_at": now},
        )
        changed.append(current.id)
    log_changes(conn, batch)
    return changed

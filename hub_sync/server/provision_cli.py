"""`renshe-hub station provision`: a provisioning file for a station PC (see
:mod:`hub_sync.protocol.provisioning`).

    renshe-hub station provision --org 320115001001 --name "上坊社区服务站" \\
        --hub-url https://hub.district.example --out shangfang.renshe
    renshe-hub station provision --station <station id> --hub-url … --out again.renshe

A new station (``--org``/``--name``) or a new one-time code for an existing one
(``--station``, e.g. a PC replaced); the hub's address as stations reach it
(``--hub-url``, default ``RENSHE_HUB_PUBLIC_URL``) and the district publication keys
the hub knows go in with it. The file is written readable by its owner only and never
over an existing one; if it cannot be written, no station or code is made.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hub_sync import db
from hub_sync.model import utc_now
from hub_sync.protocol.provisioning import StationProvisioning, dumps
from hub_sync.protocol.wire import format_utc

from . import publications, stations
from .settings import HubSettings
from .tables import hub_stations

PUBLIC_URL_ENV = "RENSHE_HUB_PUBLIC_URL"


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def cmd_provision(args: argparse.Namespace) -> int:
    hub_url = args.hub_url or os.environ.get(PUBLIC_URL_ENV)
    if not hub_url:
        raise ValueError(f"the hub's address for stations: pass --hub-url or set {PUBLIC_URL_ENV}")
    if args.station is None and not (args.org and args.name):
        raise ValueError("a new station needs --org and --name (or --station for an existing one)")
    if args.out.exists():
        raise ValueError(f"{args.out} exists already; a provisioning file is never overwritten")
    settings = HubSettings.from_environment(args.database)
    engine = db.make_engine(settings.database_url)
    db.require_migrated(engine)
    now = utc_now()
    with engine.begin() as conn:  # the file is written inside: no file, no station
        if args.station is None:
            made = stations.add_station(conn, settings, org_code=args.org, name=args.name, now=now)
        else:
            made = stations.reissue_code(conn, settings, args.station, now)
        row = conn.execute(
            select(hub_stations.c.org_code, hub_stations.c.name, hub_stations.c.revoked_at).where(
                hub_stations.c.id == made.station_id
            )
        ).one()
        if row.revoked_at is not None:
            raise ValueError(f"station {made.station_id} was revoked: add a new one")
        keys = publications.active_keys(conn)
        provisioning = StationProvisioning(
            hub_url=hub_url,
            station_id=made.station_id,
            org_code=row.org_code,
            name=row.name,
            code=made.code,
            expires_at=format_utc(made.expires_at),
            publisher_keys=[keys[k] for k in sorted(keys)],
            issued_at=format_utc(now),
        )
        _write_new(args.out, dumps(provisioning))
    print(f"station {made.station_id} ({row.name}, {row.org_code}) provisioned in {args.out}")
    print(f"one use, until {made.expires_at:%Y-%m-%d %H:%M} UTC; hub {provisioning.hub_url}")
    if keys:
        print(f"district keys pinned by the station: {', '.join(sorted(keys))}")
    else:
        print("no district key yet (renshe-hub keys generate): the station will trust the keys")
        print("the hub names when it enrols")
    return 0


def add_command(station_actions: Any) -> None:
    """Add ``provision`` to `renshe-hub station`'s actions."""
    p = station_actions.add_parser(
        "provision", help="a provisioning file for a station PC (hub, one-time code, keys)"
    )
    p.add_argument("--org", help="a new station: division code of its area")
    p.add_argument("--name", help="a new station: its name")
    p.add_argument("--station", help="an existing station's id: a new one-time code")
    p.add_argument("--hub-url", help=f"the hub's address for stations (default ${PUBLIC_URL_ENV})")
    p.add_argument("--out", type=Path, required=True, help="the file to write (*.renshe)")
    p.set_defaults(run=cmd_provision)

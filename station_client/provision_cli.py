"""`renshe-station provision FILE`, and the installed app's first start finding a
provisioning file district IT put in a known place (:mod:`station_client.sync.provisioning`).

Known places, first found first tried (only while the station is not enrolled):

- ``$RENSHE_PROVISION`` (a file);
- ``station.renshe`` in the station's data directory;
- Linux: ``/etc/renshe-station/station.renshe`` (the Debian package makes the folder);
- Windows: ``%ProgramData%\\RenShe Station\\station.renshe`` (the installer's
  ``/PROVISION=`` option copies a file there).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from station_client import __version__
from station_client.store import Store
from station_client.sync import is_enrolled
from station_client.sync.errors import SyncError
from station_client.sync.meta import StationIdentity
from station_client.sync.provisioning import (
    describe,
    pinned_key_ids,
    provision,
    read_provisioning,
)

from .app import Station

log = logging.getLogger("renshe.provision")

PROVISION_ENV = "RENSHE_PROVISION"
FILE_NAME = "station.renshe"
AUTO_TIMEOUT = (5.0, 20.0)  # connect, read: the app's first window waits for this


def known_files(data_dir: Path, environ: Mapping[str, str] | None = None) -> list[Path]:
    env: Mapping[str, str] = os.environ if environ is None else environ
    places = [Path(env[PROVISION_ENV])] if env.get(PROVISION_ENV) else []
    places.append(data_dir / FILE_NAME)
    if sys.platform == "win32":
        program_data = Path(env.get("ProgramData", r"C:\ProgramData"))
        places.append(program_data / "RenShe Station" / FILE_NAME)
    else:
        places.append(Path("/etc/renshe-station") / FILE_NAME)
    return places


def _enrolled_line(me: StationIdentity, store: Store) -> str:
    keys = ", ".join(pinned_key_ids(store)) or "none"
    return (
        f"已注册 enrolled: {me.name} ({me.org_code}), station {me.station_id}, hub {me.hub_url}; "
        f"district keys pinned: {keys}"
    )


def auto_provision(station: Station, store: Store) -> StationIdentity | None:
    """At the app's start: enrol with a provisioning file from a known place, if the
    station is not enrolled and one is there. A file that fails (hub unreachable, code
    used or expired) is logged and the app's first-run panel comes up as usual."""
    if is_enrolled(store):
        return None
    for path in known_files(station.config.data_dir):
        if not path.is_file():
            continue
        try:
            me = provision(store, read_provisioning(path), __version__, timeout=AUTO_TIMEOUT)
        except SyncError as e:
            log.warning("provisioning file %s not used: %s", path, e)
            print(f"renshe-station: provisioning file {path} not used: {e}", file=sys.stderr)
            continue
        print(_enrolled_line(me, store))
        return me
    return None


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "provision",
        help="enrol with a provisioning file from district IT (`renshe-hub station provision`)",
    )
    p.add_argument("file", type=Path, help="the provisioning file (*.renshe)")
    p.add_argument("--check", action="store_true", help="only read the file and say what it is for")
    return p


def run(station: Station, args: argparse.Namespace) -> int:
    provisioning = read_provisioning(args.file)
    print(describe(provisioning))
    if args.check:
        return 0
    store = station.open_store(create=True)
    me = provision(store, provisioning, __version__)
    print(_enrolled_line(me, store))
    return 0

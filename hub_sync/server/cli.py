"""`renshe-hub`: serve, migrate and manage stations (district IT's command line)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from hub_sync import db
from hub_sync.errors import HubError
from hub_sync.model import utc_now
from hub_sync.reports.facilities import Facilities, facilities_from_json

from . import fleet, inspections, provision_cli, publish_cli, purge, staff, state, stations
from .settings import HubSettings


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: what log collectors at the district read best."""

    _SKIP = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created).astimezone().isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in self._SKIP})
        return json.dumps(entry, ensure_ascii=False, default=str)


def _settings(args: argparse.Namespace) -> HubSettings:
    return HubSettings.from_environment(args.database)


def cmd_migrate(args: argparse.Namespace) -> int:
    engine = db.make_engine(_settings(args).database_url)
    db.upgrade(engine)
    print(f"hub database at schema {db.current_revision(engine)}")
    return 0


def _configure_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLogFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)


def worker_app() -> Any:
    """The app of one worker process of `serve --workers N` (settings from the environment)."""
    from .app import create_app

    _configure_logging()
    return create_app(HubSettings.from_environment())


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    _configure_logging()
    settings = _settings(args)
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_config": None,
        "access_log": args.access_log,
    }
    if args.workers > 1:
        # Each worker is a process of its own (Python runs one thread at a time); they
        # share nothing but the database, so they need no coordination.
        db.require_migrated(db.make_engine(settings.database_url))
        os.environ["RENSHE_HUB_DATABASE"] = settings.database_url
        uvicorn.run("hub_sync.server.cli:worker_app", factory=True, workers=args.workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)
    return 0


def _code_line(made: stations.NewStation) -> str:
    return f"enrolment code: {made.code}  (one use, expires {made.expires_at:%Y-%m-%d %H:%M} UTC)"


def _inspection_file(path: Path) -> dict[str, Facilities]:
    try:
        return facilities_from_json(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ValueError(f"cannot read {path}: {e.strerror}") from e


def cmd_station(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = db.make_engine(settings.database_url)
    db.require_migrated(engine)
    now = utc_now()
    with engine.begin() as conn:
        if args.action == "add":
            made = stations.add_station(conn, settings, org_code=args.org, name=args.name, now=now)
            print(f"station {made.station_id} ({args.name}, {args.org})")
            print(_code_line(made))
        elif args.action == "code":
            made = stations.reissue_code(conn, settings, args.station_id, now)
            print(_code_line(made))
        elif args.action == "revoke":
            stations.revoke(conn, args.station_id, now)
            print(f"station {args.station_id} revoked")
        elif args.action == "inspect":
            changed = inspections.record_inspections(conn, _inspection_file(args.file), now)
            print(f"facilities recorded on {len(changed)} station(s)")
        else:
            # The fleet page's columns: last sync, backlog, refused, conflicts, versions,
            # clock, devices; quiet stations first.
            fleet_settings = fleet.FleetSettings.from_environment()
            for line in fleet.text_lines(fleet.fleet_rows(conn, now, fleet_settings), now):
                print(line)
    return 0


def cmd_staff(args: argparse.Namespace) -> int:
    import getpass

    settings = _settings(args)
    engine = db.make_engine(settings.database_url)
    db.require_migrated(engine)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    with engine.begin() as conn:
        staff_id = staff.add_staff(
            conn,
            username=args.username,
            full_name=args.name,
            role=args.role,
            area_code=args.area,
            password=password,
            now=utc_now(),
            station_id=args.station,
            backup_staff_id=args.backup,
        )
    print(f"staff {staff_id} ({args.username}, {args.role}, area {args.area})")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = db.make_engine(settings.database_url)
    db.require_migrated(engine)
    with engine.begin() as conn:
        done = purge.purge(conn, before=utc_now() - settings.tombstone_horizon)
    print(
        f"purged {done.tombstones} tombstones and {done.log_rows} change-log rows; "
        f"cursors before {done.horizon_seq} now resync"
    )
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    engine = db.make_engine(_settings(args).database_url)
    with engine.begin() as conn:
        print(f"new epoch {state.start_new_epoch(conn)}: every station will re-download its scope")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from hub_sync.reports import command as report_command

    engine = db.make_engine(_settings(args).database_url)
    db.require_migrated(engine)
    with engine.connect() as conn:
        return report_command.run(args, conn, report_command.hub_context(), prog="renshe-hub")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="renshe-hub", description="RenShe district hub 人社区级中心"
    )
    parser.add_argument("--database", help="database URL (default: RENSHE_HUB_DATABASE)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the hub database").set_defaults(
        run=cmd_migrate
    )
    serve = sub.add_parser("serve", help="run the hub")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("RENSHE_HUB_WORKERS", "1")),
        help="worker processes (default RENSHE_HUB_WORKERS or 1; about one per CPU core)",
    )
    serve.add_argument(
        "--access-log", action="store_true", help="log every request (off: refusals only)"
    )
    serve.set_defaults(run=cmd_serve)
    sub.add_parser("new-epoch", help="after restoring a backup").set_defaults(run=cmd_new_epoch)
    sub.add_parser(
        "purge", help="forget tombstones older than the horizon (default 90 days)"
    ).set_defaults(run=cmd_purge)
    st = sub.add_parser("station", help="stations: add, code, list, revoke")
    st_sub = st.add_subparsers(dest="action", required=True)
    add = st_sub.add_parser("add")
    add.add_argument("--org", required=True, help="division code of the station's area")
    add.add_argument("--name", required=True)
    for name in ("code", "revoke"):
        p = st_sub.add_parser(name)
        p.add_argument("station_id")
    st_sub.add_parser("list")
    inspect = st_sub.add_parser("inspect", help="record inspected facilities from a JSON file")
    inspect.add_argument("file", type=Path, help="the inspection file (see `report acceptance`)")
    st.set_defaults(run=cmd_station)
    provision_cli.add_command(st_sub)
    sf = sub.add_parser("staff", help="staff accounts")
    sf_sub = sf.add_subparsers(dest="action", required=True)
    sadd = sf_sub.add_parser("add")
    sadd.add_argument("--username", required=True)
    sadd.add_argument("--name", required=True, help="full name")
    sadd.add_argument("--role", required=True, choices=staff.ROLES)
    sadd.add_argument("--area", required=True, help="division code prefix of the area served")
    sadd.add_argument("--station", help="station id")
    sadd.add_argument("--backup", help="staff id of the AB-role partner")
    sadd.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sf.set_defaults(run=cmd_staff)
    publish_cli.add_commands(sub)
    from hub_sync.reports import command as report_command

    report_command.add_parser(sub).set_defaults(run=cmd_report)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (HubError, ValueError) as e:
        print(f"renshe-hub: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

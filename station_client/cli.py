"""`renshe-station`: the station's command line (the desktop app comes with the UI)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from station_client import __version__
from station_client.errors import StationError
from station_client.sync import SyncAgent, enrol
from station_client.sync.report import describe

from . import provision_cli
from .app import Station, StationConfig
from .demo import run_demo


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="renshe-station", description="RenShe Station 人社服务站")
    parser.add_argument(
        "--data",
        type=Path,
        help="station data directory (default: RENSHE_DATA or ~/.local/share/renshe-station)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo", help="load the sample district (first run) and show what is in it"
    )
    demo.add_argument("--persons", type=_count, default=20000, help="people in the sample district")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--data", type=Path, dest="sub_data", help=argparse.SUPPRESS)
    enrol_cmd = sub.add_parser(
        "enrol", help="register this station with the district hub (one-time code)"
    )
    enrol_cmd.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub:8443")
    enrol_cmd.add_argument("--code", required=True, help="the one-time enrolment code")
    enrol_cmd.add_argument("--data", type=Path, dest="sub_data", help=argparse.SUPPRESS)
    sync = sub.add_parser("sync", help="sync with the hub (push local changes, pull others')")
    sync.add_argument("--once", action="store_true", help="one sync, then exit")
    sync.add_argument(
        "--interval", type=float, default=300.0, help="seconds between syncs without --once"
    )
    sync.add_argument("--data", type=Path, dest="sub_data", help=argparse.SUPPRESS)
    app = sub.add_parser("app", help="the counter app (first run: enrolment, then login)")
    app.add_argument("--data", type=Path, dest="sub_data", help=argparse.SUPPRESS)
    app.add_argument(
        "--smoke-test", action="store_true", help="quit once the login screen is shown (checks)"
    )
    provision_cli.add_parser(sub).add_argument(
        "--data", type=Path, dest="sub_data", help=argparse.SUPPRESS
    )
    info = sub.add_parser(
        "info-screen",
        help="the hall's information screen (就业信息屏); staff leave with Ctrl+Shift+Q",
    )
    info.add_argument("--data", type=Path, dest="sub_data", help=argparse.SUPPRESS)
    from hub_sync.reports import command as report_command

    report_command.add_parser(sub).add_argument(
        "--data", type=Path, dest="sub_data", help=argparse.SUPPRESS
    )
    demo_app = sub.add_parser(
        "demo-app", help="a hub and a station on the sample district, and the counter app on it"
    )
    demo_app.add_argument("--persons", type=_count, default=20000, help="people in the sample")
    demo_app.add_argument("--seed", type=int, default=1)
    demo_app.add_argument(
        "--exit-after-ready",
        action="store_true",
        help="close once the clerk is logged in and a file is shown (tests)",
    )
    demo_app.add_argument("--data", type=Path, dest="sub_data", help=argparse.SUPPRESS)
    _add_devices(sub)
    args = parser.parse_args(argv)
    if args.command == "devices":  # needs no station database
        try:
            return _devices(args)
        except StationError as e:
            print(f"renshe-station: {e}", file=sys.stderr)
            return 2

    if args.command == "demo-app":  # its own hub and station, inside the demo directory
        from .demo_app import run_demo_app

        try:
            return run_demo_app(
                args.sub_data or args.data or Path("demo-data"),
                persons=args.persons,
                seed=args.seed,
                exit_after_ready=args.exit_after_ready,
            )
        except StationError as e:
            print(f"renshe-station: {e}", file=sys.stderr)
            return 2

    station = Station(StationConfig.from_environment(args.sub_data or args.data))
    try:
        if args.command == "demo":
            run_demo(station, persons=args.persons, seed=args.seed, out=sys.stdout)
        elif args.command == "enrol":
            return _enrol(station, args.hub, args.code)
        elif args.command == "sync":
            return _sync(station, once=args.once, interval=args.interval)
        elif args.command == "app":
            return _app(station, smoke_test=args.smoke_test)
        elif args.command == "provision":
            return provision_cli.run(station, args)
        elif args.command == "report":
            return _report(station, args)
        elif args.command == "info-screen":
            from station_client.ui.info_screen import run_info_screen

            return run_info_screen(station.open_store(), sys.argv[:1])
        return 0
    except StationError as e:
        print(f"renshe-station: {e}", file=sys.stderr)
        return 2
    finally:
        station.close()


def _report(station: Station, args: argparse.Namespace) -> int:
    from datetime import datetime

    from hub_sync.reports import code_names_from_bundle, working_days_from_bundle
    from hub_sync.reports import command as report_command
    from hub_sync.reports.periods import CHINA_TIME
    from station_client.rules.codes import Role
    from station_client.rules.masking import Field, present

    store = station.open_store()
    bundle = store.reference()
    context = report_command.ReportContext(
        working_days_from_bundle(bundle),
        code_names_from_bundle(bundle),
        # No login on the command line: personal data as a district admin sees it.
        lambda f, v: present(Field(f.value), v, Role.DISTRICT_ADMIN),
        lambda: datetime.now(CHINA_TIME),
    )
    with store.engine.connect() as conn:
        return int(report_command.run(args, conn, context, prog="renshe-station"))


def _app(station: Station, *, smoke_test: bool = False) -> int:
    from station_client.devices.manager import DeviceSettings
    from station_client.ui.app import run_counter

    store = station.open_store(create=True)
    provision_cli.auto_provision(station, store)  # a file from district IT, first start
    settings = DeviceSettings.load(station.config.data_dir)
    if smoke_test:
        from station_client.ui.smoke import watch_first_screen

        watch_first_screen(sys.argv[:1])
    return run_counter(store, settings, sys.argv[:1], updates=station.updates(store))


def _add_devices(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    devices = sub.add_parser("devices", help="card readers and scanners (for technicians)")
    actions = devices.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="readers and ports found on this PC").add_argument(
        "--json", action="store_true"
    )
    card = actions.add_parser("read-card", help="read the social-security card in a reader")
    card.add_argument("--reader", help="PC/SC reader name (default: the first one)")
    id_card = actions.add_parser("read-id", help="read the ID card on a serial reader")
    id_card.add_argument("--port", help="serial port, e.g. /dev/ttyUSB0 (default: detect)")
    for p in (card, id_card):
        p.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a card")
        p.add_argument("--json", action="store_true")
    decode = actions.add_parser("decode", help="barcodes and QR codes in a picture")
    decode.add_argument("image", type=Path)
    decode.add_argument("--json", action="store_true")


def _devices(args: argparse.Namespace) -> int:
    import json

    from station_client.devices import technician

    out: Any
    if args.action == "list":
        out = technician.list_devices()
        lines = [
            f"{d['kind']:<14} {d['name'] or '-':<28} {d['state']}"
            + (f"  ({d['reason']})" if d.get("reason") else "")
            for d in out
        ]
    elif args.action in ("read-card", "read-id"):
        identity = (
            technician.read_card(args.reader, wait=args.wait)
            if args.action == "read-card"
            else technician.read_id(args.port, wait=args.wait)
        )
        out = technician.identity_fields(identity)
        lines = [f"{k}: {v}" for k, v in out.items() if v not in (None, {}, "")]
    else:
        codes = technician.decode(args.image)
        out = [{"symbology": c.symbology, "text": c.text} for c in codes]
        lines = [f"{c['symbology']}: {c['text']}" for c in out]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))
    return 0


def _enrol(station: Station, hub: str, code: str) -> int:
    me = enrol(station.open_store(create=True), hub, code, __version__)
    print(f"已注册 enrolled: {me.name} ({me.org_code}), station {me.station_id}, hub {me.hub_url}")
    return 0


def _sync(station: Station, *, once: bool, interval: float) -> int:
    store = station.open_store()
    agent = SyncAgent(
        store, client_version=__version__, interval=interval, updates=station.updates(store)
    )
    if once:
        report = agent.sync_once()
        print(f"已同步 synced with {report.hub_url} as station {report.station_id}")
        for line in describe(report):
            print(line)
        return 0
    agent.start()
    print("syncing in the background; Ctrl-C to stop 后台同步中，按 Ctrl-C 退出")
    seen = None
    try:
        while agent.running:
            status = agent.status
            if (status.phase, status.last_success_at) != seen:
                seen = (status.phase, status.last_success_at)
                print(f"{status.phase.value}: {status.message or ''}".rstrip(": "), flush=True)
            time.sleep(1.0)
    except KeyboardInterrupt:
        pass
    finally:
        agent.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

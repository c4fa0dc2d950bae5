"""`renshe-station`: the station's command line (the desktop app comes with the UI)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station_client.errors import StationError

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
    args = parser.parse_args(argv)

    station = Station(StationConfig.from_environment(args.sub_data or args.data))
    try:
        if args.command == "demo":
            run_demo(station, persons=args.persons, seed=args.seed, out=sys.stdout)
        return 0
    except StationError as e:
        print(f"renshe-station: {e}", file=sys.stderr)
        return 2
    finally:
        station.close()


if __name__ == "__main__":
    raise SystemExit(main())

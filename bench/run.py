"""`make bench`: every benchmark, measured value beside its target, and bench-results.json."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

from station_client.reference import default_bundle_dir, load_bundle

from . import (
    conflicts_bench,
    devices_barcode,
    devices_idcard,
    devices_sscard,
    fleet_bench,
    hub_bench,
    installer_bench,
    publish_bench,
    reports_bench,
    store_bench,
    ui_bench,
)
from .harness import Report


def _earlier_rows(path: Path) -> list[dict[str, object]]:
    """Results already in the output file (kept for the benchmarks not run this time)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return (
        [r for r in rows if isinstance(r, dict) and "name" in r] if isinstance(rows, list) else []
    )


def _group(name: str) -> str:
    """Which group a result belongs to, by its name (for keeping results in order)."""
    if name.startswith("reports"):
        return "reports"
    if name.startswith("counter"):
        return "ui"
    if name.startswith("package"):
        return "installer"
    if name.startswith(("idcard", "sscard", "barcode", "wedge")):
        return "devices"
    if name.startswith(("bulk", "capture", "encryption", "search", "save", "publish")):
        return "store"
    return "hub"


def main() -> int:
    parser = argparse.ArgumentParser(description="RenShe Station benchmarks")
    parser.add_argument("--search-size", type=int, default=None, help="default 500,000")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller sizes for a smoke run (results go to bench-results-quick.json)",
    )
    parser.add_argument(
        "--only",
        choices=("store", "hub", "devices", "reports", "ui", "installer"),
        help="run one group of benchmarks only",
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out: Path = args.out or Path("bench-results-quick.json" if args.quick else "bench-results.json")
    search_size = args.search_size or (20_000 if args.quick else 500_000)
    earlier = _earlier_rows(out) if args.only else []
    bundle = load_bundle(default_bundle_dir())
    report = Report()
    work = Path(tempfile.mkdtemp(prefix="renshe-bench-", dir=os.environ.get("RENSHE_BENCH_DIR")))
    try:
        if args.only in (None, "store"):
            print("station store (encrypted with SQLCipher)")
            store_bench.bench_bulk_load(report, bundle, work)
            store_bench.bench_capture_overhead(report, bundle, work)
            store_bench.bench_encryption_cost(report, bundle, work)
            store_bench.bench_search_and_save(report, bundle, work, search_size)
            publish_bench.run(report, work, args.quick)
        if args.only in (None, "hub"):
            print("district hub (PostgreSQL, served on loopback by `renshe-hub serve`)")
            hub_bench.run(report, bundle, work, hub_bench.QUICK if args.quick else hub_bench.FULL)
            fleet_bench.run(report, work, args.quick)
            conflicts_bench.run(report, args.quick)
        if args.only in (None, "reports"):
            print("ledgers and assessment (PostgreSQL for the district, the station store)")
            reports_bench.run(report, bundle, work, args.quick)
        if args.only in (None, "ui"):
            print("counter app (PySide6 offscreen on a station store; a hub on loopback)")
            ui_bench.run(report, bundle, work, args.quick)
        if args.only in (None, "devices"):
            print("devices (drivers through real ptys; wedge detection on modelled key timing)")
            devices_sscard.run(report, args.quick)
            devices_idcard.run(report, args.quick)
            devices_barcode.run(report, args.quick)
        if args.only in (None, "installer"):
            print("station package (the PyInstaller bundle of `make package`)")
            installer_bench.run(report, work, args.quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.write(out)
    if earlier:  # --only: keep the other group's last results in the same file
        measured = {r.name for r in report.results}
        rows = json.loads(out.read_text(encoding="utf-8"))
        kept = [r for r in earlier if r["name"] not in measured]
        order = {"store": 0, "hub": 1, "reports": 2, "ui": 3, "devices": 4, "installer": 5}
        rows = sorted(kept + rows, key=lambda r: order.get(_group(str(r["name"])), 1))
        out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    missed = [r.name for r in report.results if not r.met]
    print(
        f"\n{len(report.results) - len(missed)} of {len(report.results)} targets met"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

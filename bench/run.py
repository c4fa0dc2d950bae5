"""`make bench`: every benchmark, measured value beside its target, and bench-results.json."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from station_client.reference import default_bundle_dir, load_bundle

from . import store_bench
from .harness import Report


def main() -> int:
    parser = argparse.ArgumentParser(description="RenShe Station benchmarks")
    parser.add_argument("--search-size", type=int, default=500_000)
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"))
    args = parser.parse_args()
    bundle = load_bundle(default_bundle_dir())
    report = Report()
    work = Path(tempfile.mkdtemp(prefix="renshe-bench-", dir=os.environ.get("RENSHE_BENCH_DIR")))
    try:
        print("station store (encrypted with SQLCipher)")
        store_bench.bench_bulk_load(report, bundle, work)
        store_bench.bench_capture_overhead(report, bundle, work)
        store_bench.bench_encryption_cost(report, bundle, work)
        store_bench.bench_search_and_save(report, bundle, work, args.search_size)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.write(args.out)
    missed = [r.name for r in report.results if not r.met]
    print(
        f"\n{len(report.results) - len(missed)} of {len(report.results)} targets met"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

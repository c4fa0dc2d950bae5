"""`make package`: the station's bundle, its update payload and (on Linux) its Debian
package, in ``dist/``; ``dist/package.json`` says what was built, how big and how long.

    python -m installer.build [--no-deb] [--dist dist] [--work build/installer]

Fails when the bundle is over its budget (250 MB unpacked).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from station_client import __version__

from . import bundle, deb, icon, update_payload

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = "package.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installer.build", description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    parser.add_argument("--no-deb", action="store_true", help="the bundle and update only")
    parser.add_argument("--version", default=__version__, help="default: the project's")
    args = parser.parse_args(argv)
    dist: Path = args.dist.resolve()
    work: Path = args.work.resolve()
    (dist / SUMMARY).unlink(missing_ok=True)
    started = time.monotonic()
    icons = icon.render(ROOT / "installer" / "icons" / f"{bundle.NAME}.svg", work / "icons")
    built = bundle.build(ROOT, dist, work, args.version, icons)
    bundle_s = time.monotonic() - started
    size_mb, budget_mb = built.size_bytes / 1e6, bundle.BUDGET_BYTES / 1e6
    print(f"bundle {built.path}: {size_mb:.1f} MB unpacked (budget {budget_mb:.0f} MB)")
    if built.size_bytes > bundle.BUDGET_BYTES:
        print("the bundle is over its size budget", file=sys.stderr)
        return 1
    payload = update_payload.make(built.internal, dist, built.version)
    print(f"update payload {payload} ({payload.stat().st_size / 1e6:.1f} MB)")
    summary: dict[str, object] = {
        "version": built.version,
        "platform": sys.platform,
        "bundle": str(built.path),
        "executable": str(built.executable),
        "bundle_bytes": built.size_bytes,
        "budget_bytes": bundle.BUDGET_BYTES,
        "update_payload": str(payload),
        "bundle_seconds": round(bundle_s, 1),
    }
    if sys.platform.startswith("linux") and not args.no_deb:
        if shutil.which("dpkg-deb") is None:
            print("dpkg-deb is missing (Debian package dpkg)", file=sys.stderr)
            return 1
        package = deb.build(built, icons, work, dist)
        print(f"Debian package {package} ({package.stat().st_size / 1e6:.1f} MB)")
        summary["deb"] = str(package)
    summary["total_seconds"] = round(time.monotonic() - started, 1)
    (dist / SUMMARY).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"built in {summary['total_seconds']} s; summary in {dist / SUMMARY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

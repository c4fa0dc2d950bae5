"""Regenerate ``resources/reference/manifest.json`` (checksums, kinds, versions).

    python tools/make_manifest.py [--dir resources/reference] [--version N] [--check]

Run after editing or regenerating any reference file. ``--version`` sets the bundle
version (raise it for every bundle pushed to stations: stations refuse a bundle that is
not newer than the one installed). ``--check`` then loads the bundle with the station's
own loader and exits non-zero if it would be refused.
"""

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from station_client.reference.errors import InvalidReferenceData  # noqa: E402
from station_client.reference.manifest import write_manifest  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=REPO / "resources" / "reference")
    parser.add_argument("--version", type=int, default=None)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    manifest = write_manifest(args.dir, version=args.version)
    print(f"manifest version {manifest['version']}: {len(manifest['files'])} files")
    if args.check:
        from station_client.reference.bundle import load_bundle

        try:
            bundle = load_bundle(args.dir)
        except InvalidReferenceData as exc:
            print("\n".join(exc.problems), file=sys.stderr)
            return 1
        print(
            f"bundle {bundle.version} valid: {len(bundle.code_tables)} code tables, "
            f"{len(bundle.catalogue)} services, calendar {sorted(bundle.calendar_years)}, "
            f"{len(bundle.divisions.villages())} villages"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The frozen station's entry point (PyInstaller's script): `renshe-station …` as the
command line knows it, run from the application layer :mod:`installer.launcher` picks;
``--self-check [APP_DIR]`` checks an application layer instead (:mod:`installer.selfcheck`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from installer import launcher


def main() -> int:
    argv = sys.argv[1:]
    bundle = launcher.bundle_dir()
    if argv[:1] == ["--self-check"]:
        app_dir = Path(argv[1]) if len(argv) > 1 else bundle / launcher.APP_DIR
        launcher.activate(app_dir)
        from installer import selfcheck

        return selfcheck.run(app_dir, bundle)
    software_root = launcher.data_dir(argv, os.environ) / launcher.SOFTWARE_DIR
    launcher.activate(launcher.chosen_app_dir(bundle, software_root))
    from station_client.cli import main as station_main

    return station_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())

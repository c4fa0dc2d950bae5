"""Which application code the frozen station runs, decided before any of it is imported.

The PyInstaller bundle is two layers: the *runtime* (Python, Qt, SQLCipher, pyscard,
zbar and the other libraries, frozen into the executable and ``_internal/``) and the
*application* (``station_client``, the shared ``hub_sync`` packages and ``resources/``,
plain files under ``_internal/app``). A software update the district pushes carries the
application layer only (:mod:`installer.update_payload`); the station's installer
(:mod:`station_client.sync.software`) unpacks it into ``<data>/software/versions/<n>``
and points ``CURRENT`` at it once its self-check has passed.

At every start the executable picks the application layer here:

- the pushed version ``CURRENT`` names, if it was built for this very runtime and is not
  older than the copy installed with the bundle (after an upgrade of the whole package
  the newer installed copy wins);
- while an update's self-check is unfinished (``TRIAL``), the version before it;
- otherwise the copy installed with the bundle.

No ``station_client`` import happens before the choice, so this module repeats the
station's rule for its data directory (``--data``, ``RENSHE_DATA``, the XDG default).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

APP_DIR = "app"
RUNTIME_FILE = "renshe-runtime.json"  # the runtime a build is (bundle) or needs (app)
DESCRIPTOR = "renshe-package.json"  # hub_sync.protocol.publication.PACKAGE_DESCRIPTOR
SOFTWARE_DIR = "software"
CURRENT_NAME = "CURRENT"  # station_client.sync.software
TRIAL_NAME = "TRIAL"
VERSIONS_DIR = "versions"


def bundle_dir() -> Path:
    """The frozen bundle's ``_internal`` directory (the source tree when not frozen)."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else Path(__file__).resolve().parents[1]


def data_dir(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """The station data directory `renshe-station` will use for these arguments."""
    for i, arg in enumerate(argv):
        if arg == "--data" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--data="):
            return Path(arg.removeprefix("--data="))
    if environ.get("RENSHE_DATA"):
        return Path(environ["RENSHE_DATA"])
    base = environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "renshe-station"


def read_json(path: Path) -> dict[str, object]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def version_key(label: object) -> tuple[int, ...]:
    """``"1.5.0"`` → ``(1, 5, 0)``; the leading numbers of a label, for comparing."""
    match = re.match(r"\d+(?:\.\d+)*", str(label))
    return tuple(int(p) for p in match.group(0).split(".")) if match else ()


def _pointer(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def pushed_version(software_root: Path) -> int | None:
    """The pushed version to run: ``CURRENT``, or while an update is still on trial
    (its self-check never finished), the version before it."""
    trial = software_root / TRIAL_NAME
    if trial.exists():
        previous = read_json(trial).get("previous")
        return previous if isinstance(previous, int) else None
    return _pointer(software_root / CURRENT_NAME)


def chosen_app_dir(bundle: Path, software_root: Path) -> Path:
    """The application layer to run: a pushed one or the installed one."""
    installed = bundle / APP_DIR
    version = pushed_version(software_root)
    if version is None:
        return installed
    pushed = software_root / VERSIONS_DIR / str(version)
    if not (pushed / "station_client" / "__init__.py").is_file():
        return installed
    if read_json(pushed / RUNTIME_FILE) != read_json(bundle / RUNTIME_FILE):
        return installed  # built for another runtime: only the full package brings that
    pushed_label = read_json(pushed / DESCRIPTOR).get("version")
    installed_label = read_json(installed / DESCRIPTOR).get("version")
    if version_key(pushed_label) < version_key(installed_label):
        return installed  # the whole package was upgraded past the pushed version
    return pushed


def activate(app_dir: Path) -> None:
    """Import ``station_client`` and ``hub_sync`` from ``app_dir`` from now on."""
    sys.path.insert(0, str(app_dir))

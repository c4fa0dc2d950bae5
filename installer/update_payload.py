"""The software update the district pushes, made from the bundle: its application layer
(``_internal/app``: ``renshe-package.json`` at the top, the runtime it needs in
``renshe-runtime.json``), zipped by the function `renshe-hub publish` zips a directory
with: publishing the ``.zip`` or the directory signs and stores the same bytes.

The runtime (Python, Qt, the libraries: about 200 MB) is not in the update — a station
downloads a publication in one answer of at most 64 MiB (``MAX_ANSWER_BYTES`` of
:mod:`station_client.sync.client`); the application layer is a few MB. A release that
changes the runtime goes out as the full package (``.deb``, the Windows installer);
an update built for another runtime fails its self-check and is rolled back.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from hub_sync.server.publish_cli import zip_directory

from . import launcher


def file_name(version: str) -> str:
    system = "windows" if sys.platform == "win32" else sys.platform
    return f"renshe-station-{version}-{system}-{platform.machine().lower()}.update.zip"


def make(bundle_internal: Path, out_dir: Path, version: str) -> Path:
    """Write the update payload of the bundle whose ``_internal`` is given; its path."""
    app = bundle_internal / launcher.APP_DIR
    if not (app / launcher.DESCRIPTOR).is_file():
        raise RuntimeError(f"{app} holds no {launcher.DESCRIPTOR}: not a station bundle")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / file_name(version)
    out.write_bytes(zip_directory(app))
    return out

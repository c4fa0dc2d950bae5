"""The PyInstaller bundle of the station app (one folder): staged application layer,
PyInstaller run on ``installer/renshe-station.spec``, unneeded symbols stripped, size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import app_layer
from .icon import Icons

NAME = "renshe-station"
BUDGET_BYTES = 250 * 1000 * 1000  # 250 MB unpacked, the budget
ELF_MAGIC = b"\x7fELF"


@dataclass(frozen=True)
class Bundle:
    path: Path  # dist/renshe-station
    version: str
    size_bytes: int

    @property
    def executable(self) -> Path:
        return self.path / (NAME + (".exe" if sys.platform == "win32" else ""))

    @property
    def internal(self) -> Path:
        return self.path / "_internal"


def tree_size(path: Path) -> int:
    """Bytes of the regular files under ``path`` (links not followed, not counted)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            full = os.path.join(folder, name)
            if not os.path.islink(full):
                total += os.path.getsize(full)
    return total


def _has_symbols(path: Path) -> bool:
    done = subprocess.run(
        ["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and " .symtab " in done.stdout


def strip_symbols(bundle: Path) -> int:
    """Strip the symbol tables PyInstaller leaves in (libpython, extension modules);
    libraries wheels ship already stripped, or patched by auditwheel (``*.libs``), are
    left alone. Returns the bytes saved."""
    if not sys.platform.startswith("linux"):
        return 0
    before = tree_size(bundle)
    for folder, _dirs, files in os.walk(bundle):
        if folder.endswith(".libs"):
            continue
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            with open(path, "rb") as handle:
                if handle.read(4) != ELF_MAGIC:
                    continue
            if _has_symbols(path):
                subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
    return before - tree_size(bundle)


def build(root: Path, dist: Path, work: Path, version: str, icons: Icons) -> Bundle:
    """Build ``dist/renshe-station`` from the source tree at ``root``."""
    work.mkdir(parents=True, exist_ok=True)
    runtime = app_layer.runtime_description(root)
    runtime_file = work / "renshe-runtime.json"
    runtime_file.write_text(json.dumps(runtime, indent=2) + "\n", encoding="utf-8")
    staged = app_layer.stage(root, work / "app", version, runtime)
    env = dict(os.environ, RENSHE_APP_LAYER=str(staged), RENSHE_RUNTIME_FILE=str(runtime_file))
    if sys.platform == "win32":  # an executable's icon is a Windows thing
        env["RENSHE_ICON"] = str(icons.ico)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work / "pyinstaller"),
        str(root / "installer" / f"{NAME}.spec"),
    ]
    subprocess.run(command, env=env, cwd=root, check=True)
    path = dist / NAME
    strip_symbols(path)
    return Bundle(path, version, tree_size(path))

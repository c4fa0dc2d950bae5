"""The application layer of the frozen station (see :mod:`installer.launcher`): the
station's own packages, the shared ``hub_sync`` packages (not the hub server, not its
migrations) and ``resources/``, as plain files compiled for the bundle's Python, with
the descriptor a software update carries and the runtime it was built for.
"""

from __future__ import annotations

import compileall
import hashlib
import json
import platform
import py_compile
import re
import shutil
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from . import launcher

DISTRIBUTION = "renshe-station"
PACKAGES = ("station_client", "hub_sync")
NOT_FOR_STATIONS = ("hub_sync/server", "hub_sync/migrations", "hub_sync/db.py")
RESOURCES = "resources"


def _requirements(source: Path) -> list[str]:
    """The station's run-time requirements, as the source tree's pyproject names them."""
    with open(source / "pyproject.toml", "rb") as handle:
        return list(tomllib.load(handle)["project"]["dependencies"])


def _runtime_distributions(source: Path) -> dict[str, str]:
    """The distributions the station needs at run time (its requirements without
    extras, transitively) and their installed versions: what the bundle freezes."""
    found: dict[str, str] = {}
    todo = [Requirement(r) for r in _requirements(source)]
    while todo:
        requirement = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError as e:
            raise RuntimeError(f"{requirement.name} is not installed: cannot freeze it") from e
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key not in found:
            found[key] = dist.version
            todo.extend(Requirement(text) for text in dist.requires or [])
    return dict(sorted(found.items()))


def runtime_description(source: Path) -> dict[str, object]:
    """What the bundle's runtime is: Python, platform, PyInstaller and the versions of
    every library the station uses. Its fingerprint must match for an update to run."""
    described: dict[str, object] = {
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "platform": f"{sys.platform}-{platform.machine().lower()}",
        "pyinstaller": metadata.version("pyinstaller"),
        "distributions": _runtime_distributions(source),
    }
    digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
    return {"fingerprint": digest[:16], **described}


def descriptor(version: str) -> dict[str, object]:
    """``renshe-package.json``: the station's installer runs the self-check with the
    running station's executable (``{python}``) on the unpacked directory (``{root}``)."""
    return {
        "name": DISTRIBUTION,
        "version": version,
        "self_check": ["{python}", "--self-check", "{root}"],
    }


def _ignored(directory: str, names: list[str]) -> set[str]:
    return {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".pyo"))}


def stage(source: Path, out: Path, version: str, runtime: dict[str, object]) -> Path:
    """Write the application layer of the tree at ``source`` to ``out`` (replaced)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for package in PACKAGES:
        shutil.copytree(source / package, out / package, ignore=_ignored)
    for path in NOT_FOR_STATIONS:
        target = out / path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    shutil.copytree(source / RESOURCES, out / RESOURCES, ignore=_ignored)
    (out / launcher.DESCRIPTOR).write_text(
        json.dumps(descriptor(version), indent=2) + "\n", encoding="utf-8"
    )
    (out / launcher.RUNTIME_FILE).write_text(json.dumps(runtime, indent=2) + "\n", encoding="utf-8")
    # Compiled once here (the bundle's directory is read-only once installed); hash
    # based, so copies with new file times (an unpacked update) stay valid.
    ok = compileall.compile_dir(
        out,
        quiet=1,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        workers=1,
    )
    if not ok:
        raise RuntimeError(f"the application layer in {out} does not compile")
    return out

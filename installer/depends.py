"""The Debian packages a bundle needs from the system: for every shared library a file
of the bundle links to (``NEEDED``) that the bundle does not carry — the C library, X11's
libxcb, OpenGL/EGL, which must match the machine's drivers — the package that
provides it on the build machine (``dpkg -S``), the way ``dpkg-shlibdeps`` does it."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(?P<name>[^\]]+)\]")
_LDCONFIG = re.compile(r"^\s*(?P<name>\S+) \((?P<flags>[^)]*)\) => (?P<path>\S+)$")


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for folder, _dirs, files in os.walk(bundle):
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            with open(path, "rb") as handle:
                if handle.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def needed(path: Path) -> set[str]:
    out = subprocess.run(
        ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {m["name"] for m in _NEEDED.finditer(out)}


def missing_libraries(bundle: Path) -> set[str]:
    """Sonames the bundle's files link to and the bundle does not carry."""
    carried = {p.name for p in bundle.rglob("*")}
    wanted: set[str] = set()
    for path in elf_files(bundle):
        wanted |= needed(path)
    return {name for name in wanted if name not in carried}


def system_libraries() -> dict[str, str]:
    """soname → path of the machine's libraries (``ldconfig -p``), 64-bit ones first."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        match = _LDCONFIG.match(line)
        if match and ("64" in match["flags"] or match["name"] not in found):
            found.setdefault(match["name"], match["path"])
    return found


def owning_package(path: str) -> str:
    """The Debian package that installed ``path`` (merged-/usr spellings tried too)."""
    real = os.path.realpath(path)
    candidates = [path, real]
    for p in (path, real):
        candidates.append(p.removeprefix("/usr") if p.startswith("/usr/") else "/usr" + p)
    for candidate in candidates:
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].split(",")[0].strip()
    raise RuntimeError(f"no Debian package provides {path}")


def packages_for(sonames: Iterable[str]) -> list[str]:
    libraries = system_libraries()
    packages = set()
    for soname in sorted(sonames):
        if soname not in libraries:
            raise RuntimeError(f"{soname} is needed by the bundle but not on this machine")
        packages.add(owning_package(libraries[soname]))
    return sorted(packages)

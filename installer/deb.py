"""The Debian package for Kylin and UOS (and Debian): the bundle in /opt/renshe-station,
a /usr/bin/renshe-station wrapper, a menu entry and an icon; built with ``dpkg-deb``.

The package writes nothing outside its own files: every user's station data stays in
their home (``~/.local/share/renshe-station``, the machine secret under
``~/.config/renshe-station``), so removing or upgrading the package keeps it, and a
provisioning file district IT drops in ``/etc/renshe-station`` (see
``station_client/provision_cli.py``) is not the package's either.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from . import depends
from .bundle import NAME, Bundle, tree_size
from .icon import Icons

PREFIX = Path("opt") / NAME
#: Always needed, not found by the link analysis: the PC/SC daemon and its client library
#: (pyscard loads libpcsclite.so.1 at run time; it must match the system's pcscd), zbar
#: (the bundle carries a copy; the system's is the fallback).
EXPLICIT_DEPENDS = ("pcscd", "libpcsclite1", "libzbar0")
RECOMMENDS = "fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei"
MAINTAINER = "District HRSS IT 区人社局信息科 <it@renshe.invalid>"

WRAPPER = f"""#!/bin/sh
# RenShe Station 人社服务站: the bundle in /{PREFIX}; station data in each user's home.
exec /{PREFIX}/{NAME} "$@"
"""

DESKTOP = f"""[Desktop Entry]
Type=Application
Version=1.0
Name=RenShe Station
Name[zh_CN]=人社服务站
GenericName=Public employment and social-security counter
GenericName[zh_CN]=人社服务站窗口办理
Comment=Registrations, employment assistance, social insurance, disputes
Comment[zh_CN]=求职登记、失业登记、就业援助、社会保险、劳动争议调解
Exec={NAME} app
Icon={NAME}
Terminal=false
Categories=Office;
StartupWMClass={NAME}
"""


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def control(version: str, installed_kib: int, system_depends: list[str]) -> str:
    depends_line = ", ".join(dict.fromkeys([*EXPLICIT_DEPENDS, *system_depends]))
    return (
        f"Package: {NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {architecture()}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends_line}\n"
        f"Recommends: {RECOMMENDS}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: RenShe Station 人社服务站 counter app\n"
        " The offline-first desktop client of the district's public employment and\n"
        " social-security service points: registrations, employment assistance, job\n"
        " matching, social insurance, disputes; card readers and barcode scanners.\n"
        " Station data is kept per user under ~/.local/share/renshe-station.\n"
    )


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def md5sums(root: Path) -> str:
    """``DEBIAN/md5sums``: what ``dpkg --verify`` checks the installed files against."""
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith("DEBIAN/"):
            lines.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {relative}\n")
    return "".join(lines)


def build(bundle: Bundle, icons: Icons, work: Path, out_dir: Path) -> Path:
    """Build ``renshe-station_<version>_<arch>.deb`` in ``out_dir``; its path."""
    root = work / "deb"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle.path, root / PREFIX, symlinks=True)
    _write(root / "usr" / "bin" / NAME, WRAPPER, 0o755)
    _write(root / "usr" / "share" / "applications" / f"{NAME}.desktop", DESKTOP)
    icons_dir = root / "usr" / "share" / "icons" / "hicolor"
    for source, target in (
        (icons.png, icons_dir / "256x256" / "apps" / f"{NAME}.png"),
        (icons.svg, icons_dir / "scalable" / "apps" / f"{NAME}.svg"),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        target.chmod(0o644)
    (root / "etc" / NAME).mkdir(parents=True)  # where a provisioning file may be put
    system = depends.packages_for(depends.missing_libraries(bundle.path))
    installed_kib = (tree_size(root) + 1023) // 1024
    _write(root / "DEBIAN" / "md5sums", md5sums(root))
    _write(root / "DEBIAN" / "control", control(bundle.version, installed_kib, system))
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{NAME}_{bundle.version}_{architecture()}.deb"
    subprocess.run(
        # gzip: every dpkg reads it (Kylin V10's predates zstd) and it takes seconds, not
        # the minutes xz takes for 200 MB.
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out

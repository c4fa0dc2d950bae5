"""`renshe-station --self-check [APP_DIR]`: proves an application layer runs on this
runtime — the check a pushed update must pass before it becomes current, and the
first thing the package tests run on an installed bundle.

No database, no window and no network: the application layer was built for this
runtime, its packages import from ``APP_DIR`` (not from anywhere else) — every module
of them —, its reference bundle loads, the station store's migrations resolve, Qt
starts (offscreen) with its Chinese translation, SQLCipher encrypts, and pyscard and
zbar load.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

from . import launcher


def _runtime(app_dir: Path, bundle: Path) -> str:
    wanted = launcher.read_json(app_dir / launcher.RUNTIME_FILE)
    have = launcher.read_json(bundle / launcher.RUNTIME_FILE)
    if not wanted or wanted != have:
        raise RuntimeError(
            f"built for runtime {wanted.get('fingerprint', '?')}, this is "
            f"{have.get('fingerprint', '?')}: install the full package instead"
        )
    return str(have["fingerprint"])


def _application(app_dir: Path) -> str:
    import hub_sync
    import station_client
    from station_client.store.migrate import head_revision
    from station_client.sync.software import self_check

    where = Path(station_client.__file__).resolve().parent.parent
    if where != app_dir.resolve():
        raise RuntimeError(f"station_client imported from {where}, not {app_dir}")
    # Every module imports: what a module needs must be in this runtime (an update may
    # use a library, or a part of the standard library, the runtime never froze).
    modules = 0
    for package in (station_client, hub_sync):
        prefix = package.__name__ + "."
        for info in pkgutil.walk_packages(package.__path__, prefix):
            if ".migrations" not in info.name:
                importlib.import_module(info.name)
                modules += 1
    if self_check() != 0:
        raise RuntimeError("the reference bundle does not load")
    return f"{modules} modules import; station store schema {head_revision()}"


def _qt() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QLibraryInfo, QTranslator, qVersion
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QLabel

    if QApplication.instance() is None:
        QApplication(sys.argv[:1])
    QLabel("人社服务站").adjustSize()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_zh_CN", folder):
        raise RuntimeError(f"Qt's Chinese translation is missing from {folder}")
    return f"Qt {qVersion()} ({QGuiApplication.platformName()})"


def _sqlcipher() -> str:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA key = 'self-check'")
        version = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    if not version:
        raise RuntimeError("sqlcipher3 is not SQLCipher")
    return f"SQLCipher {version[0]}"


def _devices() -> str:
    from pyzbar import zbar_library
    from smartcard import scard

    zbar_library.load()
    return f"pyscard ({scard.__name__}) and zbar load"


def run(app_dir: Path, bundle: Path) -> int:
    checks: list[tuple[str, Callable[[], str]]] = [
        ("runtime", lambda: _runtime(app_dir, bundle)),
        ("application", lambda: _application(app_dir)),
        ("qt", _qt),
        ("sqlcipher", _sqlcipher),
        ("devices", _devices),
    ]
    failed = 0
    for name, check in checks:
        try:
            print(f"{name}: {check()}", flush=True)
        except Exception as e:  # every failure is reported, then the exit status says it
            failed += 1
            print(f"{name}: FAILED: {type(e).__name__}: {e}", flush=True)
    print("self-check failed" if failed else "self-check passed", flush=True)
    return 1 if failed else 0

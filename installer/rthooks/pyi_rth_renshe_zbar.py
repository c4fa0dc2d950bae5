"""PyInstaller runtime hook: pyzbar finds zbar with ``ctypes.util.find_library``, which
on Linux looks only in the system's library folders; the bundle's own copy comes first."""

import ctypes.util
import os
import sys


def _install() -> None:
    system_find = ctypes.util.find_library
    bundled = os.path.join(getattr(sys, "_MEIPASS", ""), "libzbar.so.0")

    def find_library(name: str) -> str | None:
        if name == "zbar" and os.path.exists(bundled):
            return bundled
        return system_find(name)

    ctypes.util.find_library = find_library


_install()

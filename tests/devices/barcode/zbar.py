"""Skip (or, in CI, fail) the picture tests when the zbar library is not installed."""

from __future__ import annotations

import os

import pytest


def require_zbar() -> None:
    try:
        import pyzbar.pyzbar  # noqa: F401  (loads libzbar)
    except ImportError as e:
        message = f"the zbar library is needed for the picture tests (Debian package libzbar0): {e}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message, allow_module_level=True)

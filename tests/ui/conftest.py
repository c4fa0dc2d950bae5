"""Qt tests run without a display: the offscreen platform unless QT_QPA_PLATFORM says
otherwise (set before pytest-qt creates the QApplication)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from .counter_fixtures import counter_rig, hub  # noqa: F401 (fixtures of the counter tests)

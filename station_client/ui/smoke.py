"""`renshe-station app --smoke-test`: the app starts exactly as usual (the database
opened, the window built) and quits cleanly once the first screen a clerk sees has
been painted — the login panel, or on a station not yet enrolled the first-run
enrolment panel. For package tests and for checking a freshly installed PC.

It prints one line, ``smoke-test: {"screen": "login", "painted_at": …, "after_s": …}``
(``painted_at`` is the wall-clock time, for a caller timing the start from outside),
and the app exits with status 0; with :data:`EXIT_TIMEOUT` if nothing was painted in
time.
"""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from .first_run import FirstRunPanel
from .login import LoginPanel

EXIT_TIMEOUT = 3
PREFIX = "smoke-test: "
_SCREENS: tuple[tuple[type[QWidget], str], ...] = (
    (LoginPanel, "login"),
    (FirstRunPanel, "first-run"),
)


def screen_of(widget: QObject) -> str | None:
    """``login`` or ``first-run`` if ``widget`` is (inside) one of those panels."""
    current: QObject | None = widget
    while current is not None:
        for kind, name in _SCREENS:
            if isinstance(current, kind):
                return name
        current = current.parent()
    return None


class SmokeWatch(QObject):
    """An application-wide event filter: the first paint of a first screen ends the app
    as soon as the event loop is back (the whole window has been painted by then)."""

    def __init__(self, app: QApplication, timeout_s: float, out: TextIO) -> None:
        super().__init__(app)  # owned by the application: alive as long as it runs
        self._app = app
        self._out = out
        self._started = time.monotonic()
        self.screen: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._give_up)
        self._timer.start(int(timeout_s * 1000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.screen is None and event.type() == QEvent.Type.Paint:
            screen = screen_of(watched)
            if screen is not None:
                self.screen = screen
                QTimer.singleShot(0, lambda: self._shown(screen, time.time()))
        return False

    def _shown(self, screen: str, painted_at: float) -> None:
        self._timer.stop()
        after = round(time.monotonic() - self._started, 3)
        report = {"screen": screen, "painted_at": painted_at, "after_s": after}
        print(PREFIX + json.dumps(report), file=self._out, flush=True)
        for window in self._app.topLevelWidgets():
            window.close()
        self._app.exit(0)

    def _give_up(self) -> None:
        print(PREFIX + json.dumps({"screen": None, "error": "nothing shown"}), file=self._out)
        self._app.exit(EXIT_TIMEOUT)


def watch_first_screen(argv: list[str], timeout_s: float = 60.0) -> SmokeWatch:
    """Make the app's QApplication (``run_counter`` uses it) and watch it; the watch
    belongs to the application, so the caller need not keep it."""
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    watch = SmokeWatch(app, timeout_s, sys.stdout)
    app.installEventFilter(watch)
    return watch

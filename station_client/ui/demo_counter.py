"""The counter app as `make demo` opens it: simulated devices, and the demo clerk logged
in through the real login panel (the hub checks the password), then one of the sample
district's people found through the search box and their file shown.

``exit_after_ready`` closes the window once that file is on screen (a test of the demo
runs it offscreen); otherwise the window stays until the user closes it or presses
Ctrl-C in the terminal.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from station_client.devices.manager import DeviceSettings
from station_client.store import Store
from station_client.sync.login import StaffSession

from .app import build_counter
from .i18n import install_translations

POLL_MS = 50


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


def run_demo_counter(
    store: Store,
    login: DemoLogin,
    *,
    argv: list[str],
    show_query: str | None = None,
    exit_after_ready: bool = False,
    ready_timeout_s: float = 60.0,
    say: Callable[[str], None] = print,
) -> int:
    """Run the counter until its window closes; 0 if it got ready, 1 if not."""
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    install_translations(app)
    counter = build_counter(app, store, DeviceSettings(simulated=True))
    window = counter.window
    state = {"ready": False, "code": 0}
    poll = QTimer()
    poll.setInterval(POLL_MS)

    def ready() -> None:
        poll.stop()
        state["ready"] = True
        session = window.session
        assert session is not None
        shown = window.file_view.file
        say(
            f"demo ready: {session.staff.full_name} ({login.username}, {session.staff.role}) "
            f"logged in {'online' if session.online else 'offline'}"
            + (f"; file of {shown.name} on screen" if shown is not None else "")
        )
        if exit_after_ready:
            window.close()
            app.quit()

    def file_shown() -> None:
        if window.file_view.file is not None:
            ready()

    def logged_in(session: StaffSession) -> None:
        # Runs after the window's own handler: the work page is up, the search focused.
        say(f"logged in: {session.staff.full_name}")  # the terminal's lines are English
        if show_query is None:
            ready()
            return
        window.search.setText(show_query)
        window.search_now()
        poll.timeout.connect(file_shown)
        poll.start()

    def too_late() -> None:
        if state["ready"]:
            return
        reason = window.login.message.text() or window.notice.text() or "no answer"
        say(f"demo not ready after {ready_timeout_s:.0f} s: {reason}")
        state["code"] = 1
        window.close()
        app.quit()

    window.login.logged_in.connect(logged_in)
    counter.start()
    window.login.username.setText(login.username)
    window.login.password.setText(login.password)
    window.login.submit()
    QTimer.singleShot(int(ready_timeout_s * 1000), too_late)
    # Ctrl-C in the terminal closes the app cleanly (Python sees the signal only when
    # it runs, hence the idle timer).
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(200)
    try:
        code = int(app.exec())
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        counter.stop()
    return state["code"] or code

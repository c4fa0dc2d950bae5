"""The Qt keyboard-wedge filter.

Two ways in: real X key events (Xvfb + xdotool, the app in a subprocess on platform xcb),
where timing is the machine's; and synthesized key events with chosen timestamps and a
controllable clock (pytest-qt, offscreen), where timing is exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from station_client.devices.events import CodeScanned
from station_client.ui.wedge_filter import STALL_MS, WedgeFilter

from .x11_harness import (
    MAX_GAP_MS,
    WedgeApp,
    running_wedge_app,
    scan_through_x,
    settle,
    type_like_a_person,
    wait_text,
    xvfb_display,
)

# == real key events under Xvfb =========================================================


@pytest.fixture(scope="module")
def wedge_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WedgeApp]:
    log = tmp_path_factory.mktemp("wedge-app") / "stderr.txt"
    with xvfb_display() as display, running_wedge_app(display, log) as app:
        yield app


def test_real_scan_is_one_signal_and_leaves_the_field_empty(
    wedge_app: WedgeApp, tmp_path: Path
) -> None:
    code = "RS1|A|2025-000123|8"
    mark = scan_through_x(wedge_app, code, tmp_path)
    settle(wedge_app)
    assert wedge_app.state()["text"] == ""
    scans = wedge_app.since(mark, "scanned")
    assert [(s["text"], s["symbology"], s["source"]) for s in scans] == [(code, "UNKNOWN", "wedge")]
    assert wedge_app.since(mark, "shortcut") == []  # the scan's Enter triggered nothing


def test_real_typing_reaches_the_field_and_is_no_scan(wedge_app: WedgeApp) -> None:
    mark = type_like_a_person(wedge_app, "Hello 123")
    wedge_app.xdotool("key", "--delay", "150", "Return")
    wedge_app.wait_for(lambda e: e["event"] == "shortcut")  # a person's Enter works as usual
    assert wedge_app.since(mark, "scanned") == []


def test_real_typing_then_a_scan_keeps_the_typing(wedge_app: WedgeApp, tmp_path: Path) -> None:
    def type_ab() -> None:
        wedge_app.xdotool("type", "--delay", "150", "ab")
        wait_text(wedge_app, "ab")

    mark = scan_through_x(wedge_app, "11010519491231002X", tmp_path, before=type_ab)
    settle(wedge_app)
    assert wedge_app.state()["text"] == "ab"
    assert [s["text"] for s in wedge_app.since(mark, "scanned")] == ["11010519491231002X"]


# == synthesized key events with exact timestamps (pytest-qt, offscreen) ================


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class KeyRecorder(QWidget):
    """A focusable widget that records the key events it gets, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.seen: list[tuple[str, str]] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.seen.append(("press", event.text()))

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        self.seen.append(("release", event.text()))


class Form:
    def __init__(self, qtbot: QtBot) -> None:
        self.window = QWidget()
        self.edit = QLineEdit()
        self.recorder = KeyRecorder()
        layout = QVBoxLayout(self.window)
        layout.addWidget(self.edit)
        layout.addWidget(self.recorder)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        self.edit.setFocus()
        qtbot.waitUntil(self.edit.hasFocus)
        self.returns = 0
        self.edit.returnPressed.connect(self._returned)
        self.t = 5_000.0  # X server time of the next key

    def _returned(self) -> None:
        self.returns += 1

    def send(self, kind: QEvent.Type, ch: str, **kw: Any) -> None:
        key: int
        if ch == "\r":
            key, text = Qt.Key.Key_Return, "\r"
        elif ch == "\b":
            key, text = Qt.Key.Key_Backspace, "\b"
        elif ch == "shift":
            key, text = Qt.Key.Key_Shift, ""
        else:
            key, text = ord(ch.upper()), ch
        modifiers = kw.get("modifiers", Qt.KeyboardModifier.NoModifier)
        event = QKeyEvent(kind, key, modifiers, 0, 0, 0, text, kw.get("autorepeat", False), 1)
        event.setTimestamp(int(self.t))
        window = self.window.windowHandle()
        assert window is not None
        QApplication.sendEvent(window, event)

    def type(self, text: str, gap: float, clock: Clock | None = None) -> None:
        """Press and release each key, ``gap`` ms apart (the clock moves along if given)."""
        for ch in text:
            if ch.isupper() or ch == "|":
                self.send(QEvent.Type.KeyPress, "shift")  # as scanners do
            mods = Qt.KeyboardModifier.ShiftModifier if ch.isupper() or ch == "|" else None
            self.send(QEvent.Type.KeyPress, ch, modifiers=mods or Qt.KeyboardModifier.NoModifier)
            self.send(QEvent.Type.KeyRelease, ch)
            self.t += gap
            if clock is not None:
                clock.now += gap


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    return Form(qtbot)


@pytest.fixture
def wedge(qapp: QApplication, clock: Clock) -> Iterator[WedgeFilter]:
    wedge = WedgeFilter(clock=clock)
    wedge.install(qapp)
    yield wedge
    wedge.uninstall(qapp)


@pytest.fixture
def scans(wedge: WedgeFilter) -> list[CodeScanned]:
    found: list[CodeScanned] = []
    wedge.scanned.connect(found.append)
    return found


def test_scan_is_swallowed_and_signalled_once(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, scans: list[CodeScanned]
) -> None:
    with qtbot.waitSignal(wedge.scanned) as signal:
        form.type("RS1|A|2025-000123|8\r", 5)
    assert signal.args == [CodeScanned("UNKNOWN", "RS1|A|2025-000123|8", "wedge")]
    assert form.edit.text() == ""
    assert form.returns == 0  # the scan's Enter never reached the field
    qtbot.wait(100)  # anything queued would have arrived by now
    assert len(scans) == 1


def test_person_typing_reaches_the_field_key_by_key(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, clock: Clock, scans: list[CodeScanned]
) -> None:
    typed = ""
    for ch in "hello 123":
        form.type(ch, 150, clock)  # the clock runs on 150 ms
        typed += ch
        qtbot.waitUntil(lambda typed=typed: bool(form.edit.text() == typed))  # type: ignore[misc]
    form.type("\r", 150)
    assert form.returns == 1
    assert scans == []


def test_held_key_waits_for_the_pause(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, clock: Clock
) -> None:
    form.type("a", 0)
    qtbot.wait(100)  # real time passes, but the (test's) clock says not yet 50 ms
    assert form.edit.text() == ""
    clock.now += MAX_GAP_MS
    qtbot.waitUntil(lambda: form.edit.text() == "a")


def test_fast_typist_is_replayed_in_order_without_waiting(
    form: Form, wedge: WedgeFilter, clock: Clock, scans: list[CodeScanned]
) -> None:
    form.type("qwerty", 45, clock)
    assert form.edit.text() == "qwerty"  # no timer needed: two slow gaps rule a scan out
    assert scans == []


def test_rollover_then_backspace(form: Form, wedge: WedgeFilter, clock: Clock) -> None:
    form.type("ab", 3, clock)
    assert form.edit.text() == ""  # could still be a scan
    form.type("\b", 100, clock)
    assert form.edit.text() == "a"  # "ab" replayed first, then the Backspace


def test_scanner_without_terminator(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, clock: Clock
) -> None:
    form.type("6901234567892", 6, clock)
    clock.now += MAX_GAP_MS
    with qtbot.waitSignal(wedge.scanned) as signal:
        pass
    assert signal.args == [CodeScanned("UNKNOWN", "6901234567892", "wedge")]
    assert form.edit.text() == ""


def test_release_of_a_held_key_comes_after_its_press(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, clock: Clock
) -> None:
    form.recorder.setFocus()
    qtbot.waitUntil(form.recorder.hasFocus)
    form.type("x", 10, clock)  # press, release 0 ms later: both held
    assert form.recorder.seen == []
    clock.now += MAX_GAP_MS
    qtbot.waitUntil(lambda: form.recorder.seen == [("press", "x"), ("release", "x")])


def test_auto_repeat_is_never_a_scan(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, scans: list[CodeScanned]
) -> None:
    form.send(QEvent.Type.KeyPress, "a")
    for _ in range(6):  # a held key repeating fast
        form.t += 5
        form.send(QEvent.Type.KeyPress, "a", autorepeat=True)
    form.t += 5
    form.type("\r", 5)
    assert form.edit.text() == "aaaaaaa"
    assert form.returns == 1
    qtbot.wait(100)
    assert scans == []


def test_events_sent_straight_to_a_widget_are_left_alone(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, scans: list[CodeScanned]
) -> None:
    QTest.keyClicks(form.edit, "11010519491231002X")  # as other widget tests do
    QTest.keyClick(form.edit, Qt.Key.Key_Return)
    assert form.edit.text() == "11010519491231002X"
    qtbot.wait(100)
    assert scans == []


def test_disabled_filter_lets_a_scan_through(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, scans: list[CodeScanned]
) -> None:
    wedge.set_enabled(False)
    form.type("ABCD1234\r", 5)
    assert form.edit.text() == "ABCD1234"
    qtbot.wait(100)
    assert scans == []


def test_uninstalling_delivers_the_held_keys(qapp: QApplication, form: Form, clock: Clock) -> None:
    wedge = WedgeFilter(clock=clock)
    wedge.install(qapp)
    form.type("ab", 3, clock)
    assert form.edit.text() == ""
    wedge.uninstall(qapp)
    assert form.edit.text() == "ab"


def test_event_timestamps_decide_even_when_the_loop_was_stalled(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, clock: Clock
) -> None:
    form.type("1", 5)
    clock.now += MAX_GAP_MS + STALL_MS + 100  # the process was stalled; keys wait in the queue
    qtbot.waitUntil(lambda: wedge.stall_retries == 1)  # the timer gives the queue a turn…
    with qtbot.waitSignal(wedge.scanned) as signal:
        form.type("2345678\r", 5)  # …in which the rest of the scan arrives
    assert signal.args == [CodeScanned("UNKNOWN", "12345678", "wedge")]
    assert form.edit.text() == ""


def test_key_events_without_timestamps_are_never_a_scan(
    qtbot: QtBot, form: Form, wedge: WedgeFilter, scans: list[CodeScanned]
) -> None:
    form.t = 0  # synthesized by some program (an on-screen keyboard, say), not typed
    form.type("ABCD1234\r", 0)
    assert form.edit.text() == "ABCD1234"
    assert form.returns == 1
    qtbot.wait(100)
    assert scans == []

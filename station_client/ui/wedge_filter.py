"""Keyboard-wedge scanners in the Qt app: an application-wide event filter that feeds key
presses to :class:`~station_client.devices.barcode.wedge.WedgeDetector`, keeps the keys
of a possible scan away from the focused widget, drops them when they were a scan (and
emits :attr:`WedgeFilter.scanned`) or replays them, in order, when they were typing.

Each key is counted once: Qt shows a key press to application filters once per receiver
on its way (the window, then the focused widget, then its parents); the filter only
looks at the first stop, the window (a :class:`QWindow`), where real input always enters.
Key events sent straight to a widget (``QTest.keyClick(widget, …)`` in other tests)
are therefore left alone.

Also handled: Shift and other modifier presses (scanners press Shift for capitals) are
ignored rather than taken for "a key that types nothing"; auto-repeat, and key events
without a timestamp, never count as scanner input; the release of a held key is held
with it (so a button never sees a release before its press); the ShortcutOverride of a
held or holdable key is accepted, so no shortcut fires on a scanned character or on the
Enter that ends a scan.

Timing: the detector decides on the events' own timestamps (X server time under xcb), so
an event loop that was briefly busy does not make a scan look like typing. The "pause
over" decision needs a timer; if that timer fires much later than asked — the process
was stalled, and key events may be waiting in the queue — it gives the queue one more
short turn before deciding.

Not handled: a Chinese input method in Chinese mode takes the scanner's keys before Qt
sees them (switch the IME to English, or use the scanner in serial mode).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow

from station_client.devices.barcode.text import split_aim_prefix
from station_client.devices.barcode.wedge import (
    KeyStroke,
    Step,
    Verdict,
    WedgeConfig,
    WedgeDetector,
)
from station_client.devices.events import CodeScanned

#: A gap timer firing this much later than asked means the event loop was stalled.
STALL_MS = 20.0
#: …and the queue then gets this long to deliver waiting key events before the decision.
STALL_RETRY_MS = 10

_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
        Qt.Key.Key_Mode_switch,
        Qt.Key.Key_unknown,
    }
)
_SHORTCUT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


@dataclass
class _HeldKey:
    """Where a held key press was going, and copies of its events (press, then release)."""

    receiver: QObject
    events: list[QKeyEvent] = field(default_factory=list)
    released: bool = False


def key_text(event: QKeyEvent) -> str:
    """What the key types, as the detector sees it: "\\r" for Enter, "\\t" for Tab, the
    character for a printable key, "" for anything else (arrows, shortcuts, Backspace…)."""
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return "\r"
    if event.modifiers() & _SHORTCUT_MODIFIERS:
        return ""
    if key == Qt.Key.Key_Tab:
        return "\t"
    text = event.text()
    return text if len(text) == 1 and text.isprintable() else ""


class WedgeFilter(QObject):
    """Install with :meth:`install`; connect :attr:`scanned`. ``clock`` (ms, monotonic)
    is only replaced by tests."""

    scanned = Signal(CodeScanned)

    def __init__(
        self,
        config: WedgeConfig | None = None,
        *,
        aim_ids: bool = False,
        clock: Callable[[], float] = _monotonic_ms,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.detector = WedgeDetector(config)
        self._aim_ids = aim_ids
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._gap_timer)
        self._replaying = False
        self._enabled = True
        self._last_event_ms = 0.0
        self._last_received_ms = 0.0
        self._second_chance = False
        self._swallow_releases: set[int] = set()
        #: How often the gap timer found the event loop stalled (for logs and tests).
        self.stall_retries = 0

    # -- installation ------------------------------------------------------------------

    def install(self, app: QCoreApplication | None = None) -> None:
        """Filter every key event of ``app`` (the running application by default)."""
        _application(app).installEventFilter(self)

    def uninstall(self, app: QCoreApplication | None = None) -> None:
        """Stop filtering; keys held at that moment are delivered."""
        self._apply(self.detector.flush())
        _application(app).removeEventFilter(self)

    def set_enabled(self, enabled: bool) -> None:
        """Switch detection off (keys then pass untouched) or on; held keys are replayed."""
        if not enabled:
            self._apply(self.detector.flush())
        self._enabled = enabled

    # -- the filter --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or not self._enabled or not isinstance(watched, QWindow):
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            return self._press(watched, event)  # type: ignore[arg-type]
        if kind == QEvent.Type.KeyRelease:
            return self._release(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.ShortcutOverride:
            return self._shortcut_override(event)  # type: ignore[arg-type]
        return False

    def _press(self, receiver: QObject, event: QKeyEvent) -> bool:
        if event.key() in _MODIFIER_KEYS:
            return False
        self._swallow_releases.discard(event.key())
        # Auto-repeat and events without a timestamp (synthesized by some program, not
        # typed) count as "a key that types nothing": they end a burst and pass through.
        untimed = event.isAutoRepeat() or event.timestamp() == 0
        text = "" if untimed else key_text(event)
        held = _HeldKey(receiver, [_copy(event)])
        step = self.detector.key(KeyStroke(text, float(event.timestamp()), held))
        self._apply(step)
        if step.verdict is Verdict.HOLD:
            self._last_event_ms = float(event.timestamp())
            self._last_received_ms = self._clock()
            self._second_chance = False
            self._timer.start(math.ceil(self.detector.config.max_gap_ms))
            return True
        if step.verdict is Verdict.SWALLOW:
            self._swallow_releases.add(event.key())
            return True
        return False

    def _release(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in self._swallow_releases:
            self._swallow_releases.discard(key)
            return True
        for stroke in self.detector.holding:
            held: _HeldKey = stroke.token
            if not held.released and held.events[0].key() == key:
                held.events.append(_copy(event))
                held.released = True
                return True
        return False

    def _shortcut_override(self, event: QKeyEvent) -> bool:
        if event.key() in _MODIFIER_KEYS:
            return False
        text = key_text(event)
        terminator = text in self.detector.config.terminators
        if (terminator and self.detector.holding) or (text and not terminator):
            event.accept()  # accepted override: no shortcut, the key press is delivered
            return True
        return False

    # -- decisions ---------------------------------------------------------------------

    def _gap_timer(self) -> None:
        deadline = self.detector.deadline_ms
        if deadline is None:
            return
        now = self._last_event_ms + (self._clock() - self._last_received_ms)
        if now < deadline:
            self._timer.start(max(1, math.ceil(deadline - now)))
            return
        if now - deadline > STALL_MS and not self._second_chance:
            self._second_chance = True
            self.stall_retries += 1
            self._timer.start(STALL_RETRY_MS)
            return
        self._apply(self.detector.gap_elapsed(now))

    def _apply(self, step: Step) -> None:
        if step.replay:
            self._replay(step.replay)
        for stroke in step.dropped:
            held: _HeldKey = stroke.token
            if not held.released:  # its release is still to come: drop that too
                self._swallow_releases.add(held.events[0].key())
        if step.scan is not None:
            self._scanned(step.scan)
        if not self.detector.holding:
            self._timer.stop()

    def _replay(self, strokes: tuple[KeyStroke, ...]) -> None:
        self._replaying = True
        try:
            for stroke in strokes:
                held: _HeldKey = stroke.token
                if not shiboken6.isValid(held.receiver):
                    continue  # its window was closed meanwhile
                for copy in held.events:
                    QCoreApplication.sendEvent(held.receiver, copy)
        finally:
            self._replaying = False

    def _scanned(self, text: str) -> None:
        symbology, code = split_aim_prefix(text) if self._aim_ids else ("UNKNOWN", text)
        event = CodeScanned(symbology, code, "wedge")
        # Emitted from the event loop, not from inside the filter: a slot may open a dialog.
        QTimer.singleShot(0, self, lambda: self.scanned.emit(event))


def _application(app: QCoreApplication | None) -> QCoreApplication:
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing the wedge filter")
    return app


def _copy(event: QKeyEvent) -> QKeyEvent:
    copy = QKeyEvent(
        event.type(),
        event.key(),
        event.modifiers(),
        event.nativeScanCode(),
        event.nativeVirtualKey(),
        event.nativeModifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
    )
    copy.setTimestamp(event.timestamp())
    return copy

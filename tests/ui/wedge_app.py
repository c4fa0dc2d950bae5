"""A tiny counter window with the wedge filter installed, driven by real X key events.

Run by tests/ui/test_wedge_filter.py under Xvfb (platform xcb). It prints one JSON object
per line on stdout:

- ``{"event": "ready"}`` once the line edit has the keyboard focus;
- ``{"event": "scanned", "symbology": …, "text": …}`` for each ``scanned`` signal;
- ``{"event": "shortcut"}`` when the window's Return shortcut fires;
- ``{"event": "key", "t": …, "text": …}`` for every key press the X server delivered
  (the event's own timestamp), so the test can tell a stalled machine from a bug;
- ``{"event": "state", "text": …}`` in answer to the command ``state`` on stdin.

Other commands: ``clear`` (empty the line edit), ``quit``.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from station_client.devices.events import CodeScanned
from station_client.ui.wedge_filter import WedgeFilter


def say(**fields: object) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


class KeyLog(QObject):
    """Installed after the wedge filter, so Qt asks it first: sees every real key press."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QWindow)
            and event.spontaneous()
        ):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.text():
                say(event="key", t=key_event.timestamp(), text=key_event.text())
        return False


def main() -> None:
    app = QApplication(sys.argv)
    window = QWidget()
    window.setWindowTitle("wedge test")
    edit = QLineEdit(window)
    QVBoxLayout(window).addWidget(edit)
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), window)
    shortcut.activated.connect(lambda: say(event="shortcut"))

    wedge = WedgeFilter()
    wedge.install(app)
    key_log = KeyLog()
    app.installEventFilter(key_log)

    def scanned(code: CodeScanned) -> None:
        say(event="scanned", symbology=code.symbology, text=code.text, source=code.source)

    wedge.scanned.connect(scanned)

    def command() -> None:
        line = sys.stdin.readline()
        if not line or line.strip() == "quit":
            app.quit()
        elif line.strip() == "state":
            say(event="state", text=edit.text(), holding=len(wedge.detector.holding))
        elif line.strip() == "clear":
            edit.clear()
            say(event="cleared")

    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    stdin.activated.connect(command)

    window.show()
    window.activateWindow()
    edit.setFocus()

    def wait_for_focus() -> None:
        if edit.hasFocus() and window.isActiveWindow():
            say(event="ready")
        else:
            window.activateWindow()
            edit.setFocus()
            QTimer.singleShot(50, wait_for_focus)

    QTimer.singleShot(0, wait_for_focus)
    app.exec()


if __name__ == "__main__":
    main()

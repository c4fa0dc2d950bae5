"""Background work for the UI: the one mechanism every screen uses.

``operations.run(work, on_success, on_failure)`` runs ``work()`` on a worker thread of a
thread pool and delivers its result (or the exception it raised) back on the UI thread,
through a queued signal, to the callbacks. Widgets are only ever touched by those
callbacks, on the UI thread; nothing blocks the event loop and no ``processEvents`` loop
is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("renshe.ui")


class _Done(QObject):
    # (operation id, succeeded, result or exception)
    finished = Signal(int, bool, object)


class _Task(QRunnable):
    def __init__(self, ident: int, work: Callable[[], Any], done: _Done) -> None:
        super().__init__()
        self._ident = ident
        self._work = work
        self._done = done

    def run(self) -> None:  # on the worker thread: no widgets here
        try:
            result = self._work()
        except Exception as e:  # delivered to on_failure on the UI thread
            self._done.finished.emit(self._ident, False, e)
        else:
            self._done.finished.emit(self._ident, True, result)


class Operations(QObject):
    """Runs work in the background; callbacks run on the thread this object lives in."""

    busy_changed = Signal(int)  # operations in flight (a busy indicator listens)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._done = _Done()
        # The emitting thread is a worker, so the connection is queued to our thread.
        self._done.finished.connect(self._finish)
        self._next = 0
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}

    @property
    def in_flight(self) -> int:
        return len(self._callbacks)

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        self._next += 1
        self._callbacks[self._next] = (on_success, on_failure)
        self.busy_changed.emit(self.in_flight)
        self._pool.start(_Task(self._next, work, self._done))

    @Slot(int, bool, object)
    def _finish(self, ident: int, ok: bool, value: object) -> None:
        on_success, on_failure = self._callbacks.pop(ident)
        self.busy_changed.emit(self.in_flight)
        try:
            if ok:
                on_success(value)
            else:
                assert isinstance(value, Exception)
                on_failure(value)
        except Exception:  # a callback's bug must not reach the event loop
            log.exception("an operation's callback failed")

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """For shutting down: wait for the workers (their results are then dropped)."""
        return self._pool.waitForDone(msecs)

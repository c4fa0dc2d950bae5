"""The background thread that watches an ID card reader and reports what happens.

Every :attr:`interval` seconds it asks the reader whether a card is there. A card that was
not there before is read once and becomes one :class:`IdentityPresented`; while it stays
on the reader nothing more is sent. The presentation ends when the reader reports no card
on :attr:`absent_polls_to_end` consecutive polls — some readers answer "no card" once right
after a read (the card is halted) although it never moved, and that must not produce a
second event for the same presentation.

A lost connection does not start a new presentation: after reconnecting, the card found
is read, but not announced again if it is the one announced just before.

Status (:class:`DeviceStatus`, only on change): DISCONNECTED while the port cannot be
opened or the reader does not answer (reconnecting every :attr:`retry_interval`); ERROR
with the reason when the SAM fails or a read failed (the card must be taken off and placed
again, which brings the status back to READY); READING while a card is read.

The thread never dies of an exception and never lets one escape into the sink.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from types import TracebackType
from typing import Protocol

from station_client.devices.errors import DeviceError, DeviceUnavailable
from station_client.devices.events import (
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    EventSink,
    IdentityPresented,
)

from .status import SamFailure

log = logging.getLogger(__name__)

#: How often to look for a card: quick enough that reading feels immediate to the person
#: putting their card down, slow enough to leave the reader (and the CPU) mostly idle.
POLL_INTERVAL = 0.3
RETRY_INTERVAL = 2.0
ABSENT_POLLS_TO_END = 2
_INTERNAL_ERROR = "身份证阅读器程序出错，正在重新连接；如反复出现请联系区信息科"


class CardReader(Protocol):
    """What the poller needs from a reader (:class:`.reader.IdCardReader` is one)."""

    @property
    def name(self) -> str: ...

    def check_sam(self) -> None: ...

    def find_card(self) -> bool: ...

    def read_identity(self, *, today: date | None = None) -> IdentityPresented: ...

    def close(self) -> None: ...


class IdCardPoller:
    """Owns one reader (opened through ``connect``) and one thread."""

    def __init__(
        self,
        connect: Callable[[], CardReader],
        sink: EventSink,
        *,
        device: str,
        interval: float = POLL_INTERVAL,
        retry_interval: float = RETRY_INTERVAL,
        absent_polls_to_end: int = ABSENT_POLLS_TO_END,
    ) -> None:
        self._connect = connect
        self._sink = sink
        self.device = device
        self.interval = interval
        self.retry_interval = retry_interval
        self.absent_polls_to_end = absent_polls_to_end
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status: tuple[DeviceState, str | None] | None = None
        self._reader: CardReader | None = None
        self._presented = False  # the card on the reader has been dealt with
        self._presentation_error: str | None = None  # why reading it failed, if it did
        self._delivered: str | None = None  # ID number sent for the current presentation
        self._carried_over: str | None = None  # … and for the one before a reconnection
        self._absent = 0

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> IdCardPoller:
        if self._thread is not None:
            raise RuntimeError("poller already started")
        self._thread = threading.Thread(target=self._run, name=f"{self.device} poller", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> IdCardPoller:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- delivering --------------------------------------------------------------------

    def _emit(self, event: DeviceEvent) -> None:
        try:
            self._sink(event)
        except Exception:  # the sink's problem must not stop the reader
            log.exception("event sink failed on %r", event)

    def _set_status(self, state: DeviceState, reason: str | None = None) -> None:
        if self._status == (state, reason):
            return
        self._status = (state, reason)
        self._emit(DeviceStatus(self.device, state, reason))

    # -- the loop ----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                pause = self._step()
                self._stop.wait(pause)
        finally:
            self._disconnect()

    def _disconnect(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            try:
                reader.close()
            except Exception:
                log.exception("closing %s failed", self.device)

    def _step(self) -> float:
        """One round; returns how long to wait before the next."""
        try:
            if self._reader is None:
                return self._open()
            self._poll(self._reader)
            return self.interval
        except DeviceUnavailable as exc:
            # Port gone, reader silent or SAM failing: start again from opening the port.
            self._disconnect()
            state = DeviceState.ERROR if isinstance(exc, SamFailure) else DeviceState.DISCONNECTED
            self._set_status(state, exc.message_zh)
            return self.retry_interval
        except DeviceError as exc:  # a garbled answer to "find card": try again next round
            self._set_status(DeviceState.ERROR, exc.message_zh)
            return self.interval
        except Exception:
            log.exception("%s: unexpected error; reconnecting", self.device)
            self._disconnect()
            self._set_status(DeviceState.ERROR, _INTERNAL_ERROR)
            return self.retry_interval

    def _open(self) -> float:
        reader = self._connect()
        try:
            reader.check_sam()
        except BaseException:
            reader.close()
            raise
        self._reader = reader
        # The card may still be there, or another one now: read whatever is found, but do
        # not announce again the card that was already announced before the connection broke.
        self._carried_over = self._delivered if self._presented else None
        self._presented = False
        self._presentation_error = None
        self._delivered = None
        self._absent = 0
        self._set_status(DeviceState.READY)
        return self.interval

    def _poll(self, reader: CardReader) -> None:
        if not reader.find_card():
            self._absent += 1
            self._carried_over = None
            if self._absent >= self.absent_polls_to_end:
                self._presented = False
                self._presentation_error = None
                self._delivered = None
            if not self._presented:  # READY only once the presentation has really ended
                self._set_status(DeviceState.READY)
            return
        self._absent = 0
        if self._presented:  # the same card still lying on the reader
            if self._presentation_error is None:
                self._set_status(DeviceState.READY)
            else:
                self._set_status(DeviceState.ERROR, self._presentation_error)
            return
        self._set_status(DeviceState.READING)
        try:
            identity = reader.read_identity()
        except DeviceUnavailable:
            raise
        except DeviceError as exc:
            # Not read again until the card is taken off: the message asks for exactly that.
            self._presented = True
            self._presentation_error = exc.message_zh
            self._set_status(DeviceState.ERROR, exc.message_zh)
            return
        self._presented = True
        self._delivered = identity.id_number
        if identity.id_number != self._carried_over:
            self._emit(identity)
        self._carried_over = None
        self._set_status(DeviceState.READY)

"""Watching the reader: a card inserted is read once and presented; status as it changes.

Card insertion and removal come from pyscard's card-event wait
(``CardRequest.waitforcardevent``, the call pyscard's ``CardMonitor`` thread makes) and
the reader list from ``SCardListReaders`` (what ``ReaderMonitor`` polls), in a thread of
our own. The ``CardMonitor``/``ReaderMonitor`` classes themselves are not used: the card
monitor is a process-wide singleton whose thread cannot be stopped and stops for good
when ``pcscd`` restarts, and the reader monitor's thread dies when ``pcscd`` is not running
(an ``EstablishContextException`` it does not catch). A counter must survive both.

One monitor is one device, ``sscard:<reader>`` (or ``sscard:pcsc`` when watching
whichever reader is plugged in), whose status goes:

- DISCONNECTED — ``pcscd`` not running, or no (matching) reader; the reason says which;
- READY — the reader is there and empty: a card inserted will be read;
- READING — a card was inserted and is being read;
- CONNECTED — read and presented; the card is still in (take it out for the next one);
- ERROR — the read failed (the reason is the clerk's message); the card is still in.

Taking the card out brings it back to READY. The thread never dies: anything unexpected
is logged, reported, and the watch starts over after ``retry_interval``.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from smartcard.CardRequest import CardRequest
from smartcard.Exceptions import CardRequestTimeoutException, SmartcardException
from smartcard.pcsc.PCSCExceptions import BaseSCardException

from ..errors import DeviceError
from ..events import DeviceState, EventSink, IdentityPresented
from .reader import PcscCardReader, list_readers, pcsc_error, reader_unavailable
from .session import StatusReporter

log = logging.getLogger(__name__)

ANY_READER_DEVICE = "sscard:pcsc"


class SocialSecurityCardMonitor:
    """Reads every social-security card inserted into ``reader`` (any reader if ``None``)."""

    def __init__(
        self,
        sink: EventSink,
        reader: str | None = None,
        *,
        today: date | None = None,
        poll_interval: float = 0.5,
        retry_interval: float = 1.0,
    ) -> None:
        self.reader = reader
        self.device = f"sscard:{reader}" if reader else ANY_READER_DEVICE
        self._reporter = StatusReporter(sink)
        self._today = today
        self._poll_interval = poll_interval
        self._retry_interval = retry_interval
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one read at a time (monitor thread or read_now)
        self._thread: threading.Thread | None = None
        self._readers_present = False
        self._cards: dict[str, bytes] = {}  # reader → ATR of the card in it
        self._card_readers: dict[str | None, PcscCardReader] = {}
        self._last_reader: PcscCardReader | None = None

    # ---------------------------------------------------------------- public

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.device, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> SocialSecurityCardMonitor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def read_now(self, reader: str | None = None) -> IdentityPresented | None:
        """Read the card already in the reader (a "read card" button); events as usual."""
        with self._lock:
            return self._read(reader or self.reader)

    @property
    def running(self) -> bool:
        """Whether the watching thread is alive (it should be, from start() to stop())."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def last_response_at(self) -> float | None:
        """When the card's last answer arrived in the latest read (``perf_counter``)."""
        return None if self._last_reader is None else self._last_reader.last_response_at

    # ---------------------------------------------------------------- thread

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._watch()
            except DeviceError as exc:
                self._disconnected(exc.message_zh)
            except Exception:  # never let the thread die: report, wait, start over
                log.exception("%s: social-security card monitor failed", self.device)
                self._disconnected("读卡监控异常，正在重试；如持续出现请联系技术人员")
            self._stop.wait(self._retry_interval)

    def _watch(self) -> None:
        try:
            request = CardRequest(timeout=self._poll_interval)
        except (SmartcardException, BaseSCardException) as exc:
            raise pcsc_error(exc.hresult, self.reader) from exc
        try:
            self._sync_readers()
            while not self._stop.is_set():
                try:
                    cards = request.waitforcardevent()
                except CardRequestTimeoutException:
                    self._sync_readers()
                    continue
                except (SmartcardException, BaseSCardException) as exc:
                    raise pcsc_error(exc.hresult, self.reader) from exc
                self._sync_readers()
                self._on_cards({str(c.reader): bytes(c.atr) for c in cards})
        finally:
            try:
                request.pcsccardrequest.release()
            except (SmartcardException, BaseSCardException):
                # pcscd went away with the context; forget it so __del__ does not retry.
                request.pcsccardrequest.hcontext = None

    def _wanted(self, reader: str) -> bool:
        return self.reader is None or reader == self.reader

    def _sync_readers(self) -> None:
        present = any(self._wanted(name) for name in list_readers())
        if present and not self._readers_present:
            self._readers_present = True
            self._reporter.status(self.device, DeviceState.READY)
        elif not present:
            self._cards.clear()
            self._readers_present = False
            self._reporter.status(
                self.device, DeviceState.DISCONNECTED, reader_unavailable(self.reader).message_zh
            )

    def _on_cards(self, present: dict[str, bytes]) -> None:
        present = {r: atr for r, atr in present.items() if self._wanted(r)}
        gone = [r for r, atr in self._cards.items() if present.get(r) != atr]
        for reader in gone:
            del self._cards[reader]
        if gone and not self._cards:
            self._reporter.status(self.device, DeviceState.READY)
        for reader, atr in present.items():
            if reader not in self._cards:
                self._cards[reader] = atr
                with self._lock:
                    self._read(reader)

    def _read(self, reader: str | None) -> IdentityPresented | None:
        card_reader = self._card_readers.get(reader)
        if card_reader is None:
            card_reader = PcscCardReader(reader, today=self._today)
            self._card_readers[reader] = card_reader
        self._last_reader = card_reader
        return self._reporter.read(self.device, card_reader.read)

    def _disconnected(self, reason: str) -> None:
        self._cards.clear()
        self._readers_present = False
        self._reporter.status(self.device, DeviceState.DISCONNECTED, reason)

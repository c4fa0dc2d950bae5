"""The sync agent: one sync on demand, or a background thread that syncs on a timer.

A sync is push everything, pull everything — preceded by ``hello`` (protocol and clock
check) on the agent's first sync and then every few hours, so a sync with nothing to do
is a single round trip (the clock offset is learned from every answer anyway). The
agent's :class:`AgentStatus` is what the UI shows: idle, syncing (with progress),
offline, error (with a message that says what to do), conflicts waiting. After a
failure the thread waits with exponential backoff and full jitter (capped at five
minutes) or as long as the hub's ``Retry-After`` asks; :meth:`SyncAgent.trigger`
syncs now.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

import requests

from hub_sync.model import utc_now
from hub_sync.protocol.messages import Cursor, HelloResponse
from station_client import __version__
from station_client.store import Store, StoreError

from . import identity, integrity, meta
from .attention import waiting
from .backoff import Backoff
from .client import DEFAULT_TIMEOUT, HubClient, HubClock
from .errors import NotEnrolled, Offline, RetryLater, SyncError
from .health import DeviceLike, HealthReporter
from .integrity import IntegrityReport
from .pull import PAGE_SIZE, pull_all
from .push import MAX_OPS, OpStamper, push_all
from .updates import Updates

log = logging.getLogger("renshe.sync")

#: How often the agent repeats ``hello`` (besides its first sync).
HELLO_EVERY = timedelta(hours=6)
#: How often the agent asks for the district's publications (besides its first sync).
UPDATES_EVERY = timedelta(hours=1)
#: A station clock further off the hub's than this is shown to the clerk.
CLOCK_WARNING_MS = 5 * 60 * 1000


class Phase(StrEnum):
    NOT_ENROLLED = "not_enrolled"
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"
    ERROR = "error"
    CONFLICTS = "conflicts"  # synced, but conflicts wait for a supervisor


@dataclass(frozen=True)
class SyncProgress:
    step: str  # "hello", "push", "pull"
    done: int = 0
    total: int | None = None


@dataclass(frozen=True)
class SyncReport:
    station_id: str
    hub_url: str
    pushed: int
    applied: int
    merged: int
    conflicts: int
    rejected: int
    duplicates: int
    pulled: int  # changes received
    pulled_applied: int  # records written
    kept_local: int  # records that kept pending local fields
    pulled_invalid: int
    resynced: bool
    cursor: Cursor
    clock_offset_ms: int  # this PC's clock minus the hub's, as the hub measured it
    clock_warning: str | None
    pending: int  # after the sync
    conflicts_waiting: int
    rejected_waiting: int
    rejected_reasons: tuple[str, ...]
    started_at: datetime
    finished_at: datetime


@dataclass(frozen=True)
class AgentStatus:
    phase: Phase
    message: str | None = None
    progress: SyncProgress | None = None
    pending: int = 0
    conflicts_waiting: int = 0
    rejected_waiting: int = 0
    failures: int = 0  # in a row
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    next_attempt_at: datetime | None = None
    clock_warning: str | None = None
    last_report: SyncReport | None = None


class SyncAgent:
    def __init__(
        self,
        store: Store,
        *,
        client_version: str = __version__,
        clock: Callable[[], datetime] = utc_now,
        interval: float = 300.0,
        backoff: Backoff | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        http_session: Callable[[], requests.Session] = requests.Session,
        page_size: int = PAGE_SIZE,
        batch_size: int = MAX_OPS,
        on_status: Callable[[AgentStatus], None] | None = None,
        updates: Updates | None = None,
        device_statuses: Callable[[], Iterable[DeviceLike]] | None = None,
    ) -> None:
        self.store = store
        self._updates = updates
        self._updates_at: datetime | None = None
        self.client_version = client_version
        self.interval = interval
        self.backoff = backoff or Backoff()
        self._clock = clock
        self._timeout = timeout
        self._http_session = http_session
        self._page_size = page_size
        self._batch_size = batch_size
        self._on_status = on_status
        self._status = AgentStatus(Phase.IDLE)
        self._status_lock = threading.Lock()
        self._run_lock = threading.Lock()  # one sync at a time, whoever asks
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._hello: HelloResponse | None = None  # the last hello's answer, and when
        self._hello_at: datetime | None = None
        # The health report for district IT: after a sync, unchanged at most hourly.
        self._health = HealthReporter(store, client_version=client_version, devices=device_statuses)

    # -- status ----------------------------------------------------------------
    @property
    def status(self) -> AgentStatus:
        with self._status_lock:
            return self._status

    def _set(self, **changes: object) -> None:
        with self._status_lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            status = self._status
        if self._on_status is not None:
            try:
                self._on_status(status)
            except Exception:  # a listener's bug must not stop the sync
                log.exception("sync status listener failed")

    def _progress(self, step: str, done: int, total: int | None) -> None:
        self._set(progress=SyncProgress(step, done, total))

    # -- one sync --------------------------------------------------------------
    def sync_once(self) -> SyncReport:
        """Hello, push everything, pull everything. Raises a :class:`SyncError`
        (or :class:`StoreError`) after setting the status to say what went wrong."""
        with self._run_lock:
            started = self._clock()
            self._set(phase=Phase.SYNCING, progress=SyncProgress("hello"), last_attempt_at=started)
            try:
                report = self._sync(started)
            except NotEnrolled as e:
                self._failed(Phase.NOT_ENROLLED, e)
                raise
            except (Offline, RetryLater) as e:  # nothing for the clerk to do but wait
                self._failed(Phase.OFFLINE, e)
                raise
            except (SyncError, StoreError) as e:
                self._failed(Phase.ERROR, e)
                raise
            except Exception as e:
                log.exception("sync failed unexpectedly")
                self._failed(Phase.ERROR, e)
                raise
            self._set(
                phase=Phase.CONFLICTS if report.conflicts_waiting else Phase.IDLE,
                message=None,
                progress=None,
                pending=report.pending,
                conflicts_waiting=report.conflicts_waiting,
                rejected_waiting=report.rejected_waiting,
                failures=0,
                last_success_at=report.finished_at,
                clock_warning=report.clock_warning,
                last_report=report,
            )
            return report

    def _failed(self, phase: Phase, error: Exception) -> None:
        try:
            left = waiting(self.store)
            counts = {
                "pending": left.pending,
                "conflicts_waiting": left.conflicts,
                "rejected_waiting": left.rejected,
            }
        except StoreError:
            counts = {}
        self._set(
            phase=phase,
            message=str(error),
            progress=None,
            failures=self.status.failures + 1,
            **counts,
        )

    def _client(self) -> tuple[HubClient, HubClock, int]:
        client = identity.signed_client(
            self.store, clock=self._clock, timeout=self._timeout, session=self._http_session()
        )
        return client, client.clock, client.clock.offset_ms

    def check_integrity(self) -> IntegrityReport:
        """Sync, then compare every table with the hub and repair the ones that differ."""
        self.sync_once()
        with self._run_lock:
            client, _clock, _offset = self._client()
            try:
                return integrity.check(self.store, client)
            finally:
                client.close()

    def _sync(self, started: datetime) -> SyncReport:
        me = identity.load(self.store)
        with self.store.transaction() as s:
            last_hlc = meta.get(s, meta.LAST_HLC)
        client, hub_clock, offset = self._client()
        try:
            hello = self._hello_if_due(client, started)
            stamper = OpStamper(me.station_id, hub_clock.offset_ms, last_hlc)
            pushed = push_all(
                self.store,
                client,
                stamper,
                max_ops=self._batch_size,
                progress=lambda d, t: self._progress("push", d, t),
            )
            pulled = pull_all(
                self.store,
                client,
                page_size=self._page_size,
                progress=lambda d, t: self._progress("pull", d, t),
            )
            self._check_updates(client, started)
            # Station clock minus hub clock, as the answers just received said.
            self._health.send_if_due(client, started, clock_offset_ms=-hub_clock.offset_ms)
        finally:
            client.close()
            if hub_clock.offset_ms != offset:
                self._remember_offset(hub_clock.offset_ms)
        finished = self._clock()
        with self.store.transaction() as s:
            meta.put(s, {meta.LAST_SYNC_AT: finished.isoformat()})
        left = waiting(self.store)
        # Station clock minus hub clock: the hello's figure when there was one this time,
        # else what the answers just received said.
        offset_now = hello.clock_offset_ms if hello is not None else -hub_clock.offset_ms
        warning = self._clock_warning(hello, offset_now)
        if warning:
            log.warning("station clock is off", extra={"offset_ms": offset_now})
        return SyncReport(
            station_id=me.station_id,
            hub_url=me.hub_url,
            pushed=pushed.pushed,
            applied=pushed.applied,
            merged=pushed.merged,
            conflicts=pushed.conflicts,
            rejected=pushed.rejected,
            duplicates=pushed.duplicates,
            pulled=pulled.received,
            pulled_applied=pulled.applied,
            kept_local=pulled.kept_local,
            pulled_invalid=pulled.invalid,
            resynced=pulled.resynced,
            cursor=pulled.cursor or Cursor(epoch=self._epoch(), seq=0),
            clock_offset_ms=offset_now,
            clock_warning=warning,
            pending=left.pending,
            conflicts_waiting=left.conflicts,
            rejected_waiting=left.rejected,
            rejected_reasons=tuple(pushed.rejected_reasons),
            started_at=started,
            finished_at=finished,
        )

    def _check_updates(self, client: HubClient, now: datetime) -> None:
        """The district's publications, on the first sync and then hourly. Refusals are
        reported to the hub by the updater; a failure here never fails the sync."""
        if self._updates is None:
            return
        if self._updates_at is not None and now - self._updates_at < UPDATES_EVERY:
            return
        try:
            self._updates.check(client)
            self._updates_at = now
        except (SyncError, StoreError) as e:
            log.warning("update check failed: %s", e)

    def _hello_if_due(self, client: HubClient, now: datetime) -> HelloResponse | None:
        if self._hello_at is not None and now - self._hello_at < HELLO_EVERY:
            return None
        hello = client.hello(self.client_version)
        self._hello, self._hello_at = hello, now
        return hello

    def _epoch(self) -> str:
        with self.store.transaction() as s:
            cursor = meta.load_cursor(s)
        if cursor is not None:
            return cursor.epoch
        return self._hello.epoch if self._hello is not None else ""

    def _clock_warning(self, hello: HelloResponse | None, offset_ms: int) -> str | None:
        if hello is not None:
            return hello.clock_warning
        if abs(offset_ms) <= CLOCK_WARNING_MS:
            return None
        if self._hello is not None and self._hello.clock_warning:
            return self._hello.clock_warning
        # As the hub words it in a hello.
        return (
            f"station clock is off by {offset_ms / 60000:+.0f} minutes; "
            "correct the PC's time / 本机时钟偏差过大，请校准"
        )

    def _remember_offset(self, offset_ms: int) -> None:
        try:
            with self.store.transaction() as s:
                meta.put(s, {meta.HUB_OFFSET_MS: offset_ms})
        except StoreError:
            log.warning("could not save the hub clock offset", exc_info=True)

    # -- in the background -----------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Sync now and then every ``interval`` seconds, in a background thread."""
        if self.running:
            return
        self._stopping.clear()
        self._wake.clear()
        self._thread = threading.Thread(target=self._loop, name="renshe-sync", daemon=True)
        self._thread.start()

    def trigger(self) -> None:
        """Sync as soon as possible (a clerk pressed "sync now")."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the thread after the sync under way, if any, has finished."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        delay = 0.0
        while True:
            if delay > 0:
                self._wake.wait(delay)
            self._wake.clear()
            if self._stopping.is_set():
                return
            delay = self._run_and_schedule()
            self._set(next_attempt_at=self._clock() + timedelta(seconds=delay))

    def _run_and_schedule(self) -> float:
        """One sync from the thread; returns how long to wait before the next."""
        try:
            self.sync_once()
        except NotEnrolled:
            return self.interval
        except RetryLater as e:
            return self.backoff.delay(self.status.failures, e.seconds)
        except (SyncError, StoreError) as e:
            log.warning("sync failed: %s", e)
            return self.backoff.delay(self.status.failures)
        except Exception:  # logged by sync_once; the thread must live on
            return self.backoff.delay(self.status.failures)
        return self.interval

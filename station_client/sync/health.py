"""The station's health report to the hub, sent by the sync agent after a sync.

What district IT sees on the fleet page and cannot learn otherwise: the outbox backlog,
refused ops and conflicts waiting for a person, the software and reference-data
versions, the station's clock offset, its card readers and scanners, and whether the
freeze rules hold. Cheap on the line: an idle station repeats an unchanged report at
most once an hour (:data:`HEALTH_EVERY`); a changed one goes with the next sync.
A failed report is logged and never fails the sync.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, get_args

from hub_sync.protocol.health import (
    MAX_DEVICES,
    MAX_OFFSET_MS,
    DeviceHealth,
    DeviceStateName,
    HealthReceipt,
    HealthReport,
)
from station_client import __version__
from station_client.store import Store, StoreError
from station_client.store.freeze import check_can_register

from .attention import waiting
from .client import HubClient
from .errors import SyncError

log = logging.getLogger("renshe.sync.health")

PATH = "/v1/health-report"
#: How often an unchanged report is repeated (so the hub sees the station is alive and
#: its figures are current).
HEALTH_EVERY = timedelta(hours=1)
#: A clock offset that moved less than this does not count as a change.
CLOCK_CHANGE_MS = 60_000


class DeviceLike(Protocol):
    """What the report needs of ``station_client.devices.DeviceStatus`` (sync does not
    import devices: the two are sibling layers)."""

    @property
    def device(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def reason(self) -> str | None: ...


_STATES: frozenset[str] = frozenset(get_args(DeviceStateName))


def _device(status: DeviceLike) -> DeviceHealth:
    state = str(status.state)
    reason = status.reason[:200] if status.reason else None
    if state not in _STATES:  # a driver with a state the protocol does not know yet
        state, reason = "error", f"unknown state {state[:40]!r}"
    return DeviceHealth.model_validate(
        {"device": status.device[:80] or "?", "state": state, "reason": reason}
    )


def build_report(
    store: Store,
    *,
    now: datetime,
    clock_offset_ms: int,
    client_version: str = __version__,
    devices: Iterable[DeviceLike] = (),
) -> HealthReport:
    """The station's health now; ``clock_offset_ms`` is station clock minus hub clock."""
    left = waiting(store)
    freeze = check_can_register(
        store,
        now,
        client_version=client_version,
        counted=(left.pending, left.rejected + left.conflicts),
        synced_at=now,  # sent right after a push and pull that succeeded
    )
    try:
        reference_version: int | None = store.reference().version
    except Exception:  # a broken bundle is itself worth reporting, not a reason to stop
        log.warning("no reference version to report", exc_info=True)
        reference_version = None
    return HealthReport(
        outbox_backlog=left.pending,
        rejected_waiting=left.rejected,
        conflicts_waiting=left.conflicts,
        client_version=client_version[:40],
        reference_version=reference_version,
        clock_offset_ms=max(-MAX_OFFSET_MS, min(MAX_OFFSET_MS, clock_offset_ms)),
        devices=[_device(d) for d in list(devices)[:MAX_DEVICES]],
        frozen=[r.code for r in freeze.reasons],
    )


def send(client: HubClient, report: HealthReport) -> HealthReceipt:
    return client.call("POST", PATH, HealthReceipt, body=report)


@dataclass(frozen=True)
class _Sent:
    report: HealthReport
    at: datetime


class HealthReporter:
    """Decides when a report is worth a round trip, and sends it."""

    def __init__(
        self,
        store: Store,
        *,
        client_version: str = __version__,
        devices: Callable[[], Iterable[DeviceLike]] | None = None,
        every: timedelta = HEALTH_EVERY,
    ) -> None:
        self.store = store
        self.client_version = client_version
        self.devices = devices
        self.every = every
        self._last: _Sent | None = None

    def due(self, report: HealthReport, now: datetime) -> bool:
        last = self._last
        if last is None or now - last.at >= self.every:
            return True
        if abs(report.clock_offset_ms - last.report.clock_offset_ms) > CLOCK_CHANGE_MS:
            return True
        unclocked = {"clock_offset_ms": 0}
        return report.model_copy(update=unclocked) != last.report.model_copy(update=unclocked)

    def send_if_due(self, client: HubClient, now: datetime, *, clock_offset_ms: int) -> bool:
        """Send the report if it changed or an hour has passed; True if it was sent."""
        try:
            devices = list(self.devices()) if self.devices is not None else []
        except Exception:  # a device layer's bug must not stop the report
            log.warning("could not read the devices' status", exc_info=True)
            devices = []
        try:
            report = build_report(
                self.store,
                now=now,
                clock_offset_ms=clock_offset_ms,
                client_version=self.client_version,
                devices=devices,
            )
            if not self.due(report, now):
                return False
            send(client, report)
        except (SyncError, StoreError) as e:
            log.warning("health report not sent: %s", e)
            return False
        self._last = _Sent(report, now)
        return True

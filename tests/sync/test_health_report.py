"""The sync agent's health report reaches a real hub, changed reports go at once, and an
idle station adds at most one request an hour."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from hub_sync.model import utc_now
from hub_sync.protocol.health import HealthReport
from hub_sync.server.tables import station_health
from station_client.sync.client import HubClient
from station_client.sync.health import HEALTH_EVERY

from ..conftest import FixedClock
from ..hubserver import RunningHub
from .conftest import StationFactory


def _row(hub: RunningHub, station_id: str) -> object:
    with hub.engine.connect() as conn:
        return conn.execute(
            select(station_health).where(station_health.c.station_id == station_id)
        ).first()


def test_the_agent_reports_after_a_sync_and_stays_quiet_when_idle(
    hub: RunningHub, make_station: StationFactory
) -> None:
    devices = [SimpleNamespace(device="sscard:ACR39U", state="error", reason="请插入读卡器")]
    station = make_station("甲村", device_statuses=lambda: devices)
    requests_sent: list[HealthReport] = []
    reporter = station.agent._health
    original = reporter.send_if_due

    def counting(client: HubClient, now: datetime, **kw: int) -> bool:
        sent = original(client, now, **kw)
        if sent:
            assert reporter._last is not None
            requests_sent.append(reporter._last.report)
        return sent

    reporter.send_if_due = counting  # type: ignore[method-assign]
    station.register()
    station.agent.sync_once()
    row = _row(hub, station.identity.station_id)
    assert row is not None
    assert row.outbox_backlog == 0 and row.client_version == "test"  # type: ignore[attr-defined]
    assert row.reference_version == 1  # type: ignore[attr-defined]
    assert "请插入读卡器" in row.devices and row.frozen == "[]"  # type: ignore[attr-defined]
    assert len(requests_sent) == 1
    # Idle syncs: nothing changed, no report (no extra round trip).
    for _ in range(3):
        station.agent.sync_once()
    assert len(requests_sent) == 1
    # Something changed (the card reader is back): reported with the next sync.
    devices[0] = SimpleNamespace(device="sscard:ACR39U", state="ready", reason=None)
    station.agent.sync_once()
    assert len(requests_sent) == 2
    assert '"ready"' in _row(hub, station.identity.station_id).devices  # type: ignore[union-attr]
    # An unchanged report is due again only after an hour, or when the clock moved.
    last = requests_sent[-1]
    now = utc_now()
    assert not reporter.due(last, now + timedelta(minutes=59))
    assert reporter.due(last, now + HEALTH_EVERY + timedelta(seconds=1))
    moved = last.model_copy(update={"clock_offset_ms": last.clock_offset_ms + 61_000})
    assert reporter.due(moved, now)
    jitter = last.model_copy(update={"clock_offset_ms": last.clock_offset_ms + 500})
    assert not reporter.due(jitter, now)


def test_a_sync_that_just_succeeded_is_not_reported_as_frozen_for_lack_of_sync(
    hub: RunningHub, make_station: StationFactory, clock: FixedClock
) -> None:
    station = make_station("乙村", clock=clock)
    station.agent.sync_once()
    # Offline for ten days with work waiting: the next sync reports the freeze that held.
    clock.now += timedelta(days=10)
    from station_client.store.freeze import check_can_register

    assert check_can_register(station.store, clock.now).reasons[0].code == "not_synced"
    station.agent.sync_once()  # the report is built after the sync, so it has lifted
    row = _row(hub, station.identity.station_id)
    assert row.frozen == "[]"  # type: ignore[union-attr]
    assert not check_can_register(station.store, clock.now).frozen

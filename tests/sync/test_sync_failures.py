"""When things go wrong: replays, skewed clocks, an unreachable hub, a revoked station,
refused ops, sequence gaps, a hub restored from backup."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select, update

from hub_sync.model import Person, new_id, utc_now
from hub_sync.protocol.messages import PushRequest
from hub_sync.server import state, stations
from hub_sync.server.tables import applied_ops, change_log
from station_client.store import outbox as ob
from station_client.store.local_schema import outbox
from station_client.sync import (
    Offline,
    Phase,
    SequenceGap,
    StationRevoked,
    dismiss_rejected,
    rejected,
    set_hub_url,
    waiting,
)
from station_client.sync.client import Credentials, HubClient, HubClock
from station_client.sync.pull import pull_all
from station_client.sync.push import OpStamper, build_batch, record_results

from ..hubserver import free_port
from ..store.helpers import person_values
from .conftest import new_citizen_id


def _client(station) -> HubClient:
    me = station.identity
    return HubClient(me.hub_url, credentials=Credentials(me.station_id, me.key), clock=HubClock())


def _count(hub, table, *where) -> int:
    with hub.engine.connect() as c:
        return c.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def test_a_batch_sent_twice_is_applied_once(hub, make_station):
    a = make_station("甲")
    pid = a.register()
    a.edit(pid, phone="13800001111")
    with a.store.transaction() as s:
        entries = ob.pending(s.connection())
    stamper = OpStamper(a.identity.station_id, 0, None)
    batch = build_batch(entries, stamper)
    request = PushRequest(ops=[sent.op for sent in batch])

    with _client(a) as client:
        first = client.push(request)
        second = client.push(request)  # a lost reply: the station sends it again

    assert [r.status for r in first.results] == ["applied", "applied"]
    assert second == first and second.acked_seq == entries[-1].seq
    with hub.engine.connect() as c:
        row = c.execute(select(Person.__table__).where(Person.id == pid)).one()
    assert (row.version, row.phone) == (2, "13800001111")
    assert _count(hub, change_log, change_log.c.record_id == pid) == 2
    assert _count(hub, applied_ops, applied_ops.c.station_id == a.identity.station_id) == 2
    record_results(a.store, batch, second, stamper)
    assert waiting(a.store).pending == 0
    assert a.agent.sync_once().pushed == 0


def test_a_station_whose_clock_is_a_day_ahead_still_syncs_and_is_warned(hub, make_station):
    ahead = make_station("快钟", clock=lambda: utc_now() + timedelta(days=1))
    pid = ahead.register()

    report = ahead.agent.sync_once()

    assert report.pushed == 1 and report.applied == 1
    assert report.clock_warning and "本机时钟" in report.clock_warning
    assert abs(report.clock_offset_ms - 86_400_000) < 60_000
    assert ahead.agent.status.clock_warning == report.clock_warning
    with hub.engine.connect() as c:
        assert c.execute(select(Person.id).where(Person.id == pid)).scalar_one()
    # The learned offset is kept: the next sync is signed right the first time; it says
    # no hello, yet the clerk is still told the clock is off.
    again = ahead.agent.sync_once()
    assert again.pushed == 0
    assert again.clock_warning and "本机时钟" in again.clock_warning
    assert abs(again.clock_offset_ms - 86_400_000) < 60_000


def test_an_unreachable_hub_means_offline_nothing_lost_and_the_next_sync_sends_it(
    hub, make_station
):
    a = make_station("甲", timeout=(0.5, 2.0))
    pid = a.register()
    set_hub_url(a.store, f"http://127.0.0.1:{free_port()}")

    with pytest.raises(Offline) as offline:
        a.agent.sync_once()

    status = a.agent.status
    assert status.phase is Phase.OFFLINE and status.pending == 1 and status.failures == 1
    assert "无法连接" in status.message and "无法连接" in str(offline.value)
    assert waiting(a.store).pending == 1 and a.person(pid) is not None
    set_hub_url(a.store, hub.url)
    report = a.agent.sync_once()
    assert report.applied == 1 and report.pending == 0
    assert a.agent.status.phase is Phase.IDLE and a.agent.status.failures == 0


def test_a_revoked_station_is_told_so_clearly(hub, make_station):
    a = make_station("甲")
    a.register()
    with hub.engine.begin() as c:
        stations.revoke(c, a.identity.station_id, utc_now())

    with pytest.raises(StationRevoked) as revoked:
        a.agent.sync_once()

    assert revoked.value.code == "station_revoked" and revoked.value.status == 403
    status = a.agent.status
    assert status.phase is Phase.ERROR and "停用" in status.message
    assert status.pending == 1  # kept: nothing is thrown away


def test_an_op_the_hub_refuses_is_kept_for_the_clerk_and_does_not_block_the_rest(hub, make_station):
    a = make_station("甲")
    # A record the hub has never heard of (loaded from an old export, not captured)...
    ghost = new_id()
    a.store.bulk_insert(
        "persons",
        [
            {
                **person_values(citizen_id=new_citizen_id()),
                "id": ghost,
                "sex": "1",
                "birth_date": date(1985, 3, 14),
            }
        ],
    )
    a.edit(ghost, phone="13800000009")  # ...edited: the hub cannot apply that
    ok = a.register()

    report = a.agent.sync_once()

    assert (report.rejected, report.applied, report.pending) == (1, 1, 0)
    assert "unknown_record" in report.rejected_reasons[0]
    [refused] = rejected(a.store)
    assert (refused.record_id, refused.op) == (ghost, "update")
    assert "unknown_record" in refused.reason
    assert refused.new_values["phone"] == "13800000009"
    assert a.agent.status.rejected_waiting == 1
    with hub.engine.connect() as c:
        assert c.execute(select(Person.id).where(Person.id == ok)).scalar_one()
        assert c.execute(select(Person.id).where(Person.id == ghost)).first() is None
    assert dismiss_rejected(a.store, refused.seq) and rejected(a.store) == []
    assert a.agent.sync_once().rejected_waiting == 0


def test_a_sequence_gap_is_reported_and_nothing_is_dropped(hub, make_station):
    a = make_station("甲")
    first, second = a.register(), a.register()
    with a.store.transaction() as s:
        s.execute(delete(outbox).where(outbox.c.seq == 1))  # lost at the station

    with pytest.raises(SequenceGap) as gap:
        a.agent.sync_once()

    assert (gap.value.expected_seq, gap.value.first_sent) == (1, 2)
    assert "district IT" in str(gap.value) and "序号不连续" in str(gap.value)
    assert a.agent.status.phase is Phase.ERROR
    assert waiting(a.store).pending == 1
    assert _count(hub, Person, Person.id.in_([first, second])) == 0


def test_a_hub_restored_from_backup_makes_the_station_download_again_keeping_its_outbox(
    hub, make_station
):
    a, b = make_station("甲"), make_station("乙")
    pid = a.register()
    a.agent.sync_once()
    b.agent.sync_once()
    b.edit(pid, education="30")  # waiting in B's outbox across the resync
    with hub.engine.begin() as c:
        epoch = state.start_new_epoch(c)
    with b.store.applying_pulled() as s:  # B's copy drifted from what the hub now holds
        s.execute(update(Person).where(Person.id == pid).values(name="错名", version=9))

    with _client(b) as client:
        counts = pull_all(b.store, client)

    assert counts.resynced and counts.cursor.epoch == epoch
    p = b.person(pid)
    assert p.name == "张三丰" and p.education == "30"  # hub's record, pending edit kept
    assert waiting(b.store).pending == 1
    report = b.agent.sync_once()
    assert report.pushed == 1 and not report.resynced

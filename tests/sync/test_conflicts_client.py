"""The supervisor's conflict calls against a real hub: list, resolve one with a merged
value, bulk resolve a pattern, a second resolution refused; the decision reaches both
stations at their next sync."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from hub_sync.model import utc_now
from hub_sync.server import staff as hub_staff
from station_client.sync import conflicts as cc
from station_client.sync.login import StaffLogin

PASSWORD = "s3cret-pass"


def _supervisor(hub, area: str, role: str = "supervisor") -> str:  # type: ignore[no-untyped-def]
    username = f"{role[:5]}_{secrets.token_hex(3)}"
    with hub.engine.begin() as conn:
        hub_staff.add_staff(
            conn,
            username=username,
            full_name="李主管",
            role=role,
            area_code=area,
            password=PASSWORD,
            now=utc_now(),
        )
    return username


def _conflict(a, b, phone_a: str = "13800000001", phone_b: str = "13700000002") -> str:  # type: ignore[no-untyped-def]
    """A real conflict through sync: both stations change the same phone differently."""
    pid = a.register()
    a.agent.sync_once()
    b.agent.sync_once()
    a.edit(pid, phone=phone_a)
    b.edit(pid, phone=phone_b)
    a.agent.sync_once()
    assert b.agent.sync_once().conflicts == 1
    return str(pid)


def _mine(store, session, pid: str) -> cc.ConflictRecord:  # type: ignore[no-untyped-def]
    [found] = [c for c in cc.list_open(store, session) if c.record_id == pid]
    return found


def test_a_supervisor_merges_a_conflict_and_both_stations_get_it(hub, make_station, area):
    a, b = make_station("甲"), make_station("乙")
    pid = _conflict(a, b)
    session = StaffLogin(a.store).log_in(_supervisor(hub, area), PASSWORD)
    conflict = _mine(a.store, session, pid)
    assert (conflict.table, conflict.kind) == ("persons", "fields")
    base, hub_value, station_value = conflict.fields["phone"]
    assert (hub_value, station_value) == ("13800000001", "13700000002") and base != hub_value
    assert conflict.station_id == b.identity.station_id and conflict.area_code == area

    typed = cc.merged_value("persons", "phone", "13900000003")
    version = cc.resolve(
        a.store, session, conflict, cc.Decision("本人到站确认新号码", merged={"phone": typed})
    )
    assert version > 1
    for station in (a, b):
        station.agent.sync_once()
        p = station.person(pid)
        assert (p.phone, p.conflict, p.version) == ("13900000003", False, version)
    assert all(c.record_id != pid for c in cc.list_open(a.store, session))

    with pytest.raises(cc.AlreadyResolved, match="已被其他主管处理"):
        cc.resolve(a.store, session, conflict, cc.Decision("再处理一次", sides={"phone": "hub"}))


def test_bulk_resolution_of_one_pattern_takes_the_station_side(hub, make_station, area):
    a, b = make_station("甲"), make_station("乙")
    pids = [_conflict(a, b, phone_b=f"1370000000{i}") for i in range(2)]
    session = StaffLogin(b.store).log_in(_supervisor(hub, area, "district_admin"), PASSWORD)
    open_now = [c for c in cc.list_open(b.store, session) if c.record_id in pids]
    assert len(open_now) == 2 and len({c.pattern for c in open_now}) == 1
    first = open_now[0]
    # Someone resolves the first meanwhile: the bulk run reports it and does the rest.
    cc.resolve(b.store, session, first, cc.Decision("先处理", sides={"phone": "hub"}))
    outcome = cc.bulk_resolve(
        b.store,
        session,
        cc.same_pattern(open_now, first),
        cc.Decision("站点数据为最新", sides={"phone": "station"}),
    )
    assert list(outcome.refused) == [first.id] and "已被其他主管处理" in outcome.refused[first.id]
    [(done_id, _version)] = outcome.resolved.items()
    done = next(c for c in open_now if c.id == done_id)
    a.agent.sync_once()
    assert a.person(done.record_id).phone == done.fields["phone"][2]
    assert a.person(first.record_id).phone == "13800000001"


def test_clerks_and_offline_logins_are_told_what_to_do(hub, make_station, area):
    a = make_station("甲")
    clerk = StaffLogin(a.store).log_in(_supervisor(hub, area, "clerk"), PASSWORD)
    with pytest.raises(cc.NotSupervisor):
        cc.list_open(a.store, clerk)
    boss = StaffLogin(a.store).log_in(_supervisor(hub, area), PASSWORD)
    offline = type(boss)(boss.staff, False, None, boss.logged_in_at)
    with pytest.raises(cc.NeedsOnlineLogin, match="联网登录"):
        cc.list_open(a.store, offline)


def _record(ident: str, table: str, kind: str, age_days: float, area: str, **fields):  # type: ignore[no-untyped-def]
    return cc.ConflictRecord(
        id=ident,
        table=table,
        record_id="r" + ident,
        kind=kind,
        station_id="s",
        fields=fields or {"phone": [None, "1", "2"]},
        created_at=NOW - timedelta(days=age_days),
        area_code=area,
    )


NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def test_the_queue_filters_and_puts_overdue_conflicts_first() -> None:
    found = [
        _record("new", "persons", "fields", 0.5, "320115001001"),
        _record("old", "persons", "fields", 5, "320115001002"),
        _record("older", "employers", "edit_vs_delete", 9, "320115002001"),
        _record("mid", "persons", "fields", 2, "320115001001"),
    ]
    q = cc.queue(found, now=NOW, escalate_days=3)
    assert [(e.conflict.id, e.overdue) for e in q] == [
        ("older", True),
        ("old", True),
        ("mid", False),
        ("new", False),
    ]
    assert [e.conflict.id for e in cc.queue(found, now=NOW, escalate_days=1)][:3] == [
        "older",
        "old",
        "mid",
    ]
    only = cc.ConflictFilter(table="persons", min_age_days=1, area_prefix="320115001")
    assert [e.conflict.id for e in cc.queue(found, now=NOW, filters=only)] == ["old", "mid"]
    assert [
        e.conflict.id
        for e in cc.queue(found, now=NOW, filters=cc.ConflictFilter(kind="edit_vs_delete"))
    ] == ["older"]


def test_decisions_are_checked_before_anything_is_sent() -> None:
    c = _record(
        "x", "persons", "fields", 1, "3201", phone=[None, "1", "2"], education=[None, "20", "30"]
    )
    with pytest.raises(cc.DecisionInvalid, match="理由") as e:
        cc.Decision("  ", sides={"phone": "hub", "education": "hub"}).body_for(c)
    assert e.value.field is None
    with pytest.raises(cc.DecisionInvalid) as e:
        cc.Decision("理由", sides={"phone": "hub"}).body_for(c)
    assert e.value.field == "education"
    assert cc.Decision("r", sides={"phone": "hub", "education": "hub"}).body_for(c).choice == "hub"
    mixed = cc.Decision("r", sides={"phone": "station", "education": "hub"}).body_for(c)
    assert (mixed.choice, mixed.values) == ("merged", {"phone": "2", "education": "20"})
    with pytest.raises(cc.DecisionInvalid) as e:
        cc.merged_value("persons", "phone", "1" * 31)
    assert e.value.field == "phone"
    with pytest.raises(cc.DecisionInvalid, match="整数"):
        cc.merged_value("persons", "version", "三")

"""Enrolment: a one-time code binds the station's key; the key stays encrypted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub_sync.server.tables import hub_stations
from station_client.store.engine import DB_FILE
from station_client.sync import (
    AlreadyEnrolled,
    EnrolmentRefused,
    SyncError,
    enrol,
    is_enrolled,
    load_identity,
)


def test_a_code_enrols_once_and_the_key_is_kept_inside_the_encrypted_store(hub, make_store, area):
    code = hub.add_station(area, "甲村服务站")
    store = make_store("a")
    assert not is_enrolled(store)
    me = enrol(store, hub.url + "/", code, "test")
    assert (me.org_code, me.name, me.hub_url) == (area, "甲村服务站", hub.url)
    assert load_identity(store).station_id == me.station_id
    assert load_identity(store).key.public_key_b64() == me.key.public_key_b64()
    with hub.engine.connect() as c:
        row = c.execute(select(hub_stations).where(hub_stations.c.id == me.station_id)).one()
    assert row.public_key == me.key.public_key_b64() and row.enrolled_at is not None
    # The private key is in station_meta, which SQLCipher encrypts with everything else.
    store.close()
    raw = b"".join(p.read_bytes() for p in store.data_dir.glob(DB_FILE + "*"))
    private = me.key.private_bytes()
    assert private not in raw and private.hex().encode() not in raw

    with pytest.raises(EnrolmentRefused) as used:
        enrol(make_store("b"), hub.url, code, "test")
    assert used.value.code == "enrolment_code_used" and used.value.status == 403
    assert "已被使用" in str(used.value)


def test_an_unknown_or_malformed_code_is_refused_and_nothing_is_stored(hub, make_store):
    store = make_store()
    with pytest.raises(EnrolmentRefused) as invalid:
        enrol(store, hub.url, "AAAA-BBBB-CCCC-DDDD", "test")
    assert invalid.value.code == "enrolment_code_invalid"
    assert "注册码无效" in str(invalid.value)
    with pytest.raises(SyncError, match="not an enrolment code"):
        enrol(store, hub.url, "abc", "test")
    assert not is_enrolled(store)


def test_an_enrolled_station_is_not_enrolled_again(hub, make_store):
    store = make_store()
    me = enrol(store, hub.url, hub.add_station(), "test")
    with pytest.raises(AlreadyEnrolled, match=me.station_id):
        enrol(store, hub.url, hub.add_station(), "test")

"""Only enrolled stations talk to the hub; forged, replayed, stale and revoked requests fail."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from hub_sync import db
from hub_sync.model import Person, new_id, utc_now
from hub_sync.protocol.signing import StationKey
from hub_sync.server import stations
from hub_sync.server.app import create_app
from hub_sync.server.settings import HubSettings

from ..hubserver import running_hub
from .signing_client import SigningStation
from .test_hub_push import insert_op, person_fields


class MovableClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self):
        return utc_now() + self.offset


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def hub(hub_database_url, clock):
    with running_hub(hub_database_url, clock=clock) as running:
        yield running


def _persons(hub) -> int:
    with hub.engine.connect() as c:
        return c.execute(select(func.count()).select_from(Person)).scalar_one()


def _push(st, seq=1):
    return st.push([insert_op(seq, new_id(), **person_fields(seq))])


def test_an_enrolment_code_works_once(hub):
    code = hub.add_station()
    SigningStation.enrol(hub.url, code)
    again = requests.post(
        f"{hub.url}/v1/enrol",
        json={
            "code": code,
            "public_key": StationKey.generate().public_key_b64(),
            "client_version": "t",
        },
    )
    assert again.status_code == 403 and again.json()["code"] == "enrolment_code_used"
    wrong = requests.post(
        f"{hub.url}/v1/enrol",
        json={
            "code": "AAAA-BBBB-CCCC-DDDD",
            "public_key": StationKey.generate().public_key_b64(),
            "client_version": "t",
        },
    )
    assert wrong.status_code == 403 and wrong.json()["code"] == "enrolment_code_invalid"


def test_an_expired_code_is_refused(hub, clock):
    code = hub.add_station()
    clock.offset = timedelta(days=4)
    r = requests.post(
        f"{hub.url}/v1/enrol",
        json={
            "code": code,
            "public_key": StationKey.generate().public_key_b64(),
            "client_version": "t",
        },
    )
    assert r.status_code == 403 and r.json()["code"] == "enrolment_code_expired"


def test_unsigned_unknown_and_forged_requests_are_refused(hub):
    st = SigningStation.enrol(hub.url, hub.add_station())
    unsigned = requests.post(f"{hub.url}/v1/push", json={"ops": []})
    assert unsigned.status_code == 401 and unsigned.json()["code"] == "missing_header"
    stranger = SigningStation(hub.url, new_id(), StationKey.generate())
    assert _push(stranger).json()["code"] == "unknown_station"
    forger = SigningStation(hub.url, st.station_id, StationKey.generate())
    r = _push(forger)
    assert r.status_code == 401 and r.json()["code"] == "bad_signature"
    assert _persons(hub) == 0


def test_a_tampered_body_is_refused(hub):
    st = SigningStation.enrol(hub.url, hub.add_station())
    body = b'{"ops": []}'
    headers = st.headers("POST", "/v1/push", body)
    r = requests.post(f"{hub.url}/v1/push", data=b'{"ops": [1]}', headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "bad_digest"


def test_a_replayed_request_is_refused(hub):
    st = SigningStation.enrol(hub.url, hub.add_station())
    import json

    body = json.dumps({"ops": [insert_op(1, new_id(), **person_fields())]}).encode()
    headers = {"Content-Type": "application/json", **st.headers("POST", "/v1/push", body)}
    assert requests.post(f"{hub.url}/v1/push", data=body, headers=headers).status_code == 200
    replay = requests.post(f"{hub.url}/v1/push", data=body, headers=headers)
    assert replay.status_code == 401 and replay.json()["code"] == "replayed_request"
    assert _persons(hub) == 1


def test_a_stale_request_is_refused_and_tells_the_hub_time(hub):
    st = SigningStation.enrol(hub.url, hub.add_station())
    st.skew_ms = -10 * 60 * 1000
    r = _push(st)
    assert r.status_code == 401 and r.json()["code"] == "stale_request"
    assert int(r.headers["X-Renshe-Hub-Time"]) > 0 and "hub_time_ms" in r.json()["detail"]
    assert _persons(hub) == 0


def test_a_revoked_station_is_refused(hub):
    st = SigningStation.enrol(hub.url, hub.add_station())
    assert _push(st, 1).status_code == 200
    with hub.engine.begin() as conn:
        stations.revoke(conn, st.station_id, utc_now())
    r = _push(st, 2)
    assert r.status_code == 403 and r.json()["code"] == "station_revoked"
    assert _persons(hub) == 1


def test_hello_reports_a_wrong_station_clock(hub):
    st = SigningStation.enrol(hub.url, hub.add_station())
    ahead = (utc_now() + timedelta(days=1)).isoformat()
    r = st.post(
        "/v1/hello", {"protocol_versions": [1], "client_version": "t", "station_clock": ahead}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert abs(body["clock_offset_ms"] - 86_400_000) < 60_000
    assert "clock" in body["clock_warning"]
    with hub.engine.connect() as conn:
        listed = stations.list_stations(conn)
    assert abs(listed[0].clock_offset_ms - 86_400_000) < 60_000


def test_serve_refuses_an_unmigrated_database(tmp_path):
    with pytest.raises(db.DatabaseNotMigrated, match="renshe-hub migrate"):
        create_app(HubSettings(database_url=f"sqlite:///{tmp_path / 'new.db'}"))


def test_health_reports_database_and_schema(hub):
    body = requests.get(f"{hub.url}/health").json()
    assert body["status"] == "ok" and body["schema"] == db.head_revision()
    assert body["database"] in {"sqlite", "postgresql"}


def test_a_new_code_voids_the_old_one_and_re_enrolment_starts_a_new_outbox(hub):
    from sqlalchemy import select as sa_select

    from hub_sync.server.tables import hub_stations

    first_code = hub.add_station()
    st = SigningStation.enrol(hub.url, first_code)
    assert _push(st, 1).status_code == 200
    with hub.engine.begin() as conn:
        unused = stations.reissue_code(conn, hub.settings, st.station_id, utc_now()).code
        fresh = stations.reissue_code(conn, hub.settings, st.station_id, utc_now()).code
    void = requests.post(
        f"{hub.url}/v1/enrol",
        json={
            "code": unused,
            "public_key": StationKey.generate().public_key_b64(),
            "client_version": "t",
        },
    )
    assert void.status_code == 403 and void.json()["code"] == "enrolment_code_invalid"
    replaced = SigningStation.enrol(hub.url, fresh)  # a new PC with a new, empty outbox
    assert replaced.station_id == st.station_id
    r = replaced.push([insert_op(1, new_id(), **person_fields(9))])
    assert r.json()["results"][0]["status"] == "applied"  # seq 1 again, really applied
    assert _persons(hub) == 2
    with hub.engine.connect() as c:
        assert c.execute(sa_select(hub_stations.c.acked_seq)).scalar_one() == 1


def test_a_request_for_another_protocol_version_is_refused(hub):
    st = SigningStation.enrol(hub.url, hub.add_station())
    r = st.post(
        "/v1/push",
        {"ops": [insert_op(1, new_id(), **person_fields())]},
        **{"X-Renshe-Protocol": "2"},
    )
    assert r.status_code == 426 and r.json()["code"] == "protocol_unsupported"
    assert _persons(hub) == 0


def test_a_push_over_the_op_limit_is_refused_whole(hub_database_url):
    with running_hub(hub_database_url, max_ops_per_push=3) as hub:
        st = SigningStation.enrol(hub.url, hub.add_station())
        r = st.push([insert_op(i + 1, new_id(), **person_fields(i + 1)) for i in range(4)])
        assert r.status_code == 422 and r.json()["detail"] == {"max_ops": 3}
        assert _persons(hub) == 0

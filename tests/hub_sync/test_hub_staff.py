"""Staff at the hub: login, lockout, conflicts for supervisors, the city-wide lookup."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import select

from hub_sync.model import AuditEntry, Person, new_id, utc_now
from hub_sync.model.audit_chain import GENESIS, entry_digest
from hub_sync.server import staff
from hub_sync.server.tables import conflicts

from ..hubserver import running_hub
from .signing_client import SigningStation
from .test_hub_push import insert_op, person_fields, update_op


@pytest.fixture
def hub(hub_database_url):
    with running_hub(hub_database_url) as running:
        yield running


def _add(hub, username, role, area="320115", password="s3cret-pass"):
    with hub.engine.begin() as conn:
        return staff.add_staff(
            conn,
            username=username,
            full_name="王芳",
            role=role,
            area_code=area,
            password=password,
            now=utc_now(),
        )


def _login(st, username, password="s3cret-pass"):
    return st.post("/v1/login", {"username": username, "password": password})


def _as(st, token, method, path, payload=None):
    headers = {"Authorization": f"Bearer {token}"}
    if method == "GET":
        h = st.headers("GET", path, b"", **headers)
        return requests.get(st.hub + path, headers=h, timeout=30)
    body = json.dumps(payload).encode()
    h = {"Content-Type": "application/json", **st.headers("POST", path, body, **headers)}
    return requests.post(st.hub + path, data=body, headers=h, timeout=30)


def test_login_gives_a_token_and_an_offline_verifier(hub):
    _add(hub, "wangfang", "clerk")
    st = SigningStation.enrol(hub.url, hub.add_station())
    r = _login(st, "wangfang")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["staff"]["role"] == "clerk" and body["token"]
    PasswordHasher().verify(body["verifier"], "s3cret-pass")  # usable offline at the station
    assert _login(st, "wangfang", "wrong-one").json()["code"] == "bad_credentials"
    assert _login(st, "nobody").json()["code"] == "bad_credentials"


def test_five_wrong_passwords_lock_the_account(hub):
    _add(hub, "wangfang", "clerk")
    st = SigningStation.enrol(hub.url, hub.add_station())
    for _ in range(5):
        assert _login(st, "wangfang", "wrong-one").status_code == 401
    r = _login(st, "wangfang")  # even the right password, for now
    assert r.status_code == 423 and r.json()["code"] == "account_locked"


def _conflict(hub):
    a = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲"))
    b = SigningStation.enrol(hub.url, hub.add_station("320115001001", "乙"))
    pid = new_id()
    a.push([insert_op(1, pid, **person_fields())])
    a.push([update_op(2, pid, 1, {"phone": "13912345678"}, {"phone": "13800000001"})])
    b.push([update_op(1, pid, 1, {"phone": "13912345678"}, {"phone": "13700000002"})])
    return a, pid


def test_a_supervisor_resolves_a_conflict_and_it_is_audited(hub):
    st, _ = _conflict(hub)
    _add(hub, "zhuguan", "supervisor", area="320115001")
    _add(hub, "clerk1", "clerk")
    clerk_token = _login(st, "clerk1").json()["token"]
    assert _as(st, clerk_token, "GET", "/v1/conflicts").status_code == 403
    token = _login(st, "zhuguan").json()["token"]
    listed = _as(st, token, "GET", "/v1/conflicts").json()
    assert len(listed) == 1 and listed[0]["fields"]["phone"][1:] == ["13800000001", "13700000002"]
    cid = listed[0]["id"]
    bad = _as(
        st,
        token,
        "POST",
        f"/v1/conflicts/{cid}/resolve",
        {"choice": "merged", "values": {"name": "x"}, "reason": "typo"},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "bad_resolution"
    typed = _as(
        st,
        token,
        "POST",
        f"/v1/conflicts/{cid}/resolve",
        {"choice": "merged", "values": {"phone": 13}, "reason": "typo"},
    )
    assert typed.status_code == 400 and typed.json()["detail"] == {"field": "phone"}
    r = _as(
        st,
        token,
        "POST",
        f"/v1/conflicts/{cid}/resolve",
        {"choice": "station", "reason": "本人到场确认新号码"},
    )
    assert r.status_code == 200, r.text
    with hub.engine.connect() as c:
        p = c.execute(select(Person)).one()
        row = c.execute(select(conflicts)).one()
        audit = c.execute(select(AuditEntry).where(AuditEntry.station_id == "hub")).all()
    assert (p.phone, p.conflict, p.version) == ("13700000002", False, r.json()["version"])
    assert row.status == "resolved" and "本人到场" in row.resolution
    assert [a.action for a in audit] == ["resolve_conflict"]
    assert audit[0].prev_hash == GENESIS and audit[0].hash == entry_digest(audit[0]._mapping)
    again = _as(st, token, "POST", f"/v1/conflicts/{cid}/resolve", {"choice": "hub", "reason": "x"})
    assert again.status_code == 409


def test_city_wide_lookup_is_masked_by_role_and_audited(hub):
    st = SigningStation.enrol(hub.url, hub.add_station("320115002001", "远方村"))
    other = SigningStation.enrol(hub.url, hub.add_station("320115001001", "甲村"))
    fields = person_fields(3, residence_division="320115001001")
    other.push([insert_op(1, new_id(), **fields)])
    _add(hub, "clerk1", "clerk")
    _add(hub, "admin1", "district_admin")
    clerk = _as(
        st, _login(st, "clerk1").json()["token"], "GET", f"/v1/lookup?q={fields['citizen_id']}"
    )
    assert clerk.json()["persons"][0]["citizen_id"] == fields["citizen_id"]
    admin = _as(
        st, _login(st, "admin1").json()["token"], "GET", f"/v1/lookup?q={fields['citizen_id'][:10]}"
    )
    shown = admin.json()["persons"][0]
    assert shown["citizen_id"] != fields["citizen_id"] and "*" in shown["citizen_id"]
    assert _as(st, "not-a-token", "GET", "/v1/lookup?q=张三丰").status_code == 401
    with hub.engine.connect() as c:
        actions = [a.action for a in c.execute(select(AuditEntry).order_by(AuditEntry.chain_seq))]
    assert actions == ["city_lookup", "city_lookup"]


def test_the_cli_adds_staff(hub):
    url = hub.settings.database_url
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hub_sync.server.cli",
            "--database",
            url,
            "staff",
            "add",
            "--username",
            "li",
            "--name",
            "李四",
            "--role",
            "supervisor",
            "--area",
            "320115",
            "--password-stdin",
        ],
        input="another-pass\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    st = SigningStation.enrol(hub.url, hub.add_station())
    assert _login(st, "li", "another-pass").status_code == 200

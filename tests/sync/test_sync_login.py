"""Staff login at a station: online against the hub, offline with the kept verifier."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from hub_sync.model import utc_now
from hub_sync.server import staff as hub_staff
from station_client.sync.identity import set_hub_url
from station_client.sync.login import LoginRefused, StaffLogin, city_lookup

from ..hubserver import free_port


def _add_staff(hub, area: str, password: str = "s3cret-pass", role: str = "clerk") -> str:  # type: ignore[no-untyped-def]
    username = "clerk_" + secrets.token_hex(3)
    with hub.engine.begin() as conn:
        hub_staff.add_staff(
            conn,
            username=username,
            full_name="王芳",
            role=role,
            area_code=area,
            password=password,
            now=utc_now(),
        )
    return username


def _line_down(station) -> None:  # type: ignore[no-untyped-def]
    set_hub_url(station.store, f"http://127.0.0.1:{free_port()}")


def test_online_login_then_offline_login_with_the_same_password(hub, make_station, area):
    a = make_station("甲")
    username = _add_staff(hub, area)
    login = StaffLogin(a.store, timeout=(1.0, 5.0))
    online = login.log_in(username, "s3cret-pass")
    assert online.online and online.token and online.staff.full_name == "王芳"
    _line_down(a)
    offline = login.log_in(username, "s3cret-pass")
    assert not offline.online and offline.token is None
    assert offline.staff.id == online.staff.id and offline.staff.role == "clerk"
    with pytest.raises(LoginRefused, match="用户名或密码错误"):
        login.log_in(username, "wrong-pass")


def test_a_wrong_password_at_the_hub_is_final_and_not_tried_offline(hub, make_station, area):
    a = make_station("甲")
    username = _add_staff(hub, area)
    login = StaffLogin(a.store, timeout=(1.0, 5.0))
    login.log_in(username, "s3cret-pass")  # the verifier is kept
    with pytest.raises(LoginRefused, match="用户名或密码错误"):
        login.log_in(username, "an-old-password")


def test_five_wrong_passwords_offline_lock_the_account_here(hub, make_station, area):
    now = [utc_now()]
    a = make_station("甲")
    username = _add_staff(hub, area)
    login = StaffLogin(a.store, clock=lambda: now[0], timeout=(1.0, 5.0))
    login.log_in(username, "s3cret-pass")
    _line_down(a)
    for _ in range(4):
        with pytest.raises(LoginRefused, match="用户名或密码错误"):
            login.log_in(username, "guess")
    with pytest.raises(LoginRefused, match="锁定"):  # the fifth says so at once
        login.log_in(username, "guess")
    with pytest.raises(LoginRefused, match="锁定"):
        login.log_in(username, "s3cret-pass")  # even the right password, while locked
    now[0] += timedelta(minutes=16)
    assert login.log_in(username, "s3cret-pass").staff.username == username


def test_offline_login_of_someone_never_seen_online_here_says_what_to_do(hub, make_station, area):
    a = make_station("甲")
    username = _add_staff(hub, area)
    _line_down(a)
    with pytest.raises(LoginRefused, match="尚未在本站联网登录过"):
        StaffLogin(a.store, timeout=(1.0, 5.0)).log_in(username, "s3cret-pass")


def test_a_clerk_finds_a_person_registered_in_another_area_masked_and_offline_cannot(
    hub, make_station, area
):
    a = make_station("甲")
    pid = a.register(name="李明")
    a.agent.sync_once()
    citizen_id = a.person(pid).citizen_id
    username = _add_staff(hub, "320115")  # a district-wide clerk at another PC
    b = make_station("丙")
    login = StaffLogin(b.store, timeout=(1.0, 5.0))
    session = login.log_in(username, "s3cret-pass")
    found = city_lookup(b.store, session, citizen_id)
    assert [(p.id, p.citizen_id, p.name) for p in found] == [(pid, citizen_id, "李明")]
    # District IT maintains the system; it sees no personal data.
    it = _add_staff(hub, "320115", role="district_it")
    masked = city_lookup(b.store, StaffLogin(b.store).log_in(it, "s3cret-pass"), citizen_id)
    assert [p.id for p in masked] == [pid]
    assert masked[0].citizen_id != citizen_id and masked[0].name != "李明"
    _line_down(b)
    offline = login.log_in(username, "s3cret-pass")
    with pytest.raises(LoginRefused, match="联网登录"):
        city_lookup(b.store, offline, citizen_id)

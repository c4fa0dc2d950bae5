"""Staff login at the station: against the hub when the line is up, offline when not.

An online login (``POST /v1/login``) returns a token for the staff endpoints and the
password's argon2id verifier. The station keeps the verifier — and who the person is —
in its encrypted database, so the same person can log in at this PC when the line is
down. Offline, the password is checked against that verifier with the same memory-hard
parameters, and five wrong passwords lock the account here for 15 minutes, as at the
hub. A refusal by the hub (wrong password, locked) is final: it never falls back to the
offline check, or a password changed at the hub would go on working at the station.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from pydantic import Field

from hub_sync.model import utc_now
from hub_sync.protocol.messages import Message
from station_client.store import Store, password_check

from . import identity
from .errors import HubRefused, NotEnrolled, Offline, RetryLater, SyncError

# The verifier, the failure count and the lock live in the store's password_check: the
# offline login and the password asked again before a decision share one limit.
MAX_FAILURES = password_check.MAX_FAILURES
LOCKOUT = password_check.LOCKOUT


class LoginRequest(Message):
    username: str = Field(min_length=1, max_length=50)
    password: str = Field(min_length=1, max_length=200)


class StaffInfo(Message):
    id: str
    username: str
    full_name: str
    role: str
    area_code: str
    station_id: str | None = None


class LoginResponse(Message):
    token: str
    expires_at: str
    staff: StaffInfo
    verifier: str


@dataclass(frozen=True)
class StaffSession:
    """Who is logged in at the counter, and how."""

    staff: StaffInfo
    online: bool
    token: str | None  # for the hub's staff endpoints (online logins only)
    logged_in_at: datetime


class LoginRefused(SyncError):
    """Wrong username or password, a locked account, or no way to check offline."""


def _wrong() -> LoginRefused:
    return LoginRefused("wrong username or password", "用户名或密码错误")


def _locked(until: datetime) -> LoginRefused:
    local = until.astimezone()
    return LoginRefused(
        f"too many wrong passwords; locked until {local:%H:%M}",
        f"密码错误次数过多，账号已锁定至 {local:%H:%M}",
    )


class StaffLogin:
    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = utc_now,
        timeout: tuple[float, float] = (3.0, 10.0),
    ) -> None:
        self.store = store
        self._clock = clock
        self._timeout = timeout

    def log_in(self, username: str, password: str) -> StaffSession:
        username = username.strip()
        if not username or not password:
            raise _wrong()
        try:
            answer = self._online(username, password)
        except (Offline, RetryLater, NotEnrolled):
            return self._offline(username, password)
        except HubRefused as e:
            if e.code == "account_locked":
                raise LoginRefused(e.message, "密码错误次数过多，账号已被区级中心锁定") from e
            if e.code == "bad_credentials":
                raise _wrong() from e
            raise
        self._remember(answer)
        return StaffSession(answer.staff, True, answer.token, self._clock())

    def _online(self, username: str, password: str) -> LoginResponse:
        with identity.signed_client(self.store, clock=self._clock, timeout=self._timeout) as client:
            return client.call(
                "POST",
                "/v1/login",
                LoginResponse,
                body=LoginRequest(username=username, password=password),
            )

    def _remember(self, answer: LoginResponse) -> None:
        password_check.remember_verifier(
            self.store, answer.staff.username, answer.staff.model_dump(), answer.verifier
        )

    def _offline(self, username: str, password: str) -> StaffSession:
        try:
            record = password_check.check_password(
                self.store, username, password, clock=self._clock
            )
        except password_check.NoVerifier as e:
            raise LoginRefused(
                f"{username} has never logged in at this station while it was online, so "
                "the password cannot be checked offline; log in once with the line up",
                "该账号尚未在本站联网登录过，无法离线验证密码，请在网络恢复后登录",
            ) from e
        except password_check.AccountLocked as e:
            raise _locked(e.until) from None
        except password_check.WrongPassword:
            raise _wrong() from None
        return StaffSession(StaffInfo.model_validate(record["staff"]), False, None, self._clock())


class CityPerson(Message):
    """One person found by the city-wide lookup, masked by the hub for the staff role."""

    id: str
    name: str
    citizen_id: str
    phone: str | None = None
    sex: str
    birth_date: str
    residence_division: str | None = None
    version: int


class CityLookup(Message):
    persons: list[CityPerson]


def city_lookup(store: Store, session: StaffSession, query: str) -> list[CityPerson]:
    """ "Log in at one point, query the whole city": the hub finds the person by ID number
    (at least 6 digits) or full name in every area, audits it and masks by role. Needs an
    online login (the hub checks the token)."""
    if session.token is None:
        raise LoginRefused(
            "the city-wide lookup needs an online login; log in again with the line up",
            "全市查询需要联网登录，请在网络恢复后重新登录",
        )
    with identity.signed_client(store) as client:
        path = "/v1/lookup?" + urlencode({"q": query})
        return client.call("GET", path, CityLookup, token=session.token).persons

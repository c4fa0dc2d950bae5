"""Asking a logged-in staff member for their password again, before a decision counts.

The check uses the same argon2id verifier the offline login uses: the one the hub handed
over at the member's last online login, kept encrypted in ``station_meta`` under
``login:<username>``. The sync layer's ``StaffLogin`` stores it and checks offline logins
with :func:`check_password` too, so wrong passwords count towards one lockout — five lock
the account at this station for 15 minutes — and asking again is no way around it.

The counter is written in its own transaction: a refused password saves nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hub_sync.model import utc_now

from . import meta_values
from .errors import StoreError
from .store import Store

# As the hub: the same verifier parameters, the same limits.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
KEY = "login:{}"


class PasswordRefused(StoreError):
    """The password given again is wrong, the account is locked, or cannot be checked."""


def _wrong(left: int) -> WrongPassword:
    return WrongPassword(
        f"wrong password: the decision was not saved ({left} tries left before the lock)",
        f"密码错误，决定未保存（再错 {left} 次将锁定账号）",
        left,
    )


def _locked(until: datetime) -> AccountLocked:
    local = until.astimezone()
    return AccountLocked(
        f"too many wrong passwords; locked until {local:%H:%M}",
        f"密码错误次数过多，账号已锁定至 {local:%H:%M}",
        until,
    )


class NoVerifier(PasswordRefused):
    """The member never logged in here online: there is nothing to check against."""


class WrongPassword(PasswordRefused):
    def __init__(self, message_en: str, message_zh: str, left: int) -> None:
        super().__init__(message_en, message_zh)
        self.left = left  # tries before the lock


class AccountLocked(PasswordRefused):
    def __init__(self, message_en: str, message_zh: str, until: datetime) -> None:
        super().__init__(message_en, message_zh)
        self.until = until


def load_verifier(store: Store, username: str) -> dict[str, Any] | None:
    """The record the last online login left: staff, verifier, failures, lock."""
    with store.transaction() as s:
        raw = meta_values.get(s, KEY.format(username))
    return json.loads(raw) if raw else None


def remember_verifier(store: Store, username: str, staff: dict[str, Any], verifier: str) -> None:
    """After an online login: what the offline login and the re-entry check against."""
    record = {"staff": staff, "verifier": verifier, "failures": 0, "locked_until": None}
    _save(store, KEY.format(username), record)


def check_password(
    store: Store, username: str, password: str, *, clock: Callable[[], datetime] = utc_now
) -> dict[str, Any]:
    """The member's record when ``password`` matches the verifier; else :class:`NoVerifier`,
    :class:`WrongPassword` (counted: the fifth locks) or :class:`AccountLocked`. The
    offline login and the re-entry before a decision share it, and so share the limit."""
    record = load_verifier(store, username)
    if record is None:
        raise NoVerifier(
            f"{username} has never logged in at this station while it was online, so the "
            "password cannot be checked here",
            "该账号尚未在本站联网登录过，无法在本站核对密码",
        )
    now = clock()
    locked = record.get("locked_until")
    if locked and datetime.fromisoformat(locked) > now:
        raise _locked(datetime.fromisoformat(locked))
    key = KEY.format(username)
    try:
        _HASHER.verify(record["verifier"], password or "")
    except (VerificationError, InvalidHashError):
        failures = int(record.get("failures", 0)) + 1
        if failures >= MAX_FAILURES:
            record.update(failures=0, locked_until=(now + LOCKOUT).isoformat())
            _save(store, key, record)
            raise _locked(now + LOCKOUT) from None
        record.update(failures=failures, locked_until=None)
        _save(store, key, record)
        raise _wrong(MAX_FAILURES - failures) from None
    if record.get("failures") or record.get("locked_until"):
        record.update(failures=0, locked_until=None)
        _save(store, key, record)
    return record


def verify_again(
    store: Store, username: str, password: str, *, clock: Callable[[], datetime] = utc_now
) -> None:
    """Pass silently when ``password`` is ``username``'s; else :class:`PasswordRefused`."""
    check_password(store, username, password, clock=clock)


def _save(store: Store, key: str, record: dict[str, Any]) -> None:
    with store.transaction() as s:
        meta_values.put(s, {key: json.dumps(record, ensure_ascii=False)})

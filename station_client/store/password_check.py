"""Asking a logged-in staff member for their password again, before a decision counts.

The check uses the same argon2id verifier the offline login uses: the one the hub handed
over at the member's last online login, kept encrypted in ``station_meta`` under
``login:<username>`` by the sync layer's ``StaffLogin`` (a layer up, so its key and
record are spelled out here, as :mod:`.freeze` does for the sync keys it reads). Wrong
passwords count towards the same lockout as wrong logins — five lock the account at this
station for 15 minutes — so asking again is no way around the login's limit.

The counter is written in its own transaction: a refused password saves nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from hub_sync.model import utc_now

from .errors import StoreError
from .local_schema import station_meta
from .store import Store

# As station_client.sync.login (and the hub): the same verifier, the same limits.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_KEY = "login:{}"


class PasswordRefused(StoreError):
    """The password given again is wrong, the account is locked, or cannot be checked."""


def _wrong(left: int) -> PasswordRefused:
    return PasswordRefused(
        f"wrong password: the decision was not saved ({left} tries left before the lock)",
        f"密码错误，决定未保存（再错 {left} 次将锁定账号）",
    )


def _locked(until: datetime) -> PasswordRefused:
    local = until.astimezone()
    return PasswordRefused(
        f"too many wrong passwords; locked until {local:%H:%M}",
        f"密码错误次数过多，账号已锁定至 {local:%H:%M}",
    )


def verify_again(
    store: Store, username: str, password: str, *, clock: Callable[[], datetime] = utc_now
) -> None:
    """Pass silently when ``password`` is ``username``'s; else :class:`PasswordRefused`."""
    key = _KEY.format(username)
    with store.transaction() as s:
        raw = s.scalar(select(station_meta.c.value).where(station_meta.c.key == key))
    if raw is None:
        raise PasswordRefused(
            f"{username} has never logged in at this station while it was online, so the "
            "password cannot be checked here",
            "该账号尚未在本站联网登录过，无法在本站核对密码",
        )
    record: dict[str, Any] = json.loads(raw)
    now = clock()
    locked = record.get("locked_until")
    if locked and datetime.fromisoformat(locked) > now:
        raise _locked(datetime.fromisoformat(locked))
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


def _save(store: Store, key: str, record: dict[str, Any]) -> None:
    statement = insert(station_meta).values(key=key, value=json.dumps(record, ensure_ascii=False))
    with store.transaction() as s:
        s.execute(
            statement.on_conflict_do_update(
                index_elements=["key"], set_={"value": statement.excluded.value}
            )
        )

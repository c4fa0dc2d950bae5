"""Staff accounts at the hub: passwords (argon2id), login tokens, lockout."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from hub_sync.model import Staff, new_id, table_of

from .auth import StationContext
from .changes import HUB, Batch, insert_record, log_changes
from .errors import HubRefusal, Unauthorised
from .tables import staff_credentials, staff_sessions

ROLES = ("clerk", "supervisor", "district_admin", "district_it")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION = timedelta(hours=10)  # one working day; the station's idle lock is separate
# Memory-hard and the same parameters on station and hub: the station verifies offline
# with the verifier the hub hands it at an online login.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True)
class StaffMember:
    id: str
    username: str
    full_name: str
    role: str
    area_code: str
    station_id: str | None


def _member(row: Any) -> StaffMember:
    return StaffMember(row.id, row.username, row.full_name, row.role, row.area_code, row.station_id)


def add_staff(
    conn: Connection,
    *,
    username: str,
    full_name: str,
    role: str,
    area_code: str,
    password: str,
    now: datetime,
    station_id: str | None = None,
    backup_staff_id: str | None = None,
) -> str:
    if role not in ROLES:
        raise HubRefusal("bad_role", f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise HubRefusal("weak_password", "a password needs at least 8 characters")
    if conn.execute(select(Staff.id).where(Staff.username == username)).first():
        raise HubRefusal("username_taken", f"there is already a staff member {username!r}")
    staff_id = new_id()
    batch = Batch(HUB, now)
    insert_record(
        conn,
        batch,
        table_of(Staff),
        {
            "id": staff_id,
            "version": 1,
            "username": username,
            "full_name": full_name,
            "role": role,
            "area_code": area_code,
            "station_id": station_id,
            "backup_staff_id": backup_staff_id,
            "active": True,
            "deleted": False,
            "conflict": False,
            "changed_station": "hub",
            "changed_staff": None,
            "changed_at": now,
        },
    )
    log_changes(conn, batch)
    conn.execute(
        insert(staff_credentials).values(
            staff_id=staff_id, password_hash=HASHER.hash(password), changed_at=now
        )
    )
    return staff_id


@dataclass(frozen=True)
class Login:
    token: str
    expires_at: datetime
    staff: StaffMember
    verifier: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(
    conn: Connection, station: StationContext, username: str, password: str, now: datetime
) -> Login:
    """Check a password; five failures lock the account for a while."""
    bad = Unauthorised("bad_credentials", "wrong username or password / 用户名或密码错误")
    row = conn.execute(select(table_of(Staff)).where(Staff.username == username)).first()
    if row is None or not row.active or row.deleted:
        HASHER.hash(password)  # same cost either way: no user enumeration by timing
        raise bad
    cred = conn.execute(
        select(staff_credentials).where(staff_credentials.c.staff_id == row.id).with_for_update()
    ).first()
    if cred is None:
        raise bad
    if cred.locked_until is not None and cred.locked_until > now:
        raise HubRefusal(
            "account_locked",
            f"too many wrong passwords; locked until {cred.locked_until:%H:%M} UTC",
            detail={"locked_until": cred.locked_until.isoformat()},
            status=423,
        )
    try:
        HASHER.verify(cred.password_hash, password)
    except (VerificationError, InvalidHashError):
        failures = cred.failed_attempts + 1
        locked = now + LOCKOUT if failures >= MAX_FAILURES else None
        conn.execute(
            update(staff_credentials)
            .where(staff_credentials.c.staff_id == row.id)
            .values(failed_attempts=0 if locked else failures, locked_until=locked)
        )
        raise bad from None
    conn.execute(
        update(staff_credentials)
        .where(staff_credentials.c.staff_id == row.id)
        .values(failed_attempts=0, locked_until=None)
    )
    token = secrets.token_urlsafe(32)
    expires = now + SESSION
    conn.execute(delete(staff_sessions).where(staff_sessions.c.expires_at < now))
    conn.execute(
        insert(staff_sessions).values(
            token_hash=_token_hash(token),
            staff_id=row.id,
            station_id=station.id,
            created_at=now,
            expires_at=expires,
        )
    )
    return Login(token, expires, _member(row), cred.password_hash)


def staff_for_token(
    conn: Connection, station: StationContext, authorization: str | None, now: datetime
) -> StaffMember:
    """The logged-in staff member behind a bearer token issued at this same station."""
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthorised("login_required", "log in first / 请先登录")
    session = conn.execute(
        select(staff_sessions).where(
            staff_sessions.c.token_hash
            == _token_hash(authorization.removeprefix("Bearer ").strip())
        )
    ).first()
    if session is None or session.expires_at <= now or session.station_id != station.id:
        raise Unauthorised("login_required", "the login has expired; log in again / 登录已过期")
    row = conn.execute(select(table_of(Staff)).where(Staff.id == session.staff_id)).one()
    if not row.active or row.deleted:
        raise Unauthorised("login_required", "this staff account is no longer active")
    return _member(row)


def require_role(member: StaffMember, *roles: str) -> None:
    if member.role not in roles:
        raise HubRefusal("not_allowed", f"a {member.role} may not do this", status=403)

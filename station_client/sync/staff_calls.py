"""Calls of the hub's staff endpoints for supervisors and district admins: the checks
(role, online login) and a signed client carrying the login's bearer token."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from station_client.store import Store

from . import identity
from .client import HubClient
from .errors import SyncError
from .login import StaffSession

SUPERVISING = ("supervisor", "district_admin")
T = TypeVar("T")


class NeedsOnlineLogin(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "log in again with the line up", "该功能需要联网登录，请在网络恢复后重新登录"
        )


class NotSupervisor(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "only supervisors and district admins", "只有主管和区级管理员可以使用该功能"
        )


def with_client(store: Store, session: StaffSession, call: Callable[[HubClient, str], T]) -> T:
    if session.staff.role not in SUPERVISING:
        raise NotSupervisor()
    if session.token is None:
        raise NeedsOnlineLogin()
    with identity.signed_client(store) as client:
        return call(client, session.token)

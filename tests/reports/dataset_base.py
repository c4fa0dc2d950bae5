"""Identifiers and record stamps of the fixed district (see ``dataset``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hub_sync.model import new_id

AS_OF = date(2026, 11, 2)
DISTRICT, TOWN_A, TOWN_B = "320115", "320115001", "320115002"
V1, V2, VB = "320115001001", "320115001002", "320115002001"
STAMP = datetime(2026, 10, 1, tzinfo=UTC)
IDS: dict[str, str] = {}  # readable name → record id


def ident(name: str) -> str:
    return IDS.setdefault(name, new_id())


def synced(key: str, /, **values: Any) -> dict[str, Any]:
    return {
        "id": ident(key),
        "version": 1,
        "changed_station": None,
        "changed_staff": None,
        "changed_at": STAMP,
        "deleted": False,
        "conflict": False,
        **values,
    }


def insert_only(key: str, /, **values: Any) -> dict[str, Any]:
    return {
        "id": ident(key),
        "version": 1,
        "changed_station": None,
        "changed_staff": None,
        "changed_at": STAMP,
        **values,
    }


def day(month: int, number: int, year: int = 2026) -> date:
    """A day of 2026 unless said otherwise."""
    return date(year, month, number)

"""The hub's settings: one object, built by the app factory's caller."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class HubSettings:
    database_url: str
    max_body_bytes: int = 4 * 1024 * 1024  # decompressed request body
    max_ops_per_push: int = 1000
    # A signed request whose (hub-corrected) timestamp is further off than this is stale.
    request_window: timedelta = timedelta(minutes=5)
    clock_warning: timedelta = timedelta(minutes=5)
    enrolment_code_ttl: timedelta = timedelta(hours=72)
    tombstone_horizon: timedelta = timedelta(days=90)
    pull_page_default: int = 500
    pull_page_max: int = 2000
    # Requests in flight (per process) past which the hub answers 429 with Retry-After.
    max_in_flight: int = 1000
    # Request threads per process, and database connections kept open for them.
    db_pool_size: int = 20

    @classmethod
    def from_environment(cls, database_url: str | None = None) -> HubSettings:
        url = database_url or os.environ.get("RENSHE_HUB_DATABASE")
        if not url:
            raise ValueError("no hub database: pass --database or set RENSHE_HUB_DATABASE")
        days = os.environ.get("RENSHE_TOMBSTONE_DAYS")
        if days:
            return cls(database_url=url, tombstone_horizon=timedelta(days=int(days)))
        return cls(database_url=url)

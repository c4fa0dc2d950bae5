"""Who is making a change: the station and the staff member at the keyboard."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    station_id: str
    staff_id: str | None

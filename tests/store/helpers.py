"""Small builders shared by the store tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id


def person_values(serial: int = 1, **over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "citizen_id": make_citizen_id("320115", date(1985, 3, 14), serial % 100, Sex.MALE),
        "name": "张三丰",
        "phone": "13912345678",
        "ethnicity": "01",
        "education": "20",
        "residence_division": "320115001001",
    }
    values.update(over)
    return values

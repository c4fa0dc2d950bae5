"""Fixtures shared by the rules tests."""

import pytest

from station_client.rules import WorkCalendar

from .calendar_2025 import YEAR_2025


@pytest.fixture(scope="session")
def cal2025() -> WorkCalendar:
    """A station that has received the 2025 calendar only."""
    return WorkCalendar([YEAR_2025])

"""Staffing standard: how many staff a service point must have."""

import pytest

from station_client.rules import StationLevel, ValidationError, required_staff


@pytest.mark.parametrize(
    ("population", "staff"),
    [(0, 1), (1, 1), (1000, 1), (1001, 2), (1600, 2), (1601, 3), (8000, 10), (8001, 11)],
)
def test_village(population: int, staff: int) -> None:
    assert required_staff(StationLevel.VILLAGE, population) == staff


@pytest.mark.parametrize(
    ("population", "staff"),
    [(0, 1), (6000, 1), (6001, 2), (12000, 2), (12001, 3), (60_000_001, 10_001)],
)
def test_town(population: int, staff: int) -> None:
    assert required_staff(StationLevel.TOWN, population) == staff


def test_district_can_change_the_ratios() -> None:
    assert required_staff(StationLevel.TOWN, 6000, town_per=5000) == 2
    assert required_staff(StationLevel.VILLAGE, 1001, village_per=500) == 3
    assert required_staff(StationLevel.VILLAGE, 1001, village_threshold=2000) == 1


def test_negative_population() -> None:
    with pytest.raises(ValidationError) as info:
        required_staff(StationLevel.VILLAGE, -1)
    assert info.value.field == "population_served"


def test_district_has_no_population_standard() -> None:
    with pytest.raises(ValidationError) as info:
        required_staff(StationLevel.DISTRICT, 100_000)
    assert info.value.field == "station_level"


def test_nonsense_ratio() -> None:
    with pytest.raises(ValueError):
        required_staff(StationLevel.TOWN, 100, town_per=0)

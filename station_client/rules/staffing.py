"""Staffing standard the district inspects: staff a service point needs.

Town (街道/乡镇) offices: one staff member per 6,000 people served, at least one.
Village (社区/村) stations: one per 800 where more than 1,000 people are served, else one.
The numbers are parameters because they are reference data a district may change.
District service halls have no per-population standard, so asking for one is an error.
"""

from station_client.rules.codes import StationLevel
from station_client.rules.errors import ValidationError

__all__ = ["StationLevel", "required_staff"]


def _ceil_div(a: int, b: int) -> int:
    # Integer ceiling: no float rounding for large populations.
    return -(-a // b)


def required_staff(
    level: StationLevel,
    population_served: int,
    *,
    town_per: int = 6000,
    village_per: int = 800,
    village_threshold: int = 1000,
) -> int:
    """Minimum number of staff for a station of ``level`` serving ``population_served``."""
    if population_served < 0:
        raise ValidationError(
            "population_served",
            "negative",
            f"服务人口不能为负数（{population_served}）",
            f"population served cannot be negative ({population_served})",
        )
    if town_per <= 0 or village_per <= 0 or village_threshold < 0:
        raise ValueError("staffing ratios must be positive")
    if level is StationLevel.TOWN:
        return max(1, _ceil_div(population_served, town_per))
    if level is StationLevel.VILLAGE:
        if population_served > village_threshold:
            return _ceil_div(population_served, village_per)
        return 1
    raise ValidationError(
        "station_level",
        "no_standard",
        "区（县）级服务大厅没有按服务人口配备人员的标准",
        f"there is no population-based staffing standard for level {level.value}",
    )

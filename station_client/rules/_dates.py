"""Calendar-month arithmetic shared by the age, retirement and unemployment rules.

Adding months keeps the day of the month and clamps it to the last day of a shorter
month (31 Jan + 1 month = 28/29 Feb; 29 Feb + 1 year = 28 Feb). Ages are defined the same
way, so that "reaches 16 on" and "is 16 on" can never disagree: a person born on
29 February reaches each age on 28 February in common years.
"""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative allowed), clamped to month end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on ``day`` (0 before the first birthday; negative before birth)."""
    years = day.year - birth_date.year
    if add_months(birth_date, 12 * years) > day:
        years -= 1
    return years

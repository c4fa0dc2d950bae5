"""Reference data for the rules tests: the real 2025 holiday arrangement.

Written by hand from the State Council notice on the 2025 holidays so that the tests do
not depend on the reference-data package; test_rules_workdays cross-checks it against the
``chinesecalendar`` package when that is installed.
"""

from datetime import date, timedelta

from station_client.rules import YearCalendar


def _span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


HOLIDAYS_2025 = frozenset(
    {date(2025, 1, 1)}  # 元旦
    | _span(date(2025, 1, 28), date(2025, 2, 4))  # 春节
    | _span(date(2025, 4, 4), date(2025, 4, 6))  # 清明节
    | _span(date(2025, 5, 1), date(2025, 5, 5))  # 劳动节
    | _span(date(2025, 5, 31), date(2025, 6, 2))  # 端午节
    | _span(date(2025, 10, 1), date(2025, 10, 8))  # 国庆节、中秋节
)
MAKEUP_2025 = frozenset(
    {
        date(2025, 1, 26),  # Sunday, for Spring Festival
        date(2025, 2, 8),  # Saturday, for Spring Festival
        date(2025, 4, 27),  # Sunday, for Labour Day
        date(2025, 9, 28),  # Sunday, for National Day
        date(2025, 10, 11),  # Saturday, for National Day
    }
)
YEAR_2025 = YearCalendar(
    year=2025, holidays=HOLIDAYS_2025, makeup_workdays=MAKEUP_2025, version="2025-test"
)

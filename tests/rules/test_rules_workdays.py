"""Working-day deadlines on the official calendar (2025 arrangement, see conftest)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_client.rules import Deadline, ValidationError, WorkCalendar, YearCalendar

from .calendar_2025 import HOLIDAYS_2025, MAKEUP_2025, YEAR_2025


class TestIsWorkingDay:
    @pytest.mark.parametrize(
        ("day", "working"),
        [
            (date(2025, 9, 26), True),  # ordinary Friday
            (date(2025, 9, 27), False),  # ordinary Saturday
            (date(2025, 9, 28), True),  # Sunday made a working day for National Day
            (date(2025, 10, 1), False),
            (date(2025, 10, 8), False),  # Wednesday, last day of the holiday
            (date(2025, 10, 9), True),
            (date(2025, 10, 11), True),  # Saturday made a working day
            (date(2025, 10, 12), False),
            (date(2025, 1, 26), True),  # Sunday made a working day for Spring Festival
            (date(2025, 1, 28), False),
            (date(2025, 2, 4), False),
            (date(2025, 2, 8), True),
        ],
    )
    def test_2025(self, cal2025: WorkCalendar, day: date, working: bool) -> None:
        assert cal2025.is_working_day(day) is working

    def test_year_without_calendar_counts_monday_to_friday(self, cal2025: WorkCalendar) -> None:
        assert not cal2025.has_year(2027)
        assert cal2025.is_working_day(date(2027, 1, 1))  # New Year, but unknown → weekday
        assert not cal2025.is_working_day(date(2027, 1, 2))

    def test_fixture_matches_chinesecalendar_package(self, cal2025: WorkCalendar) -> None:
        chinese_calendar = pytest.importorskip("chinese_calendar")
        day = date(2025, 1, 1)
        while day.year == 2025:
            assert cal2025.is_working_day(day) is chinese_calendar.is_workday(day), day
            day += timedelta(days=1)


class TestAddWorkingDays:
    def test_across_national_day_lands_on_makeup_saturday(self, cal2025: WorkCalendar) -> None:
        # Accepted Tue 30 Sep; Oct 1-8 off; Oct 9 (1), Oct 10 (2), Sat Oct 11 make-up (3).
        assert cal2025.add_working_days(date(2025, 9, 30), 3) == Deadline(
            due=date(2025, 10, 11), estimated=False, missing_years=()
        )
        assert cal2025.add_working_days(date(2025, 9, 30), 1).due == date(2025, 10, 9)
        assert cal2025.add_working_days(date(2025, 9, 30), 4).due == date(2025, 10, 13)

    def test_across_spring_festival(self, cal2025: WorkCalendar) -> None:
        # Accepted Fri 24 Jan: Sun 26 (1), Mon 27 (2), Jan 28-Feb 4 off, Wed 5 Feb (3).
        assert cal2025.add_working_days(date(2025, 1, 24), 3).due == date(2025, 2, 5)

    def test_start_day_is_not_counted(self, cal2025: WorkCalendar) -> None:
        # Accepted on a working Monday: 1 working day is Tuesday, not Monday.
        assert cal2025.add_working_days(date(2025, 3, 3), 1).due == date(2025, 3, 4)

    def test_saturday_start_reaches_makeup_sunday(self, cal2025: WorkCalendar) -> None:
        assert cal2025.add_working_days(date(2025, 9, 27), 1).due == date(2025, 9, 28)

    def test_accepted_during_holiday(self, cal2025: WorkCalendar) -> None:
        assert cal2025.add_working_days(date(2025, 10, 3), 1).due == date(2025, 10, 9)

    def test_zero_is_same_day(self, cal2025: WorkCalendar) -> None:
        assert cal2025.add_working_days(date(2025, 10, 3), 0).due == date(2025, 10, 3)

    def test_negative_refused(self, cal2025: WorkCalendar) -> None:
        with pytest.raises(ValueError):
            cal2025.add_working_days(date(2025, 10, 3), -1)


class TestMissingYear:
    def test_deadline_into_unloaded_year_is_marked_estimated(self, cal2025: WorkCalendar) -> None:
        # Tue 30 Dec 2025: Wed 31 (1); 2026 unknown → Thu 1 Jan counted (2), Fri 2 (3),
        # Mon 5 (4), Tue 6 (5).
        deadline = cal2025.add_working_days(date(2025, 12, 30), 5)
        assert deadline == Deadline(due=date(2026, 1, 6), estimated=True, missing_years=(2026,))
        assert deadline.notice_zh() == "2026年节假日安排未载入，期限按工作日（周一至周五）估算"
        assert deadline.notice_en() == "2026 calendar not loaded — deadline estimated on weekdays"

    def test_several_missing_years_are_all_named(self) -> None:
        deadline = WorkCalendar([]).add_working_days(date(2026, 12, 1), 300)
        assert deadline.missing_years == (2026, 2027, 2028)
        assert deadline.notice_zh().startswith("2026、2027、2028年节假日安排未载入")
        assert deadline.notice_en().startswith("2026, 2027, 2028 calendars not loaded")

    def test_exact_deadline_has_no_notice(self, cal2025: WorkCalendar) -> None:
        deadline = cal2025.add_working_days(date(2025, 12, 29), 2)
        assert deadline.due == date(2025, 12, 31)
        assert not deadline.estimated
        assert deadline.notice_zh() == deadline.notice_en() == ""

    def test_unloaded_start_day_does_not_matter(self, cal2025: WorkCalendar) -> None:
        # The start day is not counted, so a 2024 start needs only the 2025 calendar.
        deadline = cal2025.add_working_days(date(2024, 12, 31), 2)
        assert deadline.due == date(2025, 1, 3)  # 1 Jan is a holiday
        assert not deadline.estimated

    def test_missing_years_range(self, cal2025: WorkCalendar) -> None:
        assert cal2025.missing_years(date(2024, 6, 1), date(2027, 1, 1)) == (2024, 2026, 2027)
        assert cal2025.missing_years(date(2027, 1, 1), date(2024, 6, 1)) == (2024, 2026, 2027)
        assert cal2025.missing_years(date(2025, 1, 1), date(2025, 12, 31)) == ()


class TestWorkingDaysBetween:
    def test_counts_after_start_up_to_end(self, cal2025: WorkCalendar) -> None:
        assert cal2025.working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
        assert cal2025.working_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3
        assert cal2025.working_days_between(date(2025, 9, 30), date(2025, 9, 30)) == 0

    def test_negative_when_end_before_start(self, cal2025: WorkCalendar) -> None:
        assert cal2025.working_days_between(date(2025, 10, 11), date(2025, 9, 30)) == -3


class TestReferenceDataChecks:
    def test_date_of_another_year(self) -> None:
        with pytest.raises(ValidationError) as info:
            YearCalendar(2026, HOLIDAYS_2025, frozenset(), "x")
        assert info.value.reason == "year"

    def test_day_both_holiday_and_working(self) -> None:
        with pytest.raises(ValidationError) as info:
            YearCalendar(2025, HOLIDAYS_2025, MAKEUP_2025 | {date(2025, 10, 1)}, "x")
        assert info.value.reason == "conflict"

    def test_year_given_twice(self) -> None:
        with pytest.raises(ValidationError) as info:
            WorkCalendar([YEAR_2025, YEAR_2025])
        assert info.value.reason == "duplicate"

    def test_years_and_version(self, cal2025: WorkCalendar) -> None:
        assert cal2025.years() == frozenset({2025})
        loaded = cal2025.calendar_for(2025)
        assert loaded is not None
        assert loaded.version == "2025-test"
        assert cal2025.calendar_for(2026) is None


STARTS = st.dates(min_value=date(2024, 10, 1), max_value=date(2026, 3, 31))


@given(start=STARTS, n=st.integers(min_value=1, max_value=60))
def test_deadline_is_a_working_day_n_working_days_later(
    cal2025: WorkCalendar, start: date, n: int
) -> None:
    deadline = cal2025.add_working_days(start, n)
    assert cal2025.is_working_day(deadline.due)
    assert cal2025.working_days_between(start, deadline.due) == n
    # The day before the deadline is still short of n: the deadline is the first such day.
    assert cal2025.working_days_between(start, deadline.due - timedelta(days=1)) == n - 1
    # Only the counted days (start, due] need a calendar; 2025 is the only one loaded.
    first_counted = start + timedelta(days=1)
    expected_missing = tuple(
        y for y in range(first_counted.year, deadline.due.year + 1) if y != 2025
    )
    assert deadline.missing_years == expected_missing
    assert deadline.estimated == bool(expected_missing)


@given(a=STARTS, b=STARTS)
def test_between_is_antisymmetric(cal2025: WorkCalendar, a: date, b: date) -> None:
    assert cal2025.working_days_between(a, b) == -cal2025.working_days_between(b, a)

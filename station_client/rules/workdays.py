"""Working-day arithmetic on the official Chinese calendar.

Working days are Monday-Friday, minus the State Council's declared holidays, plus the
weekend days declared working days in exchange (调休). The holiday arrangement is
published year by year, so it is reference data (:class:`YearCalendar`) pushed by the
district; it is never guessed.

Counting convention (期间开始之日不计算在内, as in Chinese administrative and civil
procedure): the day a matter is accepted is not counted. "Within n working days" means
the deadline is the n-th working day *after* the start day, so a deadline can never fall
on a day off — it moves to the next working day by construction. n = 0 means the start
day itself (same-day service).

A year the station has no calendar for is a visible state, not an error: it is counted
as Monday-Friday and the resulting :class:`Deadline` says it is an estimate and which
years are missing, so the clerk can tell the person and the district can push the year.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from station_client.rules.errors import ValidationError

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class YearCalendar:
    """One year's official arrangement.

    ``holidays``: every declared day off of the year's public holidays, whether it falls
    on a weekday or a weekend. ``makeup_workdays``: weekend days declared working days.
    ``version``: identifies the pushed reference data (e.g. the State Council notice).
    """

    year: int
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    version: str

    def __post_init__(self) -> None:
        # Bad reference data must be refused when loaded, not discovered in a deadline.
        strays = sorted(d for d in self.holidays | self.makeup_workdays if d.year != self.year)
        if strays:
            raise ValidationError(
                "calendar",
                "year",
                f"{self.year}年节假日安排中含有其他年份的日期：{strays[0].isoformat()}",
                f"{self.year} calendar contains a date of another year: {strays[0].isoformat()}",
            )
        both = sorted(self.holidays & self.makeup_workdays)
        if both:
            raise ValidationError(
                "calendar",
                "conflict",
                f"{self.year}年节假日安排中{both[0].isoformat()}既是假日又是调休工作日",
                f"{self.year} calendar: {both[0].isoformat()} is both a holiday and a working day",
            )


def _join_years(years: tuple[int, ...], sep: str) -> str:
    return sep.join(str(y) for y in years)


@dataclass(frozen=True)
class Deadline:
    """A computed due date; ``estimated`` when a year in the counted span had no calendar."""

    due: date
    estimated: bool
    missing_years: tuple[int, ...]

    def notice_zh(self) -> str:
        """The warning the clerk sees next to an estimated deadline ("" when exact)."""
        if not self.estimated:
            return ""
        return (
            f"{_join_years(self.missing_years, '、')}年节假日安排未载入，"
            "期限按工作日（周一至周五）估算"
        )

    def notice_en(self) -> str:
        """English form of :meth:`notice_zh`."""
        if not self.estimated:
            return ""
        noun = "calendar" if len(self.missing_years) == 1 else "calendars"
        return (
            f"{_join_years(self.missing_years, ', ')} {noun} not loaded — "
            "deadline estimated on weekdays"
        )


class WorkCalendar:
    """The official working-day calendar for the years the station has received."""

    def __init__(self, calendars: Iterable[YearCalendar]) -> None:
        self._years: dict[int, YearCalendar] = {}
        for cal in calendars:
            if cal.year in self._years:
                # Two versions of a year: the caller must choose; silently picking one
                # could move deadlines.
                raise ValidationError(
                    "calendar",
                    "duplicate",
                    f"{cal.year}年节假日安排重复载入",
                    f"{cal.year} calendar given twice",
                )
            self._years[cal.year] = cal

    def years(self) -> frozenset[int]:
        """Years with an official calendar."""
        return frozenset(self._years)

    def has_year(self, year: int) -> bool:
        """True when ``year``'s official arrangement is loaded."""
        return year in self._years

    def calendar_for(self, year: int) -> YearCalendar | None:
        """The loaded arrangement for ``year`` (to show its version), or None."""
        return self._years.get(year)

    def is_working_day(self, day: date) -> bool:
        """Official working day; Monday-Friday for a year without calendar."""
        cal = self._years.get(day.year)
        if cal is None:
            return day.weekday() < 5
        if day in cal.holidays:
            return False
        return day.weekday() < 5 or day in cal.makeup_workdays

    def missing_years(self, start: date, end: date) -> tuple[int, ...]:
        """Years from ``start`` to ``end`` (either order, inclusive) without calendar."""
        low, high = sorted((start.year, end.year))
        return tuple(y for y in range(low, high + 1) if y not in self._years)

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The n-th working day after ``start`` (start not counted; n = 0 → start)."""
        if n < 0:
            raise ValueError(f"number of working days must not be negative, got {n}")
        day = start
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        # Only the days after start were counted, so only their years matter.
        missing = self.missing_years(start + _ONE_DAY, day) if n else ()
        return Deadline(due=day, estimated=bool(missing), missing_years=missing)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``.

        Negative when ``end`` is before ``start``: minus the working days after ``end`` up
        to and including ``start``, so ``between(a, b) == -between(b, a)``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count

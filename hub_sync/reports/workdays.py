"""Working days for the reports, from a calendar the caller supplies.

The official calendar (holidays and make-up working days, 调休) is reference data. The
station has it in its reference bundle (``station_client.rules.workdays.WorkCalendar``);
the reports take only a plain ``is_working_day(date) -> bool`` and the years it has an
official arrangement for, so that this shared package never imports the station.
The hub reads the same calendar files (``reference_files.calendar_from_reference``).

Counting convention (as the station's rules): the working days *after* a start day up
to and including an end day. In SQL, each day gets an ordinal W(d) = working days up to
and including d, so that W(end) − W(start) counts them; the ordinals travel as a small
``VALUES`` table joined on the date.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import CTE, Date, Integer, column, values

IsWorkingDay = Callable[[date], bool]
_ONE_DAY = timedelta(days=1)


def weekdays_only(day: date) -> bool:
    """Monday to Friday: the estimate for a year without an official calendar."""
    return day.weekday() < 5


@dataclass(frozen=True)
class WorkingDays:
    """``is_working_day`` and the years it knows officially (None: not said)."""

    is_working_day: IsWorkingDay
    calendar_years: frozenset[int] | None = None

    @classmethod
    def of(cls, is_working_day: IsWorkingDay, years: Collection[int] | None = None) -> WorkingDays:
        return cls(is_working_day, None if years is None else frozenset(years))

    def missing_years(self, start: date, end: date) -> tuple[int, ...]:
        """Years from ``start`` to ``end`` counted on weekdays only, for want of a calendar."""
        if self.calendar_years is None:
            return ()
        low, high = sorted((start.year, end.year))
        return tuple(y for y in range(low, high + 1) if y not in self.calendar_years)

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if reversed)."""
        if end < start:
            return -self.between(end, start)
        count, day = 0, start + _ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def add(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (n = 0: ``start`` itself)."""
        day = start
        while n > 0:
            day += _ONE_DAY
            n -= self.is_working_day(day)
        return day

    def ordinals(self, low: date, high: date) -> list[tuple[date, int]]:
        """(day, W(day)) for every day from ``low`` to ``high``; W(low) = 0."""
        out, count, day = [], 0, low
        while day <= high:
            if day != low:
                count += self.is_working_day(day)
            out.append((day, count))
            day += _ONE_DAY
        return out

    def ordinal_table(self, low: date, high: date, name: str = "workday") -> CTE:
        """The ordinals as a CTE ``name(day, ordinal)`` for joining on a date column."""
        table = values(column("day", Date), column("ordinal", Integer), name=name)
        # Not materialised: PostgreSQL then knows the table's size and hashes it, not the
        # matters joined to it, and can scan in parallel.
        return table.data(self.ordinals(low, high)).cte(name).prefix_with("NOT MATERIALIZED")

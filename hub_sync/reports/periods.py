"""Report periods: a month, a quarter, a year or any range of days, and the one before it.

Days are station days (China Standard Time): a matter accepted at 07:30 in Beijing
belongs to that day even though it is still the previous day in UTC. Timestamps
(``evaluated_at``) are compared with the period's bounds converted to UTC.

Text forms (``parse_period``): ``2026-10`` (month), ``2026-Q4`` (quarter), ``2026``
(year), ``2026-10-01..2026-10-15`` (a range of days, both ends included).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum

from .errors import BadPeriod

#: The station's clock: China Standard Time, no daylight saving.
CHINA_TIME = timezone(timedelta(hours=8), "CST")

_QUARTER_ZH = ("一", "二", "三", "四")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?[Qq]([1-4])")
_YEAR = re.compile(r"(\d{4})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")
#: Ranges longer than this are refused: a typing mistake (20260 for 2026) must not start
#: a scan of centuries.
MAX_RANGE_DAYS = 3 * 366


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the end of a shorter month
    (31 Jan + 1 month = 28/29 Feb): the convention of the station's unemployment rules."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def station_day(moment: datetime) -> date:
    """The calendar day in China of an aware ``moment``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given where an aware time is required")
    return moment.astimezone(CHINA_TIME).date()


def day_start_utc(day: date) -> datetime:
    """00:00 China time of ``day``, as an aware UTC datetime."""
    return datetime.combine(day, time(0), CHINA_TIME).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included."""

    kind: PeriodKind
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod(
                f"a period cannot end ({self.end}) before it starts ({self.start})",
                f"统计期的结束日期（{self.end}）早于开始日期（{self.start}）",
            )
        if (self.end - self.start).days >= MAX_RANGE_DAYS:
            raise BadPeriod(
                f"a period of more than {MAX_RANGE_DAYS} days is not supported",
                f"统计期不能超过{MAX_RANGE_DAYS}天",
            )

    # -- making ------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_year(year)
        if not 1 <= month <= 12:
            raise BadPeriod(f"there is no month {month}", f"月份{month}无效")
        last = calendar.monthrange(year, month)[1]
        return cls(PeriodKind.MONTH, date(year, month, 1), date(year, month, last))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise BadPeriod(f"there is no quarter {quarter}", f"季度{quarter}无效")
        first = date(year, 3 * quarter - 2, 1)
        return cls(PeriodKind.QUARTER, first, add_months(first, 3) - timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        _check_year(year)
        return cls(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def days(cls, start: date, end: date) -> Period:
        return cls(PeriodKind.RANGE, start, end)

    # -- reading -----------------------------------------------------------------
    @property
    def day_count(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before (a range: as many days just before)."""
        if self.kind is PeriodKind.MONTH:
            before = add_months(self.start, -1)
            return Period.month(before.year, before.month)
        if self.kind is PeriodKind.QUARTER:
            before = add_months(self.start, -3)
            return Period.quarter(before.year, (before.month - 1) // 3 + 1)
        if self.kind is PeriodKind.YEAR:
            return Period.year(self.start.year - 1)
        end = self.start - timedelta(days=1)
        return Period.days(end - timedelta(days=self.day_count - 1), end)

    def cutoff(self, as_of: date) -> date:
        """The last day the period's state can be known on ``as_of`` (the end, or today
        for the running period)."""
        return min(self.end, as_of)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) of the period's days in China time, as aware UTC datetimes."""
        return day_start_utc(self.start), day_start_utc(self.end + timedelta(days=1))

    @property
    def label(self) -> str:
        """The text form ``parse_period`` reads back."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label_zh(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}年第{_QUARTER_ZH[(self.start.month - 1) // 3]}季度"
        if self.kind is PeriodKind.YEAR:
            return f"{self.start.year}年"
        return f"{self.start.isoformat()}至{self.end.isoformat()}"


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise BadPeriod(f"year {year} is outside 2000–2100", f"年份{year}不在2000–2100之间")


def parse_period(text: str) -> Period:
    """``2026-10``, ``2026-Q4``, ``2026`` or ``2026-10-01..2026-10-15``."""
    value = text.strip()
    if m := _RANGE.fullmatch(value):
        try:
            start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        except ValueError as e:
            raise BadPeriod(f"not a date range: {text!r} ({e})", f"日期范围无效：{text}") from e
        return Period.days(start, end)
    if m := _QUARTER.fullmatch(value):
        return Period.quarter(int(m.group(1)), int(m.group(2)))
    if m := _MONTH.fullmatch(value):
        return Period.month(int(m.group(1)), int(m.group(2)))
    if m := _YEAR.fullmatch(value):
        return Period.year(int(m.group(1)))
    raise BadPeriod(
        f"not a period: {text!r} (use 2026-10, 2026-Q4, 2026 or 2026-10-01..2026-10-15)",
        f"统计期格式无效：{text}（应为 2026-10、2026-Q4、2026 或 2026-10-01..2026-10-15）",
    )

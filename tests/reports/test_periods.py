"""Periods, working days and the reference data the hub reads for itself."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hub_sync.reports import BadPeriod, Period, PeriodKind, ReportError, parse_period
from hub_sync.reports.periods import add_months, station_day
from hub_sync.reports.reference_files import (
    CATALOGUE,
    calendar_from_reference,
    code_names_from_bundle,
    code_names_from_reference,
)
from hub_sync.reports.workdays import WorkingDays
from station_client.reference import ReferenceBundle, default_bundle_dir
from station_client.rules import _dates


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label", "zh", "previous"),
    [
        (
            "2026-10",
            PeriodKind.MONTH,
            date(2026, 10, 1),
            date(2026, 10, 31),
            "2026-10",
            "2026年10月",
            "2026-09",
        ),
        (
            "2026-3",
            PeriodKind.MONTH,
            date(2026, 3, 1),
            date(2026, 3, 31),
            "2026-03",
            "2026年3月",
            "2026-02",
        ),
        (
            "2026-01",
            PeriodKind.MONTH,
            date(2026, 1, 1),
            date(2026, 1, 31),
            "2026-01",
            "2026年1月",
            "2025-12",
        ),
        (
            "2026-Q4",
            PeriodKind.QUARTER,
            date(2026, 10, 1),
            date(2026, 12, 31),
            "2026-Q4",
            "2026年第四季度",
            "2026-Q3",
        ),
        (
            "2026q1",
            PeriodKind.QUARTER,
            date(2026, 1, 1),
            date(2026, 3, 31),
            "2026-Q1",
            "2026年第一季度",
            "2025-Q4",
        ),
        ("2024", PeriodKind.YEAR, date(2024, 1, 1), date(2024, 12, 31), "2024", "2024年", "2023"),
        (
            " 2026-10-01..2026-10-15 ",
            PeriodKind.RANGE,
            date(2026, 10, 1),
            date(2026, 10, 15),
            "2026-10-01..2026-10-15",
            "2026-10-01至2026-10-15",
            "2026-09-16..2026-09-30",
        ),
    ],
)
def test_periods(
    text: str, kind: PeriodKind, start: date, end: date, label: str, zh: str, previous: str
) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert (period.label, period.label_zh) == (label, zh)
    assert parse_period(period.label) == period
    assert period.previous() == parse_period(previous)
    assert period.previous().end == period.start - timedelta(days=1)


def test_period_bounds_are_china_days() -> None:
    since, until = parse_period("2026-10").utc_bounds()
    assert since == datetime(2026, 9, 30, 16, tzinfo=UTC)
    assert until == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert station_day(datetime(2026, 9, 30, 16, 30, tzinfo=UTC)) == date(2026, 10, 1)
    assert parse_period("2026-10").cutoff(date(2026, 10, 9)) == date(2026, 10, 9)
    assert parse_period("2026-10").cutoff(date(2027, 1, 1)) == date(2026, 10, 31)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "October",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "1999",
        "2026-10-32..2026-11-01",
        "2026-11-01..2026-10-01",
        "2020-01-01..2026-01-01",
        "2026/10",
    ],
)
def test_bad_periods(bad: str) -> None:
    with pytest.raises(BadPeriod):
        parse_period(bad)


def test_add_months_is_the_station_rule() -> None:
    day = date(2023, 12, 25)
    while day < date(2025, 3, 5):
        for months in (-13, -6, -1, 1, 3, 6, 12):
            assert add_months(day, months) == _dates.add_months(day, months)
        day += timedelta(days=1)


def test_working_days_agree_with_the_station_calendar(reference: ReferenceBundle) -> None:
    calendar = reference.calendar
    days = WorkingDays.of(calendar.is_working_day, reference.calendar_years)
    low, high = date(2024, 12, 20), date(2026, 12, 31)
    ordinals = dict(days.ordinals(low, high))
    for start, end in [
        (date(2025, 9, 28), date(2025, 10, 9)),
        (date(2026, 9, 21), date(2026, 10, 9)),
        (low, high),
    ]:
        expected = calendar.working_days_between(start, end)
        assert days.between(start, end) == expected
        assert ordinals[end] - ordinals[start] == expected
    for n in (0, 1, 3, 15, 16):
        assert days.add(date(2026, 9, 30), n) == calendar.add_working_days(date(2026, 9, 30), n).due
    assert days.missing_years(date(2026, 12, 1), date(2027, 2, 1)) == (2027,)


def test_the_hub_reads_the_same_reference_data(reference: ReferenceBundle) -> None:
    hub = calendar_from_reference(default_bundle_dir())
    assert hub.calendar_years == reference.calendar_years
    day = date(2024, 1, 1)
    while day <= date(2026, 12, 31):
        assert hub.is_working_day(day) == reference.calendar.is_working_day(day), day
        day += timedelta(days=1)
    names, station = (
        code_names_from_reference(default_bundle_dir()),
        code_names_from_bundle(reference),
    )
    for table, code in [
        ("unemployment_reason", "02"),
        ("sex", "1"),
        (CATALOGUE, "JY-002"),
        ("nothing", "x"),
    ]:
        assert names(table, code) == station(table, code)
    assert names(CATALOGUE, "JY-002") == reference.catalogue.item("JY-002").zh
    assert names("sex", "7") is None


def test_bad_reference_files(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no holiday calendar"):
        calendar_from_reference(tmp_path)
    (tmp_path / "calendar").mkdir()
    shutil.copy(
        default_bundle_dir() / "calendar" / "2026.json", tmp_path / "calendar" / "2026.json"
    )
    assert calendar_from_reference(tmp_path).calendar_years == frozenset({2026})
    broken = json.loads((tmp_path / "calendar" / "2026.json").read_text(encoding="utf-8"))
    broken["makeup_workdays"].append(broken["holidays"][0])
    (tmp_path / "calendar" / "2026.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ReportError, match="inconsistent"):
        calendar_from_reference(tmp_path)
    (tmp_path / "calendar" / "2026.json").write_text("{", encoding="utf-8")
    with pytest.raises(ReportError, match="cannot read"):
        calendar_from_reference(tmp_path)
    (tmp_path / "codes").mkdir()
    (tmp_path / "codes" / "sex.json").write_text('{"table": "sex"}', encoding="utf-8")
    with pytest.raises(ReportError, match="malformed"):
        code_names_from_reference(tmp_path)


def test_period_too_long() -> None:
    with pytest.raises(BadPeriod, match="more than"):
        Period.days(date(2020, 1, 1), date(2026, 1, 1))

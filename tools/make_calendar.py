"""Generate ``resources/reference/calendar/<year>.json`` from the chinesecalendar package.

    python tools/make_calendar.py [YEAR ...] [--out resources/reference] [--version N]

``chinesecalendar`` (pinned 1.11.0, a dev-only dependency: the station never imports it)
transcribes the State Council General Office's yearly notices on public-holiday
arrangements (国务院办公厅关于部分节假日安排的通知). Each file lists every day off of the
year's holidays and the weekend days declared working days (调休). The generator refuses
a year the package has no data for, so an unpublished year is never written as "no
holidays". Run ``tools/make_manifest.py`` afterwards.
"""

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from station_client.reference.manifest import dump_json  # noqa: E402

DEFAULT_YEARS = (2024, 2025, 2026)
PACKAGE_VERSION = "1.11.0"


def year_calendar(year: int, version: int = 1) -> dict[str, Any]:
    """The calendar file content for ``year``."""
    import chinese_calendar
    from chinese_calendar import constants

    installed = getattr(chinese_calendar, "__version__", PACKAGE_VERSION)
    if installed != PACKAGE_VERSION:
        raise SystemExit(f"chinesecalendar {PACKAGE_VERSION} expected, found {installed}")
    by_english = {h.value: h for h in constants.Holiday}

    def day(date: dt.date, english: str, makeup: bool) -> dict[str, str]:
        holiday = by_english[english]
        zh: str = holiday.chinese
        if makeup:
            en = f"{english} make-up workday"
            return {"date": date.isoformat(), "name": f"{zh}调休", "en": en}
        return {"date": date.isoformat(), "name": zh, "en": english}

    holidays = [day(d, n, False) for d, n in sorted(constants.holidays.items()) if d.year == year]
    makeup = [day(d, n, True) for d, n in sorted(constants.workdays.items()) if d.year == year]
    if not holidays:
        raise SystemExit(f"chinesecalendar {installed} has no holiday arrangement for {year}")
    return {
        "kind": "holiday_calendar",
        "year": year,
        "version": version,
        "source": f"State Council General Office notice on the {year} public-holiday arrangement "
        f"(国务院办公厅关于{year}年部分节假日安排的通知), transcribed from the chinesecalendar "
        f"{installed} package by tools/make_calendar.py. holidays: every day off of the "
        "holiday periods (weekend days inside a period included); makeup_workdays: weekend "
        "days declared working days (调休).",
        "holidays": holidays,
        "makeup_workdays": makeup,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("years", nargs="*", type=int, default=list(DEFAULT_YEARS))
    parser.add_argument("--out", type=Path, default=REPO / "resources" / "reference")
    parser.add_argument("--version", type=int, default=1)
    args = parser.parse_args(argv)
    out = args.out / "calendar"
    out.mkdir(parents=True, exist_ok=True)
    for year in args.years:
        data = year_calendar(year, args.version)
        (out / f"{year}.json").write_text(dump_json(data), encoding="utf-8", newline="\n")
        print(
            f"{year}: {len(data['holidays'])} days off, "
            f"{len(data['makeup_workdays'])} make-up working days"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

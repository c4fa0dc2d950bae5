"""Reference data the reports need, from either side, without importing the station.

Reports show code-table names (失业原因 "02" → 用人单位解除劳动合同) and service-item names
and count working days on the official calendar. The station has these in its installed
reference bundle; the hub reads the files the district publishes (``resources/reference``:
``codes/*.json``, ``catalogue.json``, ``calendar/*.json``). Either way the reports get two
plain things: a :data:`CodeNames` callable and a :class:`WorkingDays`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ReportError
from .workdays import WorkingDays

#: (code table, code) → name; the table "catalogue" names service items. None: unknown.
CodeNames = Callable[[str, str], str | None]
CATALOGUE = "catalogue"
RESOURCES_ENV = "RENSHE_RESOURCES"


def no_names(table: str, code: str) -> str | None:
    """Show codes as they are (no reference data at hand)."""
    return None


def default_reference_dir() -> Path:
    """``$RENSHE_RESOURCES/reference``, else ``resources/reference`` of the source tree."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override) / "reference"
    return Path(__file__).resolve().parents[2] / "resources" / "reference"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ReportError(
            f"cannot read reference file {path}: {e}", f"无法读取参考数据 {path}"
        ) from e


def code_names_from_reference(directory: Path) -> CodeNames:
    """Names from a reference directory's code tables and service catalogue."""
    tables: dict[str, dict[str, str]] = {}
    try:
        for path in sorted((directory / "codes").glob("*.json")):
            data = _read_json(path)
            tables[str(data["table"])] = {str(e["code"]): str(e["zh"]) for e in data["entries"]}
        catalogue = directory / "catalogue.json"
        if catalogue.exists():
            items = _read_json(catalogue)["items"]
            tables[CATALOGUE] = {str(i["code"]): str(i["zh"]) for i in items}
    except (KeyError, TypeError) as e:
        raise ReportError(
            f"malformed reference data in {directory}: {e}", f"参考数据格式错误：{directory}"
        ) from e
    return _lookup(tables)


def _lookup(tables: Mapping[str, Mapping[str, str]]) -> CodeNames:
    def names(table: str, code: str) -> str | None:
        return tables.get(table, {}).get(code)

    return names


def code_names_from_bundle(bundle: Any) -> CodeNames:
    """Names from the station's installed ``ReferenceBundle`` (read through its public
    ``table(name).entry(code).zh`` and ``catalogue.item(code).zh``; no import needed)."""

    def names(table: str, code: str) -> str | None:
        try:
            if table == CATALOGUE:
                return str(bundle.catalogue.item(code).zh)
            return str(bundle.table(table).entry(code).zh)
        except KeyError:
            return None

    return names


def working_days_from_bundle(bundle: Any) -> WorkingDays:
    """The station's official calendar (``bundle.calendar``, ``bundle.calendar_years``)."""
    return WorkingDays.of(bundle.calendar.is_working_day, bundle.calendar_years)


def calendar_from_reference(directory: Path) -> WorkingDays:
    """The official calendar from a reference directory's ``calendar/<year>.json``."""
    holidays: set[date] = set()
    makeup: set[date] = set()
    years: set[int] = set()
    files = sorted((directory / "calendar").glob("*.json"))
    if not files:
        raise ReportError(
            f"no holiday calendar in {directory / 'calendar'}",
            f"{directory / 'calendar'} 中没有节假日安排",
        )
    for path in files:
        data = _read_json(path)
        try:
            year = int(data["year"])
            days_off = {date.fromisoformat(d["date"]) for d in data["holidays"]}
            days_on = {date.fromisoformat(d["date"]) for d in data.get("makeup_workdays", [])}
        except (ValueError, KeyError, TypeError) as e:
            raise ReportError(
                f"cannot read the holiday calendar {path}: {e}", f"无法读取节假日安排 {path}"
            ) from e
        if any(d.year != year for d in days_off | days_on) or days_off & days_on:
            raise ReportError(
                f"the holiday calendar {path} is inconsistent", f"节假日安排 {path} 自相矛盾"
            )
        years.add(year)
        holidays |= days_off
        makeup |= days_on

    def is_working_day(day: date) -> bool:
        if day in holidays:
            return False
        return day.weekday() < 5 or day in makeup

    return WorkingDays(is_working_day, frozenset(years))

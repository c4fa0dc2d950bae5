"""What an inspector records at a station for acceptance (验收): areas, screen, equipment.

Recorded on the station's synced record (``renshe-hub station inspect FILE``) or passed
in from an inspection file; the file wins where both say something about a station.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .errors import BadFacilities


class Equipment(StrEnum):
    COMPUTER = "computer"
    SSC_READER = "ssc_reader"
    ID_READER = "id_reader"
    BARCODE_SCANNER = "barcode_scanner"
    FAX = "fax"
    PRINTER = "printer"
    FINGERPRINT = "fingerprint"

    @property
    def zh(self) -> str:
        return _EQUIPMENT_ZH[self]


_EQUIPMENT_ZH = {
    Equipment.COMPUTER: "计算机",
    Equipment.SSC_READER: "社保卡读卡器",
    Equipment.ID_READER: "身份证阅读器",
    Equipment.BARCODE_SCANNER: "扫码枪",
    Equipment.FAX: "传真机",
    Equipment.PRINTER: "打印机",
    Equipment.FINGERPRINT: "指纹采集仪",
}


@dataclass(frozen=True)
class Facilities:
    """What the inspector recorded at a station (None: not recorded)."""

    station_id: str
    floor_m2: float | None = None
    hall_m2: float | None = None
    archive_m2: float | None = None
    screen_m2: float | None = None
    computers: int | None = None
    equipment: frozenset[Equipment] | None = None  # None: not recorded
    inspected_on: date | None = None

    def __post_init__(self) -> None:
        for name in ("floor_m2", "hall_m2", "archive_m2", "screen_m2", "computers"):
            value = getattr(self, name)
            if value is not None and (not math.isfinite(value) or value < 0):
                raise BadFacilities(
                    f"station {self.station_id}: {name} must not be negative ({value})",
                    f"服务站 {self.station_id} 的{name}不能为负数",
                )
        if self.hall_m2 is not None and self.floor_m2 is not None and self.hall_m2 > self.floor_m2:
            raise BadFacilities(
                f"station {self.station_id}: hall area {self.hall_m2} m² exceeds "
                f"the floor area {self.floor_m2} m²",
                f"服务站 {self.station_id} 的大厅面积大于总面积",
            )


_NUMBERS = ("floor_m2", "hall_m2", "archive_m2", "screen_m2")


def facilities_from_json(text: str) -> dict[str, Facilities]:
    """``{"stations": [{"station": <id or division code>, "floor_m2": 150, "hall_m2":
    100, "archive_m2": 25, "screen_m2": 2.5, "computers": 4, "equipment": ["printer",
    …], "inspected_on": "2026-10-20"}, …]}``: what the inspectors recorded."""
    try:
        data = json.loads(text)
        entries = data["stations"]
        if not isinstance(entries, list):
            raise TypeError("'stations' must be a list")
        out: dict[str, Facilities] = {}
        for entry in entries:
            key = str(entry["station"])
            if key in out:
                raise ValueError(f"station {key} recorded twice")
            out[key] = _facilities(key, entry)
        return out
    except BadFacilities:
        raise
    except (ValueError, KeyError, TypeError) as e:
        raise BadFacilities(
            f"the facilities file is not valid: {e}", f"设施记录文件格式错误：{e}"
        ) from e


def _facilities(key: str, entry: dict[str, Any]) -> Facilities:
    unknown = set(entry) - {"station", "computers", "equipment", "inspected_on", *_NUMBERS}
    if unknown:
        raise ValueError(f"station {key}: unknown field(s) {', '.join(sorted(unknown))}")
    numbers = {n: None if entry.get(n) is None else float(entry[n]) for n in _NUMBERS}
    computers = entry.get("computers")
    if computers is not None and (isinstance(computers, bool) or not isinstance(computers, int)):
        raise ValueError(f"station {key}: computers must be a whole number")
    day = entry.get("inspected_on")
    return Facilities(
        key,
        computers=computers,
        equipment=None
        if entry.get("equipment") is None
        else frozenset(Equipment(e) for e in entry["equipment"]),
        inspected_on=None if day is None else date.fromisoformat(day),
        **numbers,
    )


def recorded_facilities(row: Any) -> Facilities | None:
    """What is recorded on a station's synced row (None: nothing recorded)."""
    areas = {n: getattr(row, n[:-2] + "dm2", None) for n in _NUMBERS}
    values = {n: getattr(row, n, None) for n in ("computers", "inspected_on", "equipment")}
    if all(v is None for v in (*areas.values(), *values.values())):
        return None
    codes = values.pop("equipment")
    try:
        equipment = (
            None if codes is None else frozenset(Equipment(c) for c in codes.split(",") if c)
        )
    except ValueError as e:
        raise BadFacilities(
            f"station {row.id}: unknown equipment recorded ({codes})",
            f"服务站 {row.id} 记录了未知设备：{codes}",
        ) from e
    return Facilities(
        row.id,
        equipment=equipment,
        **{n: None if v is None else v / 100 for n, v in areas.items()},
        **values,
    )


def facility_columns(facilities: Facilities) -> dict[str, Any]:
    """The station record's columns for what was inspected (areas in dm²)."""
    areas = {n[:-2] + "dm2": getattr(facilities, n) for n in _NUMBERS}
    return {
        **{n: None if v is None else round(v * 100) for n, v in areas.items()},
        "computers": facilities.computers,
        "inspected_on": facilities.inspected_on,
        "equipment": None
        if facilities.equipment is None
        else ",".join(sorted(e.value for e in facilities.equipment)),
    }

"""Standards and acceptance (验收): each station checked against the plan's standards.

The plan's standards (reference data; :class:`Standards` holds the defaults):

- staffing: a town office one staff member per 6,000 people served (at least one); a
  village station one per 800 where more than 1,000 are served, else one; the district
  centre has no population-based standard;
- floor: district centre ≥ 3,000 m²; town office ≥ 120 m² (the plan says 120–200),
  archive room ≥ 20 m², information screen ≥ 2 m², ≥ 3 computers, social-security card
  reader, ID card reader, barcode scanner, fax, printer, fingerprint device; village
  station ≥ 50 m² with a computer, the card and ID readers, a scanner and a printer;
- the service hall at least 60 % of the floor area.

The synced model holds a station's level and population served, its staff and the
facilities (areas, screen, equipment) the inspector recorded on it; an inspection file
passed in as :class:`Facilities` overrides what is recorded. Population served falls
back to the org unit's population, then to the sum of its villages'.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import SQLAlchemyError

from hub_sync.model import OrgUnit, Staff, Station

from .errors import BadFacilities, QueryFailed
from .facilities import Equipment, Facilities, facilities_from_json, recorded_facilities
from .scope import Scope

__all__ = [
    "Acceptance",
    "Equipment",
    "Facilities",
    "Standards",
    "StationAcceptance",
    "acceptance",
    "facilities_from_json",
    "station_checks",
]

#: Roles that count as a station's service staff (district IT does not serve people).
SERVICE_ROLES = ("clerk", "supervisor")


@dataclass(frozen=True)
class Standards:
    town_staff_per: int = 6000
    village_staff_per: int = 800
    village_threshold: int = 1000
    district_floor_m2: float = 3000
    town_floor_m2: float = 120
    town_archive_m2: float = 20
    town_screen_m2: float = 2
    town_computers: int = 3
    village_floor_m2: float = 50
    village_computers: int = 1
    hall_share: float = 0.6
    town_equipment: frozenset[Equipment] = frozenset(
        {
            Equipment.SSC_READER,
            Equipment.ID_READER,
            Equipment.BARCODE_SCANNER,
            Equipment.FAX,
            Equipment.PRINTER,
            Equipment.FINGERPRINT,
        }
    )
    village_equipment: frozenset[Equipment] = frozenset(
        {Equipment.SSC_READER, Equipment.ID_READER, Equipment.BARCODE_SCANNER, Equipment.PRINTER}
    )

    def required_staff(self, level: str, population: int) -> int | None:
        """Staff a station needs (None: no population standard for the level)."""
        if population < 0:
            raise BadFacilities(
                f"population served cannot be negative ({population})", "服务人口不能为负数"
            )
        if level == "town":
            return max(1, math.ceil(population / self.town_staff_per))
        if level == "village":
            return (
                math.ceil(population / self.village_staff_per)
                if population > self.village_threshold
                else 1
            )
        return None


@dataclass(frozen=True)
class Check:
    code: str
    zh: str
    required: str
    actual: str
    passed: bool | None  # None: not recorded, cannot be judged


@dataclass(frozen=True)
class StationAcceptance:
    station_id: str
    name: str
    level: str
    org_code: str
    population: int | None
    population_source: str
    staff: int
    inspected_on: date | None
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool | None:
        """True when every check passed; False when any failed; None when none failed
        but some could not be judged."""
        if any(c.passed is False for c in self.checks):
            return False
        return None if any(c.passed is None for c in self.checks) else True

    def check(self, code: str) -> Check:
        return next(c for c in self.checks if c.code == code)


@dataclass(frozen=True)
class Acceptance:
    scope: Scope
    standards: Standards
    stations: tuple[StationAcceptance, ...]

    def count(self, passed: bool | None) -> int:
        return sum(1 for s in self.stations if s.passed is passed)

    def failing(self, code: str) -> int:
        """Stations failing the check ``code``."""
        return sum(
            1 for s in self.stations for c in s.checks if c.code == code and c.passed is False
        )


def _at_least(code: str, zh: str, need: float, have: float | None, unit: str) -> Check:
    shown = "未记录" if have is None else f"{have:g}{unit}"
    return Check(code, zh, f"≥{need:g}{unit}", shown, None if have is None else have >= need)


def _equipment(need: frozenset[Equipment], have: Facilities | None) -> Check:
    wanted = "、".join(e.zh for e in sorted(need))
    if have is None or have.equipment is None:
        return Check("equipment", "设备配置", wanted, "未记录", None)
    missing = sorted(need - have.equipment)
    actual = "齐全" if not missing else "缺" + "、".join(e.zh for e in missing)
    return Check("equipment", "设备配置", wanted, actual, not missing)


def station_checks(
    level: str,
    population: int | None,
    staff: int,
    facilities: Facilities | None,
    standards: Standards,
) -> tuple[Check, ...]:
    f = facilities or Facilities("")
    checks = []
    if level in ("town", "village"):
        need = None if population is None else standards.required_staff(level, population)
        checks.append(
            Check(
                "staff",
                "人员配备",
                "服务人口未记录" if need is None else f"≥{need}人",
                f"{staff}人",
                None if need is None else staff >= need,
            )
        )
    floor = {"district": standards.district_floor_m2, "town": standards.town_floor_m2}.get(
        level, standards.village_floor_m2
    )
    checks.append(_at_least("floor", "服务场所面积", floor, f.floor_m2, "m²"))
    share = None if f.hall_m2 is None or not f.floor_m2 else f.hall_m2 / f.floor_m2
    checks.append(
        Check(
            "hall",
            "服务大厅面积占比",
            f"≥{standards.hall_share:.0%}",
            "未记录" if share is None else f"{share:.0%}",
            None if share is None else share >= standards.hall_share,
        )
    )
    if level == "town":
        checks.append(
            _at_least("archive", "档案室面积", standards.town_archive_m2, f.archive_m2, "m²")
        )
        checks.append(
            _at_least("screen", "信息显示屏面积", standards.town_screen_m2, f.screen_m2, "m²")
        )
        checks.append(_at_least("computers", "计算机", standards.town_computers, f.computers, "台"))
        checks.append(_equipment(standards.town_equipment, facilities))
    elif level == "village":
        checks.append(
            _at_least("computers", "计算机", standards.village_computers, f.computers, "台")
        )
        checks.append(_equipment(standards.village_equipment, facilities))
    return tuple(checks)


def acceptance(
    conn: Connection,
    scope: Scope,
    facilities: Mapping[str, Facilities],
    standards: Standards | None = None,
) -> Acceptance:
    """The acceptance checklist of every active station of ``scope``; ``facilities``
    by station id or by the station's division code (else what is recorded on the
    station)."""
    standards = standards or Standards()
    try:
        query = select(Station).where(Station.deleted.is_(False), Station.active.is_(True))
        if scope.station_id is not None:
            query = query.where(Station.id == scope.station_id)
        else:
            query = query.where(Station.org_code.like(scope.division + "%"))
        stations = conn.execute(query.order_by(Station.org_code, Station.name)).all()
        staff = {
            k: v
            for k, v in conn.execute(
                select(Staff.station_id, func.count())
                .where(
                    Staff.deleted.is_(False), Staff.active.is_(True), Staff.role.in_(SERVICE_ROLES)
                )
                .group_by(Staff.station_id)
            )
        }
        units = conn.execute(
            select(OrgUnit.code, OrgUnit.parent_code, OrgUnit.population).where(
                OrgUnit.deleted.is_(False), OrgUnit.code.like(scope.division[:6] + "%")
            )
        ).all()
    except SQLAlchemyError as e:
        raise QueryFailed(f"the acceptance query failed: {e}", "验收统计查询失败") from e
    unknown = sorted(set(facilities) - {s.id for s in stations} - {s.org_code for s in stations})
    if unknown:
        raise BadFacilities(
            f"facilities recorded for unknown station(s): {', '.join(unknown)}",
            f"设施记录中有未知服务站：{'、'.join(unknown)}",
        )
    own = {u.code: u.population for u in units}
    villages: dict[str, int] = {}
    for u in units:
        if u.parent_code and u.population is not None:
            villages[u.parent_code] = villages.get(u.parent_code, 0) + u.population
    out = []
    for s in stations:
        population, source = s.population_served, "服务站登记"
        if population is None and own.get(s.org_code) is not None:
            population, source = own[s.org_code], "区划人口"
        elif population is None and s.org_code in villages:
            population, source = villages[s.org_code], "所辖村（社区）合计"
        elif population is None:
            source = "未记录"
        count = int(staff.get(s.id, 0))
        found = facilities.get(s.id) or facilities.get(s.org_code) or recorded_facilities(s)
        checks = station_checks(s.level, population, count, found, standards)
        out.append(
            StationAcceptance(
                s.id,
                s.name,
                s.level,
                s.org_code,
                population,
                source,
                count,
                found.inspected_on if found else None,
                checks,
            )
        )
    return Acceptance(scope, standards, tuple(out))

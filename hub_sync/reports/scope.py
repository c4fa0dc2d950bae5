"""What a report covers: an area (district, town, village), one station, or one clerk.

Areas are division-code prefixes (6 digits a district, 9 a town, 12 a village), the same
prefixes that decide what a station holds (``hub_sync.server.scope``): a record about a
person belongs to the area of the person's ``residence_division``. Work (tickets,
ratings) belongs to the station where it was done, and a station to the area of its
``org_code``. A station's scope is its area for registers and statistics and the
station itself for its work; a clerk's scope is the matters the clerk owns.

Text forms (``parse_scope``): ``320115`` (an area), ``station:<station id>``,
``staff:<staff id or username>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Connection, or_, select
from sqlalchemy.orm import QueryableAttribute

from hub_sync.model import OrgUnit, Staff, Station

from .errors import BadScope

#: A column of a table or of a mapped class.
ColumnLike: TypeAlias = ColumnElement[Any] | QueryableAttribute[Any]
_DIVISION = re.compile(r"\d{6}(\d{3}(\d{3})?)?")


class ScopeLevel(StrEnum):
    DISTRICT = "district"
    TOWN = "town"
    VILLAGE = "village"
    STATION = "station"
    CLERK = "clerk"

    @property
    def zh(self) -> str:
        return _LEVEL_ZH[self]


_LEVEL_ZH = {
    ScopeLevel.DISTRICT: "区（县）",
    ScopeLevel.TOWN: "街道（乡镇）",
    ScopeLevel.VILLAGE: "社区（村）",
    ScopeLevel.STATION: "服务站",
    ScopeLevel.CLERK: "经办人员",
}


def area_level(code: str) -> ScopeLevel:
    """District, town or village, by the length of a division code."""
    if not _DIVISION.fullmatch(code):
        raise BadScope(
            f"not a division code: {code!r} (6, 9 or 12 digits)",
            f"区划代码无效：{code}（应为6、9或12位数字）",
        )
    return {6: ScopeLevel.DISTRICT, 9: ScopeLevel.TOWN, 12: ScopeLevel.VILLAGE}[len(code)]


@dataclass(frozen=True)
class Scope:
    """``division``: the area prefix; ``station_id`` / ``staff_id`` narrow the work."""

    level: ScopeLevel
    division: str
    name: str
    station_id: str | None = None
    staff_id: str | None = None

    @property
    def key(self) -> str:
        """The key of the scope's own unit in reports (see ``assessment``)."""
        if self.level is ScopeLevel.CLERK:
            return f"{self.station_id}/{self.staff_id}"
        if self.level is ScopeLevel.STATION:
            return str(self.station_id)
        return self.division

    @property
    def label(self) -> str:
        return f"{self.level.zh}：{self.name}" if self.name else self.key

    # -- SQL conditions ----------------------------------------------------------
    def area_condition(self, column: ColumnLike) -> ColumnElement[bool]:
        """A record's area column lies in the scope. Records with no area at all (an
        applicant not on file) belong to the district as a whole only."""
        inside = column.like(self.division + "%")
        if self.level is ScopeLevel.DISTRICT:
            return or_(inside, column.is_(None))
        return inside

    def work_condition(
        self, station_column: ColumnLike, staff_column: ColumnLike
    ) -> ColumnElement[bool]:
        """Work (a ticket, a rating) done in the scope: by the clerk, at the station, or
        at any station of the area."""
        if self.level is ScopeLevel.CLERK:
            return (station_column == self.station_id) & (staff_column == self.staff_id)
        if self.level is ScopeLevel.STATION:
            return station_column == self.station_id
        in_area = select(Station.id).where(Station.org_code.like(self.division + "%"))
        return station_column.in_(in_area.scalar_subquery())


def area_scope(conn: Connection, code: str) -> Scope:
    """An area the database knows (an org unit, or a station's area lies in it)."""
    code = code.strip()
    level = area_level(code)
    name = conn.execute(
        select(OrgUnit.name).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))
    ).scalar()
    if name is None:
        known = conn.execute(
            select(Station.id).where(Station.org_code.like(code + "%")).limit(1)
        ).scalar()
        if known is None:
            raise BadScope(
                f"division {code} is not known in this database",
                f"本库中没有区划 {code}",
            )
    return Scope(level, code, name or "")


def station_scope(conn: Connection, station_id: str) -> Scope:
    row = conn.execute(
        select(Station.org_code, Station.name).where(
            Station.id == station_id, Station.deleted.is_(False)
        )
    ).first()
    if row is None:
        raise BadScope(f"no station {station_id}", f"没有服务站 {station_id}")
    area_level(row.org_code)  # a malformed org code is bad data, said here not in SQL
    return Scope(ScopeLevel.STATION, row.org_code, row.name, station_id=station_id)


def clerk_scope(conn: Connection, staff: str) -> Scope:
    """A staff member by id or username; their matters at their station."""
    row = conn.execute(
        select(Staff.id, Staff.full_name, Staff.station_id, Staff.area_code).where(
            or_(Staff.id == staff, Staff.username == staff), Staff.deleted.is_(False)
        )
    ).first()
    if row is None:
        raise BadScope(f"no staff member {staff}", f"没有工作人员 {staff}")
    if row.station_id is None:
        raise BadScope(
            f"staff member {staff} works at no station, so has no matters of their own",
            f"工作人员 {staff} 未归属任何服务站",
        )
    station = station_scope(conn, row.station_id)
    return Scope(ScopeLevel.CLERK, station.division, row.full_name, row.station_id, staff_id=row.id)


def parse_scope(conn: Connection, text: str) -> Scope:
    """``320115``, ``station:<id>`` or ``staff:<id or username>``."""
    value = text.strip()
    kind, sep, rest = value.partition(":")
    if sep and kind == "station":
        return station_scope(conn, rest.strip())
    if sep and kind in ("staff", "clerk"):
        return clerk_scope(conn, rest.strip())
    if sep:
        raise BadScope(
            f"not a scope: {text!r} (a division code, station:<id> or staff:<id>)",
            f"范围无效：{text}（应为区划代码、station:<编号> 或 staff:<编号>）",
        )
    return area_scope(conn, value)

"""Which stations see a record: its area (a division-code prefix) and its person.

A station pulls the records of its own area (a village its village, a town its
villages, the district centre everything) plus those about people it has served.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, select

from hub_sync.model import Person

# Where each kind keeps its own area; person-linked kinds take their person's area.
_AREA_COLUMN = {
    "persons": "residence_division",
    "employers": "division_code",
    "vacancies": "location_division",
    "org_units": "code",
    "stations": "org_code",
    "staff": "area_code",
}
_PERSON_COLUMN = {
    "persons": "id",
    "mediation_cases": "applicant_person_id",
    "inspection_complaints": "complainant_person_id",
}
# Never sent to stations: each station keeps its own chain; the hub keeps them all.
HUB_ONLY = "-"
_HUB_ONLY_TABLES = frozenset({"audit_entries"})


def person_column(table: str) -> str:
    """The column naming the person a record of ``table`` is about (if it has it)."""
    return _PERSON_COLUMN.get(table, "person_id")


def person_of(table: str, values: Mapping[str, Any]) -> str | None:
    value = values.get(person_column(table))
    return str(value) if value else None


def area_columns(table: str) -> tuple[str, ...]:
    """The columns :func:`area_from_values` needs from a record of ``table``."""
    return tuple(c for c in (_AREA_COLUMN.get(table), person_column(table)) if c)


def area_from_values(table: str, values: Mapping[str, Any]) -> tuple[bool, str | None]:
    """The area when the record's own values tell it: ``(True, area)``; otherwise
    ``(False, person_id)``: the area is that person's ``residence_division``."""
    if table in _HUB_ONLY_TABLES:
        return True, HUB_ONLY
    column = _AREA_COLUMN.get(table)
    if column is not None:
        value = values.get(column)
        return True, str(value) if value else None
    person_id = person_of(table, values)
    if person_id is None:
        return True, None
    return False, person_id


def area_of(conn: Connection, table: str, values: Mapping[str, Any]) -> str | None:
    """The division code a record belongs to; None means the whole district sees it."""
    known, area = area_from_values(table, values)
    if known or area is None:
        return area
    return conn.execute(select(Person.residence_division).where(Person.id == area)).scalar()


def residences(conn: Connection, person_ids: Iterable[str]) -> dict[str, str | None]:
    """``residence_division`` of each person the hub has (``area_of`` for many at once)."""
    wanted = sorted(set(person_ids))
    found: dict[str, str | None] = {}
    for i in range(0, len(wanted), 1000):
        chunk = wanted[i : i + 1000]
        query = select(Person.id, Person.residence_division).where(Person.id.in_(chunk))
        for person_id, area in conn.execute(query):
            found[person_id] = area
    return found

"""一点登陆,全市查询: a logged-in staff member looks a person up across every area.

Answers are masked by the member's role and every person shown is audited.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from hub_sync.model import Person, table_of
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present

from .errors import HubRefusal
from .hub_audit import append_hub_audit
from .staff import StaffMember

_ID_PREFIX = re.compile(r"[0-9]{6,17}[0-9Xx]?")
MAX_RESULTS = 20


def lookup(
    conn: Connection, member: StaffMember, query: str, now: datetime
) -> list[dict[str, Any]]:
    q = query.strip()
    if not q.isprintable():  # control characters (NUL among them) name nobody
        raise HubRefusal("bad_query", "the query holds characters that are not text")
    if _ID_PREFIX.fullmatch(q):
        cond = Person.citizen_id.startswith(q.upper(), autoescape=True)
    elif 2 <= len(q) <= 50 and not q.isascii():
        cond = Person.name == q
    else:
        raise HubRefusal("bad_query", "search by an ID number (at least 6 digits) or a full name")
    rows = conn.execute(
        select(table_of(Person)).where(cond, Person.deleted.is_(False)).limit(MAX_RESULTS)
    ).all()
    role = Role(member.role)
    found = []
    for p in rows:
        append_hub_audit(
            conn,
            staff_id=member.id,
            action="city_lookup",
            subject_table="persons",
            subject_id=p.id,
            detail=f"query {present(Field.CITIZEN_ID, q, role)}",
            now=now,
        )
        found.append(
            {
                "id": p.id,
                "name": present(Field.NAME, p.name, role),
                "citizen_id": present(Field.CITIZEN_ID, p.citizen_id, role),
                "phone": present(Field.PHONE, p.phone, role),
                "sex": p.sex,
                "birth_date": p.birth_date.isoformat(),
                "residence_division": p.residence_division,
                "version": p.version,
            }
        )
    return found

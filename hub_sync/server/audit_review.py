"""Audit review at the hub: search the audit log, verify every hash chain.

The hub holds every station's audit chain (pushed like any insert-only record) and its
own (station id ``"hub"``: lookups, conflict decisions). Supervisors search the entries
of their own area — about persons living there, or made at a station there — and
district admins the whole district; person details are masked as the role needs. Each
search is itself written to the hub's chain. Verification walks every chain in order
and reports the first entry that is missing, out of order or altered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from hub_sync.model import AuditEntry, Person, Staff, table_of
from hub_sync.model.audit_chain import GENESIS, entry_digest
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present

from .errors import HubRefusal
from .hub_audit import HUB_CHAIN, append_hub_audit
from .staff import StaffMember, require_role
from .tables import hub_stations

REVIEWING = ("supervisor", "district_admin")
MAX_ENTRIES = 500
_CHAIN_FIELDS = (
    "prev_hash",
    "station_id",
    "chain_seq",
    "staff_id",
    "action",
    "subject_table",
    "subject_id",
    "at",
    "detail",
)


@dataclass(frozen=True)
class AuditQuery:
    person: str | None = None  # a person id or a citizen ID number
    staff: str | None = None  # a staff id or username
    station: str | None = None  # a station id
    since: date | None = None
    until: date | None = None  # inclusive


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HubRefusal(
            "bad_query", f"{name} must be a date (YYYY-MM-DD)", detail={"field": name}
        ) from None


def parse_query(
    person: str | None, staff: str | None, station: str | None, since: str | None, until: str | None
) -> AuditQuery:
    query = AuditQuery(
        (person or "").strip() or None,
        (staff or "").strip() or None,
        (station or "").strip() or None,
        _day(since, "since"),
        _day(until, "until"),
    )
    if query.since and query.until and query.since > query.until:
        raise HubRefusal("bad_query", "since is after until", detail={"field": "since"})
    return query


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def search(
    conn: Connection, member: StaffMember, query: AuditQuery, now: datetime
) -> list[dict[str, Any]]:
    """The newest matching entries (at most ``MAX_ENTRIES``), masked for the member."""
    require_role(member, *REVIEWING)
    audit, persons, staff = table_of(AuditEntry), table_of(Person), table_of(Staff)
    person_join = and_(audit.c.subject_table == "persons", audit.c.subject_id == persons.c.id)
    conds = []
    if query.person:
        conds.append(
            or_(audit.c.subject_id == query.person, persons.c.citizen_id == query.person.upper())
        )
    if query.staff:
        conds.append(
            or_(
                audit.c.staff_id == query.staff,
                audit.c.staff_id.in_(select(staff.c.id).where(staff.c.username == query.staff)),
            )
        )
    if query.station:
        conds.append(audit.c.station_id == query.station)
    if query.since:
        conds.append(audit.c.at >= _start(query.since))
    if query.until:
        conds.append(audit.c.at < _start(query.until + timedelta(days=1)))
    if member.role == "supervisor":
        area = member.area_code
        conds.append(
            or_(
                persons.c.residence_division.startswith(area, autoescape=True),
                audit.c.station_id.in_(
                    select(hub_stations.c.id).where(
                        hub_stations.c.org_code.startswith(area, autoescape=True)
                    )
                ),
            )
        )
    rows = conn.execute(
        select(
            audit.c.station_id,
            audit.c.chain_seq,
            audit.c.staff_id,
            audit.c.action,
            audit.c.subject_table,
            audit.c.subject_id,
            audit.c.at,
            audit.c.detail,
            persons.c.name,
            persons.c.citizen_id,
        )
        .select_from(audit.outerjoin(persons, person_join))
        .where(*conds)
        .order_by(audit.c.at.desc(), audit.c.station_id, audit.c.chain_seq.desc())
        .limit(MAX_ENTRIES)
    ).all()
    names = _staff_names(conn, {r.staff_id for r in rows if r.staff_id})
    stations = _station_names(conn, {r.station_id for r in rows})
    role = Role(member.role)
    found = [
        {
            "station_id": r.station_id,
            "station_name": "区级中心" if r.station_id == HUB_CHAIN else stations.get(r.station_id),
            "chain_seq": r.chain_seq,
            "staff_id": r.staff_id,
            "staff_name": names.get(r.staff_id) if r.staff_id else None,
            "action": r.action,
            "subject_table": r.subject_table,
            "subject_id": r.subject_id,
            "person_name": present(Field.NAME, r.name, role) if r.name else None,
            "citizen_id": present(Field.CITIZEN_ID, r.citizen_id, role) if r.citizen_id else None,
            "at": r.at.isoformat(),
            "detail": r.detail,
        }
        for r in rows
    ]
    append_hub_audit(
        conn,
        staff_id=member.id,
        action="audit_search",
        subject_table="audit_entries",
        subject_id=(query.person or query.staff or query.station or "*")[:36],
        detail=_describe(query, len(found), role),
        now=now,
    )
    return found


def _describe(query: AuditQuery, count: int, role: Role) -> str:
    parts = {
        "person": present(Field.CITIZEN_ID, query.person, role) if query.person else None,
        "staff": query.staff,
        "station": query.station,
        "since": query.since.isoformat() if query.since else None,
        "until": query.until.isoformat() if query.until else None,
    }
    said = " ".join(f"{k}={v}" for k, v in parts.items() if v)
    return f"{said or 'all'} → {count}"


def _staff_names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(ids)
    staff = table_of(Staff)
    if not wanted:
        return {}
    rows = conn.execute(select(staff.c.id, staff.c.full_name).where(staff.c.id.in_(wanted)))
    return {r.id: r.full_name for r in rows}


def _station_names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(ids)
    if not wanted:
        return {}
    rows = conn.execute(
        select(hub_stations.c.id, hub_stations.c.name).where(hub_stations.c.id.in_(wanted))
    )
    return {r.id: r.name for r in rows}


@dataclass(frozen=True)
class ChainBreak:
    station_id: str
    chain_seq: int
    problem: str  # missing / out_of_order / altered


def _walk(entries: Iterable[Mapping[str, Any]]) -> tuple[int, int, list[ChainBreak]]:
    """Entries ordered by (station, seq): chains, entries, the first break of each chain."""
    chains = entries_seen = 0
    breaks: list[ChainBreak] = []
    station: str | None = None
    prev, expected, broken = GENESIS, 1, False
    for e in entries:
        entries_seen += 1
        if e["station_id"] != station:
            station, prev, expected, broken = e["station_id"], GENESIS, 1, False
            chains += 1
        if broken:
            continue
        problem = None
        if e["chain_seq"] != expected:
            problem, at = "missing", expected
        elif e["prev_hash"] != prev:
            problem, at = "out_of_order", e["chain_seq"]
        elif entry_digest(e) != e["hash"]:
            problem, at = "altered", e["chain_seq"]
        if problem is not None:
            breaks.append(ChainBreak(e["station_id"], at, problem))
            broken = True
            continue
        prev, expected = e["hash"], expected + 1
    return chains, entries_seen, breaks


def verify(conn: Connection, member: StaffMember) -> dict[str, Any]:
    """Walk every audit chain the hub holds; report the first break of each."""
    require_role(member, *REVIEWING)
    audit = table_of(AuditEntry)
    result = conn.execution_options(yield_per=2000).execute(
        select(*(audit.c[n] for n in _CHAIN_FIELDS), audit.c.hash).order_by(
            audit.c.station_id, audit.c.chain_seq
        )
    )
    chains, entries, breaks = _walk(dict(r._mapping) for r in result)
    first = breaks[0] if breaks else None
    return {
        "intact": not breaks,
        "chains": chains,
        "entries": entries,
        "first_break": None
        if first is None
        else {
            "station_id": first.station_id,
            "chain_seq": first.chain_seq,
            "problem": first.problem,
        },
        "breaks": [
            {"station_id": b.station_id, "chain_seq": b.chain_seq, "problem": b.problem}
            for b in breaks
        ],
    }

"""A small fixed district whose every report figure was worked out by hand.

The period is October 2026 (the one before: September), figures taken on 2 November.
October 2026: 1–7 holidays, Saturday 10 a make-up working day; September: 25 a holiday,
Sunday 20 a make-up working day. The comments give each record's part in the figures.

Stations: D district centre (320115), TA town A office (320115001), V1 and V2 its
villages (…001001, …001002), TB town B office (320115002, village …002001 has no
station). Staff: d1 at D (and dit, district IT), ta1 + ta2 at TA, v1a, v2a, tb1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id

from . import dataset_records as records
from .dataset_base import (
    AS_OF,
    DISTRICT,
    IDS,
    TOWN_A,
    TOWN_B,
    V1,
    V2,
    VB,
    day,
    ident,
    insert_only,
    synced,
)

__all__ = [
    "AS_OF",
    "DISTRICT",
    "IDS",
    "TOWN_A",
    "TOWN_B",
    "V1",
    "V2",
    "VB",
    "citizen_id",
    "ident",
    "rows",
]


def _unit(
    code: str, name: str, level: str, parent: str | None, population: int | None
) -> dict[str, Any]:
    return synced(
        f"org {code}", code=code, name=name, level=level, parent_code=parent, population=population
    )


def _station(name: str, code: str, level: str, population: int | None) -> dict[str, Any]:
    return synced(
        name,
        org_code=code,
        name=f"{name}服务站",
        level=level,
        population_served=population,
        phone=None,
        complaint_phone="12333",
        active=True,
    )


def _staff(name: str, station: str | None, role: str, area: str) -> dict[str, Any]:
    return synced(
        name,
        username=name,
        full_name=f"职员{name}",
        role=role,
        station_id=ident(station) if station else None,
        area_code=area,
        backup_staff_id=None,
        phone=None,
        active=True,
        absent_until=None,
    )


_PEOPLE = {  # name: (residence, four kinds, zero-employment household, deleted)
    "p1": (V1, "D", False, False),
    "p2": (V1, "A", False, False),
    "p3": (V2, "D", False, False),
    "p4": (VB, "D", False, False),
    "p5": (V1, "D", False, False),
    "p6": (V2, "D", True, False),
    "p7": (VB, "C", True, False),
    "p8": (V1, "B", False, False),
    "p9": (VB, "A", False, True),  # deleted: counts nowhere
    "p10": (V2, None, False, False),  # not classified
}


def citizen_id(name: str) -> str:
    serial = int(name[1:])
    return make_citizen_id(DISTRICT, date(1980, 1, serial), serial, Sex.MALE)


def _person(name: str) -> dict[str, Any]:
    area, kind, zero, deleted = _PEOPLE[name]
    row = synced(
        name,
        citizen_id=citizen_id(name),
        name=f"张{name.upper()}明",
        sex="1",
        ethnicity="01",
        birth_date=date(1980, 1, int(name[1:])),
        hukou_type="1",
        hukou_division=area,
        residence_division=area,
        address=f"江宁区{name}路1号",
        phone=f"1391234{int(name[1:]):04d}",
        education=None,
        marital_status=None,
        political_status=None,
        graduation_school=None,
        graduation_date=None,
        four_kinds=kind,
        is_unemployed=kind == "D",
        is_hard_to_employ=False,
        is_flexible_worker=False,
        is_land_lost_farmer=False,
        is_graduate=False,
        is_veteran=False,
        is_migrant_worker=False,
        is_skilled_talent=False,
        zero_employment_household=zero,
        data_source="test",
        verified=True,
    )
    row["deleted"] = deleted
    return row


def _ticket(
    name: str,
    item: str,
    station: str,
    owner: str,
    person: str | None,
    status: str,
    accepted: date,
    due: date | None,
    completed: date | None = None,
    **more: Any,
) -> dict[str, Any]:
    return synced(
        name,
        ticket_no=name,
        catalogue_code=item,
        person_id=ident(person) if person else None,
        employer_id=None if person else ident("er1"),
        station_id=ident(station),
        first_owner_staff_id=ident(owner),
        owner_staff_id=ident(owner),
        backup_staff_id=None,
        status=status,
        accepted_on=accepted,
        due_on=due,
        due_estimated=False,
        completed_on=completed,
        missing_materials=None,
        subject_table=more.pop("subject_table", None),
        subject_id=more.pop("subject_id", None),
        notes=None,
        **more,
    )


def _tickets() -> list[dict[str, Any]]:
    done = "completed"
    return [
        # V1 (v1a): Oct accepted 4, completed 2 on time, 1 open overdue, 3 working days.
        _ticket("T1", "JY-002", "V1", "v1a", "p1", done, day(10, 8), day(10, 12), day(10, 12)),
        _ticket("T2", "JY-001", "V1", "v1a", "p2", done, day(10, 9), None, day(10, 9)),
        _ticket("T3", "JY-004", "V1", "v1a", "p1", "in_progress", day(10, 20), day(11, 10)),
        _ticket("T4", "JY-002", "V1", "v1a", "p5", "in_progress", day(10, 13), day(10, 16)),
        # V2 (v2a): accepted 3, completed 2 (T5 late, 5 wd; T13 on time, 1 wd); T6 waits.
        _ticket("T5", "JY-002", "V2", "v2a", "p3", done, day(10, 14), day(10, 19), day(10, 21)),
        _ticket("T6", "JY-002", "V2", "v2a", "p6", "waiting_materials", day(10, 15), day(10, 20)),
        _ticket(
            "T13",
            "PJ-001",
            "V2",
            "v2a",
            "p3",
            done,
            day(10, 22),
            day(11, 12),
            day(10, 23),
            subject_table="service_evaluations",
            subject_id=ident("E2"),
        ),
        # TA: T7 (ta2) accepted in September, completed 9 Oct on time after 8 wd;
        # T8 (ta1) all in September (2 wd); T15 (ta2) an employer's matter, no person.
        _ticket("T7", "JY-007", "TA", "ta2", "p3", done, day(9, 21), day(10, 20), day(10, 9)),
        _ticket("T8", "JY-002", "TA", "ta1", "p8", done, day(9, 1), day(9, 4), day(9, 3)),
        _ticket("T15", "SB-002", "TA", "ta2", None, done, day(10, 26), None, day(10, 26)),
        # TB (tb1): T9 accepted in Sep, completed late on 8 Oct (4 wd); T10 rejected;
        # T16 the late call-back of September's bad rating E8 (4 wd).
        _ticket("T9", "JY-002", "TB", "tb1", "p4", done, day(9, 24), day(9, 30), day(10, 8)),
        _ticket("T10", "JY-002", "TB", "tb1", "p7", "rejected", day(10, 8), day(10, 12)),
        _ticket(
            "T16",
            "PJ-001",
            "TB",
            "tb1",
            "p4",
            done,
            day(10, 20),
            day(11, 10),
            day(10, 26),
            subject_table="service_evaluations",
            subject_id=ident("E8"),
        ),
        # D (d1): T11 overdue at both ends; T12 completed in November, so open and
        # overdue at the end of October (due 8 Oct) but not of September.
        _ticket("T11", "JY-002", "D", "d1", "p2", "in_progress", day(9, 14), day(9, 17)),
        _ticket("T12", "JY-004", "D", "d1", "p4", done, day(9, 10), day(10, 8), day(11, 1)),
        {
            **_ticket(
                "T14", "JY-002", "V1", "v1a", "p2", done, day(10, 9), day(10, 12), day(10, 12)
            ),
            "deleted": True,  # removed: counts nowhere
        },
    ]


def _rating(
    name: str,
    ticket: str,
    station: str,
    staff: str,
    at: datetime,
    scores: tuple[Any, ...],
    due: date | None = None,
) -> dict[str, Any]:
    overall, efficiency, competence, attitude = scores
    return insert_only(
        name,
        ticket_id=ident(ticket),
        person_id=None,
        station_id=ident(station),
        staff_id=ident(staff),
        overall=overall,
        efficiency=efficiency,
        competence=competence,
        attitude=attitude,
        comment=None,
        evaluated_at=at,
        callback_due=due,
    )


def _ratings() -> list[dict[str, Any]]:
    def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, month, day, hour, minute, tzinfo=UTC)

    return [
        _rating("E1", "T1", "V1", "v1a", utc(10, 12, 3), (5, 5, 4, 5)),
        # bad (overall 2, efficiency 1): called back by T13 on 23 Oct, due 11 Nov: on time
        _rating("E2", "T5", "V2", "v2a", utc(10, 21, 8), (2, 1, None, 3), day(11, 11)),
        # 30 Sep 17:00 UTC is 1 October 01:00 in China: an October rating
        _rating("E3", "T7", "TA", "ta2", utc(9, 30, 17), (4, None, None, None)),
        # bad, no due date recorded: 15 wd after 8 Oct is 28 Oct, no call-back: overdue
        _rating("E4", "T9", "TB", "tb1", utc(10, 8, 2), (1, None, None, None)),
        # bad by its attitude: due 20 Nov, not called back yet: pending
        _rating("E5", "T2", "V1", "v1a", utc(10, 30, 2), (3, 4, None, 2), day(11, 20)),
        _rating("E6", "T8", "TA", "ta1", utc(9, 3, 6), (5, 5, 5, 5)),
        # 31 Oct 16:30 UTC is 1 November in China: in neither period
        _rating("E7", "T1", "V1", "v1a", utc(10, 31, 16, 30), (4, None, None, None)),
        # September's bad rating, called back by T16 on 26 Oct after its due 22 Oct: late
        _rating("E8", "T9", "TB", "tb1", utc(9, 25, 2), (2, None, None, None), day(10, 22)),
    ]


def rows() -> dict[str, list[dict[str, Any]]]:
    """Every table of the fixed district, referenced kinds first."""
    tables: dict[str, list[dict[str, Any]]] = {
        "org_units": [
            _unit(DISTRICT, "江宁区", "district", None, None),
            _unit(TOWN_A, "东山街道", "town", DISTRICT, None),
            _unit(TOWN_B, "秣陵街道", "town", DISTRICT, None),
            _unit(V1, "一村", "village", TOWN_A, 2400),
            _unit(V2, "二村", "village", TOWN_A, 900),
            _unit(VB, "三村", "village", TOWN_B, 1500),
        ],
        "stations": [
            _station("D", DISTRICT, "district", None),
            _station("TA", TOWN_A, "town", None),  # population: its villages, 3,300
            _station("V1", V1, "village", 2400),
            _station("V2", V2, "village", 900),
            _station("TB", TOWN_B, "town", 7000),
        ],
        "staff": [
            _staff("d1", "D", "supervisor", DISTRICT),
            _staff("dit", "D", "district_it", DISTRICT),
            _staff("ta1", "TA", "supervisor", TOWN_A),
            _staff("ta2", "TA", "clerk", TOWN_A),
            _staff("v1a", "V1", "clerk", V1),
            _staff("v2a", "V2", "clerk", V2),
            _staff("tb1", "TB", "clerk", TOWN_B),
            _staff("adm", None, "district_admin", DISTRICT),  # at no station
        ],
        "persons": [_person(name) for name in _PEOPLE],
        "employers": [records.employer("er1", 1, V1), records.employer("er2", 2, VB)],
        "vacancies": [
            records.vacancy("VA", "er1", V1, day(9, 1), day(12, 31)),
            records.vacancy("VB", "er2", VB, day(8, 1), day(9, 30)),
            records.vacancy("VC", "er2", V2, day(10, 15), None),
            {**records.vacancy("VD", "er2", V2, day(10, 1), None), "deleted": True},
        ],
        "assistance_plans": [
            records.plan("AP1", "p6", day(9, 10), True),
            records.plan("AP2", "p7", day(10, 5), True),
            records.plan("AP3", "p1", day(10, 12), False),
        ],
        "assistance_contacts": [
            records.contact("C1", "AP1", "p6", day(10, 2), "01"),
            records.contact("C2", "AP1", "p6", day(10, 9), "02", vacancy="VA", outcome="accepted"),
            records.contact("C3", "AP3", "p1", day(10, 15), "02", vacancy="VA", outcome="pending"),
            records.contact("C4", "AP3", "p1", day(9, 25), "02", vacancy="VB"),
        ],
        "service_tickets": _tickets(),
        "service_evaluations": _ratings(),
    }
    tables.update(records.registrations())
    tables.update(records.cases())
    return tables

"""A realistic synthetic district: people, employers, registrations and tickets.

All content is derived from a seed, so a demo, a test and a benchmark that ask for
the same district get the same people, employers and matters (record ids are fresh
UUIDv7s, as they would be at a station). ID numbers are valid and agree with the birth date,
sex and a real county code; credit codes are valid; names are Chinese.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hub_sync.model import new_id
from station_client.rules.codes import Role, Sex, StationLevel
from station_client.rules.idnumber import make_citizen_id
from station_client.rules.staffing import required_staff
from station_client.rules.uscc import make_uscc

from .names import firm_name, person_name

SAMPLE_STATION_PREFIX = "sample"

# Birth places for people living in the district: mostly the district itself, some from
# elsewhere in the province and a share of migrant workers from inland provinces.
_OTHER_COUNTIES = (
    "320104",
    "320106",
    "320113",
    "320116",
    "321181",
    "340104",
    "341202",
    "410105",
    "411302",
    "420111",
    "510107",
    "522601",
    "361002",
)
_EDUCATION = ("20", "30", "40", "60", "70", "80")
_ETHNICITY = ("01",) * 40 + ("03", "04", "05", "06", "08", "09")


@dataclass(frozen=True)
class Area:
    """The real divisions the district is made of."""

    district_code: str
    district_name: str
    city_name: str
    towns: Sequence[tuple[str, str]]  # (9-digit code, name)
    villages: Sequence[tuple[str, str, str]]  # (12-digit code, name, town code)


@dataclass
class SampleDistrict:
    """Rows per table, as plain dicts ready for insertion."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.rows.setdefault(table, []).append(row)
        return row

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


def _stamp(station_id: str, at: datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "version": 0,
        "changed_station": station_id,
        "changed_staff": None,
        "changed_at": at,
    }


def _record(station_id: str, at: datetime) -> dict[str, Any]:
    return {**_stamp(station_id, at), "deleted": False, "conflict": False}


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def persons(
    area: Area,
    count: int,
    *,
    seed: int = 1,
    today: date | None = None,
    station_id: str = "sample-district",
) -> Iterator[dict[str, Any]]:
    """``count`` person rows with unique valid ID numbers, lazily (for large loads)."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    used: set[str] = set()
    villages = area.villages
    while len(used) < count:
        female = rng.random() < 0.49
        sex = Sex.FEMALE if female else Sex.MALE
        born = today - timedelta(days=rng.randint(16 * 365 + 5, 64 * 365))
        county = area.district_code if rng.random() < 0.75 else rng.choice(_OTHER_COUNTIES)
        number = make_citizen_id(county, born, rng.randint(0, 99), sex)
        if number in used:
            continue
        used.add(number)
        village = rng.choice(villages)
        age = (today - born).days // 365
        unemployed = rng.random() < 0.08
        row = {
            **_record(station_id, at),
            "citizen_id": number,
            "name": person_name(rng, female),
            "sex": sex.value,
            "ethnicity": rng.choice(_ETHNICITY),
            "birth_date": born,
            "hukou_type": rng.choice(("1", "2", "3")),
            "hukou_division": village[0] if county == area.district_code else county + "000000",
            "residence_division": village[0],
            "address": f"{area.city_name}{area.district_name}{village[1]}{rng.randint(1, 99)}号",
            "phone": _phone(rng),
            "education": rng.choice(_EDUCATION),
            "marital_status": rng.choice(("10", "20", "20", "20", "40")),
            "political_status": rng.choice(("13", "13", "13", "01", "03")),
            "graduation_school": None,
            "graduation_date": None,
            "four_kinds": "D" if unemployed else rng.choice("AAABC"),
            "is_unemployed": unemployed,
            "is_hard_to_employ": unemployed and age >= 40 and rng.random() < 0.3,
            "is_flexible_worker": rng.random() < 0.1,
            "is_land_lost_farmer": rng.random() < 0.05,
            "is_graduate": 21 <= age <= 24 and rng.random() < 0.5,
            "is_veteran": not female and rng.random() < 0.02,
            "is_migrant_worker": county != area.district_code and rng.random() < 0.6,
            "is_skilled_talent": rng.random() < 0.03,
            "zero_employment_household": False,
            "data_source": "sample",
            "verified": rng.random() < 0.9,
        }
        yield row


def employers(
    area: Area, count: int, *, seed: int = 2, station_id: str = "sample-district"
) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    names: set[str] = set()
    for serial in range(count):
        name = firm_name(rng, area.city_name)
        while name in names:
            name = firm_name(rng, area.city_name)
        names.add(name)
        village = rng.choice(area.villages)
        yield {
            **_record(station_id, at),
            "uscc": make_uscc(area.district_code, 1000 + serial),
            "name": name,
            "legal_representative": person_name(rng, rng.random() < 0.3),
            "address": f"{area.city_name}{area.district_name}{village[1]}",
            "division_code": village[0],
            "industry": rng.choice(("C", "E", "F", "G", "H", "I", "K", "M", "O")),
            "contact_name": person_name(rng, rng.random() < 0.5),
            "contact_phone": _phone(rng),
            "founded_on": date(2026, 1, 1) - timedelta(days=rng.randint(100, 9000)),
            "employee_count": rng.randint(3, 800),
        }


def organisation(area: Area, *, seed: int = 3) -> SampleDistrict:
    """Org tree, one station per town and village plus the district centre, and staff."""
    rng = random.Random(seed)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    d = SampleDistrict()
    hub = "district"
    d.add(
        "org_units",
        {
            **_record(hub, at),
            "code": area.district_code,
            "name": area.district_name,
            "level": "district",
            "parent_code": None,
            "population": None,
        },
    )
    levels = [(area.district_code, area.district_name, "district")]
    for code, name in area.towns:
        d.add(
            "org_units",
            {
                **_record(hub, at),
                "code": code,
                "name": name,
                "level": "town",
                "parent_code": area.district_code,
                "population": None,
            },
        )
        levels.append((code, name, "town"))
    population_of: dict[str, int | None] = {area.district_code: None}
    for code, _name in area.towns:
        population_of[code] = None
    for code, name, town in area.villages:
        population = rng.randint(600, 4000)
        population_of[code] = population
        d.add(
            "org_units",
            {
                **_record(hub, at),
                "code": code,
                "name": name,
                "level": "village",
                "parent_code": town,
                "population": population,
            },
        )
        levels.append((code, name, "village"))
    for code, name, level in levels:
        suffix = {
            "district": "人力资源和社会保障服务中心",
            "town": "人力资源和社会保障所",
            "village": "人力资源和社会保障服务站",
        }[level]
        station = d.add(
            "stations",
            {
                **_record(hub, at),
                "org_code": code,
                "name": name + suffix,
                "level": level,
                "population_served": population_of[code],
                "phone": "025-" + str(rng.randint(50000000, 59999999)),
                "complaint_phone": "12333",
                "active": True,
            },
        )
        if level == "village":
            # Most villages are staffed to the standard; some are one short, as in life.
            pop = population_of[code] or 0
            staff_count = required_staff(StationLevel.VILLAGE, pop) - (rng.random() < 0.15)
            staff_count = max(1, staff_count)
        else:
            staff_count = {"district": 4, "town": 3}[level]
        members = []
        for i in range(staff_count):
            role = Role.SUPERVISOR if level != "village" and i == 0 else Role.CLERK
            if level == "district" and i == 3:
                role = Role.DISTRICT_IT
            members.append(
                d.add(
                    "staff",
                    {
                        **_record(hub, at),
                        "username": f"{code}-{i + 1}",
                        "full_name": person_name(rng, rng.random() < 0.5),
                        "role": role.value,
                        "station_id": station["id"],
                        "area_code": code,
                        "backup_staff_id": None,
                        "phone": _phone(rng),
                        "active": True,
                        "absent_until": None,
                    },
                )
            )
        # AB角: each clerk's backup is the next colleague at the same station.
        for a, b in zip(members, members[1:] + members[:1], strict=True):
            if a is not b:
                a["backup_staff_id"] = b["id"]
    return d


def activity(
    district: SampleDistrict,
    people: Sequence[dict[str, Any]],
    firms: Sequence[dict[str, Any]],
    services: Sequence[tuple[str, int | None]],
    due: Callable[[date, int], tuple[date, bool]],
    *,
    seed: int = 4,
    today: date = date(2026, 11, 1),
) -> SampleDistrict:
    """Registrations, vacancies and service tickets for some of the people.

    ``services`` are (catalogue code, time limit in working days); ``due`` computes a
    deadline and whether it is only an estimate (a year with no calendar).
    """
    limits = dict(services)
    rng = random.Random(seed)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    stations = {s["org_code"]: s for s in district.rows["stations"]}
    clerks: dict[str, list[dict[str, Any]]] = {}
    for member in district.rows["staff"]:
        clerks.setdefault(member["station_id"], []).append(member)
    for firm in firms:
        for _ in range(rng.randint(0, 3)):
            low = rng.choice((2500, 3000, 4000, 5000, 6500))
            district.add(
                "vacancies",
                {
                    **_record("district", at),
                    "employer_id": firm["id"],
                    "title": rng.choice(
                        (
                            "普工",
                            "仓库管理员",
                            "收银员",
                            "电工",
                            "保洁员",
                            "厨师",
                            "销售代表",
                            "会计",
                            "驾驶员",
                            "保安员",
                            "护理员",
                        )
                    ),
                    "occupation_code": None,
                    "headcount": rng.randint(1, 10),
                    "wage_min": low,
                    "wage_max": low + rng.choice((500, 1000, 2000)),
                    "requirements": None,
                    "skills": None,
                    "location_division": firm["division_code"],
                    "valid_from": today - timedelta(days=rng.randint(0, 60)),
                    "valid_until": today + timedelta(days=rng.randint(10, 90)),
                    "status": "open",
                },
            )
    serial = 0
    for person in people:
        station = stations.get(person["residence_division"]) or stations[next(iter(stations))]
        staff = clerks[station["id"]][0]
        if person["is_unemployed"]:
            serial += 1
            registered = today - timedelta(days=rng.randint(1, 400))
            district.add(
                "unemployment_registrations",
                {
                    **_record(station["id"], at),
                    "person_id": person["id"],
                    "station_id": station["id"],
                    "registration_no": f"SY{today.year}{serial:07d}",
                    "registered_on": registered,
                    "unemployed_since": registered - timedelta(days=10),
                    "reason": rng.choice(("01", "02", "03", "09")),
                    "place_basis": "hukou",
                    "former_employer_uscc": None,
                    "former_employer_name": None,
                    "is_4050": False,
                    "is_low_income": rng.random() < 0.1,
                    "archive_no": None,
                    "last_contact_on": None,
                    "cancelled_on": None,
                    "cancellation_reason": None,
                    "valid": True,
                },
            )
        if person["is_unemployed"] or rng.random() < 0.03:
            done = rng.random() < 0.6
            accepted = today - timedelta(days=rng.randint(5, 40) if done else rng.randint(0, 6))
            code = (
                "JY-002"
                if person["is_unemployed"] and "JY-002" in limits
                else rng.choice(services)[0]
            )
            limit = limits[code]
            due_on, estimated = due(accepted, limit) if limit is not None else (None, False)
            serial += 1
            district.add(
                "service_tickets",
                {
                    **_record(station["id"], at),
                    "ticket_no": f"T{today.year}{serial:08d}",
                    "catalogue_code": code,
                    "person_id": person["id"],
                    "employer_id": None,
                    "station_id": station["id"],
                    "first_owner_staff_id": staff["id"],
                    "owner_staff_id": staff["id"],
                    "backup_staff_id": staff["backup_staff_id"],
                    "status": "completed" if done else rng.choice(("accepted", "in_progress")),
                    "accepted_on": accepted,
                    "due_on": due_on,
                    "due_estimated": estimated,
                    "completed_on": (
                        min(today, accepted + timedelta(days=rng.randint(0, (limit or 1) + 2)))
                        if done
                        else None
                    ),
                    "missing_materials": None,
                    "subject_table": None,
                    "subject_id": None,
                    "notes": None,
                },
            )
    return district

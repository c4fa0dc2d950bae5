"""The synthetic district looks like a real one: valid numbers, real places, sane staffing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import pytest

from station_client.reference import ReferenceBundle
from station_client.rules.codes import Role, Sex, StationLevel
from station_client.rules.errors import ValidationError
from station_client.rules.idnumber import validate_citizen_id
from station_client.rules.staffing import required_staff
from station_client.rules.uscc import validate_uscc
from station_client.sample import (
    Area,
    SampleDistrict,
    activity,
    area_from_reference,
    employers,
    organisation,
    persons,
)
from station_client.store.validate import validate_person

TODAY = date(2026, 11, 1)
PEOPLE = 3000
FIRMS = 150
CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")

# Record ids (and fields that point at them) are bookkeeping, not district content.
_ID_FIELDS = frozenset(
    {
        "id",
        "person_id",
        "employer_id",
        "station_id",
        "backup_staff_id",
        "owner_staff_id",
        "first_owner_staff_id",
        "changed_station",
    }
)
# What the store sets itself; a form at the counter never carries these.
_NOT_FROM_A_FORM = ("id", "version", "changed_station", "changed_staff", "changed_at", "conflict")


def _content(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in _ID_FIELDS} for row in rows]


def _due(reference: ReferenceBundle) -> Callable[[date, int], tuple[date, bool]]:
    def due(start: date, n: int) -> tuple[date, bool]:
        deadline = reference.calendar.add_working_days(start, n)
        return deadline.due, deadline.estimated

    return due


def _services(reference: ReferenceBundle) -> list[tuple[str, int | None]]:
    return [
        (item.code, item.time_limit_working_days)
        for item in reference.catalogue.items_for_level("village")
    ]


def _district(
    reference: ReferenceBundle, area: Area, *, seed: int
) -> tuple[SampleDistrict, list[dict[str, Any]]]:
    people = list(persons(area, 1000, seed=seed, today=TODAY))
    firms = list(employers(area, 40, seed=seed + 1))
    district = organisation(area, seed=seed + 2)
    activity(
        district, people, firms, _services(reference), _due(reference), seed=seed + 3, today=TODAY
    )
    return district, people


@pytest.fixture(scope="module")
def area(reference: ReferenceBundle) -> Area:
    return area_from_reference(reference)


@pytest.fixture(scope="module")
def people(area: Area) -> list[dict[str, Any]]:
    return list(persons(area, PEOPLE, seed=7, today=TODAY))


@pytest.fixture(scope="module")
def firms(area: Area) -> list[dict[str, Any]]:
    return list(employers(area, FIRMS, seed=8))


@pytest.fixture(scope="module")
def org(area: Area) -> SampleDistrict:
    return organisation(area, seed=9)


@pytest.fixture(scope="module")
def busy(
    reference: ReferenceBundle,
    area: Area,
    people: list[dict[str, Any]],
    firms: list[dict[str, Any]],
) -> SampleDistrict:
    district = organisation(area, seed=9)
    return activity(
        district, people, firms, _services(reference), _due(reference), seed=10, today=TODAY
    )


# -- persons -------------------------------------------------------------------------


def test_persons_yields_exactly_the_number_asked_for(area: Area) -> None:
    for count in (0, 1, 257):
        assert len(list(persons(area, count, seed=3))) == count


def test_citizen_ids_are_valid_and_state_the_rows_birth_date_and_sex(
    people: list[dict[str, Any]],
) -> None:
    for row in people:
        cid = validate_citizen_id(row["citizen_id"], today=TODAY)
        assert cid.number == row["citizen_id"]  # already normalised: 18 characters
        assert cid.birth_date == row["birth_date"], row["citizen_id"]
        assert cid.sex.value == row["sex"], row["citizen_id"]


def test_citizen_ids_are_unique(people: list[dict[str, Any]]) -> None:
    numbers = [row["citizen_id"] for row in people]
    assert len(set(numbers)) == len(numbers) == PEOPLE


def test_most_people_were_born_in_the_district_and_migrants_elsewhere(
    area: Area, people: list[dict[str, Any]]
) -> None:
    local = [row for row in people if row["citizen_id"][:6] == area.district_code]
    assert 0.65 < len(local) / len(people) < 0.85
    for row in people:
        if row["is_migrant_worker"]:
            assert row["citizen_id"][:6] != area.district_code, row["citizen_id"]


def test_people_live_in_real_villages_of_the_district(
    reference: ReferenceBundle, area: Area, people: list[dict[str, Any]]
) -> None:
    villages = {v.code: v for v in reference.divisions.villages()}
    assert villages
    for row in people:
        village = villages.get(row["residence_division"])
        assert village is not None, row["residence_division"]
        # The address is in the same village, in the district's city and district.
        assert row["address"].startswith(f"{area.city_name}{area.district_name}{village.name}")
        if row["citizen_id"][:6] == area.district_code:
            assert row["hukou_division"] == row["residence_division"]
    # People are spread over the district, not piled into a few villages.
    assert len({row["residence_division"] for row in people}) > len(villages) // 2


def test_names_are_chinese(
    people: list[dict[str, Any]], firms: list[dict[str, Any]], org: SampleDistrict
) -> None:
    names = [row["name"] for row in people]
    names += [f["legal_representative"] for f in firms] + [f["contact_name"] for f in firms]
    names += [s["full_name"] for s in org.rows["staff"]]
    for name in names:
        assert CJK_NAME.fullmatch(name), name
    # Not one name for everybody: a realistic spread of surnames and given names.
    assert len(set(names)) > len(names) // 3
    assert len({name[0] for name in names}) > 50


def test_age_range_and_sex_ratio_are_plausible(people: list[dict[str, Any]]) -> None:
    ages = [validate_citizen_id(row["citizen_id"], today=TODAY).age_on(TODAY) for row in people]
    assert min(ages) >= 16
    assert max(ages) <= 64
    # Working-age population spread over the whole range, not bunched at one end.
    assert sum(a < 25 for a in ages) > len(ages) * 0.05
    assert sum(a >= 55 for a in ages) > len(ages) * 0.05
    women = sum(row["sex"] == Sex.FEMALE.value for row in people)
    assert 0.44 < women / len(people) < 0.54


def test_flags_agree_with_the_person(people: list[dict[str, Any]]) -> None:
    unemployed = [row for row in people if row["is_unemployed"]]
    assert 0.04 < len(unemployed) / len(people) < 0.12
    for row in people:
        age = validate_citizen_id(row["citizen_id"], today=TODAY).age_on(TODAY)
        assert (row["four_kinds"] == "D") == row["is_unemployed"], row["citizen_id"]
        if row["is_hard_to_employ"]:
            assert row["is_unemployed"] and age >= 40, row["citizen_id"]
        if row["is_veteran"]:
            assert row["sex"] == Sex.MALE.value, row["citizen_id"]
        if row["is_graduate"]:
            assert 21 <= age <= 24, row["citizen_id"]


def test_codes_are_in_the_reference_code_tables(
    reference: ReferenceBundle, people: list[dict[str, Any]]
) -> None:
    tables = {
        "sex": "sex",
        "ethnicity": "ethnicity",
        "education": "education",
        "marital_status": "marital_status",
        "political_status": "political_status",
        "hukou_type": "hukou_type",
        "four_kinds": "four_kinds",
    }
    for row in people:
        for field, table in tables.items():
            assert row[field] in reference.table(table), (field, row[field])


def test_every_sample_person_passes_the_counters_validation(
    reference: ReferenceBundle, people: list[dict[str, Any]]
) -> None:
    refused = []
    for row in people:
        form = {k: v for k, v in row.items() if k not in _NOT_FROM_A_FORM}
        try:
            validate_person(form, reference, today=TODAY, creating=True)
        except ValidationError as e:
            refused.append((row["citizen_id"], str(e)))
    assert refused == []


# -- employers -----------------------------------------------------------------------


def test_employers_have_valid_unique_credit_codes_and_names(
    area: Area, firms: list[dict[str, Any]]
) -> None:
    assert len(firms) == FIRMS
    codes = [validate_uscc(f["uscc"]).code for f in firms]
    assert codes == [f["uscc"] for f in firms]
    assert len(set(codes)) == FIRMS
    assert {validate_uscc(c).division_code for c in codes} == {area.district_code}
    assert len({f["name"] for f in firms}) == FIRMS
    villages = {code for code, _name, _town in area.villages}
    for f in firms:
        assert f["name"].startswith(area.city_name)
        assert f["division_code"] in villages
        assert f["founded_on"] < TODAY


# -- determinism ---------------------------------------------------------------------


def test_same_seed_gives_the_same_district(reference: ReferenceBundle, area: Area) -> None:
    first, first_people = _district(reference, area, seed=21)
    second, second_people = _district(reference, area, seed=21)
    assert _content(first_people) == _content(second_people)
    assert _content(employers(area, 40, seed=22)) == _content(employers(area, 40, seed=22))
    assert first.rows.keys() == second.rows.keys()
    for table in first.rows:
        assert _content(first.rows[table]) == _content(second.rows[table]), table


def test_different_seed_gives_a_different_district(reference: ReferenceBundle, area: Area) -> None:
    first, first_people = _district(reference, area, seed=21)
    other, other_people = _district(reference, area, seed=31)
    overlap = {p["citizen_id"] for p in first_people} & {p["citizen_id"] for p in other_people}
    assert len(overlap) < len(first_people) // 10
    assert [p["name"] for p in first_people] != [p["name"] for p in other_people]
    assert _content(employers(area, 40, seed=22)) != _content(employers(area, 40, seed=32))
    populations = [s["population_served"] for s in first.rows["stations"]]
    assert populations != [s["population_served"] for s in other.rows["stations"]]


# -- organisation --------------------------------------------------------------------


def test_one_station_per_district_town_and_village(area: Area, org: SampleDistrict) -> None:
    stations = org.rows["stations"]
    expected = {area.district_code: "district"}
    expected |= {code: "town" for code, _name in area.towns}
    expected |= {code: "village" for code, _name, _town in area.villages}
    assert len(stations) == len(expected)
    assert {s["org_code"]: s["level"] for s in stations} == expected
    assert len({s["id"] for s in stations}) == len(stations)
    units = {u["code"]: u for u in org.rows["org_units"]}
    assert units.keys() == expected.keys()
    for code, _name, town in area.villages:
        assert units[code]["parent_code"] == town


def test_village_stations_are_staffed_to_standard_or_one_short(org: SampleDistrict) -> None:
    staff_at = Counter(member["station_id"] for member in org.rows["staff"])
    villages = [s for s in org.rows["stations"] if s["level"] == "village"]
    short = 0
    for station in villages:
        need = required_staff(StationLevel.VILLAGE, station["population_served"])
        have = staff_at[station["id"]]
        assert 1 <= have <= need, station["name"]
        assert have >= need - 1, (station["name"], station["population_served"], have)
        short += have < need
    # "Some are one short, as in life": most meet the standard.
    assert short < len(villages) // 3


def test_every_station_has_staff_and_a_head(org: SampleDistrict) -> None:
    members: dict[str, list[dict[str, Any]]] = {}
    for member in org.rows["staff"]:
        members.setdefault(member["station_id"], []).append(member)
    for station in org.rows["stations"]:
        roles = Counter(m["role"] for m in members.get(station["id"], []))
        assert sum(roles.values()) >= 1, station["name"]
        if station["level"] != "village":
            assert roles[Role.SUPERVISOR.value] >= 1, station["name"]
        if station["level"] == "district":
            assert roles[Role.DISTRICT_IT.value] >= 1
        for m in members.get(station["id"], []):
            assert m["area_code"] == station["org_code"]
    usernames = [m["username"] for m in org.rows["staff"]]
    assert len(set(usernames)) == len(usernames)


def test_each_staff_members_backup_is_a_colleague_at_the_same_station(
    org: SampleDistrict,
) -> None:
    members: dict[str, list[dict[str, Any]]] = {}
    for member in org.rows["staff"]:
        members.setdefault(member["station_id"], []).append(member)
    checked = 0
    for team in members.values():
        ids = {m["id"] for m in team}
        for m in team:
            if len(team) == 1:
                assert m["backup_staff_id"] is None
            else:
                assert m["backup_staff_id"] in ids
                assert m["backup_staff_id"] != m["id"]
                checked += 1
        if len(team) > 1:
            # Everybody is somebody's backup: nobody's work is left uncovered.
            assert {m["backup_staff_id"] for m in team} == ids
    assert checked > 0


# -- activity ------------------------------------------------------------------------


def test_unemployed_people_have_an_unemployment_registration(
    busy: SampleDistrict, people: list[dict[str, Any]]
) -> None:
    registrations = busy.rows["unemployment_registrations"]
    registered = Counter(r["person_id"] for r in registrations)
    unemployed = {p["id"] for p in people if p["is_unemployed"]}
    assert unemployed
    assert set(registered) == unemployed
    assert max(registered.values()) == 1
    numbers = [r["registration_no"] for r in registrations]
    assert len(set(numbers)) == len(numbers)
    for r in registrations:
        assert r["unemployed_since"] <= r["registered_on"] <= TODAY


def test_tickets_are_catalogue_items_with_working_day_deadlines(
    reference: ReferenceBundle, busy: SampleDistrict
) -> None:
    tickets = busy.rows["service_tickets"]
    assert tickets
    with_deadline = 0
    for t in tickets:
        item = reference.catalogue.item(t["catalogue_code"])  # KeyError if not in catalogue
        assert "village" in item.levels
        limit = item.time_limit_working_days
        if limit is None:
            assert t["due_on"] is None
            continue
        expected = reference.calendar.add_working_days(t["accepted_on"], limit)
        assert t["due_on"] == expected.due, t["ticket_no"]
        assert t["due_estimated"] == expected.estimated
        assert reference.calendar.is_working_day(t["due_on"]), t["due_on"]
        assert reference.calendar.working_days_between(t["accepted_on"], t["due_on"]) == limit
        with_deadline += 1
    assert with_deadline > 0
    numbers = [t["ticket_no"] for t in tickets]
    assert len(set(numbers)) == len(numbers)


def test_tickets_are_handled_by_staff_of_the_persons_station(
    busy: SampleDistrict, people: list[dict[str, Any]]
) -> None:
    by_id = {p["id"]: p for p in people}
    stations = {s["id"]: s for s in busy.rows["stations"]}
    staff = {m["id"]: m for m in busy.rows["staff"]}
    for t in busy.rows["service_tickets"]:
        person = by_id[t["person_id"]]
        station = stations[t["station_id"]]
        assert station["org_code"] == person["residence_division"]
        assert staff[t["owner_staff_id"]]["station_id"] == t["station_id"]
        if t["status"] == "completed":
            assert t["completed_on"] >= t["accepted_on"]
        else:
            assert t["completed_on"] is None
        assert t["accepted_on"] <= TODAY
        # The unemployed come to the station to register as unemployed.
        if person["is_unemployed"]:
            assert t["catalogue_code"] == "JY-002"


def test_no_ticket_was_completed_in_the_future(reference: ReferenceBundle, area: Area) -> None:
    late = []
    for seed in range(1, 11):
        district, _people = _district(reference, area, seed=seed)
        late += [
            (seed, t["ticket_no"], t["accepted_on"], t["completed_on"])
            for t in district.rows["service_tickets"]
            if t["completed_on"] is not None and t["completed_on"] > TODAY
        ]
    assert late == []


def test_vacancies_belong_to_employers_and_are_open_today(
    busy: SampleDistrict, firms: list[dict[str, Any]]
) -> None:
    by_id = {f["id"]: f for f in firms}
    vacancies = busy.rows["vacancies"]
    assert vacancies
    for v in vacancies:
        firm = by_id[v["employer_id"]]
        assert v["location_division"] == firm["division_code"]
        assert 0 < v["wage_min"] < v["wage_max"]
        assert v["valid_from"] <= TODAY < v["valid_until"]
        assert v["headcount"] >= 1

"""The sample district (``station_client.sample``) with the rest of a year's work added:
ratings and their call-backs, recognitions, employment, assistance, mediation,
complaints, archive requests and job seekers. Generated once, loaded everywhere."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import Any

from hub_sync.model import new_id
from hub_sync.server.scope import area_from_values
from station_client.reference import ReferenceBundle
from station_client.sample import activity, area_from_reference, employers, organisation, persons

TODAY = date(2026, 11, 1)
_AT = datetime(2026, 1, 1, tzinfo=UTC)


def _record(**values: Any) -> dict[str, Any]:
    return {
        "id": new_id(),
        "version": 0,
        "changed_station": None,
        "changed_staff": None,
        "changed_at": _AT,
        "deleted": False,
        "conflict": False,
        **values,
    }


def _insert_only(**values: Any) -> dict[str, Any]:
    return {
        "id": new_id(),
        "version": 0,
        "changed_station": None,
        "changed_staff": None,
        "changed_at": _AT,
        **values,
    }


def generate(
    bundle: ReferenceBundle, persons_count: int, seed: int = 7
) -> dict[str, list[dict[str, Any]]]:
    area = area_from_reference(bundle)
    district = organisation(area, seed=seed + 2)
    people = list(islice(persons(area, persons_count, seed=seed, today=TODAY), persons_count))
    firms = list(employers(area, max(1, persons_count // 25), seed=seed + 1))
    services = [
        (i.code, i.time_limit_working_days) for i in bundle.catalogue.items_for_level("village")
    ]

    def due(start: date, n: int) -> tuple[date, bool]:
        d = bundle.calendar.add_working_days(start, n)
        return d.due, d.estimated

    activity(district, people, firms, services, due, seed=seed + 3, today=TODAY)
    tables: dict[str, list[dict[str, Any]]] = {
        "org_units": district.rows["org_units"],
        "stations": district.rows["stations"],
        "staff": district.rows["staff"],
        "persons": people,
        "employers": firms,
        **{
            t: rows
            for t, rows in district.rows.items()
            if t not in ("org_units", "stations", "staff")
        },
    }
    _add_work(tables, bundle, random.Random(seed))
    return tables


def _add_work(
    tables: dict[str, list[dict[str, Any]]], bundle: ReferenceBundle, rng: random.Random
) -> None:
    def add(table: str, row: dict[str, Any]) -> None:
        tables.setdefault(table, []).append(row)

    cal = bundle.calendar
    tickets = list(tables["service_tickets"])
    for ticket in tickets:
        if ticket["status"] != "completed" or rng.random() < 0.4:
            continue
        scores: list[int | None] = [rng.choice((1, 2, 3, 4, 5, 5, 5, 4)) for _ in range(4)]
        scores[1 + rng.randrange(3)] = None  # some indicators left out
        bad = any(s is not None and s <= 2 for s in scores)
        day = ticket["completed_on"]
        moment = datetime.combine(day, time(rng.randint(0, 23)), UTC)  # some the next day in China
        callback = cal.add_working_days(day, 15).due if bad and rng.random() < 0.8 else None
        rating = _insert_only(
            ticket_id=ticket["id"],
            person_id=ticket["person_id"],
            station_id=ticket["station_id"],
            staff_id=ticket["owner_staff_id"],
            overall=scores[0],
            efficiency=scores[1],
            competence=scores[2],
            attitude=scores[3],
            comment=None,
            evaluated_at=moment,
            callback_due=callback,
        )
        add("service_evaluations", rating)
        if bad and rng.random() < 0.6:
            done = min(TODAY, day + timedelta(days=rng.randint(1, 30)))
            add(
                "service_tickets",
                _record(
                    **{
                        **{
                            k: v
                            for k, v in ticket.items()
                            if k not in ("id", "version", "changed_at")
                        },
                        "ticket_no": ticket["ticket_no"] + "-HF",
                        "catalogue_code": "PJ-001",
                        "accepted_on": day,
                        "due_on": cal.add_working_days(day, 15).due,
                        "completed_on": done,
                        "subject_table": "service_evaluations",
                        "subject_id": rating["id"],
                    }
                ),
            )
    vacancies = tables.get("vacancies", [])
    for person in tables["persons"]:
        roll = rng.random()
        if person["is_unemployed"] and roll < 0.3:
            applied = TODAY - timedelta(days=rng.randint(5, 200))
            status = rng.choice(("approved", "recognised", "cancelled", "under_review", "rejected"))
            decided = (
                applied + timedelta(days=rng.randint(3, 20)) if status != "under_review" else None
            )
            add(
                "hard_to_employ_recognitions",
                _record(
                    person_id=person["id"],
                    serial_no=f"KN{len(tables.get('hard_to_employ_recognitions', [])):06d}",
                    category="050",
                    monthly_income=None,
                    applied_on=applied,
                    current_step=None,
                    status=status,
                    decided_on=decided,
                    policy_benefit=False,
                    cancelled_on=TODAY - timedelta(days=rng.randint(0, 60))
                    if status == "cancelled"
                    else None,
                    cancellation_kind=None,
                    cancellation_reason=None,
                ),
            )
            plan = _record(
                person_id=person["id"],
                owner_staff_id=None,
                opened_on=applied,
                target_on=None,
                zero_employment_household=rng.random() < 0.3,
                rounds=0,
                refusals=0,
                status=rng.choice(("open", "open", "closed")),
                outcome=None,
                employment_form=None,
            )
            add("assistance_plans", plan)
            for _ in range(rng.randint(0, 4)):
                vacancy = rng.choice(vacancies) if vacancies and rng.random() < 0.7 else None
                add(
                    "assistance_contacts",
                    _insert_only(
                        plan_id=plan["id"],
                        person_id=person["id"],
                        contacted_on=TODAY - timedelta(days=rng.randint(0, 80)),
                        method=rng.choice(("01", "02", "02")),
                        assistance_type=None,
                        vacancy_id=vacancy["id"] if vacancy else None,
                        content=None,
                        outcome=rng.choice(("accepted", "pending", "refused")),
                    ),
                )
        if roll < 0.08:
            started = TODAY - timedelta(days=rng.randint(0, 120))
            add(
                "employment_registrations",
                _record(
                    person_id=person["id"],
                    employer_id=rng.choice(tables["employers"])["id"],
                    employment_form=rng.choice(("11", "12", "40")),
                    contract_form=None,
                    contract_start=None,
                    contract_end=None,
                    occupation_code=None,
                    wage=4500,
                    channel=None,
                    flexible_type=None,
                    started_on=started,
                    terminated_on=started + timedelta(days=40) if rng.random() < 0.2 else None,
                    termination_reason=None,
                ),
            )
        if 0.08 <= roll < 0.12:
            add(
                "job_seeker_registrations",
                _record(
                    person_id=person["id"],
                    station_id=None,
                    registered_on=TODAY - timedelta(days=rng.randint(0, 90)),
                    intended_occupation="4",
                    intended_division=None,
                    expected_wage=5000,
                    skills=None,
                    work_history=None,
                    training_history=None,
                    valid_until=None,
                    status="active",
                ),
            )
        if 0.12 <= roll < 0.13:
            add(
                "mediation_cases",
                _record(
                    case_no=f"TJ{len(tables.get('mediation_cases', [])):06d}",
                    applicant_person_id=person["id"],
                    applicant_name=person["name"],
                    respondent_employer_id=None,
                    respondent_name="某公司",
                    matter="工资",
                    claims=None,
                    reasons=None,
                    oral_application=False,
                    applied_on=TODAY - timedelta(days=rng.randint(0, 70)),
                    accepted_on=None,
                    refused_reason=None,
                    agreement_on=None,
                    confirmed_on=None,
                    arbitration_on=None,
                    status="applied",
                ),
            )
            add(
                "archive_requests",
                _record(
                    person_id=person["id"],
                    kind="lookup",
                    requested_on=TODAY - timedelta(days=rng.randint(0, 70)),
                    forwarded_on=None,
                    receipt_due=TODAY - timedelta(days=rng.randint(-20, 20)),
                    received_on=None,
                    file_location=None,
                    status="requested",
                    notes=None,
                ),
            )


def own_share(
    tables: dict[str, list[dict[str, Any]]], station_id: str, org_code: str
) -> dict[str, list[dict[str, Any]]]:
    """What a station holds: its area's records (the hub's scope rules) and its own work."""
    residence = {p["id"]: p["residence_division"] for p in tables["persons"]}
    share: dict[str, list[dict[str, Any]]] = {}
    for table, rows in tables.items():
        kept = []
        for row in rows:
            if row.get("station_id") == station_id:
                kept.append(row)
                continue
            known, area = area_from_values(table, row)
            if not known:
                area = residence.get(str(area))
            if area is not None and str(area).startswith(org_code):
                kept.append(row)
        share[table] = kept
    return share

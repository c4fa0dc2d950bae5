"""The fixed district's registrations, assistance, vacancies and cases (see ``dataset``
for the period and what each record is for)."""

from __future__ import annotations

from datetime import date
from typing import Any

from station_client.rules.uscc import make_uscc

from .dataset_base import DISTRICT, day, ident, insert_only, synced


def unemployment(name: str, person: str, registered: date, **more: Any) -> dict[str, Any]:
    return synced(
        name,
        person_id=ident(person),
        station_id=None,
        registration_no=name,
        registered_on=registered,
        unemployed_since=None,
        reason="02",
        place_basis="hukou",
        former_employer_uscc=None,
        former_employer_name=None,
        is_4050=more.pop("is_4050", False),
        is_low_income=more.pop("is_low_income", False),
        archive_no=None,
        last_contact_on=None,
        cancelled_on=more.pop("cancelled_on", None),
        cancellation_reason=more.pop("cancellation_reason", None),
        valid=more.pop("valid", True),
    )


def registrations() -> dict[str, list[dict[str, Any]]]:
    return {
        "unemployment_registrations": [
            unemployment("SY1", "p1", day(3, 15)),  # long-term at 31 Oct
            unemployment("SY2", "p5", day(10, 13)),  # new in October
            unemployment(
                "SY3",
                "p2",
                day(4, 30),
                cancelled_on=day(10, 12),
                cancellation_reason="01",
                valid=False,
            ),
            unemployment("SY4", "p3", day(5, 1), is_4050=True),  # 6 months end 1 Nov: not long-term
            unemployment("SY5", "p4", day(12, 1, 2025), is_low_income=True),  # long-term
            unemployment("SY6", "p6", day(4, 30)),  # 30 Apr + 6 months = 30 Oct < 31 Oct: long-term
            unemployment(
                "SY7", "p7", day(8, 1), valid=False
            ),  # an error, not cancelled: never counts
            unemployment(
                "SY8",
                "p8",
                day(1, 10),
                cancelled_on=day(9, 20),
                cancellation_reason="01",
                valid=False,
            ),
        ],
        "hard_to_employ_recognitions": [
            recognition("KN1", "p3", day(8, 3), day(8, 20), "approved"),
            recognition("KN2", "p4", day(10, 5), None, "under_review"),
            recognition("KN3", "p6", day(6, 1), day(6, 20), "cancelled", cancelled_on=day(10, 16)),
            recognition("KN4", "p1", day(9, 1), day(10, 10), "recognised"),
            recognition("KN5", "p5", day(10, 2), day(10, 9), "rejected"),
        ],
        "employment_registrations": [
            employment("EM1", "p1", "er1", day(10, 20)),
            employment("EM2", "p6", "er1", day(10, 16)),
            employment("EM3", "p8", "er2", day(9, 21), terminated_on=day(10, 9)),
            employment("EM4", "p7", None, day(8, 1), employment_form="40"),
            employment("EM5", "p3", "er2", day(11, 1)),
        ],
    }


def recognition(
    name: str,
    person: str,
    applied: date,
    decided: date | None,
    status: str,
    cancelled_on: date | None = None,
) -> dict[str, Any]:
    return synced(
        name,
        person_id=ident(person),
        serial_no=name,
        category="050",
        monthly_income=None,
        applied_on=applied,
        current_step=None,
        status=status,
        decided_on=decided,
        policy_benefit=False,
        cancelled_on=cancelled_on,
        cancellation_kind="auto" if cancelled_on else None,
        cancellation_reason=None,
    )


def employment(
    name: str, person: str, employer: str | None, started: date, **more: Any
) -> dict[str, Any]:
    return synced(
        name,
        person_id=ident(person),
        employer_id=ident(employer) if employer else None,
        employment_form=more.pop("employment_form", "11"),
        contract_form=None,
        contract_start=None,
        contract_end=None,
        occupation_code=None,
        wage=5000,
        channel=None,
        flexible_type=None,
        started_on=started,
        terminated_on=more.pop("terminated_on", None),
        termination_reason=None,
    )


def plan(name: str, person: str, opened: date, zero: bool) -> dict[str, Any]:
    return synced(
        name,
        person_id=ident(person),
        owner_staff_id=None,
        opened_on=opened,
        target_on=None,
        zero_employment_household=zero,
        rounds=0,
        refusals=0,
        status="open",
        outcome=None,
        employment_form=None,
    )


def contact(
    name: str, plan: str, person: str, on: date, method: str, **more: Any
) -> dict[str, Any]:
    vacancy = more.pop("vacancy", None)
    return insert_only(
        name,
        plan_id=ident(plan),
        person_id=ident(person),
        contacted_on=on,
        method=method,
        assistance_type=None,
        vacancy_id=ident(vacancy) if vacancy else None,
        content=None,
        outcome=more.pop("outcome", None),
    )


def vacancy(name: str, employer: str, area: str, start: date, end: date | None) -> dict[str, Any]:
    return synced(
        name,
        employer_id=ident(employer),
        title=f"岗位{name}",
        occupation_code=None,
        headcount=2,
        wage_min=4000,
        wage_max=6000,
        requirements=None,
        skills=None,
        location_division=area,
        valid_from=start,
        valid_until=end,
        status="open",
    )


def employer(name: str, serial: int, area: str) -> dict[str, Any]:
    return synced(
        name,
        uscc=make_uscc(DISTRICT, serial),
        name=f"南京{name}有限公司",
        legal_representative=None,
        address=None,
        division_code=area,
        industry=None,
        contact_name=None,
        contact_phone=None,
        founded_on=None,
        employee_count=None,
    )


def cases() -> dict[str, list[dict[str, Any]]]:
    def mediation(name: str, person: str | None, applicant: str, applied: date) -> dict[str, Any]:
        return synced(
            name,
            case_no=name,
            applicant_person_id=ident(person) if person else None,
            applicant_name=applicant,
            respondent_employer_id=ident("er1"),
            respondent_name="南京er1有限公司",
            matter="拖欠工资",
            claims=None,
            reasons=None,
            oral_application=False,
            applied_on=applied,
            accepted_on=None,
            refused_reason=None,
            agreement_on=None,
            confirmed_on=None,
            arbitration_on=None,
            status="applied",
        )

    def complaint(name: str, person: str, received: date) -> dict[str, Any]:
        return synced(
            name,
            complaint_no=name,
            complainant_person_id=ident(person),
            complainant_name=f"张{person.upper()}明",
            complainant_sex="1",
            complainant_age=None,
            complainant_occupation=None,
            complainant_workplace=None,
            complainant_address=None,
            complainant_phone="13912345678",
            employer_id=ident("er2"),
            employer_name="南京er2有限公司",
            employer_address=None,
            employer_legal_rep=None,
            facts="未缴社保",
            requests=None,
            received_on=received,
            accepted_on=None,
            investigation_due=None,
            closed_on=None,
            status="received",
        )

    def archive(name: str, person: str, kind: str, on: date, due: date) -> dict[str, Any]:
        return synced(
            name,
            person_id=ident(person),
            kind=kind,
            requested_on=on,
            forwarded_on=on,
            receipt_due=due,
            received_on=None,
            file_location=None,
            status="forwarded",
            notes=None,
        )

    return {
        "mediation_cases": [
            mediation("TJ1", "p3", "张P3明", day(10, 10)),
            mediation("TJ2", None, "王五", day(10, 20)),  # applicant not on file: district only
            mediation("TJ3", "p3", "张P3明", day(9, 28)),
        ],
        "inspection_complaints": [
            complaint("JC1", "p4", day(10, 9)),
            complaint("JC2", "p2", day(11, 1)),
        ],
        "archive_requests": [
            archive("RS1", "p8", "intake", day(10, 8), day(10, 20)),  # receipt overdue
            archive("RS2", "p1", "lookup", day(10, 22), day(11, 22)),
        ],
        "job_seeker_registrations": [
            job_seeker("J1", "p5", day(10, 13)),
            job_seeker("J2", "p2", day(9, 30)),
            job_seeker("J3", "p7", day(10, 31)),
        ],
    }


def job_seeker(name: str, person: str, registered: date) -> dict[str, Any]:
    return synced(
        name,
        person_id=ident(person),
        station_id=None,
        registered_on=registered,
        intended_occupation="4",
        intended_division=None,
        expected_wage=4000,
        skills=None,
        work_history=None,
        training_history=None,
        valid_until=None,
        status="active",
    )

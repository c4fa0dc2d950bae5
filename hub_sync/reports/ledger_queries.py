"""The queries behind the basic ledgers (基础台账): what each one lists.

A record about a person belongs to the area of the person's ``residence_division``
(vacancies: their ``location_division``), as for what stations hold. A ledger lists
the records of its kind that concern the period:

- job seekers: registered in the period;
- the unemployed: registered at some time in the period (registered by its end, not
  cancelled before its start; registrations made invalid without cancellation are
  errors and left out); long-term ones: still registered at the end of the period
  (or today) and registered more than ``long_term_months`` (6) months before it;
- the hard-to-employ: applied by the end, not refused, not cancelled before the start;
  with their assistance in the period and the first job found since applying;
- employment registrations: started or terminated in the period;
- vacancies: valid at some time in the period, with recommendations and acceptances
  (assistance contacts naming the vacancy) in the period;
- mediation cases and complaints: applied or received in the period;
- archive requests: made in the period, with an overdue receipt flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from hub_sync.model import (
    ArchiveRequest,
    AssistanceContact,
    AssistancePlan,
    Employer,
    EmploymentRegistration,
    HardToEmployRecognition,
    InspectionComplaint,
    JobSeekerRegistration,
    MediationCase,
    Person,
    UnemploymentRegistration,
    Vacancy,
)

from .periods import Period, add_months
from .scope import ColumnLike, Scope

#: A query of any columns (the ledgers' rows are read as mappings).
AnySelect: TypeAlias = Select[*tuple[Any, ...]]
GUIDANCE_METHOD = "01"  # code table assistance_method
JOB_OFFER_METHOD = "02"
ACCEPTED_OFFER = "accepted"  # assistance contact outcome


@dataclass(frozen=True)
class Context:
    scope: Scope
    period: Period
    as_of: date
    long_term_months: int

    @property
    def cutoff(self) -> date:
        return self.period.cutoff(self.as_of)


def person_columns() -> list[Any]:
    return [
        Person.name.label("name"),
        Person.citizen_id.label("citizen_id"),
        Person.sex.label("sex"),
        Person.phone.label("phone"),
        Person.residence_division.label("area"),
    ]


def of_people(ctx: Context) -> ColumnElement[bool]:
    return and_(Person.deleted.is_(False), ctx.scope.area_condition(Person.residence_division))


def within(column: ColumnLike, period: Period) -> ColumnElement[bool]:
    return column.between(period.start, period.end)


# -- job seekers -------------------------------------------------------------------------
def job_seekers(ctx: Context) -> AnySelect:
    j = JobSeekerRegistration
    return (
        select(
            *person_columns(),
            j.registered_on.label("registered_on"),
            j.intended_occupation.label("occupation"),
            j.expected_wage.label("wage"),
            j.valid_until.label("valid_until"),
            j.status.label("status"),
        )
        .join(Person, Person.id == j.person_id)
        .where(j.deleted.is_(False), within(j.registered_on, ctx.period), of_people(ctx))
        .order_by(j.registered_on, j.id)
    )


# -- the unemployed ----------------------------------------------------------------------
def unemployed(ctx: Context) -> AnySelect:
    u = UnemploymentRegistration
    return (
        select(
            u.registration_no.label("registration_no"),
            *person_columns(),
            u.registered_on.label("registered_on"),
            u.unemployed_since.label("unemployed_since"),
            u.reason.label("reason"),
            u.is_4050.label("is_4050"),
            u.is_low_income.label("is_low_income"),
            u.last_contact_on.label("last_contact_on"),
            u.cancelled_on.label("cancelled_on"),
            u.cancellation_reason.label("cancellation_reason"),
        )
        .join(Person, Person.id == u.person_id)
        .where(
            u.deleted.is_(False),
            u.registered_on <= ctx.period.end,
            or_(
                and_(u.cancelled_on.is_(None), u.valid.is_(True)),
                u.cancelled_on >= ctx.period.start,
            ),
            of_people(ctx),
        )
        .order_by(u.registered_on, u.registration_no)
    )


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def with_long_term(row: dict[str, Any], ctx: Context) -> dict[str, Any]:
    day, cancelled = ctx.cutoff, row["cancelled_on"]
    registered = cancelled is None or cancelled > day
    long_term = registered and day > add_months(row["registered_on"], ctx.long_term_months)
    until = day if registered else cancelled
    return {
        **row,
        "long_term": "是" if long_term else "",
        "months": months_between(row["registered_on"], until),
    }


def only_long_term(row: dict[str, Any], ctx: Context) -> dict[str, Any] | None:
    made = with_long_term(row, ctx)
    return made if made["long_term"] else None


# -- the hard-to-employ ------------------------------------------------------------------
def hard_to_employ(ctx: Context) -> AnySelect:
    h, c, e, a = HardToEmployRecognition, AssistanceContact, EmploymentRegistration, AssistancePlan
    contacts = select(func.count()).where(
        c.person_id == h.person_id, within(c.contacted_on, ctx.period)
    )
    job = select(func.min(e.started_on)).where(
        e.person_id == h.person_id,
        e.deleted.is_(False),
        e.started_on >= h.applied_on,
        e.started_on <= ctx.cutoff,
    )
    plan = (
        select(a.status)
        .where(a.person_id == h.person_id, a.deleted.is_(False), a.opened_on <= ctx.cutoff)
        .order_by(a.opened_on.desc(), a.id.desc())
        .limit(1)
    )
    return (
        select(
            h.serial_no.label("serial_no"),
            *person_columns(),
            h.category.label("category"),
            h.applied_on.label("applied_on"),
            h.decided_on.label("decided_on"),
            h.status.label("status"),
            h.cancelled_on.label("cancelled_on"),
            Person.zero_employment_household.label("zero_household"),
            contacts.scalar_subquery().label("contacts"),
            contacts.where(c.method == GUIDANCE_METHOD).scalar_subquery().label("guidance"),
            contacts.where(c.method == JOB_OFFER_METHOD).scalar_subquery().label("offers"),
            plan.scalar_subquery().label("plan_status"),
            job.scalar_subquery().label("employed_on"),
        )
        .join(Person, Person.id == h.person_id)
        .where(
            h.deleted.is_(False),
            h.applied_on <= ctx.period.end,
            h.status != "rejected",
            or_(h.cancelled_on.is_(None), h.cancelled_on >= ctx.period.start),
            of_people(ctx),
        )
        .order_by(h.applied_on, h.serial_no)
    )


# -- employment --------------------------------------------------------------------------
def employment(ctx: Context) -> AnySelect:
    e = EmploymentRegistration
    return (
        select(
            *person_columns(),
            Employer.name.label("employer"),
            Employer.uscc.label("uscc"),
            e.employment_form.label("form"),
            e.flexible_type.label("flexible_type"),
            e.contract_form.label("contract_form"),
            e.contract_end.label("contract_end"),
            e.wage.label("wage"),
            e.started_on.label("started_on"),
            e.terminated_on.label("terminated_on"),
            e.termination_reason.label("termination_reason"),
        )
        .join(Person, Person.id == e.person_id)
        .outerjoin(Employer, Employer.id == e.employer_id)
        .where(
            e.deleted.is_(False),
            or_(within(e.started_on, ctx.period), within(e.terminated_on, ctx.period)),
            of_people(ctx),
        )
        .order_by(e.started_on, e.id)
    )


# -- vacancies ---------------------------------------------------------------------------
def vacancies(ctx: Context) -> AnySelect:
    v, c = Vacancy, AssistanceContact
    offered = select(func.count()).where(c.vacancy_id == v.id, within(c.contacted_on, ctx.period))
    return (
        select(
            Employer.name.label("employer"),
            v.title.label("title"),
            v.occupation_code.label("occupation"),
            v.headcount.label("headcount"),
            v.wage_min.label("wage_min"),
            v.wage_max.label("wage_max"),
            v.location_division.label("area"),
            v.valid_from.label("valid_from"),
            v.valid_until.label("valid_until"),
            v.status.label("status"),
            offered.scalar_subquery().label("recommended"),
            offered.where(c.outcome == ACCEPTED_OFFER).scalar_subquery().label("accepted"),
        )
        .outerjoin(Employer, Employer.id == v.employer_id)
        .where(
            v.deleted.is_(False),
            v.valid_from <= ctx.period.end,
            or_(v.valid_until.is_(None), v.valid_until >= ctx.period.start),
            ctx.scope.area_condition(v.location_division),
        )
        .order_by(v.valid_from, v.id)
    )


# -- mediation, complaints, archives -----------------------------------------------------
def mediation(ctx: Context) -> AnySelect:
    m = MediationCase
    return (
        select(
            m.case_no.label("case_no"),
            m.applicant_name.label("name"),
            Person.phone.label("phone"),
            m.respondent_name.label("respondent"),
            m.matter.label("matter"),
            m.applied_on.label("applied_on"),
            m.accepted_on.label("accepted_on"),
            m.agreement_on.label("agreement_on"),
            m.confirmed_on.label("confirmed_on"),
            m.arbitration_on.label("arbitration_on"),
            m.status.label("status"),
        )
        .outerjoin(Person, Person.id == m.applicant_person_id)
        .where(
            m.deleted.is_(False),
            within(m.applied_on, ctx.period),
            ctx.scope.area_condition(Person.residence_division),
        )
        .order_by(m.applied_on, m.case_no)
    )


def complaints(ctx: Context) -> AnySelect:
    c = InspectionComplaint
    return (
        select(
            c.complaint_no.label("complaint_no"),
            c.complainant_name.label("name"),
            c.complainant_phone.label("phone"),
            c.employer_name.label("employer"),
            c.facts.label("facts"),
            c.received_on.label("received_on"),
            c.accepted_on.label("accepted_on"),
            c.investigation_due.label("investigation_due"),
            c.closed_on.label("closed_on"),
            c.status.label("status"),
        )
        .outerjoin(Person, Person.id == c.complainant_person_id)
        .where(
            c.deleted.is_(False),
            within(c.received_on, ctx.period),
            ctx.scope.area_condition(Person.residence_division),
        )
        .order_by(c.received_on, c.complaint_no)
    )


def archive_requests(ctx: Context) -> AnySelect:
    a = ArchiveRequest
    return (
        select(
            *person_columns(),
            a.kind.label("kind"),
            a.requested_on.label("requested_on"),
            a.forwarded_on.label("forwarded_on"),
            a.receipt_due.label("receipt_due"),
            a.received_on.label("received_on"),
            a.file_location.label("file_location"),
            a.status.label("status"),
        )
        .join(Person, Person.id == a.person_id)
        .where(a.deleted.is_(False), within(a.requested_on, ctx.period), of_people(ctx))
        .order_by(a.requested_on, a.id)
    )


def with_receipt_overdue(row: dict[str, Any], ctx: Context) -> dict[str, Any]:
    due, received = row["receipt_due"], row["received_on"]
    late = due is not None and (received is None or received > due) and due < ctx.cutoff
    return {**row, "overdue": "已超期" if late else ""}

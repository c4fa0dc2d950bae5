"""The rules of each service item that need the person and their other records.

A recorder gets the checked values of a form, inside the transaction that also opens
the ticket, and writes the item's record: who may register as unemployed, one open
registration of a kind at a time, finding work ends an unemployment registration, an
assistance contact belongs to the person's open plan, and so on. Each refusal names the
field it concerns (``"person"`` when it is about the person rather than a field).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from hub_sync.model import (
    AssistancePlan,
    Base,
    Employer,
    EmploymentCertificate,
    EmploymentRegistration,
    HardToEmployRecognition,
    InsuranceEnrolment,
    JobSeekerRegistration,
    Person,
    Station,
    UnemploymentRegistration,
)
from station_client.reference import ServiceItem
from station_client.rules import _dates
from station_client.rules.assistance import assistance_plan_terms
from station_client.rules.codes import Sex
from station_client.rules.errors import ValidationError
from station_client.rules.matching import PriorityGroup
from station_client.rules.tickets import next_serial, ticket_number
from station_client.rules.unemployment import (
    is_long_term_unemployed,
    unemployment_registration_eligibility,
)

from .actor import Actor
from .records import create, update
from .service_checks import FormInvalid
from .service_specs import CERTIFICATE_FIRST, CERTIFICATE_LOST, ServiceSpec
from .store import Store


class SameSession:
    """Lets the service desk work inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        yield self._session


@dataclass
class Work:
    """One service being recorded, inside its transaction."""

    store: Store
    session: Session
    actor: Actor
    spec: ServiceSpec
    item: ServiceItem
    person: Person
    today: date

    def insert(self, values: dict[str, Any], model: type[Base] | None = None) -> Any:
        return create(
            self.session, self.actor, self.store.clock(), model or self.spec.model, values
        )

    def change(self, record: Any, changes: dict[str, Any]) -> None:
        update(self.session, self.actor, self.store.clock(), record, changes)

    def mark_person(self, **changes: Any) -> None:
        """Set the person's target-group flags; only real changes are written."""
        diff = {k: v for k, v in changes.items() if getattr(self.person, k) != v}
        if diff:
            self.store.persons.edit(self.session, self.actor, self.person.id, diff)

    def limit(self, code: str, default: int, item: ServiceItem | None = None) -> int:
        found = [x.value for x in (item or self.item).limits if x.code == code]
        return found[0] if found else default


def employer_id(s: Session, field: str, uscc: str | None, required: bool) -> str | None:
    """The id of the station's employer with credit code ``uscc`` (None if not known)."""
    if uscc is None:
        return None
    found = s.scalar(select(Employer.id).where(Employer.uscc == uscc, Employer.deleted.is_(False)))
    if found is None and required:
        raise ValidationError(
            field,
            "unknown_employer",
            f"本站没有统一社会信用代码为 {uscc} 的单位，请先登记该单位或联网查询",
            f"no employer with credit code {uscc} at this station",
        )
    return found


def station_code(work: Work) -> str:
    """The station's organisation code; before the hub has sent the station's record
    (demo, first run), the end of its id."""
    station = work.session.get(Station, work.actor.station_id)
    fallback = "".join(c for c in work.actor.station_id if c.isalnum())[-8:].upper()
    return station.org_code if station else fallback


def record_number(work: Work, column: str, letters: str) -> str:
    """``<letters>-<station code>-<yyyymmdd>-<nnnn>``, unique like ticket numbers."""
    prefix = f"{letters}-{station_code(work)}"
    col = getattr(work.spec.model, column)
    taken = work.session.scalars(select(col).where(col.like(f"{prefix}-{work.today:%Y%m%d}-%")))
    return ticket_number(prefix, work.today, next_serial(taken, prefix, work.today))


# ------------------------------------------------------------- the items' own rules

Recorder = Callable[[Work, dict[str, Any], dict[str, Any]], Any]


def plain(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    return work.insert(values)


def _open_unemployment(work: Work) -> UnemploymentRegistration | None:
    u = UnemploymentRegistration
    query = select(u).where(
        u.person_id == work.person.id, u.valid.is_(True), u.cancelled_on.is_(None)
    )
    return work.session.scalars(query.where(u.deleted.is_(False))).first()


def _open_employment(work: Work, *where: Any) -> bool:
    e = EmploymentRegistration
    query = exists().where(
        e.person_id == work.person.id, e.terminated_on.is_(None), e.deleted.is_(False), *where
    )
    return bool(work.session.scalar(select(query)))


def _job_seeker(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    minimum = work.limit("min_age", 16)
    if _dates.age_on(work.person.birth_date, values["registered_on"]) < minimum:
        raise ValidationError(
            "person", "under_age", f"未满{minimum}周岁，不能办理求职登记", "too young"
        )
    j = JobSeekerRegistration
    query = select(j).where(j.person_id == work.person.id, j.status == "active")
    for earlier in work.session.scalars(query.where(j.deleted.is_(False))):
        work.change(earlier, {"status": "superseded"})  # the new registration replaces it
    return work.insert(values)


# Which form field a refusal of unemployment registration belongs to.
_ELIGIBILITY_FIELDS = {
    "full_time_education": "in_full_time_education",
    "receiving_pension": "receiving_pension",
    "no_wish_to_work": "wishes_to_work",
}


def _unemployment(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    person = work.person
    verdict = unemployment_registration_eligibility(
        birth_date=person.birth_date,
        sex=Sex.FEMALE if person.sex == Sex.FEMALE else Sex.MALE,
        on=values["registered_on"],
        female_cadre=declared["female_cadre"],
        currently_employed=_open_employment(work),
        in_full_time_education=declared["in_full_time_education"],
        receiving_pension=declared["receiving_pension"],
        already_registered=_open_unemployment(work) is not None,
        wishes_to_work=declared["wishes_to_work"],
    )
    if not verdict.eligible:
        raise FormInvalid(
            [
                ValidationError(
                    _ELIGIBILITY_FIELDS.get(r.code, "person"),
                    r.code,
                    f"不能办理失业登记：{r.message_zh}",
                    f"cannot register as unemployed: {r.message_en}",
                )
                for r in verdict.reasons
            ]
        )
    record = work.insert(values)
    work.mark_person(is_unemployed=True, four_kinds="D")
    return record


def _cancellation(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    registration = _open_unemployment(work)
    if registration is None:
        raise ValidationError(
            "person", "not_registered", "该人员没有有效的失业登记", "not registered"
        )
    if values["cancelled_on"] < registration.registered_on:
        since = registration.registered_on
        raise ValidationError(
            "cancelled_on", "order", f"注销日期不能早于登记日期 {since}", "too early"
        )
    changes = {k: values[k] for k in ("cancelled_on", "cancellation_reason")}
    work.change(registration, {**changes, "valid": False})
    work.mark_person(is_unemployed=False)
    return registration


_CANCEL_REASON_BY_KIND = {"A": "01", "B": "02", "C": "03"}  # unemployment_cancel_reason


def _employment(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    e = EmploymentRegistration
    flexible = work.spec.code == "JY-005"
    if flexible and _open_employment(work, e.employment_form == "40"):
        raise ValidationError(
            "flexible_type", "duplicate", "已有尚未终止的灵活就业登记", "duplicate"
        )
    if not flexible and _open_employment(work, e.employer_id == values["employer_id"]):
        raise ValidationError(
            "employer_uscc", "duplicate", "已有该单位尚未终止的就业登记", "duplicate"
        )
    record = work.insert(values)
    form = work.store.reference().table("employment_form").entry(values["employment_form"])
    kind = str(form.attrs.get("four_kinds") or "C")
    registration = _open_unemployment(work)
    if registration is not None:  # finding work ends the unemployment registration
        day = max(values["started_on"], registration.registered_on)
        reason = _CANCEL_REASON_BY_KIND.get(kind, "99")
        changes = {"cancelled_on": day, "cancellation_reason": reason, "valid": False}
        work.change(registration, changes)
    flags: dict[str, Any] = {"is_unemployed": False, "four_kinds": kind}
    work.mark_person(**flags, **({"is_flexible_worker": True} if flexible else {}))
    return record


def _certificate(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    """就业创业证: for someone whose employment or unemployment is registered (the
    certificate is where those are recorded), one valid certificate a person. A lost one
    is re-issued and a damaged or full one exchanged: the old one is marked so."""
    c, person = EmploymentCertificate, work.person
    query = select(c).where(c.person_id == person.id, c.status == "valid", c.deleted.is_(False))
    held = work.session.scalars(query.order_by(c.issued_on.desc())).first()
    if values["certificate_type"] == CERTIFICATE_FIRST:
        if held is not None:
            raise ValidationError(
                "certificate_type",
                "duplicate",
                f"已持有有效的就业创业证（{held.certificate_no}），遗失请选遗失补发，"
                "损毁或记满请选换发",
                f"already holds valid certificate {held.certificate_no}",
            )
        if not _ever_registered(work):
            raise ValidationError(
                "person",
                "not_registered",
                "请先办理就业登记或失业登记，再核发就业创业证",
                "register the person's employment or unemployment first",
            )
        return work.insert({**values, "issuing_org": station_code(work)})
    if held is None:
        raise ValidationError(
            "certificate_type",
            "no_certificate",
            "该人员没有有效的就业创业证，请选首次申领",
            "the person holds no valid certificate to re-issue or exchange",
        )
    old_no = declared["replaces_no"]
    if old_no and old_no.upper() != held.certificate_no.upper():
        raise ValidationError(
            "replaces_no",
            "mismatch",
            f"原证编号与本站记录（{held.certificate_no}）不符",
            f"the certificate on record is {held.certificate_no}",
        )
    if values["issued_on"] < held.issued_on:
        raise ValidationError(
            "issued_on",
            "order",
            f"发证日期不能早于原证发证日期 {held.issued_on}",
            f"before the old certificate's issue date {held.issued_on}",
        )
    lost = values["certificate_type"] == CERTIFICATE_LOST
    work.change(held, {"status": "lost" if lost else "exchanged"})
    return work.insert({**values, "issuing_org": station_code(work)})


def _ever_registered(work: Work) -> bool:
    e, u, pid = EmploymentRegistration, UnemploymentRegistration, work.person.id
    employed = exists().where(e.person_id == pid, e.deleted.is_(False))
    unemployed = exists().where(u.person_id == pid, u.deleted.is_(False))
    return bool(work.session.scalar(select(employed | unemployed)))


def _hard_to_employ(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    h = HardToEmployRecognition
    pending = exists().where(
        h.person_id == work.person.id,
        h.cancelled_on.is_(None),
        h.status.not_in(("rejected", "cancelled")),
        h.deleted.is_(False),
    )
    if work.session.scalar(select(pending)):
        raise ValidationError(
            "person", "duplicate", "已有在审或有效的就业困难人员认定", "duplicate"
        )
    steps = work.item.review_steps
    return work.insert({**values, "current_step": steps[0].code if steps else None})


def _assistance(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    person, p = work.person, AssistancePlan
    groups = (
        {PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD} if person.zero_employment_household else set()
    )
    groups |= {PriorityGroup.HARD_TO_EMPLOY} if person.is_hard_to_employ else set()
    registration = _open_unemployment(work)
    registered = work.store.reference().catalogue.item("JY-002")
    months = work.limit("long_term_after", 6, registered)
    if registration and is_long_term_unemployed(
        registration.registered_on, work.today, months=months
    ):
        groups.add(PriorityGroup.LONG_TERM_UNEMPLOYED)
    terms = assistance_plan_terms(
        groups,
        work.today,
        zero_household_months=work.limit("place_zero_household", 1),
        hard_to_employ_months=work.limit("place_hard_to_employ", 3),
    )
    query = select(p).where(p.person_id == person.id, p.status == "open", p.deleted.is_(False))
    plan = work.session.scalars(query.order_by(p.opened_on.desc(), p.id.desc())).first()
    if plan is None:
        plan_values = {
            "person_id": person.id,
            "owner_staff_id": work.actor.staff_id,
            "opened_on": work.today,
            "target_on": terms.target_on,
            "zero_employment_household": person.zero_employment_household,
        }
        plan = work.insert(plan_values, AssistancePlan)
    if values["outcome"] == "refused":
        work.change(plan, {"refusals": plan.refusals + 1})
    values = {**values, "plan_id": plan.id}
    values["assistance_type"] = values["assistance_type"] or terms.assistance_type
    return work.insert(values)


def _guidance(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    return work.insert({**values, "counsellor_staff_id": work.actor.staff_id})


def _insurance(work: Work, values: dict[str, Any], declared: dict[str, Any]) -> Any:
    i = InsuranceEnrolment
    active = exists().where(
        i.person_id == work.person.id,
        i.insurance_type == values["insurance_type"],
        i.stopped_on.is_(None),
        i.status != "stopped",
        i.deleted.is_(False),
    )
    if work.session.scalar(select(active)):
        raise ValidationError("insurance_type", "duplicate", "已有该险种的参保登记", "duplicate")
    return work.insert(values)


RECORDERS: dict[str, Recorder] = {
    "JY-001": _job_seeker,
    "JY-002": _unemployment,
    "JY-003": _cancellation,
    "JY-004": _employment,
    "JY-005": _employment,
    "JY-006": _certificate,
    "JY-007": _hard_to_employ,
    "JY-008": _assistance,
    "JY-011": _guidance,
    "SB-001": _insurance,
}

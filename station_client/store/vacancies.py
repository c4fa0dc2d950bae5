"""Vacancies (岗位) an employer offers: registering, editing and closing them.

Every value is checked first (:mod:`.vacancy_checks`: a bad one raises
:class:`ValidationError` naming the field); the write is then one flush in the caller's
transaction, so nothing is ever half saved. The outbox triggers capture every write like
any other. Lists and forms get plain rows (:class:`VacancyRow`, :class:`EmployerCard`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from hub_sync.model import AssistanceContact, Employer, Vacancy
from station_client.reference import ReferenceBundle
from station_client.rules.errors import ValidationError

from .actor import Actor
from .matching import JOB_OFFER_METHOD, STATION_TIME
from .records import create, update
from .vacancy_checks import EDITABLE, known_division, validate_vacancy

__all__ = ["EmployerCard", "VacancyRegistry", "VacancyRow", "known_division", "validate_vacancy"]


@dataclass(frozen=True)
class VacancyRow:
    """A vacancy as lists and forms show it (plain values, safe to pass between threads)."""

    id: str
    employer_id: str
    title: str
    occupation_code: str | None
    occupation_name: str
    headcount: int
    wage_min: int | None
    wage_max: int | None
    requirements: str | None
    skills: str | None
    location_division: str | None
    location_name: str
    valid_from: date
    valid_until: date | None
    state: str  # "open", "not_started", "expired", "full" or "closed"


@dataclass(frozen=True)
class EmployerCard:
    id: str
    name: str
    uscc: str
    division_code: str | None
    division_name: str
    contact_name: str | None
    contact_phone: str | None


def _state(v: Vacancy, today: date) -> str:
    if v.status != "open":
        return "closed"
    if v.headcount <= 0:
        return "full"
    if v.valid_from > today:
        return "not_started"
    if v.valid_until is not None and v.valid_until < today:
        return "expired"
    return "open"


def division_name(reference: ReferenceBundle, code: str | None) -> str:
    """The division's name from the town down (``东山街道东山社区``), or ``""``."""
    if not code or code not in reference.divisions:
        return ""
    path = reference.divisions.path(code)
    return "".join(n.name for n in path if n.level in ("town", "village")) or path[-1].name


def _employer(session: Session, employer_id: str) -> Employer:
    employer = session.get(Employer, employer_id)
    if employer is None or employer.deleted:
        raise ValidationError(
            "employer_id", "unknown", "未找到该用人单位", f"no employer with id {employer_id}"
        )
    return employer


class VacancyRegistry:
    """Vacancies of employers. Methods work in a ``store.transaction()`` session."""

    def __init__(self, reference: Callable[[], ReferenceBundle], clock: Callable[[], datetime]):
        self._reference = reference
        self._clock = clock

    def today(self) -> date:
        return self._clock().astimezone(STATION_TIME).date()

    # -- writing -----------------------------------------------------------------
    def register(
        self, session: Session, actor: Actor, employer_id: str, values: Mapping[str, Any]
    ) -> Vacancy:
        _employer(session, employer_id)
        clean = validate_vacancy(values, self._reference(), today=self.today())
        clean.update(employer_id=employer_id, status="open")
        return create(session, actor, self._clock(), Vacancy, clean)

    def edit(
        self, session: Session, actor: Actor, vacancy_id: str, changes: Mapping[str, Any]
    ) -> Vacancy:
        vacancy = self._open_vacancy(session, vacancy_id)
        current = {name: getattr(vacancy, name) for name in EDITABLE}
        clean = validate_vacancy(changes, self._reference(), today=self.today(), current=current)
        return update(session, actor, self._clock(), vacancy, clean)

    def close(self, session: Session, actor: Actor, vacancy_id: str) -> Vacancy:
        """Stop recruiting: the vacancy stays on record, closed, and is no longer matched."""
        vacancy = self._open_vacancy(session, vacancy_id)
        return update(session, actor, self._clock(), vacancy, {"status": "closed"})

    def _open_vacancy(self, session: Session, vacancy_id: str) -> Vacancy:
        vacancy = session.get(Vacancy, vacancy_id)
        if vacancy is None or vacancy.deleted:
            raise ValidationError(
                "vacancy_id", "unknown", "未找到该岗位", f"no vacancy with id {vacancy_id}"
            )
        if vacancy.status != "open":
            raise ValidationError(
                "vacancy_id",
                "closed",
                f"岗位“{vacancy.title}”已关闭，不能再修改",
                f"vacancy {vacancy.title!r} is closed",
            )
        return vacancy

    # -- reading -----------------------------------------------------------------
    def row(self, session: Session, vacancy: Vacancy) -> VacancyRow:
        reference, today = self._reference(), self.today()
        occupations = reference.table("occupation")
        occupation = occupations.get(vacancy.occupation_code or "")
        return VacancyRow(
            id=vacancy.id,
            employer_id=vacancy.employer_id,
            title=vacancy.title,
            occupation_code=vacancy.occupation_code,
            occupation_name=occupation.zh if occupation else "",
            headcount=vacancy.headcount,
            wage_min=vacancy.wage_min,
            wage_max=vacancy.wage_max,
            requirements=vacancy.requirements,
            skills=vacancy.skills,
            location_division=vacancy.location_division,
            location_name=division_name(reference, vacancy.location_division),
            valid_from=vacancy.valid_from,
            valid_until=vacancy.valid_until,
            state=_state(vacancy, today),
        )

    def for_employer(self, session: Session, employer_id: str) -> list[VacancyRow]:
        """The employer's vacancies: open ones first, then the newest first."""
        v = Vacancy
        query = (
            select(v)
            .where(v.employer_id == employer_id, v.deleted.is_(False))
            .order_by(case((v.status == "open", 0), else_=1), v.valid_from.desc(), v.id)
        )
        return [self.row(session, vacancy) for vacancy in session.scalars(query)]

    def employer_card(self, session: Session, employer_id: str) -> EmployerCard:
        employer = _employer(session, employer_id)
        return EmployerCard(
            id=employer.id,
            name=employer.name,
            uscc=employer.uscc,
            division_code=employer.division_code,
            division_name=division_name(self._reference(), employer.division_code),
            contact_name=employer.contact_name,
            contact_phone=employer.contact_phone,
        )

    def offered_to(self, session: Session, vacancy_id: str) -> set[str]:
        """The people this vacancy has been offered to (岗位推荐 contacts)."""
        c = AssistanceContact
        query = select(c.person_id).where(c.vacancy_id == vacancy_id, c.method == JOB_OFFER_METHOD)
        return set(session.scalars(query))

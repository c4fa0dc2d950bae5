"""Job matching against the store: SQL narrows the candidates, the rules rank them.

Nothing here loads a station's hundreds of thousands of people. A query keeps what is
open / active on the day and related to the other side (same occupation major group or
county), orders by the part of the score SQL can compute with the rules' own points
(occupation, area and, for people, the priority bonus) and stops at ``candidate_cap``
rows; the rules then score those exactly, adding skills and wage. So a candidate is lost
to the cap only if ``candidate_cap`` others beat it on occupation, area and priority.

A recommendation (岗位推荐) is an insert-only AssistanceContact on the person's open
assistance plan (opened if there is none), stamped with the actor like every write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from hub_sync.model import AssistanceContact, AssistancePlan, Employer, Person, Vacancy
from hub_sync.model import JobSeekerRegistration as _J
from hub_sync.model import UnemploymentRegistration as _U
from station_client.rules import matching as rules
from station_client.rules.assistance import assistance_plan_terms
from station_client.rules.errors import ValidationError
from station_client.rules.match_notes import ALREADY_OFFERED, MatchNote
from station_client.rules.matching import AreaFit, Match, PriorityGroup, SeekerFacts, VacancyFacts
from station_client.rules.unemployment import is_long_term_unemployed

from . import audit
from .actor import Actor
from .records import create

#: ``assistance_method`` code of a job offer (岗位推荐).
JOB_OFFER_METHOD = "02"
DEFAULT_CANDIDATE_CAP = 300
CONTENT_MAX_CHARS = 500
# Station dates are Beijing dates: a clerk at 07:30 works on today, not on UTC's yesterday.
STATION_TIME = timezone(timedelta(hours=8), "CST")

_SEEKER_DIVISION = func.coalesce(_J.intended_division, Person.residence_division)
_VACANCY_DIVISION = func.coalesce(Vacancy.location_division, Employer.division_code)
_AREA_LEVELS = ((12, AreaFit.SAME_VILLAGE), (9, AreaFit.SAME_TOWN), (6, AreaFit.SAME_DISTRICT))
_PERSON_FLAGS = {
    PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD: Person.zero_employment_household,
    PriorityGroup.HARD_TO_EMPLOY: Person.is_hard_to_employ,
    PriorityGroup.GRADUATE: Person.is_graduate,
    PriorityGroup.VETERAN: Person.is_veteran,
    PriorityGroup.LAND_LOST_FARMER: Person.is_land_lost_farmer,
}


def long_term_unemployed_cutoff(on: date, months: int = 6) -> date:
    """The latest registration date that makes a person long-term unemployed on ``on``:
    ``registered_on <= cutoff`` exactly when ``is_long_term_unemployed`` holds."""
    # Step down (a few hundred cheap steps): month-end clamping defeats a closed formula.
    day = on
    while not is_long_term_unemployed(day, on, months=months):
        day -= timedelta(days=1)
    return day


def _starts(column: Any, prefix: str) -> ColumnElement[bool]:
    # substr, not LIKE: exact and case-sensitive, and a '_' in a code is no wildcard.
    return func.substr(column, 1, len(prefix)) == prefix


def _in_group(column: Any, group: str) -> ColumnElement[bool]:
    return or_(column == group, _starts(column, group + "-"))


def _occupation_sql(column: Any, code: str | None, weights: rules.MatchWeights) -> Any:
    """The occupation points of ``column`` against ``code``, counted as the rules do."""
    seg = code.strip().upper().split("-") if code and code.strip() else []
    if not seg:
        return literal(0)
    pts = weights.points
    whens = [(column == "-".join(seg), pts.get(rules.OccupationFit.EXACT, 0))]
    if len(seg) >= 2:
        whens.append(
            (_in_group(column, "-".join(seg[:2])), pts.get(rules.OccupationFit.MEDIUM_GROUP, 0))
        )
    whens.append((_in_group(column, seg[0]), pts.get(rules.OccupationFit.MAJOR_GROUP, 0)))
    return case(*whens, else_=0)


def _area_sql(column: Any, division: str | None, weights: rules.MatchWeights) -> Any:
    code = rules.normalise_division(division)
    if code is None or len(code) < 6:
        return literal(0)
    levels = [(n, fit) for n, fit in _AREA_LEVELS if len(code) >= n]
    return case(
        *[(_starts(column, code[:n]), weights.points.get(f, 0)) for n, f in levels], else_=0
    )


def _related(fit: Any, other: SeekerFacts | VacancyFacts) -> Any:
    """The pre-filter: candidates that earn occupation or area points (same major group
    or county) — unless the other side states neither, when all of them count."""
    return fit > 0 if other.occupation_code or other.division else literal(True)


def _long_term_sql(person_id: Any, cutoff: date) -> Any:
    """An open unemployment registration made on or before ``cutoff``."""
    u = _U
    open_registration = (u.deleted.is_(False), u.valid.is_(True), u.cancelled_on.is_(None))
    return exists().where(u.person_id == person_id, u.registered_on <= cutoff, *open_registration)


class JobMatching:
    """Vacancies for a person, people for a vacancy, recording a recommendation. One per
    store, ``JobMatching(store.clock)``; methods work in a ``store.transaction()`` session."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        weights: rules.MatchWeights = rules.DEFAULT_WEIGHTS,
        candidate_cap: int = DEFAULT_CANDIDATE_CAP,
        long_term_months: int = 6,
    ) -> None:
        if candidate_cap < 1:
            raise ValueError("candidate_cap must be at least 1")
        self._clock = clock
        self.weights = weights
        self.candidate_cap = candidate_cap
        self.long_term_months = long_term_months

    def today(self) -> date:
        return self._clock().astimezone(STATION_TIME).date()

    def _long_term(self, on: date) -> Any:
        return _long_term_sql(Person.id, long_term_unemployed_cutoff(on, self.long_term_months))

    # -- reading -----------------------------------------------------------------
    def _seekers(self, on: date) -> Any:
        """Active job-seeker registrations on ``on`` with what ranking needs of the person."""
        flags = [col.label(group.name) for group, col in _PERSON_FLAGS.items()]
        division, long_term = _SEEKER_DIVISION.label("division"), self._long_term(on)
        return (
            select(_J, Person.name, division, long_term.label("long_term"), *flags)
            .join(Person, Person.id == _J.person_id)
            .where(_J.deleted.is_(False), Person.deleted.is_(False), _J.status == "active")
            .where(_J.registered_on <= on, or_(_J.valid_until.is_(None), _J.valid_until >= on))
        )

    @staticmethod
    def _seeker_facts(row: Any) -> SeekerFacts:
        reg: _J = row[0]
        groups = {g for g in _PERSON_FLAGS if getattr(row, g.name)}
        if row.long_term:
            groups.add(PriorityGroup.LONG_TERM_UNEMPLOYED)
        return SeekerFacts(
            registration_id=reg.id,
            person_id=reg.person_id,
            name=row.name,
            occupation_code=reg.intended_occupation,
            skills=rules.parse_skills(reg.skills),
            division=row.division,
            expected_wage=reg.expected_wage,
            registered_on=reg.registered_on,
            valid_until=reg.valid_until,
            status=reg.status,
            groups=frozenset(groups),
        )

    @staticmethod
    def _vacancies() -> Any:
        columns = (Vacancy, Employer.name, _VACANCY_DIVISION.label("division"))
        return select(*columns).outerjoin(Employer, Employer.id == Vacancy.employer_id)

    @staticmethod
    def _vacancy_facts(row: Any) -> VacancyFacts:
        v: Vacancy = row[0]
        return VacancyFacts(
            id=v.id,
            title=v.title,
            occupation_code=v.occupation_code,
            skills=rules.parse_skills(v.skills),
            division=row.division,
            wage_min=v.wage_min,
            wage_max=v.wage_max,
            headcount=v.headcount,
            valid_from=v.valid_from,
            valid_until=v.valid_until,
            status=v.status,
            employer_name=row.name,
        )

    def seeker_profile(
        self, session: Session, person_id: str, *, on: date | None = None
    ) -> SeekerFacts | None:
        """The person's current job-seeker registration (the latest active one), or None."""
        query = self._seekers(on or self.today()).where(_J.person_id == person_id)
        row = session.execute(query.order_by(_J.registered_on.desc(), _J.id.desc())).first()
        return None if row is None else self._seeker_facts(row)

    def vacancy(self, session: Session, vacancy_id: str) -> VacancyFacts:
        row = session.execute(self._vacancies().where(Vacancy.id == vacancy_id)).first()
        if row is None or row[0].deleted:
            raise ValidationError(
                "vacancy_id", "unknown", "未找到该岗位", f"no vacancy with id {vacancy_id}"
            )
        return self._vacancy_facts(row)

    def vacancies_for_person(
        self, session: Session, person_id: str, *, on: date | None = None, limit: int = 20
    ) -> list[Match[VacancyFacts]]:
        """Open vacancies for the person's job-seeker registration, best first; one already
        offered to the person carries the caution "已推荐过此岗位"."""
        day = on or self.today()
        seeker = self.seeker_profile(session, person_id, on=day)
        if seeker is None:
            raise ValidationError(
                "person_id",
                "no_job_seeker_registration",
                "该人员没有有效的求职登记，请先办理求职登记",
                "the person has no active job-seeker registration; register them first",
            )
        coarse = _occupation_sql(Vacancy.occupation_code, seeker.occupation_code, self.weights)
        coarse += _area_sql(_VACANCY_DIVISION, seeker.division, self.weights)
        v = Vacancy
        query = (
            self._vacancies()
            .where(v.deleted.is_(False), v.status == "open", v.headcount > 0, v.valid_from <= day)
            .where(or_(v.valid_until.is_(None), v.valid_until >= day), _related(coarse, seeker))
            .order_by(coarse.desc(), v.valid_until.is_(None), v.valid_until, v.id)
        )
        rows = session.execute(query.limit(self.candidate_cap))
        facts = [self._vacancy_facts(r) for r in rows]
        ranked = rules.rank_vacancies(seeker, facts, day, weights=self.weights, limit=limit)
        offered = {c.vacancy_id for c in self.recommendations_for(session, person_id)}
        return [_note_offered(m) if m.candidate.id in offered else m for m in ranked]

    def seekers_for_vacancy(
        self,
        session: Session,
        actor: Actor,
        vacancy_id: str,
        *,
        on: date | None = None,
        limit: int = 20,
    ) -> list[Match[SeekerFacts]]:
        """Active job seekers for an open vacancy, best first (target groups first among
        equals). Each person listed is written to the audit log: the clerk sees their name."""
        day = on or self.today()
        vacancy = self.vacancy(session, vacancy_id)
        if not rules.vacancy_open_on(vacancy, day):
            raise _closed(vacancy)
        bonus = self.weights.priority_bonus
        whens = [(col.is_(True), bonus.get(g, 0)) for g, col in _PERSON_FLAGS.items()]
        whens.append((self._long_term(day), bonus.get(PriorityGroup.LONG_TERM_UNEMPLOYED, 0)))
        whens.sort(key=lambda w: -w[1])  # the largest bonus that applies, as the rules count
        fit = _occupation_sql(_J.intended_occupation, vacancy.occupation_code, self.weights)
        fit += _area_sql(_SEEKER_DIVISION, vacancy.division, self.weights)
        coarse = fit + case(*whens, else_=0)
        query = (
            self._seekers(day)
            .where(_related(fit, vacancy))
            .order_by(coarse.desc(), _J.registered_on, _J.id)
        )
        facts = [self._seeker_facts(r) for r in session.execute(query.limit(self.candidate_cap))]
        ranked = rules.rank_seekers(vacancy, facts, day, weights=self.weights, limit=limit)
        for m in ranked:
            audit.append(
                session,
                station_id=actor.station_id,
                staff_id=actor.staff_id,
                action="list_person",
                subject_table="persons",
                subject_id=m.candidate.person_id,
                at=self._clock(),
                detail=f"job_match vacancy={vacancy_id}",
            )
        return ranked

    def recommendations_for(self, session: Session, person_id: str) -> list[AssistanceContact]:
        """Every job offer made to the person, oldest first (policy asks for at least 3)."""
        c = AssistanceContact
        query = select(c).where(c.person_id == person_id, c.method == JOB_OFFER_METHOD)
        return list(session.scalars(query.order_by(c.contacted_on, c.id)))

    def open_plan(self, session: Session, person_id: str) -> AssistancePlan | None:
        """The person's open assistance plan (the latest, should there be two)."""
        p = AssistancePlan
        query = select(p).where(p.person_id == person_id, p.status == "open", p.deleted.is_(False))
        return session.scalars(query.order_by(p.opened_on.desc(), p.id.desc()).limit(1)).first()

    # -- writing -----------------------------------------------------------------
    def recommend(
        self,
        session: Session,
        actor: Actor,
        *,
        person_id: str,
        vacancy_id: str,
        content: str | None = None,
    ) -> AssistanceContact:
        """Record that the clerk offered ``vacancy_id`` to ``person_id`` today (岗位推荐).
        Refused (ValidationError, nothing saved) for an unknown person or vacancy, a closed,
        expired or full vacancy, a repeat offer in the same plan or over-long content.
        Without ``content`` the record says which job it was and why it matched."""
        day = self.today()
        person = session.get(Person, person_id)
        if person is None or person.deleted:
            raise ValidationError(
                "person_id", "unknown", "未找到该人员", f"no person with id {person_id}"
            )
        vacancy = self.vacancy(session, vacancy_id)
        if not rules.vacancy_open_on(vacancy, day):
            raise _closed(vacancy)
        text = (content or "").strip() or self._describe(session, person_id, vacancy, day)
        if len(text) > CONTENT_MAX_CHARS:
            raise ValidationError(
                "content",
                "length",
                f"推荐说明超过{CONTENT_MAX_CHARS}个字",
                f"content is longer than {CONTENT_MAX_CHARS} characters",
            )
        groups = {g for g, col in _PERSON_FLAGS.items() if getattr(person, col.key)}
        cutoff = long_term_unemployed_cutoff(day, self.long_term_months)
        if session.scalar(select(_long_term_sql(person.id, cutoff))):
            groups.add(PriorityGroup.LONG_TERM_UNEMPLOYED)
        terms = assistance_plan_terms(groups, day)
        plan = self.open_plan(session, person_id)
        if plan is None:
            plan = create(
                session,
                actor,
                self._clock(),
                AssistancePlan,
                {
                    "person_id": person_id,
                    "owner_staff_id": actor.staff_id,
                    "opened_on": day,
                    "target_on": terms.target_on,
                    "zero_employment_household": person.zero_employment_household,
                },
            )
        else:
            _refuse_repeat(session, plan, vacancy)
        return create(
            session,
            actor,
            self._clock(),
            AssistanceContact,
            {
                "plan_id": plan.id,
                "person_id": person_id,
                "contacted_on": day,
                "method": JOB_OFFER_METHOD,
                "assistance_type": terms.assistance_type,
                "vacancy_id": vacancy.id,
                "content": text,
            },
        )

    def _describe(self, session: Session, person_id: str, vacancy: VacancyFacts, on: date) -> str:
        employer = f"（{vacancy.employer_name}）" if vacancy.employer_name else ""
        text = f"推荐岗位：{vacancy.title}{employer}"
        seeker = self.seeker_profile(session, person_id, on=on)
        if seeker is not None:
            score = rules.score_match(seeker, vacancy, with_priority=False, weights=self.weights)
            text += "；" + "、".join(score.reasons) if score.reasons else ""
        return text[:CONTENT_MAX_CHARS]


def _note_offered(match: Match[VacancyFacts]) -> Match[VacancyFacts]:
    cautions = (*match.score.caution_notes, MatchNote(ALREADY_OFFERED))
    return replace(match, score=replace(match.score, caution_notes=cautions))


def _closed(vacancy: VacancyFacts) -> ValidationError:
    return ValidationError(
        "vacancy_id",
        "closed",
        f"岗位“{vacancy.title}”已关闭、已过有效期或已招满，不能推荐",
        f"vacancy {vacancy.title!r} is closed, expired or full",
    )


def _refuse_repeat(session: Session, plan: AssistancePlan, vacancy: VacancyFacts) -> None:
    c = AssistanceContact
    earlier = session.scalar(
        select(func.min(c.contacted_on)).where(
            c.plan_id == plan.id, c.vacancy_id == vacancy.id, c.method == JOB_OFFER_METHOD
        )
    )
    if earlier is not None:
        raise ValidationError(
            "vacancy_id",
            "duplicate",
            f"已于 {earlier} 向该人员推荐过岗位“{vacancy.title}”",
            f"vacancy {vacancy.title!r} was already offered to this person on {earlier}",
        )

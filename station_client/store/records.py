"""Writing synced records: stamp who changed them; the triggers do the rest."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub_sync.model import AuditEntry, Base, Employer, Person
from station_client.reference import ReferenceBundle
from station_client.rules.errors import ValidationError

from . import audit
from .actor import Actor
from .errors import StoreError
from .validate import validate_employer, validate_person

M = TypeVar("M", bound=Base)


def _stamp(obj: Any, actor: Actor, now: datetime) -> None:
    obj.changed_station = actor.station_id
    obj.changed_staff = actor.staff_id
    obj.changed_at = now


def create(
    session: Session, actor: Actor, now: datetime, model: type[M], values: Mapping[str, Any]
) -> M:
    obj = model(**values)
    _stamp(obj, actor, now)
    session.add(obj)
    session.flush()
    return obj


def update(session: Session, actor: Actor, now: datetime, obj: M, changes: Mapping[str, Any]) -> M:
    for name, value in changes.items():
        setattr(obj, name, value)
    _stamp(obj, actor, now)
    session.flush()
    return obj


class PersonRegistry:
    """The real-name register of persons, with validation and audited views."""

    def __init__(self, reference: Callable[[], ReferenceBundle], clock: Callable[[], datetime]):
        self._reference = reference
        self._clock = clock

    def _today(self) -> date:
        return self._clock().date()

    def by_citizen_id(self, session: Session, citizen_id: str) -> Person | None:
        return session.scalar(select(Person).where(Person.citizen_id == citizen_id))

    def register(self, session: Session, actor: Actor, values: Mapping[str, Any]) -> Person:
        clean = validate_person(values, self._reference(), today=self._today(), creating=True)
        existing = self.by_citizen_id(session, clean["citizen_id"])
        if existing is not None:
            raise ValidationError(
                "citizen_id",
                "duplicate",
                f"公民身份号码 {clean['citizen_id']} 已登记（{existing.name}）",
                f"citizen ID number {clean['citizen_id']} is already registered",
            )
        try:
            return create(session, actor, self._clock(), Person, clean)
        except IntegrityError as e:
            raise StoreError("could not save the person", "无法保存人员信息") from e

    def edit(
        self, session: Session, actor: Actor, person_id: str, changes: Mapping[str, Any]
    ) -> Person:
        person = session.get(Person, person_id)
        if person is None or person.deleted:
            raise StoreError(f"no person with id {person_id}", "未找到该人员")
        clean = validate_person(changes, self._reference(), today=self._today(), creating=False)
        return update(session, actor, self._clock(), person, clean)

    def remove(self, session: Session, actor: Actor, person_id: str) -> None:
        """Tombstone: the record stays so the removal can sync and be audited."""
        person = session.get(Person, person_id)
        if person is None:
            raise StoreError(f"no person with id {person_id}", "未找到该人员")
        update(session, actor, self._clock(), person, {"deleted": True})

    def view(
        self, session: Session, actor: Actor, person_id: str, *, purpose: str = "counter"
    ) -> Person:
        """Open a person's record; the view is written to the audit log in the same transaction."""
        person = session.get(Person, person_id)
        if person is None:
            raise StoreError(f"no person with id {person_id}", "未找到该人员")
        audit.append(
            session,
            station_id=actor.station_id,
            staff_id=actor.staff_id,
            action="view_person",
            subject_table="persons",
            subject_id=person_id,
            at=self._clock(),
            detail=purpose,
        )
        return person

    def views_of(self, session: Session, person_id: str) -> list[AuditEntry]:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.subject_table == "persons", AuditEntry.subject_id == person_id)
                .order_by(AuditEntry.at)
            )
        )


class EmployerRegistry:
    def __init__(self, reference: Callable[[], ReferenceBundle], clock: Callable[[], datetime]):
        self._reference = reference
        self._clock = clock

    def register(self, session: Session, actor: Actor, values: Mapping[str, Any]) -> Employer:
        clean = validate_employer(
            values, self._reference(), today=self._clock().date(), creating=True
        )
        if session.scalar(select(Employer.id).where(Employer.uscc == clean["uscc"])):
            raise ValidationError(
                "uscc",
                "duplicate",
                f"统一社会信用代码 {clean['uscc']} 已登记",
                f"credit code {clean['uscc']} is already registered",
            )
        return create(session, actor, self._clock(), Employer, clean)

    def edit(
        self, session: Session, actor: Actor, employer_id: str, changes: Mapping[str, Any]
    ) -> Employer:
        employer = session.get(Employer, employer_id)
        if employer is None or employer.deleted:
            raise StoreError(f"no employer with id {employer_id}", "未找到该单位")
        clean = validate_employer(
            changes, self._reference(), today=self._clock().date(), creating=False
        )
        return update(session, actor, self._clock(), employer, clean)

"""A person's file as the counter shows it: who they are and everything done for them.

:func:`open_person_file` reads the person and every record about them in one audited
transaction and returns plain values (masked by the viewer's role), so the UI only lays
them out and no ORM object crosses a thread. Column labels, fixed choices and yes/no are
Chinese; a screen in another language passes a :class:`Wording` (code-table names in its
language from the reference bundle, and its translator for the Chinese words — the store
does not import Qt).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub_sync.model import (
    ArchiveRequest,
    AssistanceContact,
    AssistancePlan,
    EmploymentCertificate,
    EmploymentRegistration,
    GuidanceSession,
    HardToEmployRecognition,
    InspectionComplaint,
    InsuranceEnrolment,
    JobSeekerRegistration,
    MediationCase,
    Person,
    ServiceEvaluation,
    ServiceTicket,
    TrainingReferral,
    UnemploymentRegistration,
)
from station_client.reference import ReferenceBundle
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present

from .actor import Actor
from .service_specs import SPECS, Kind
from .store import Store

#: Target-group flags of a person, with the words the counter shows.
FLAGS = {
    "is_unemployed": "失业人员",
    "is_hard_to_employ": "就业困难人员",
    "zero_employment_household": "零就业家庭",
    "is_graduate": "高校毕业生",
    "is_veteran": "退役军人",
    "is_migrant_worker": "农民工",
    "is_land_lost_farmer": "失地农民",
    "is_flexible_worker": "灵活就业人员",
    "is_skilled_talent": "技能人才",
}

#: The records a file lists, in the order the counter shows them, and their titles.
SECTIONS: tuple[tuple[str, type[Any], str], ...] = (
    ("job_seeker", JobSeekerRegistration, "求职登记"),
    ("unemployment", UnemploymentRegistration, "失业登记"),
    ("employment", EmploymentRegistration, "就业登记"),
    ("certificates", EmploymentCertificate, "就业创业证"),
    ("hard_to_employ", HardToEmployRecognition, "就业困难人员认定"),
    ("plans", AssistancePlan, "援助计划"),
    ("contacts", AssistanceContact, "援助联系记录"),
    ("guidance", GuidanceSession, "职业指导"),
    ("training", TrainingReferral, "培训推荐"),
    ("insurance", InsuranceEnrolment, "社会保险参保"),
    ("mediation", MediationCase, "劳动争议调解"),
    ("complaints", InspectionComplaint, "劳动保障监察投诉"),
    ("archives", ArchiveRequest, "档案业务"),
    ("tickets", ServiceTicket, "办件"),
    ("evaluations", ServiceEvaluation, "好差评"),
)

# Columns that are bookkeeping, not something a clerk reads in a list.
_HIDDEN = {
    "id",
    "version",
    "changed_station",
    "changed_staff",
    "changed_at",
    "deleted",
    "person_id",
}


@dataclass(frozen=True)
class FileRecord:
    id: str
    summary: dict[str, str]  # column → text, in column order
    conflict: bool


@dataclass(frozen=True)
class PersonFile:
    person_id: str
    name: str
    citizen_id: str
    phone: str
    address: str
    sex: str
    birth_date: date
    residence_division: str | None
    flags: tuple[str, ...]
    conflict: bool  # a supervisor has a conflict on this person to decide
    sections: dict[str, tuple[FileRecord, ...]] = field(default_factory=dict)

    def count(self, section: str) -> int:
        return len(self.sections.get(section, ()))


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Wording:
    """The language of a file: code-table names in ``lang`` ("zh" or "en"); labels, fixed
    choices and yes/no are Chinese words passed through ``word`` (a screen's translator)."""

    lang: str = "zh"
    word: Callable[[str], str] = _same


CHINESE = Wording()


def _text(value: Any, wording: Wording = CHINESE) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return wording.word("是" if value else "否")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


#: Words for columns no form names (bookkeeping every record has, common dates).
_COMMON_LABELS = {
    "status": "状态",
    "station_id": "办理站点",
    "registration_no": "登记编号",
    "ticket_no": "办件编号",
    "catalogue_code": "事项",
    "accepted_on": "受理日期",
    "due_on": "办结时限",
    "completed_on": "办结日期",
    "owner_staff_id": "承办人",
    "conflict": "有冲突",
    "valid": "有效",
    "certificate_no": "证书编号",
    "issuing_org": "发证机构",
    "last_annual_check_on": "最近年审日期",
}


@lru_cache(maxsize=64)
def labels_of(model_name: str) -> dict[str, str]:
    """Column → the Chinese label the service forms give it (by the model's name)."""
    labels = dict(_COMMON_LABELS)
    for spec in SPECS.values():
        if spec.model.__name__ == model_name:
            labels.update({f.name: f.zh for f in spec.fields if f.stored})
    return labels


# (Model name, wording) → (the bundle they came from, its names): built once per
# installed bundle rather than on every card tap; a newly installed bundle replaces them.
_NAMES: dict[tuple[str, Wording], tuple[ReferenceBundle, dict[str, dict[str, str]]]] = {}


def _value_names(
    model: type[Any], bundle: ReferenceBundle, wording: Wording
) -> dict[str, dict[str, str]]:
    """Column → {code: name} for the columns the forms pick from a code table."""
    key = (model.__name__, wording)
    cached = _NAMES.get(key)
    if cached is not None and cached[0] is bundle:
        return cached[1]
    names = _build_value_names(model, bundle, wording)
    _NAMES[key] = (bundle, names)
    return names


def _build_value_names(
    model: type[Any], bundle: ReferenceBundle, wording: Wording
) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {}
    for spec in SPECS.values():
        if spec.model is not model:
            continue
        for f in spec.fields:
            if f.stored and f.kind in (Kind.CODE, Kind.CHOICE) and f.name not in names:
                try:
                    options = f.options(bundle, wording.lang)
                except (KeyError, ValueError):  # a table this bundle lacks: codes stay codes
                    continue
                if f.kind is Kind.CHOICE:  # the specs' own Chinese words
                    options = tuple((code, wording.word(name)) for code, name in options)
                names[f.name] = dict(options)
    return names


def _records(
    session: Session,
    model: type[Any],
    person_id: str,
    bundle: ReferenceBundle | None,
    wording: Wording,
) -> tuple[FileRecord, ...]:
    table = model.__table__
    column = "person_id"
    for candidate in ("person_id", "applicant_person_id", "complainant_person_id"):
        if candidate in table.c:
            column = candidate
            break
    else:
        return ()
    query = select(model).where(getattr(model, column) == person_id)
    if "deleted" in table.c:
        query = query.where(model.deleted.is_(False))
    labels = {c: wording.word(label) for c, label in labels_of(model.__name__).items()}
    names = _value_names(model, bundle, wording) if bundle is not None else {}
    out = []
    for row in session.scalars(query):
        summary = {}
        for c in table.columns:
            if c.name in _HIDDEN or c.name == column:
                continue
            value = getattr(row, c.key)
            text = names.get(c.name, {}).get(str(value), "") if value is not None else ""
            summary[labels.get(c.name, c.name)] = text or _text(value, wording)
        out.append(FileRecord(row.id, summary, bool(getattr(row, "conflict", False))))
    return tuple(out)


def _bundle(store: Store) -> ReferenceBundle | None:
    try:
        return store.reference()
    except Exception:  # no installed reference data: the file still opens, with codes
        return None


def open_person_file(
    store: Store,
    actor: Actor,
    role: Role,
    person_id: str,
    *,
    purpose: str = "counter",
    wording: Wording = CHINESE,
) -> PersonFile:
    """The person's file; the view is audited in the same transaction."""
    with store.transaction() as session:
        person: Person = store.persons.view(session, actor, person_id, purpose=purpose)
        bundle = _bundle(store)
        sections = {
            key: _records(session, model, person_id, bundle, wording) for key, model, _t in SECTIONS
        }
        return PersonFile(
            person_id=person.id,
            name=present(Field.NAME, person.name, role),
            citizen_id=present(Field.CITIZEN_ID, person.citizen_id, role),
            phone=present(Field.PHONE, person.phone, role) if person.phone else "",
            address=present(Field.ADDRESS, person.address, role) if person.address else "",
            sex=person.sex,
            birth_date=person.birth_date,
            residence_division=person.residence_division,
            flags=tuple(label for name, label in FLAGS.items() if getattr(person, name)),
            conflict=bool(person.conflict),
            sections=sections,
        )

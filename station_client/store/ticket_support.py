"""What the service desk shares: lookups that refuse clearly, the refusal messages, the
hand-over record and the row of the "My day" work list.

Split from :mod:`station_client.store.tickets` to keep each module small; nothing here
is meant for callers outside the desk except :class:`DayItem`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.orm import Session

from hub_sync.model import Employer, Person, ServiceTicket, Staff, TicketHandover
from station_client.reference import ReferenceBundle, ServiceItem
from station_client.rules.codes import Role
from station_client.rules.deadlines import URGENCY, DeadlineState
from station_client.rules.errors import ValidationError
from station_client.rules.tickets import (
    Authority,
    NoticeMaterial,
    TicketStatus,
    acting_authority,
    is_absent,
    ticket_deadline_state,
)

from .actor import Actor
from .errors import StoreError
from .records import create

# Every refusal of the desk in one place: reason → (field, Chinese, English).
_REFUSALS: dict[str, tuple[str, str, str]] = {
    "unknown_item": (
        "catalogue_code",
        "服务目录中没有事项“{code}”",
        "no service {code!r} in the catalogue",
    ),
    "no_staff": ("{field}", "未找到该工作人员", "no staff member {ident!r}"),
    "absent": (
        "{field}",
        "{name}不在岗，不能接手事项",
        "{name} is absent and cannot take on matters",
    ),
    "other_station": (
        "staff",
        "只能由本站负责人处理本站事项",
        "a supervisor acts only on matters of their own station",
    ),
    "no_applicant": ("person_id", "请选择办事人或单位", "a person or an employer is required"),
    "no_record": ("{field}", "未找到该记录", "no record {ident!r}"),
    "no_taker": ("to_staff_id", "请选择接手人员或上报层级", "say whom to hand the matter to"),
    "closed": ("status", "事项{zh}，不能再{what_zh}", "a {status} matter cannot be {what}"),
    "same_owner": ("to_staff_id", "接手人员就是现经办人", "that is the current owner"),
    "past": ("until", "不在岗截止日期早于今天", "{until} is before today"),
    "not_self": (
        "staff",
        "只有本人或站点负责人可以登记不在岗",
        "only the staff member or their supervisor may record an absence",
    ),
    "no_backup": (
        "backup_staff_id",
        "{no}未指定AB角，请先移交给其他人员",
        "{no} has no backup: hand it over to someone first",
    ),
    "use_handover": (
        "status",
        "上报请使用“移交/上报”，并填写原因",
        "hand a matter up with hand_over(to_level=…), so the hand-over is recorded",
    ),
    "by_review": (
        "status",
        "此事项须经审核，由审核人在“审核审批”中作出决定后自动办结或不予办理",
        "this matter is reviewed: the reviewer's decision (Approvals) completes or refuses it",
    ),
    "not_waiting": (
        "missing_materials",
        "只有“待补材料”时才填写缺少的材料",
        "missing materials are given only when waiting for materials",
    ),
    "no_notice": ("status", "此事项没有待补正的材料", "the matter is not waiting for materials"),
    "not_completed": (
        "ticket",
        "只能对已办结的事项进行评价",
        "only a completed matter can be rated",
    ),
    "already_evaluated": (
        "ticket",
        "事项{no}已评价，每件事项只能评价一次",
        "{no} has already been rated; a matter is rated once",
    ),
}


def refuse(reason: str, **values: object) -> ValidationError:
    field, zh, en = _REFUSALS[reason]
    return ValidationError(field.format(**values), reason, zh.format(**values), en.format(**values))


class Transactions(Protocol):
    """What the desk needs of the store: one unit of work at a time."""

    def transaction(self) -> AbstractContextManager[Session]: ...


def item(bundle: ReferenceBundle, code: str) -> ServiceItem:
    if code not in bundle.catalogue:
        raise refuse("unknown_item", code=code)
    return bundle.catalogue.item(code)


def materials(service: ServiceItem) -> tuple[NoticeMaterial, ...]:
    return tuple(NoticeMaterial(m.zh, m.en, m.note) for m in service.materials)


def exists(s: Session, model: type[Person] | type[Employer], ident: str) -> bool:
    """The person or employer is in the store and not removed."""
    found = s.get(Person, ident) if model is Person else s.get(Employer, ident)
    return found is not None and not found.deleted


def staff(s: Session, ident: str | None, field: str = "staff") -> Staff:
    found = s.get(Staff, ident) if ident else None
    if found is None or found.deleted:
        raise refuse("no_staff", field=field, ident=ident)
    return found


def absent(member: Staff, today: date) -> bool:
    return is_absent(today, absent_until=member.absent_until, active=member.active)


def present_staff(s: Session, ident: str | None, field: str, today: date) -> Staff:
    """A staff member who can take on matters today: known, active, not absent."""
    member = staff(s, ident, field)
    if absent(member, today):
        raise refuse("absent", field=field, name=member.full_name)
    return member


def ticket(s: Session, ticket_id: str) -> ServiceTicket:
    found = s.get(ServiceTicket, ticket_id)
    if found is None or found.deleted:
        raise StoreError(f"no ticket with id {ticket_id}", "未找到该受理单")
    return found


def authorise(s: Session, actor: Actor, matter: ServiceTicket, today: date) -> Authority:
    """Why the actor may act on ``matter``, or ValidationError saying who may."""
    member = staff(s, actor.staff_id)
    owner = s.get(Staff, matter.owner_staff_id)
    authority = acting_authority(
        member.id,
        Role(member.role),
        owner_id=matter.owner_staff_id,
        backup_id=matter.backup_staff_id,
        # An owner whose account this station does not hold cannot be known to be away.
        owner_absent=owner is not None and absent(owner, today),
    )
    if authority is Authority.SUPERVISOR and member.station_id != matter.station_id:
        raise refuse("other_station")
    return authority


def still_open(matter: ServiceTicket, what: str, what_zh: str) -> TicketStatus:
    """The ticket's status, or a refusal to do ``what`` with a closed matter."""
    status = TicketStatus(matter.status)
    if status.final:
        raise refuse("closed", zh=status.zh, status=status.value, what=what, what_zh=what_zh)
    return status


def record_handover(
    s: Session,
    actor: Actor,
    now: datetime,
    matter: ServiceTicket,
    reason: str,
    to_staff_id: str | None,
    to_level: str | None = None,
) -> TicketHandover:
    """The insert-only record of a hand-over; ``changed_staff`` says who did it."""
    values = {
        "ticket_id": matter.id,
        "from_staff_id": matter.owner_staff_id,
        "to_staff_id": to_staff_id,
        "to_level": to_level,
        "reason": reason,
        "handed_at": now,
    }
    return create(s, actor, now, TicketHandover, values)


@dataclass(frozen=True)
class DayItem:
    """One open matter on a clerk's "My day" list (no personal data: nothing to audit)."""

    ticket_id: str
    ticket_no: str
    catalogue_code: str
    item_zh: str
    item_en: str  # the catalogue's English name ("" if it has none)
    status: TicketStatus
    person_id: str | None
    employer_id: str | None
    accepted_on: date
    due_on: date | None
    due_estimated: bool
    #: None while the time limit does not run (waiting for materials).
    deadline_state: DeadlineState | None

    @classmethod
    def of(cls, t: ServiceTicket, bundle: ReferenceBundle, today: date, window: int) -> DayItem:
        status, code = TicketStatus(t.status), t.catalogue_code
        item = bundle.catalogue.item(code) if code in bundle.catalogue else None
        state = ticket_deadline_state(
            status, today, t.due_on, bundle.calendar, due_soon_working_days=window
        )
        return cls(
            ticket_id=t.id,
            ticket_no=t.ticket_no,
            catalogue_code=code,
            item_zh=item.zh if item else code,
            item_en=(item.en or "") if item else "",
            status=status,
            person_id=t.person_id,
            employer_id=t.employer_id,
            accepted_on=t.accepted_on,
            due_on=t.due_on,
            due_estimated=t.due_estimated,
            deadline_state=state,
        )

    @property
    def urgency(self) -> tuple[int, date, str]:
        """Sort key: overdue, due soon, on track, then not running; earliest due first."""
        rank = URGENCY.get(self.deadline_state, 3) if self.deadline_state else len(URGENCY)
        return rank, self.due_on or date.max, self.ticket_no

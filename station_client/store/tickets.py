"""The service desk: counter tickets from acceptance to evaluation.

首问负责: the staff member who opens a ticket owns it until it is handed on, and every
hand-over is an insert-only record (who, to whom, when, why). 工作“AB角”: marking a staff
member absent hands their open matters to their named backup. 限时办结: every ticket has
a due date in working days. 一次性告知: a ticket waiting for materials lists all of them
once. 好差评: a completed ticket is rated once. The rules are in
:mod:`station_client.rules.tickets`; this module applies them to the store.

Each method is one transaction: refused input raises ValidationError and saves nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import select

from hub_sync.model import (
    MODELS_BY_TABLE,
    Employer,
    Person,
    ServiceEvaluation,
    ServiceTicket,
    Staff,
    Station,
    TicketHandover,
    utc_now,
)
from station_client.reference import ReferenceBundle
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present
from station_client.rules.tickets import (
    OPEN_STATUSES,
    REASON_REQUIRED,
    NoticeMaterial,
    OneTimeNotice,
    TicketStatus,
    check_handover_level,
    check_missing_materials,
    check_rating,
    check_reason,
    check_transition,
    next_serial,
    parse_status,
    station_day,
    ticket_deadline,
    ticket_number,
)

from . import audit
from . import ticket_support as support
from .actor import Actor
from .records import create, update
from .ticket_support import DayItem, Transactions, refuse

__all__ = ["BAD_RATING_FOLLOW_UP", "DayItem", "ServiceDesk", "Transactions"]

#: Catalogue item whose time limit applies to fixing a bad rating and calling back.
BAD_RATING_FOLLOW_UP = "PJ-001"
_OPEN = [s.value for s in OPEN_STATUSES]
_DECIDED_BY_REVIEW = frozenset({TicketStatus.COMPLETED, TicketStatus.REJECTED})


class ServiceDesk:
    """Service tickets, hand-overs, AB-role cover, one-time notices and evaluations."""

    def __init__(
        self,
        store: Transactions,
        reference: Callable[[], ReferenceBundle],
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._store = store
        self._reference = reference
        self._clock = clock

    def _today(self) -> date:
        return station_day(self._clock())

    # -- opening -----------------------------------------------------------------
    def open_ticket(
        self,
        actor: Actor,
        catalogue_code: str,
        *,
        person_id: str | None = None,
        employer_id: str | None = None,
        notes: str | None = None,
    ) -> ServiceTicket:
        """Accept a matter; the acting staff member owns it (首问), their AB partner backs up."""
        item = support.item(self._reference(), catalogue_code)
        if person_id is None and employer_id is None:
            raise refuse("no_applicant")
        text = check_reason(notes, field="notes", what_zh="备注") if notes else None
        today, calendar = self._today(), self._reference().calendar
        with self._store.transaction() as s:
            staff = support.present_staff(s, actor.staff_id, "staff", today)
            if person_id and not support.exists(s, Person, person_id):
                raise refuse("no_record", field="person_id", ident=person_id)
            if employer_id and not support.exists(s, Employer, employer_id):
                raise refuse("no_record", field="employer_id", ident=employer_id)
            station = s.get(Station, actor.station_id)
            # A station's division code is its readable, district-unique prefix.
            fallback = "".join(c for c in actor.station_id if c.isalnum())[-8:].upper()
            prefix = station.org_code if station else fallback
            taken = s.scalars(
                select(ServiceTicket.ticket_no).where(
                    ServiceTicket.ticket_no.like(f"{prefix}-{today:%Y%m%d}-%")
                )
            )
            deadline = ticket_deadline(today, item.time_limit_working_days, calendar)
            values = {
                "ticket_no": ticket_number(prefix, today, next_serial(taken, prefix, today)),
                "catalogue_code": item.code,
                "person_id": person_id,
                "employer_id": employer_id,
                "station_id": actor.station_id,
                "first_owner_staff_id": staff.id,
                "owner_staff_id": staff.id,
                "backup_staff_id": staff.backup_staff_id,
                "status": TicketStatus.ACCEPTED.value,
                "accepted_on": today,
                "due_on": deadline.due,
                "due_estimated": deadline.estimated,
                "notes": text,
            }
            return create(s, actor, self._clock(), ServiceTicket, values)

    # -- hand-over and AB-role cover ------------------------------------------------
    def hand_over(
        self,
        actor: Actor,
        ticket_id: str,
        *,
        reason: str,
        to_staff_id: str | None = None,
        to_level: str | None = None,
    ) -> TicketHandover:
        """Hand a matter to another clerk, or up to the town/district level (or both: a
        named clerk of the higher level). The reason is required and recorded."""
        why = check_reason(reason, what_zh="移交原因")
        if to_staff_id is None and to_level is None:
            raise refuse("no_taker")
        with self._store.transaction() as s:
            ticket = support.ticket(s, ticket_id)
            status = support.still_open(ticket, "handed over", "移交")
            support.authorise(s, actor, ticket, self._today())
            changes: dict[str, object] = {}
            if to_staff_id is not None:
                taker = support.present_staff(s, to_staff_id, "to_staff_id", self._today())
                if taker.id == ticket.owner_staff_id:
                    raise refuse("same_owner")
                changes |= {"owner_staff_id": taker.id, "backup_staff_id": taker.backup_staff_id}
            if to_level is not None:
                station = s.get(Station, ticket.station_id)
                check_handover_level(
                    to_level,
                    station_level=station.level if station else None,
                    item_levels=support.item(self._reference(), ticket.catalogue_code).levels,
                )
                check_transition(status, TicketStatus.FORWARDED)
                changes["status"] = TicketStatus.FORWARDED.value
            handover = support.record_handover(
                s, actor, self._clock(), ticket, why, to_staff_id, to_level
            )
            update(s, actor, self._clock(), ticket, changes)
            return handover

    def mark_absent(
        self, actor: Actor, staff_id: str, *, until: date, reason: str | None = None
    ) -> list[ServiceTicket]:
        """Record that ``staff_id`` is away until ``until`` (inclusive) and hand each of
        their open matters to its named backup (AB角), with a hand-over record each.

        Refused as a whole if any matter has no backup able to take it.
        """
        today = self._today()
        if until < today:
            raise refuse("past", until=until)
        note = check_reason(reason) if reason else None
        with self._store.transaction() as s:
            absent = support.staff(s, staff_id, "staff_id")
            acting = support.staff(s, actor.staff_id)
            if acting.id != absent.id and not (
                acting.role == Role.SUPERVISOR and acting.station_id == absent.station_id
            ):
                raise refuse("not_self")
            update(s, actor, self._clock(), absent, {"absent_until": until})
            why = f"AB角顶岗：{absent.full_name}不在岗至{until.isoformat()}"
            why += f"（{note}）" if note else ""
            tickets = s.scalars(
                select(ServiceTicket)
                .where(
                    ServiceTicket.owner_staff_id == absent.id,
                    ServiceTicket.status.in_(_OPEN),
                    ServiceTicket.deleted.is_(False),
                )
                .order_by(ServiceTicket.ticket_no)
            ).all()
            for ticket in tickets:
                backup_id = ticket.backup_staff_id or absent.backup_staff_id
                if backup_id is None or backup_id == absent.id:
                    raise refuse("no_backup", no=ticket.ticket_no)
                backup = support.present_staff(s, backup_id, "backup_staff_id", today)
                support.record_handover(s, actor, self._clock(), ticket, why, backup.id)
                changes = {"owner_staff_id": backup.id, "backup_staff_id": backup.backup_staff_id}
                update(s, actor, self._clock(), ticket, changes)
            return list(tickets)

    # -- status --------------------------------------------------------------------
    def set_status(
        self,
        actor: Actor,
        ticket_id: str,
        status: str,
        *,
        reason: str | None = None,
        missing_materials: Sequence[str] = (),
    ) -> ServiceTicket:
        """Move a ticket on. ``waiting_materials`` needs the missing materials (names from
        the catalogue item's list); ``rejected`` needs the reason. Leaving
        ``waiting_materials`` restarts the time limit from today."""
        target = parse_status(status)
        if target is TicketStatus.FORWARDED:
            raise refuse("use_handover")
        if target is not TicketStatus.WAITING_MATERIALS and missing_materials:
            raise refuse("not_waiting")
        today = self._today()
        with self._store.transaction() as s:
            ticket = support.ticket(s, ticket_id)
            current = TicketStatus(ticket.status)
            check_transition(current, target)
            support.authorise(s, actor, ticket, self._today())
            item = support.item(self._reference(), ticket.catalogue_code)
            if target in _DECIDED_BY_REVIEW and item.needs_review and ticket.subject_id:
                # Maker-checker: the clerk who accepted a reviewed matter may not close it
                # by hand; the reviewer's decision does (store.approvals, store.reviews).
                raise refuse("by_review")
            changes: dict[str, object] = {"status": target.value}
            if target in REASON_REQUIRED or reason:
                line = f"{today.isoformat()} {target.zh}：{check_reason(reason, what_zh='理由')}"
                changes["notes"] = f"{ticket.notes}\n{line}" if ticket.notes else line
            if target is TicketStatus.WAITING_MATERIALS:
                missing = check_missing_materials(missing_materials, support.materials(item))
                changes["missing_materials"] = json.dumps(
                    [m.zh for m in missing], ensure_ascii=False
                )
            if current is TicketStatus.WAITING_MATERIALS and target is TicketStatus.IN_PROGRESS:
                calendar = self._reference().calendar
                deadline = ticket_deadline(today, item.time_limit_working_days, calendar)
                changes |= {"due_on": deadline.due, "due_estimated": deadline.estimated}
                changes["missing_materials"] = None
            if target is TicketStatus.COMPLETED:
                changes["completed_on"] = today
            return update(s, actor, self._clock(), ticket, changes)

    def link_record(
        self, actor: Actor, ticket_id: str, subject_table: str, subject_id: str
    ) -> ServiceTicket:
        """Note the record the matter produced (a registration, a plan, …)."""
        model = MODELS_BY_TABLE.get(subject_table)
        with self._store.transaction() as s:
            ticket = support.ticket(s, ticket_id)
            if ticket.status in (TicketStatus.REJECTED, TicketStatus.WITHDRAWN):
                support.still_open(ticket, "linked to a record", "关联业务记录")
            support.authorise(s, actor, ticket, self._today())
            if model is None or s.get(model, subject_id) is None:
                raise refuse("no_record", field="subject_id", ident=subject_id)
            changes = {"subject_table": subject_table, "subject_id": subject_id}
            return update(s, actor, self._clock(), ticket, changes)

    # -- reading -------------------------------------------------------------------
    def my_day(self, staff_id: str, *, due_soon_working_days: int = 1) -> list[DayItem]:
        """Open matters owned by ``staff_id``, most urgent first (overdue, due soon, on
        track, then those waiting for materials), earliest due first within each."""
        today, bundle = self._today(), self._reference()
        with self._store.transaction() as s:
            tickets = s.scalars(
                select(ServiceTicket).where(
                    ServiceTicket.owner_staff_id == staff_id,
                    ServiceTicket.status.in_(_OPEN),
                    ServiceTicket.deleted.is_(False),
                )
            ).all()
        items = [DayItem.of(t, bundle, today, due_soon_working_days) for t in tickets]
        return sorted(items, key=lambda i: i.urgency)

    def handovers(self, ticket_id: str) -> list[TicketHandover]:
        """The hand-overs of a ticket, oldest first."""
        with self._store.transaction() as s:
            query = select(TicketHandover).where(TicketHandover.ticket_id == ticket_id)
            return list(s.scalars(query.order_by(TicketHandover.handed_at, TicketHandover.id)))

    def one_time_notice(self, actor: Actor, ticket_id: str) -> OneTimeNotice:
        """The 一次性告知书 of a ticket waiting for materials, ready to print. The
        applicant's name is masked as the actor's role requires; printing it is audited."""
        bundle = self._reference()
        with self._store.transaction() as s:
            ticket = support.ticket(s, ticket_id)
            if ticket.status != TicketStatus.WAITING_MATERIALS:
                raise refuse("no_notice")
            staff = support.staff(s, actor.staff_id)
            item = support.item(self._reference(), ticket.catalogue_code)
            person = s.get(Person, ticket.person_id) if ticket.person_id else None
            employer = s.get(Employer, ticket.employer_id) if ticket.employer_id else None
            if person is not None:
                applicant = present(Field.NAME, person.name, Role(staff.role))
                audit.append(
                    s,
                    station_id=actor.station_id,
                    staff_id=staff.id,
                    action="print_notice",
                    subject_table="persons",
                    subject_id=person.id,
                    at=self._clock(),
                    detail=ticket.ticket_no,
                )
            else:  # an employer's name is not personal data
                applicant = employer.name if employer else ""
            known = {m.zh: m for m in support.materials(item)}
            names: list[str] = json.loads(ticket.missing_materials or "[]")
            station = s.get(Station, ticket.station_id)
            owner = s.get(Staff, ticket.owner_staff_id)
            return OneTimeNotice(
                ticket_no=ticket.ticket_no,
                applicant=applicant,
                item_code=item.code,
                item_zh=item.zh,
                missing=tuple(known.get(n, NoticeMaterial(n, n)) for n in names),
                time_limit_working_days=item.time_limit_working_days,
                complaint_phone=bundle.catalogue.complaint_phone,
                station=station.name if station else "",
                staff=owner.full_name if owner else "",
                day=self._today(),
            )

    # -- 好差评 ----------------------------------------------------------------------
    def evaluate(
        self,
        actor: Actor,
        ticket_id: str,
        *,
        overall: int,
        efficiency: int | None = None,
        competence: int | None = None,
        attitude: int | None = None,
        comment: str | None = None,
    ) -> ServiceEvaluation:
        """Record the served person's rating of a completed matter, once per matter.

        A bad rating (code table ``evaluation_level``, attribute ``bad``) of any indicator
        sets ``callback_due``: put right and called back within item PJ-001's time limit.
        """
        ratings = {
            "overall": check_rating("overall", overall, required=True),
            "efficiency": check_rating("efficiency", efficiency, required=False),
            "competence": check_rating("competence", competence, required=False),
            "attitude": check_rating("attitude", attitude, required=False),
        }
        text = check_reason(comment, field="comment", what_zh="评价内容") if comment else None
        bundle, today, now = self._reference(), self._today(), self._clock()
        levels = bundle.table("evaluation_level")
        given = [v for v in ratings.values() if v is not None]
        callback_due = None
        if any(levels.entry(str(v)).attrs.get("bad") is True for v in given):
            limit = support.item(bundle, BAD_RATING_FOLLOW_UP).time_limit_working_days
            callback_due = ticket_deadline(today, limit, bundle.calendar).due
        with self._store.transaction() as s:
            ticket = support.ticket(s, ticket_id)
            if ticket.status != TicketStatus.COMPLETED:
                raise refuse("not_completed")
            rated = select(ServiceEvaluation.id).where(ServiceEvaluation.ticket_id == ticket.id)
            if s.scalar(rated) is not None:
                raise refuse("already_evaluated", no=ticket.ticket_no)
            values = {
                **ratings,
                "ticket_id": ticket.id,
                "person_id": ticket.person_id,
                "station_id": ticket.station_id,
                "staff_id": ticket.owner_staff_id,
                "comment": text,
                "evaluated_at": now,
                "callback_due": callback_due,
            }
            return create(s, actor, now, ServiceEvaluation, values)

"""What a clerk owes people besides open matters: the "My day" follow-ups.

Two kinds of follow-up come from the records, with limits from the service catalogue
(reference data the district pushes, never constants here):

- **Monthly contact with the registered unemployed** (失业人员定期联系): every valid,
  uncancelled unemployment registration of the station is due for a contact once the
  catalogue's ``contact_interval`` of item JY-002 (1 month) has passed since the last
  contact — the later of the registration's ``last_contact_on`` and the person's latest
  assistance contact — or, with no contact yet, since the registration.
- **Employment-assistance rounds for the hard-to-employ** (就业困难人员援助): every person
  with a recognition in force who is not yet placed owes an assistance round each contact
  interval (the first one at once on recognition). The row says what the JY-008 standard
  still lacks (≥ 1 career-guidance session, ≥ 3 job offers; a zero-employment household
  ≥ 3 rounds) and the placement deadline: the open plan's target date, else 3 months
  after recognition (1 month for a zero-employment household).

Also here: completed matters still waiting for the person's rating (好差评), and the
whole work list of one staff member (:func:`work_list`), read in one go for the screen.
Names are masked for the viewer's role; a list of names on one's own work list is not a
view of anyone's file, so nothing is audited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub_sync.model import (
    AssistanceContact,
    AssistancePlan,
    HardToEmployRecognition,
    Person,
    ServiceEvaluation,
    ServiceTicket,
    UnemploymentRegistration,
)
from station_client.reference import ReferenceBundle
from station_client.rules._dates import add_months
from station_client.rules.codes import Role
from station_client.rules.masking import Field, present
from station_client.rules.phrases import Phrase, phrase
from station_client.rules.tickets import TicketStatus, station_day

from .store import Store
from .ticket_support import DayItem

#: Recognition statuses that mean "recognised and in force" (the rest: applied, under
#: review, refused, cancelled).
RECOGNISED_STATUSES = frozenset({"approved", "recognised"})
#: Assistance-contact methods (code table ``assistance_method``) that count for the
#: JY-008 standard.
GUIDANCE_METHOD = "01"
JOB_OFFER_METHOD = "02"
UNEMPLOYMENT_ITEM = "JY-002"
ASSISTANCE_ITEM = "JY-008"


class FollowUpKind(StrEnum):
    MONTHLY_CONTACT = "monthly_contact"  # 失业人员定期联系
    ASSISTANCE_ROUND = "assistance_round"  # 就业困难人员援助

    @property
    def zh(self) -> str:
        return "失业人员定期联系" if self is FollowUpKind.MONTHLY_CONTACT else "就业援助回访"

    @property
    def separator_zh(self) -> str:
        """What joins the phrases of a detail."""
        return "，" if self is FollowUpKind.MONTHLY_CONTACT else "；"


# The phrases of a follow-up's detail; a screen translates them (DETAIL_PHRASES).
_LAST_CONTACT = "上次联系 {date}"
_NOT_CONTACTED = "{date}登记后未联系"
_EVERY_MONTHS = "应每{n}个月联系一次（登记号 {number}）"
_EVERY_DAYS = "应每{n}天联系一次（登记号 {number}）"
_NO_PLAN = "尚未制定援助计划"
_GUIDANCE_SHORT = "职业指导还差{n}次"
_OFFERS_SHORT = "岗位推荐还差{n}个"
_ZERO_ROUNDS = "零就业家庭推荐轮次{rounds}/{needed}"
_STANDARD_MET = "援助标准已达到，本期回访"
_PLACE_BY = "安置期限 {date}"
_PLACE_LATE = "安置期限 {date}（已超期）"
DETAIL_PHRASES = (
    *(_LAST_CONTACT, _NOT_CONTACTED, _EVERY_MONTHS, _EVERY_DAYS, _NO_PLAN, _GUIDANCE_SHORT),
    *(_OFFERS_SHORT, _ZERO_ROUNDS, _STANDARD_MET, _PLACE_BY, _PLACE_LATE),
)


@dataclass(frozen=True)
class FollowUp:
    """One person to contact, and why (``detail``: phrases in order)."""

    kind: FollowUpKind
    person_id: str
    name: str  # masked for the viewer's role
    due_on: date
    last_contact_on: date | None
    detail: tuple[Phrase, ...]

    @property
    def detail_zh(self) -> str:
        return self.kind.separator_zh.join(p.zh for p in self.detail)

    def days_late(self, today: date) -> int:
        return (today - self.due_on).days


@dataclass(frozen=True)
class PendingEvaluation:
    """A completed matter the person has not rated yet."""

    ticket_id: str
    ticket_no: str
    item_zh: str
    item_en: str  # the catalogue's English name ("" if it has none)
    person_id: str | None
    name: str
    completed_on: date | None


@dataclass(frozen=True)
class WorkList:
    """A staff member's "My day": open matters, follow-ups due, ratings pending."""

    today: date
    matters: tuple[DayItem, ...]
    names: dict[str, str] = field(default_factory=dict)  # person id → masked name
    follow_ups: tuple[FollowUp, ...] = ()
    to_rate: tuple[PendingEvaluation, ...] = ()


@dataclass(frozen=True)
class Interval:
    """A limit from the catalogue, in its unit (months or calendar days)."""

    value: int
    unit: str

    def after(self, day: date) -> date:
        if self.unit == "months":
            return add_months(day, self.value)
        if self.unit == "years":
            return add_months(day, 12 * self.value)
        return day + timedelta(days=self.value)

    def every(self, number: str) -> Phrase:
        """How often the registration ``number`` is to be contacted."""
        months = self.unit == "months"
        return phrase(_EVERY_MONTHS if months else _EVERY_DAYS, n=self.value, number=number)


@dataclass(frozen=True)
class AssistanceStandard:
    """The JY-008 minimums and placement limits."""

    guidance: int = 1
    job_offers: int = 3
    zero_household_rounds: int = 3
    place_hard_to_employ: Interval = Interval(3, "months")
    place_zero_household: Interval = Interval(1, "months")


def _limit(bundle: ReferenceBundle, item: str, code: str) -> Interval | None:
    if item not in bundle.catalogue:
        return None
    for limit in bundle.catalogue.item(item).limits:
        if limit.code == code:
            return Interval(limit.value, limit.unit)
    return None


def contact_interval(bundle: ReferenceBundle) -> Interval:
    """How often the registered unemployed are contacted (JY-002 ``contact_interval``)."""
    return _limit(bundle, UNEMPLOYMENT_ITEM, "contact_interval") or Interval(30, "calendar_days")


def assistance_standard(bundle: ReferenceBundle) -> AssistanceStandard:
    default = AssistanceStandard()

    def count(code: str, fallback: int) -> int:
        found = _limit(bundle, ASSISTANCE_ITEM, code)
        return found.value if found else fallback

    return AssistanceStandard(
        guidance=count("min_guidance", default.guidance),
        job_offers=count("min_job_offers", default.job_offers),
        zero_household_rounds=count("zero_household_rounds", default.zero_household_rounds),
        place_hard_to_employ=_limit(bundle, ASSISTANCE_ITEM, "place_hard_to_employ")
        or default.place_hard_to_employ,
        place_zero_household=_limit(bundle, ASSISTANCE_ITEM, "place_zero_household")
        or default.place_zero_household,
    )


# ----------------------------------------------------------------------------- reading


def _names(s: Session, person_ids: Iterable[str], role: Role) -> dict[str, str]:
    wanted = sorted(set(person_ids))
    names: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        query = select(Person.id, Person.name).where(
            Person.id.in_(wanted[i : i + 500]), Person.deleted.is_(False)
        )
        names.update({pid: present(Field.NAME, name, role) for pid, name in s.execute(query)})
    return names


def _contacts(s: Session, person_ids: Iterable[str]) -> dict[str, list[tuple[date, str]]]:
    wanted = sorted(set(person_ids))
    found: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for i in range(0, len(wanted), 500):
        query = select(
            AssistanceContact.person_id, AssistanceContact.contacted_on, AssistanceContact.method
        ).where(AssistanceContact.person_id.in_(wanted[i : i + 500]))
        for pid, day, method in s.execute(query):
            found[pid].append((day, method))
    return found


def _monthly_contacts(
    s: Session, bundle: ReferenceBundle, station_id: str | None, today: date, role: Role
) -> list[FollowUp]:
    query = select(UnemploymentRegistration).where(
        UnemploymentRegistration.valid.is_(True),
        UnemploymentRegistration.cancelled_on.is_(None),
        UnemploymentRegistration.deleted.is_(False),
    )
    if station_id is not None:
        query = query.where(UnemploymentRegistration.station_id == station_id)
    latest: dict[str, UnemploymentRegistration] = {}
    for reg in s.scalars(query):
        kept = latest.get(reg.person_id)
        if kept is None or reg.registered_on > kept.registered_on:
            latest[reg.person_id] = reg
    contacts = _contacts(s, latest)
    names = _names(s, latest, role)
    interval = contact_interval(bundle)
    out = []
    for pid, reg in latest.items():
        if pid not in names:
            continue  # the person was removed
        seen = [d for d, _m in contacts.get(pid, ())]
        if reg.last_contact_on:
            seen.append(reg.last_contact_on)
        last = max(seen, default=None)
        due = interval.after(last or reg.registered_on)
        if due > today:
            continue
        since = (
            phrase(_LAST_CONTACT, date=last.isoformat())
            if last
            else phrase(_NOT_CONTACTED, date=reg.registered_on.isoformat())
        )
        detail = (since, interval.every(reg.registration_no))
        out.append(FollowUp(FollowUpKind.MONTHLY_CONTACT, pid, names[pid], due, last, detail))
    return out


def _assistance_rounds(
    s: Session, bundle: ReferenceBundle, today: date, role: Role
) -> list[FollowUp]:
    query = select(HardToEmployRecognition).where(
        HardToEmployRecognition.status.in_(RECOGNISED_STATUSES),
        HardToEmployRecognition.cancelled_on.is_(None),
        HardToEmployRecognition.deleted.is_(False),
    )
    recognised: dict[str, date] = {}
    for rec in s.scalars(query):
        start = rec.decided_on or rec.applied_on
        recognised[rec.person_id] = min(start, recognised.get(rec.person_id, start))
    plans: dict[str, list[AssistancePlan]] = defaultdict(list)
    ids = sorted(recognised)
    for i in range(0, len(ids), 500):
        plan_query = select(AssistancePlan).where(
            AssistancePlan.person_id.in_(ids[i : i + 500]), AssistancePlan.deleted.is_(False)
        )
        for plan in s.scalars(plan_query):
            plans[plan.person_id].append(plan)
    zero_households: set[str] = set()
    for i in range(0, len(ids), 500):
        zero_query = select(Person.id).where(
            Person.id.in_(ids[i : i + 500]), Person.zero_employment_household.is_(True)
        )
        zero_households.update(s.scalars(zero_query))
    contacts = _contacts(s, recognised)
    names = _names(s, recognised, role)
    standard, interval = assistance_standard(bundle), contact_interval(bundle)
    out = []
    for pid, start in recognised.items():
        own = plans.get(pid, [])
        if pid not in names or (own and all(p.status != "open" for p in own)):
            continue  # removed, or assistance closed (placed, or no wish to work)
        zero = pid in zero_households or any(p.zero_employment_household for p in own)
        done = contacts.get(pid, [])
        last = max((d for d, _m in done), default=None)
        due = interval.after(last) if last else start
        if due > today:
            continue
        lacking = []
        if not own:
            lacking.append(phrase(_NO_PLAN))
        guidance = sum(1 for _d, m in done if m == GUIDANCE_METHOD)
        offers = sum(1 for _d, m in done if m == JOB_OFFER_METHOD)
        if guidance < standard.guidance:
            lacking.append(phrase(_GUIDANCE_SHORT, n=standard.guidance - guidance))
        if offers < standard.job_offers:
            lacking.append(phrase(_OFFERS_SHORT, n=standard.job_offers - offers))
        rounds = max((p.rounds for p in own), default=0)
        if zero and rounds < standard.zero_household_rounds:
            needed = standard.zero_household_rounds
            lacking.append(phrase(_ZERO_ROUNDS, rounds=rounds, needed=needed))
        limit = standard.place_zero_household if zero else standard.place_hard_to_employ
        targets = [p.target_on for p in own if p.status == "open" and p.target_on]
        placement = min(targets) if targets else limit.after(start)  # the plan's own date
        place = phrase(_PLACE_LATE if placement < today else _PLACE_BY, date=placement.isoformat())
        detail = (*(lacking or [phrase(_STANDARD_MET)]), place)
        out.append(FollowUp(FollowUpKind.ASSISTANCE_ROUND, pid, names[pid], due, last, detail))
    return out


def follow_ups_due(
    store: Store, station_id: str | None, role: Role, today: date | None = None
) -> list[FollowUp]:
    """Everyone owed a contact or an assistance round on ``today`` (default: the station's
    today), longest overdue first. ``station_id`` None: every registration in the store."""
    bundle = store.reference()
    day = today or station_day(store.clock())
    with store.transaction() as s:
        found = _monthly_contacts(s, bundle, station_id, day, role)
        found += _assistance_rounds(s, bundle, day, role)
    return sorted(found, key=lambda f: (f.due_on, f.kind, f.person_id))


def evaluations_pending(
    store: Store, staff_id: str, role: Role, *, within_days: int = 30
) -> list[PendingEvaluation]:
    """Matters ``staff_id`` completed in the last ``within_days`` days without a rating,
    latest first."""
    bundle = store.reference()
    since = station_day(store.clock()) - timedelta(days=within_days)
    with store.transaction() as s:
        rated = select(ServiceEvaluation.ticket_id).where(ServiceEvaluation.ticket_id.is_not(None))
        tickets = s.scalars(
            select(ServiceTicket).where(
                ServiceTicket.owner_staff_id == staff_id,
                ServiceTicket.status == TicketStatus.COMPLETED.value,
                ServiceTicket.deleted.is_(False),
                ServiceTicket.completed_on >= since,
                ServiceTicket.id.not_in(rated),
            )
        ).all()
        names = _names(s, (t.person_id for t in tickets if t.person_id), role)
    out, catalogue = [], bundle.catalogue
    for t in tickets:
        item = catalogue.item(t.catalogue_code) if t.catalogue_code in catalogue else None
        pending = PendingEvaluation(
            ticket_id=t.id,
            ticket_no=t.ticket_no,
            item_zh=item.zh if item else t.catalogue_code,
            item_en=item.en if item else "",
            person_id=t.person_id,
            name=names.get(t.person_id or "", ""),
            completed_on=t.completed_on,
        )
        out.append(pending)
    return sorted(out, key=lambda p: (p.completed_on or date.min, p.ticket_no), reverse=True)


def work_list(store: Store, staff_id: str, station_id: str | None, role: Role) -> WorkList:
    """Everything on one staff member's "My day" screen."""
    matters = store.tickets.my_day(staff_id)
    with store.transaction() as s:
        names = _names(s, (m.person_id for m in matters if m.person_id), role)
    return WorkList(
        today=station_day(store.clock()),
        matters=tuple(matters),
        names=names,
        follow_ups=tuple(follow_ups_due(store, station_id, role)),
        to_rate=tuple(evaluations_pending(store, staff_id, role)),
    )

"""Recording a service at the counter: the record and its ticket, in one transaction.

:func:`record_service` checks the clerk's values against the item's
:class:`~station_client.store.service_specs.ServiceSpec` (every invalid field at once),
applies the rules that need the person and their records (who may register as
unemployed, one open registration at a time, …), writes the record, opens its service
ticket (首问负责, due date in working days), links the two, and completes the ticket at
once when the item is done on the spot. It is all one transaction: a refusal anywhere
saves nothing. :func:`register_person` registers someone new, prefilled from a card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from hub_sync.model import Person
from station_client.reference import ReferenceBundle, ServiceItem
from station_client.rules import _dates
from station_client.rules.codes import Role, Sex
from station_client.rules.errors import ValidationError
from station_client.rules.masking import Field, fields_visible
from station_client.rules.tickets import TicketStatus, station_day

from .actor import Actor
from .freeze import REGISTRATION_TABLES, require_can_register
from .person_file import PersonFile
from .service_checks import FormInvalid, check_form, errors_of
from .service_rules import RECORDERS, SameSession, Work, employer_id, plain, record_number
from .service_specs import PERSON_FIELDS, SPECS, ServiceSpec
from .store import Store
from .ticket_support import item as catalogue_item
from .tickets import ServiceDesk

__all__ = [
    "CardIdentity",
    "FormInvalid",
    "Registered",
    "ServiceResult",
    "errors_of",
    "form_items",
    "person_prefill",
    "prefill",
    "record_service",
    "register_person",
    "spec_for",
    "station_today",
]


@dataclass(frozen=True)
class ServiceResult:
    """What was recorded: the ticket (number, status, due date) and the record."""

    catalogue_code: str
    item_zh: str
    person_id: str
    ticket_id: str
    ticket_no: str
    status: TicketStatus
    due_on: date | None
    record_table: str
    record_id: str

    def message_zh(self) -> str:
        if self.status is TicketStatus.COMPLETED:
            return f"{self.item_zh}已办结，受理单号 {self.ticket_no}"
        due = f"，应于 {self.due_on} 前办结" if self.due_on else ""
        return f"{self.item_zh}已受理，受理单号 {self.ticket_no}{due}"


@dataclass(frozen=True)
class Registered:
    person_id: str
    name: str


class CardIdentity(Protocol):
    """What a presented card says (``devices.events.IdentityPresented`` fits)."""

    @property
    def id_number(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def sex(self) -> str | None: ...
    @property
    def ethnicity(self) -> str | None: ...
    @property
    def birth_date(self) -> date | None: ...
    @property
    def address(self) -> str | None: ...


# ------------------------------------------------------------------------ for the form


def station_today(store: Store) -> date:
    """The station's day (China time) by the store's clock."""
    return station_day(store.clock())


def spec_for(catalogue_code: str) -> ServiceSpec:
    spec = SPECS.get(catalogue_code)
    if spec is None:
        raise ValidationError(
            "catalogue_code",
            "no_form",
            f"事项“{catalogue_code}”无需在此登记",
            f"no form for catalogue item {catalogue_code!r}",
        )
    return spec


def form_items(bundle: ReferenceBundle) -> tuple[ServiceItem, ...]:
    """Catalogue items the counter records, in catalogue order."""
    return tuple(item for item in bundle.catalogue if item.code in SPECS)


def _is_4050(sex: str, age: int) -> bool:
    return (sex == Sex.FEMALE and age >= 40) or (sex == Sex.MALE and age >= 50)


def prefill(catalogue_code: str, file: PersonFile, role: Role, today: date) -> dict[str, Any]:
    """Starting values of an item's form for the person on screen: dates are today,
    the person's details where the form asks for them and ``role`` sees them unmasked
    (a blank one is taken from the file when saving), "4050" and age from the birth date."""
    visible = fields_visible(role)
    known = {
        "name": file.name if Field.NAME in visible else None,
        "phone": file.phone if Field.PHONE in visible else None,
        "address": file.address if Field.ADDRESS in visible else None,
        "sex": file.sex,
    }
    age = _dates.age_on(file.birth_date, today)
    out: dict[str, Any] = {}
    for f in spec_for(catalogue_code).fields:
        if f.today:
            out[f.name] = today
        elif f.default is not None:
            out[f.name] = f.default
        elif f.from_person:
            out[f.name] = known.get(f.from_person)
    if catalogue_code == "JY-002":
        out["is_4050"] = _is_4050(file.sex, age)
    if catalogue_code == "JC-001":
        out["complainant_age"] = age
    return {name: value for name, value in out.items() if value not in (None, "")}


def person_prefill(identity: CardIdentity) -> dict[str, Any]:
    """A registration form's values from a card: read from the chip, so verified."""
    values = {
        "citizen_id": identity.id_number,
        "name": identity.name,
        "sex": identity.sex,
        "ethnicity": identity.ethnicity,
        "birth_date": identity.birth_date,
        "address": identity.address,
        "verified": True,
    }
    return {name: value for name, value in values.items() if value not in (None, "")}


# ---------------------------------------------------------------------------- writing


def register_person(store: Store, actor: Actor, values: dict[str, Any]) -> Registered:
    """Register someone new; refused (nothing saved) with every invalid field named, or
    with the reasons when the freeze rules hold (:mod:`.freeze`)."""
    require_can_register(store)
    bundle, today = store.reference(), station_today(store)
    clean = check_form(PERSON_FIELDS, values, bundle, today=today, model=Person)
    person_values = {name: value for name, value in clean.items() if value is not None}
    person_values["data_source"] = "01"  # 窗口登记 (code table data_source)
    with store.transaction() as s:
        person = store.persons.register(s, actor, person_values)
        return Registered(person.id, person.name)


def record_service(
    store: Store, actor: Actor, catalogue_code: str, person_id: str, values: dict[str, Any]
) -> ServiceResult:
    """Record catalogue item ``catalogue_code`` for the person with the form's ``values``
    and open its ticket; ValidationError (a :class:`FormInvalid` listing every field when
    several are wrong) and nothing saved if anything is refused."""
    spec = spec_for(catalogue_code)
    if spec.model.__tablename__ in REGISTRATION_TABLES:
        require_can_register(store)  # a frozen station starts no new registration
    bundle = store.reference()
    item = catalogue_item(bundle, catalogue_code)
    today = station_today(store)
    clean = check_form(spec.fields, values, bundle, today=today, model=spec.model)
    stored = {f.name: clean[f.name] for f in spec.fields if f.stored}
    declared = {f.name: clean[f.name] for f in spec.fields if not f.stored}
    with store.transaction() as s:
        person = s.get(Person, person_id)
        if person is None or person.deleted:
            raise ValidationError(
                "person_id", "no_record", "未找到该人员", f"no person {person_id}"
            )
        work = Work(store, s, actor, spec, item, person, today)
        for f in spec.fields:
            if f.from_person and stored.get(f.name) is None:
                stored[f.name] = getattr(person, f.from_person)
            if f.employer_to:
                stored[f.employer_to] = employer_id(s, f.name, clean[f.name], f.required)
        if spec.number is not None:
            column, letters = spec.number
            stored[column] = record_number(work, column, letters)
        if "station_id" in spec.model.__table__.c:
            stored["station_id"] = actor.station_id
        stored |= {**spec.fixed, spec.person_column: person.id}
        record = RECORDERS.get(catalogue_code, plain)(work, stored, declared)
        desk = ServiceDesk(SameSession(s), store.reference, store.clock)
        ticket = desk.open_ticket(actor, catalogue_code, person_id=person.id)
        table = record.__table__.name
        desk.link_record(actor, ticket.id, table, record.id)
        if item.time_limit_working_days is None:  # done on the spot
            ticket = desk.set_status(actor, ticket.id, TicketStatus.COMPLETED.value)
        return ServiceResult(
            catalogue_code=item.code,
            item_zh=item.zh,
            person_id=person.id,
            ticket_id=ticket.id,
            ticket_no=ticket.ticket_no,
            status=TicketStatus(ticket.status),
            due_on=ticket.due_on,
            record_table=table,
            record_id=record.id,
        )

"""A person's matters as the counter's 办件 panel lists them, as plain values.

Each :class:`TicketView` carries what the panel needs to offer only what is allowed: the
statuses the matter may take next, the levels it may be handed up to, the catalogue
item's materials for a one-time notice, and its hand-overs (who, when, why).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub_sync.model import ServiceEvaluation, ServiceTicket, Staff, Station, TicketHandover
from station_client.reference import ReferenceBundle, ServiceItem
from station_client.reference.tables import CodeTable
from station_client.rules.deadlines import DeadlineState
from station_client.rules.tickets import (
    ALLOWED_TRANSITIONS,
    CHINA_TIME,
    TicketStatus,
    station_day,
    ticket_deadline_state,
)

from . import ticket_support as support
from .actor import Actor
from .store import Store

_LEVEL_ORDER = ("village", "town", "district")


@dataclass(frozen=True)
class TicketView:
    id: str
    ticket_no: str
    catalogue_code: str
    item_zh: str
    item_en: str  # the catalogue's English name ("" if it has none)
    status: TicketStatus
    #: What the status may become next (上报 is a hand-over, not a status change).
    next_statuses: tuple[TicketStatus, ...]
    #: (level, name) the matter may be handed up to: above the station, delivering it.
    hand_up_levels: tuple[tuple[str, str], ...]
    accepted_on: date
    due_on: date | None
    due_estimated: bool
    deadline_state: DeadlineState | None
    completed_on: date | None
    owner_staff_id: str
    owner: str
    first_owner: str
    materials: tuple[str, ...]  # the catalogue item's materials
    materials_en: tuple[str, ...]  # their English names, in the same order
    missing: tuple[str, ...]  # what the one-time notice asks for
    rated: bool
    handovers: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class Colleague:
    """A staff member of the station a matter can be handed to."""

    id: str
    name: str
    absent: bool


def code_name(table: CodeTable | None, code: str) -> str:
    """The Chinese name of ``code`` in ``table``, or the code itself."""
    entry = table.get(code) if table is not None else None
    return entry.zh if entry is not None else code


def staff_names(s: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    query = select(Staff.id, Staff.full_name).where(Staff.id.in_(wanted))
    return {ident: name for ident, name in s.execute(query)}


def _levels(
    bundle: ReferenceBundle, station_level: str | None, item_levels: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    rank = _LEVEL_ORDER.index(station_level) if station_level in _LEVEL_ORDER else 0
    table = bundle.code_tables.get("service_level")
    delivered = set(item_levels)
    return tuple(
        (level, code_name(table, level)) for level in _LEVEL_ORDER[rank + 1 :] if level in delivered
    )


def _handover_line(h: TicketHandover, names: dict[str, str], bundle: ReferenceBundle) -> str:
    taker = names.get(h.to_staff_id or "", "")
    if h.to_level:
        level = code_name(bundle.code_tables.get("service_level"), h.to_level)
        taker = f"{level} {taker}".strip()
    when = h.handed_at.astimezone(CHINA_TIME)
    return f"{when:%Y-%m-%d %H:%M} {names.get(h.from_staff_id, '')} → {taker}：{h.reason}"


def _missing(text: str | None) -> tuple[str, ...]:
    value = json.loads(text) if text else []
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def person_tickets(store: Store, person_id: str) -> list[TicketView]:
    """The person's matters, newest first."""
    bundle = store.reference()
    today = station_day(store.clock())
    with store.transaction() as s:
        tickets = s.scalars(
            select(ServiceTicket)
            .where(ServiceTicket.person_id == person_id, ServiceTicket.deleted.is_(False))
            .order_by(ServiceTicket.accepted_on.desc(), ServiceTicket.ticket_no.desc())
        ).all()
        ids = [t.id for t in tickets]
        rated_query = select(ServiceEvaluation.ticket_id).where(
            ServiceEvaluation.ticket_id.in_(ids)
        )
        rated = set(s.scalars(rated_query))
        handovers = s.scalars(
            select(TicketHandover)
            .where(TicketHandover.ticket_id.in_(ids))
            .order_by(TicketHandover.handed_at, TicketHandover.id)
        ).all()
        names = staff_names(
            s,
            [t.owner_staff_id for t in tickets]
            + [t.first_owner_staff_id for t in tickets]
            + [h.from_staff_id for h in handovers]
            + [h.to_staff_id for h in handovers],
        )
        station_query = select(Station.id, Station.level).where(
            Station.id.in_({t.station_id for t in tickets})
        )
        levels = {ident: level for ident, level in s.execute(station_query)}
    return [_view(t, bundle, today, names, levels, rated, handovers) for t in tickets]


def _view(
    t: ServiceTicket,
    bundle: ReferenceBundle,
    today: date,
    names: dict[str, str],
    levels: dict[str, str],
    rated: set[str | None],
    handovers: Iterable[TicketHandover],
) -> TicketView:
    status = TicketStatus(t.status)
    item = bundle.catalogue.item(t.catalogue_code) if t.catalogue_code in bundle.catalogue else None
    allowed = ALLOWED_TRANSITIONS[status] - {TicketStatus.FORWARDED}
    done = t.completed_on if status is TicketStatus.COMPLETED else None
    hand_up = (
        _levels(bundle, levels.get(t.station_id), item.levels)
        if item is not None and not status.final
        else ()
    )
    return TicketView(
        id=t.id,
        ticket_no=t.ticket_no,
        catalogue_code=t.catalogue_code,
        item_zh=item.zh if item else t.catalogue_code,
        item_en=(item.en or "") if item else "",
        status=status,
        next_statuses=tuple(s for s in TicketStatus if s in allowed),
        hand_up_levels=hand_up,
        accepted_on=t.accepted_on,
        due_on=t.due_on,
        due_estimated=t.due_estimated,
        deadline_state=ticket_deadline_state(
            status, today, t.due_on, bundle.calendar, completed_on=done
        ),
        completed_on=t.completed_on,
        owner_staff_id=t.owner_staff_id,
        owner=names.get(t.owner_staff_id, ""),
        first_owner=names.get(t.first_owner_staff_id, ""),
        materials=tuple(m.zh for m in item.materials) if item else (),
        materials_en=tuple(m.en or m.zh for m in item.materials) if item else (),
        missing=_missing(t.missing_materials),
        rated=t.id in rated,
        handovers=tuple(_handover_line(h, names, bundle) for h in handovers if h.ticket_id == t.id),
        notes=t.notes or "",
    )


def colleagues(store: Store, actor: Actor) -> list[Colleague]:
    """The station's other active staff by name; those away today are marked."""
    today = station_day(store.clock())
    with store.transaction() as s:
        staff = s.scalars(
            select(Staff)
            .where(
                Staff.station_id == actor.station_id,
                Staff.deleted.is_(False),
                Staff.active.is_(True),
                Staff.id != (actor.staff_id or ""),
            )
            .order_by(Staff.full_name)
        ).all()
        return [Colleague(m.id, m.full_name, support.absent(m, today)) for m in staff]


def station_catalogue(store: Store, station_id: str) -> list[ServiceItem]:
    """The public catalogue items this station delivers (all of them if its level is not
    known here yet)."""
    catalogue = store.reference().catalogue
    with store.transaction() as s:
        station = s.get(Station, station_id)
        level = station.level if station is not None else None
    known = level is not None and level in _LEVEL_ORDER
    items = catalogue.items_for_level(level) if known and level else tuple(catalogue)
    return [item for item in items if item.public]

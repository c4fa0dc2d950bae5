"""Cross-checking a presented card against the person's file at the station.

A card is the person's own document, yet the file may say something else: a typo made
at registration, a name changed since, a card belonging to somebody else. None of
that is ever resolved by overwriting the file with what the card says; the clerk is
shown what differs and decides (and an edit made then is audited as usual).

:func:`compare` is a plain function on plain values; :func:`check_presented` looks the
person up in the station store by the card's ID number.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from station_client.store import Store

from .events import IdentityPresented, IdentitySource

#: Fields that tell who a person is: a difference there may mean a different person.
IDENTIFYING = ("name", "sex", "birth_date")
#: Fields that change over a life and go out of date on cards and files alike.
DESCRIPTIVE = ("ethnicity", "address")

_LABELS = {
    "name": "姓名",
    "sex": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "address": "住址",
}
_SOURCES = {IdentitySource.ID_CARD: "身份证", IdentitySource.SOCIAL_SECURITY_CARD: "社保卡"}


@dataclass(frozen=True)
class Discrepancy:
    field: str
    on_card: str
    on_file: str
    #: An identifying field differs (not just a rare character the card spells its way).
    serious: bool

    def describe(self) -> str:
        return f"{_LABELS[self.field]}：卡上为“{self.on_card}”，档案为“{self.on_file}”"


@dataclass(frozen=True)
class CardCheck:
    """What the station knows about the person a card names."""

    identity: IdentityPresented
    person_id: str | None  # None: nobody with this ID number is registered here
    discrepancies: tuple[Discrepancy, ...] = ()

    @property
    def registered(self) -> bool:
        return self.person_id is not None

    @property
    def needs_attention(self) -> bool:
        """The clerk must look before carrying on: an identifying field differs."""
        return any(d.serious for d in self.discrepancies)

    def message_zh(self) -> str | None:
        """One line for the clerk, or ``None`` when card and file agree."""
        if not self.discrepancies:
            return None
        source = _SOURCES.get(self.identity.source, "卡")
        head = "请核对：" if self.needs_attention else "提示："
        body = "；".join(d.describe() for d in self.discrepancies)
        return f"{head}{source}信息与本站档案不一致（{body}）。档案未被修改。"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    # Full-width letters and digits, odd spaces: one spelling for the comparison.
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def _has_private_use(text: str) -> bool:
    # Rare characters (生僻字) missing from the card's font come as private-use code points.
    return any(unicodedata.category(ch) == "Co" for ch in text)


def _names_match(on_card: str, on_file: str) -> bool:
    if on_card == on_file:
        return True
    if len(on_card) != len(on_file) or not _has_private_use(on_card):
        return False
    # Same length, and equal wherever the card has an ordinary character.
    return all(
        c == f or unicodedata.category(c) == "Co" for c, f in zip(on_card, on_file, strict=True)
    )


def compare(identity: IdentityPresented, on_file: Mapping[str, Any]) -> tuple[Discrepancy, ...]:
    """What the card says differently from the file. A field the card does not carry, or
    that the file leaves empty, is no discrepancy."""
    found: list[Discrepancy] = []
    for name in (*IDENTIFYING, *DESCRIPTIVE):
        card, file = _text(getattr(identity, name)), _text(on_file.get(name))
        if not card or not file or card == file:
            continue
        if name == "name" and _names_match(card, file):
            continue  # a rare character the card spells with a private-use code point
        serious = name in IDENTIFYING and not (name == "name" and _has_private_use(card))
        found.append(Discrepancy(name, str(getattr(identity, name)), str(on_file[name]), serious))
    return tuple(found)


def check_presented(store: Store, identity: IdentityPresented) -> CardCheck:
    """Find the card's person in the store and compare; the file is left as it is."""
    with store.transaction() as session:
        person = store.persons.by_citizen_id(session, identity.id_number)
        if person is None:
            return CardCheck(identity, None)
        values = {name: getattr(person, name) for name in (*IDENTIFYING, *DESCRIPTIVE)}
        return CardCheck(identity, person.id, compare(identity, values))

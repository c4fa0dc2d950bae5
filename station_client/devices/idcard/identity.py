"""From a decoded card to the :class:`IdentityPresented` the station acts on.

The ID number must pass :func:`validate_citizen_id`, and the birth date and sex printed on
the card must agree with it (a genuine card always does, so a disagreement means the data
was garbled on the way). Anything else is :class:`InvalidIdentity` and no event.

A Foreign Permanent Resident ID Card is refused with its own message: its number is not a
citizen ID number, so the person cannot be registered from the card automatically.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from station_client.devices.errors import InvalidIdentity
from station_client.devices.events import IdentityPresented, IdentitySource
from station_client.rules.errors import ValidationError
from station_client.rules.idnumber import validate_citizen_id

from .text import CardKind, CardText

_CHECK_BY_HAND_EN = "check the card by hand and enter the details manually"
_CHECK_BY_HAND_ZH = "请人工核验证件并手工录入"


def identity_from_card(
    card: CardText, photo: bytes | None, *, today: date | None = None
) -> IdentityPresented:
    """The event for ``card``; :class:`InvalidIdentity` if it is not a usable identity."""
    if card.kind is CardKind.FOREIGN_PERMANENT_RESIDENT:
        raise InvalidIdentity(
            "this is a Foreign Permanent Resident ID Card, not a resident ID card — its "
            f"number is not a citizen ID number: {_CHECK_BY_HAND_EN}",
            f"这是外国人永久居留身份证，不是居民身份证，证件号码不是公民身份号码，{_CHECK_BY_HAND_ZH}",
        )
    if not card.name:
        raise InvalidIdentity(
            f"the ID card has no name on it — {_CHECK_BY_HAND_EN}",
            f"身份证上没有姓名，{_CHECK_BY_HAND_ZH}",
        )
    try:
        citizen = validate_citizen_id(card.id_number, today=today)
    except ValidationError as exc:
        raise InvalidIdentity(
            f"ID card: {exc.message_en} — {_CHECK_BY_HAND_EN}",
            f"身份证上的{exc.message_zh}，{_CHECK_BY_HAND_ZH}",
        ) from exc
    if citizen.upgraded_from is not None:  # a chip always holds 18 characters
        raise InvalidIdentity(
            f"the ID card holds a 15-digit number — {_CHECK_BY_HAND_EN}",
            f"身份证芯片中的号码为15位，{_CHECK_BY_HAND_ZH}",
        )
    if citizen.birth_date != card.birth_date or citizen.sex.value != card.sex:
        raise InvalidIdentity(
            f"the ID card's birth date or sex does not match its ID number — {_CHECK_BY_HAND_EN}",
            f"身份证上的出生日期或性别与公民身份号码不一致，{_CHECK_BY_HAND_ZH}",
        )
    today = today or date.today()
    extra = {"card_kind": card.kind.value, **card.extra}
    if card.valid_until is None:
        extra["validity"] = "long_term"  # 长期
    elif card.valid_until < today:
        extra["expired"] = "true"
    if any(unicodedata.category(ch) == "Co" for ch in card.name):
        # Rare characters (生僻字) coded in the public-security private-use table: they show
        # as boxes without the matching font, so the clerk should compare with the card.
        extra["name_private_use"] = "true"
    return IdentityPresented(
        source=IdentitySource.ID_CARD,
        id_number=citizen.number,
        name=card.name,
        sex=card.sex,
        ethnicity=card.ethnicity,
        birth_date=card.birth_date,
        address=card.address,
        valid_from=card.valid_from,
        valid_until=card.valid_until,
        issuer=card.issuer,
        photo=photo,
        extra=extra,
    )

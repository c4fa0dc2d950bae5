"""Card → IdentityPresented: the ID number must be a valid citizen ID that agrees with
the card, otherwise InvalidIdentity and no event."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from station_client.devices.errors import InvalidIdentity
from station_client.devices.events import IdentitySource
from station_client.devices.idcard.identity import identity_from_card
from station_client.devices.idcard.text import CardText, decode_text

from .emulator import Person, foreign_text_block, text_block

TODAY = date(2026, 11, 2)


def _card(**fields: Any) -> CardText:
    return decode_text(text_block(Person(**fields)))


def test_identity_carries_every_field_and_the_photo() -> None:
    photo = bytes(range(256)) * 4
    identity = identity_from_card(_card(), photo, today=TODAY)
    assert identity.source is IdentitySource.ID_CARD
    assert identity.id_number == "320115198503120110"
    assert (identity.name, identity.sex, identity.ethnicity) == ("张三", "1", "01")
    assert identity.birth_date == date(1985, 3, 12)
    assert identity.valid_until == date(2035, 1, 1)
    assert identity.issuer == "南京市公安局江宁分局"
    assert identity.photo == photo
    assert identity.extra == {"card_kind": "resident"}


def test_lower_case_x_check_character_is_normalised() -> None:
    identity = identity_from_card(
        _card(id_number="11010519491231002x", birth="19491231", sex="2"), None, today=TODAY
    )
    assert identity.id_number == "11010519491231002X"


def test_wrong_check_character_is_invalid_identity() -> None:
    with pytest.raises(InvalidIdentity) as exc:
        identity_from_card(_card(id_number="320115198503120111"), None, today=TODAY)
    assert "check character" in exc.value.message_en
    assert exc.value.message_zh.startswith("身份证上的公民身份号码校验位错误")
    assert "人工核验" in exc.value.message_zh


def test_birth_date_disagreeing_with_the_number_is_invalid_identity() -> None:
    with pytest.raises(InvalidIdentity, match="does not match"):
        identity_from_card(_card(birth="19850313"), None, today=TODAY)
    with pytest.raises(InvalidIdentity, match="does not match"):
        identity_from_card(_card(sex="2"), None, today=TODAY)


def test_foreign_permanent_resident_card_is_refused_with_its_own_message() -> None:
    card = decode_text(foreign_text_block("SMITH, JOHN", "USA110080010112", "USA", "约翰"))
    with pytest.raises(InvalidIdentity) as exc:
        identity_from_card(card, None, today=TODAY)
    assert "外国人永久居留身份证" in exc.value.message_zh


def test_long_term_expired_and_rare_character_flags() -> None:
    long_term = identity_from_card(_card(valid_until="长期"), None, today=TODAY)
    assert long_term.valid_until is None
    assert long_term.extra["validity"] == "long_term"
    expired = identity_from_card(_card(valid_until="20251231"), None, today=TODAY)
    assert expired.extra["expired"] == "true"
    rare = identity_from_card(replace(_card(), name="张\ue3c1"), None, today=TODAY)
    assert rare.extra["name_private_use"] == "true"

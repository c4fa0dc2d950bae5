"""The 256-byte UCS-2 text block: every field of real cards, rare characters, long
addresses, 长期 validity, the other card kinds, and undecodable data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from station_client.devices.errors import BadResponse
from station_client.devices.idcard.simulator import sample_cards
from station_client.devices.idcard.text import (
    ETHNICITY_CODES,
    CardKind,
    decode_text,
    encode_text,
)

from .emulator import Person, _ucs2, foreign_text_block, text_block

ROOT = Path(__file__).resolve().parents[3]


def test_resident_card_fields() -> None:
    card = decode_text(text_block(Person()))
    assert card.kind is CardKind.RESIDENT
    assert card.name == "张三"
    assert card.sex == "1"
    assert card.ethnicity == "01"
    assert card.birth_date == date(1985, 3, 12)
    assert card.address == "江苏省南京市江宁区东山街道竹山路1号"
    assert card.id_number == "320115198503120110"
    assert card.issuer == "南京市公安局江宁分局"
    assert card.valid_from == date(2015, 1, 1)
    assert card.valid_until == date(2035, 1, 1)


def test_rare_characters_and_a_full_length_address_survive() -> None:
    address = "新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县孙扎齐牛录乡二村七组"
    assert len(address) == 35  # the whole 70-byte field
    name = "李䶮\ue000龘"  # CJK Ext-A, a private-use rare character, 龘
    card = decode_text(text_block(Person(name=name, address=address)))
    assert card.name == name
    assert card.address == address


def test_fifteen_character_name_fills_the_field() -> None:
    name = "买买提江·阿卜杜热合曼·艾力克"
    assert len(name) == 15
    assert decode_text(text_block(Person(name=name))).name == name


def test_long_term_validity_has_no_end_date() -> None:
    card = decode_text(text_block(Person(valid_until="长期")))
    assert card.valid_until is None


def test_hong_kong_macao_taiwan_residence_permit() -> None:
    block = bytearray(text_block(Person(id_number="810000199408230208", ethnicity="")))
    block[220:256] = (
        _ucs2("H60412345", 18) + _ucs2("01", 4) + _ucs2("", 6) + _ucs2("J", 2) + (_ucs2("", 6))
    )
    card = decode_text(bytes(block))
    assert card.kind is CardKind.GAT_RESIDENCE_PERMIT
    assert card.ethnicity is None
    assert card.extra == {"pass_number": "H60412345", "issue_count": "01"}


def test_foreign_permanent_resident_card_is_recognised() -> None:
    card = decode_text(foreign_text_block("SMITH, JOHN", "USA110080010112", "USA", "约翰"))
    assert card.kind is CardKind.FOREIGN_PERMANENT_RESIDENT
    assert card.name == "约翰"
    assert card.id_number == "USA110080010112"
    assert card.extra["english_name"] == "SMITH, JOHN"
    assert card.extra["nationality"] == "USA"


@pytest.mark.parametrize(
    ("person", "what"),
    [
        (Person(birth="19851332"), "birth date"),
        (Person(birth="1985031"), "birth date"),
        (Person(valid_from="2015-1-1"), "validity"),
        (Person(valid_until="永久"), "validity"),
        (Person(sex="男"), "sex"),
        (Person(sex="0"), "sex"),
        (Person(ethnicity="57"), "ethnicity"),
        (Person(name="张\x07三"), "name"),
    ],
)
def test_impossible_fields_are_bad_response(person: Person, what: str) -> None:
    with pytest.raises(BadResponse) as exc:
        decode_text(text_block(person))
    assert what in exc.value.message_en
    assert "手工录入" in exc.value.message_zh


def test_lone_surrogate_is_not_ucs2() -> None:
    block = bytearray(text_block(Person()))
    block[0:2] = (0xD800).to_bytes(2, "little")
    with pytest.raises(BadResponse, match="name could not be decoded"):
        decode_text(bytes(block))


def test_wrong_block_size_is_bad_response() -> None:
    with pytest.raises(BadResponse):
        decode_text(text_block(Person())[:-2])


def test_ethnicity_codes_match_the_reference_table() -> None:
    table = json.loads((ROOT / "resources/reference/codes/ethnicity.json").read_text("utf-8"))
    assert {e["code"] for e in table["entries"]} == set(ETHNICITY_CODES)


def test_encoder_writes_what_an_independent_encoder_writes() -> None:
    for card in sample_cards():
        person = Person(
            name=card.name,
            sex=card.sex,
            ethnicity=card.ethnicity or "",
            birth=f"{card.birth_date:%Y%m%d}",
            address=card.address or "",
            id_number=card.id_number,
            issuer=card.issuer or "",
            valid_from=f"{card.valid_from:%Y%m%d}",
            valid_until="长期" if card.valid_until is None else f"{card.valid_until:%Y%m%d}",
        )
        assert encode_text(card) == text_block(person)
        assert decode_text(encode_text(card)) == card


def test_whatever_is_in_the_reserved_area_is_ignored() -> None:
    block = bytearray(text_block(Person()))
    block[220:256] = bytes(range(36))  # vendor noise, including NUL and controls
    assert decode_text(bytes(block)).name == "张三"

"""Reading cards through the real stack: pyscard → libpcsclite → pcscd → vpcd → card."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_client.devices import (
    BadResponse,
    CardNeedsAuthentication,
    CardRemoved,
    DeviceError,
    DeviceUnavailable,
    IdentitySource,
    InvalidIdentity,
    NoCard,
)
from station_client.devices.sscard.apdu import SW_MODE_UNSUPPORTED
from station_client.devices.sscard.reader import PcscCardReader, list_readers

from .cards import ABDU, LONG_NAME, YAN, ZHANG, Issue, Person, ef05, ef06
from .conftest import InsertCard
from .pcscd import READER, PrivatePcscd
from .vicc import SsseCard

SELECT_SSSE = bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")
READ_ALL = bytes.fromhex("00B2010500")


def card(person: Person, version: str = "2.00", **behaviour: Any) -> SsseCard:
    return SsseCard(ef05(Issue(version=version)), ef06(person, version), **behaviour)


def test_reads_a_1_0_card_with_every_field(card_slot: InsertCard) -> None:
    card_slot(card(ZHANG, "1.00"))
    identity = PcscCardReader(READER).read()
    assert identity.source is IdentitySource.SOCIAL_SECURITY_CARD
    assert identity.id_number == "11010519491231002X"
    assert identity.name == "张堃"
    assert (identity.sex, identity.ethnicity) == ("2", "01")
    assert identity.birth_date == date(1949, 12, 31)
    assert identity.card_number == "A01234567"
    assert (identity.valid_from, identity.valid_until) == (date(2019, 6, 1), date(2029, 6, 1))
    assert identity.issuer == "110100000000"
    assert identity.extra == {
        "card_identification_code": "110105D15600000599110145FFFFFFFF",
        "card_type": "1",
        "spec_version": "1.00",
        "birthplace": "110105",
    }


def test_reads_a_2_0_card_and_appends_the_name_extension(card_slot: InsertCard) -> None:
    card_slot(card(ABDU, "2.00"))
    identity = PcscCardReader(READER).read()
    assert identity.name == LONG_NAME
    assert (identity.id_number, identity.sex, identity.ethnicity) == (
        "650102199007210319",
        "1",
        "05",
    )
    assert identity.extra["spec_version"] == "2.00"


def test_reads_a_3_0_card_with_characters_outside_gbk(card_slot: InsertCard) -> None:
    card_slot(card(YAN, "3.00"))
    identity = PcscCardReader(READER).read()
    assert identity.name == "𠮷䶮"
    assert identity.birth_date == date(1992, 2, 2)
    assert identity.extra["spec_version"] == "3.00"


def test_a_t1_card_is_read_in_five_apdus_and_never_asked_for_a_pin(
    card_slot: InsertCard,
) -> None:
    virtual = card_slot(card(ZHANG))
    PcscCardReader(READER).read()
    assert virtual.apdus == [
        SELECT_SSSE,
        bytes.fromhex("00A4020002EF05"),
        READ_ALL,
        bytes.fromhex("00A4020002EF06"),
        READ_ALL,
    ]


def test_t0_61xx_is_followed_by_get_response(card_slot: InsertCard) -> None:
    virtual = card_slot(card(ABDU, "2.00", style="t0-61"))
    assert PcscCardReader(READER).read().name == LONG_NAME
    ef06_length = sum(len(r) for r in ef06(ABDU, "2.00"))
    assert bytes([0x00, 0xC0, 0x00, 0x00, ef06_length]) in virtual.apdus
    assert len(virtual.apdus) <= 12


def test_t0_6cxx_resends_with_the_length_the_card_gave(card_slot: InsertCard) -> None:
    virtual = card_slot(card(ZHANG, "1.00", style="t0-6c"))
    assert PcscCardReader(READER).read().id_number == "11010519491231002X"
    ef05_length = sum(len(r) for r in ef05(Issue(version="1.00")))
    assert READ_ALL in virtual.apdus
    assert bytes([0x00, 0xB2, 0x01, 0x05, ef05_length]) in virtual.apdus
    assert len(virtual.apdus) <= 12


def test_a_card_without_read_all_is_read_item_by_item(card_slot: InsertCard) -> None:
    virtual = card_slot(card(ABDU, "3.00", read_all_supported=False, style="t0-6c"))
    assert PcscCardReader(READER).read().name == LONG_NAME
    assert bytes([0x00, 0xB2, 0x4E, 0x00, 22]) in virtual.apdus  # name extension by tag


def test_6982_on_a_3_0_card_asks_for_psam_authentication(card_slot: InsertCard) -> None:
    card_slot(card(YAN, "3.00", needs_psam=True))
    with pytest.raises(CardNeedsAuthentication) as caught:
        PcscCardReader(READER).read()
    assert "PSAM" in caught.value.message_zh


def test_card_pulled_out_mid_read_is_card_removed(card_slot: InsertCard) -> None:
    virtual = card_slot(card(ZHANG, vanish_at=4))  # gone instead of answering EF06
    with pytest.raises(CardRemoved) as caught:
        PcscCardReader(READER).read()
    assert "重新插卡" in caught.value.message_zh
    assert len(virtual.apdus) == 5


def test_empty_reader_is_no_card(pcscd: PrivatePcscd) -> None:
    with pytest.raises(NoCard) as caught:
        PcscCardReader(READER).read()
    assert "插入社保卡" in caught.value.message_zh


def test_wrong_card_says_it_is_not_a_social_security_card(card_slot: InsertCard) -> None:
    card_slot(card(ZHANG, override=lambda a: b"\x6a\x82" if a == SELECT_SSSE else None))
    with pytest.raises(BadResponse) as caught:
        PcscCardReader(READER).read()
    assert "没有社会保障应用" in caught.value.message_zh


def test_invalid_social_security_number_is_invalid_identity(card_slot: InsertCard) -> None:
    wrong_check = Person(**{**ZHANG.__dict__, "ssn": "110105194912310021"})
    card_slot(card(wrong_check))
    with pytest.raises(InvalidIdentity) as caught:
        PcscCardReader(READER).read()
    assert "校验位" in caught.value.message_zh


def test_unplugged_reader_is_device_unavailable(own_pcscd: PrivatePcscd) -> None:
    own_pcscd.start(with_reader=False)  # pcscd up, the reader gone
    own_pcscd.wait_reader(present=False)
    with pytest.raises(DeviceUnavailable) as caught:
        PcscCardReader(READER).read()
    assert READER in caught.value.message_en and "未连接" in caught.value.message_zh
    with pytest.raises(DeviceUnavailable, match="no smart-card reader"):
        PcscCardReader().read()


def test_pcscd_not_running_is_device_unavailable(own_pcscd: PrivatePcscd) -> None:
    own_pcscd.stop()
    for attempt in (lambda: PcscCardReader(READER).read(), list_readers):
        with pytest.raises(DeviceUnavailable) as caught:
            attempt()
        assert "pcscd" in caught.value.message_en and "pcscd" in caught.value.message_zh


def test_default_reader_is_the_first_one_listed(card_slot: InsertCard) -> None:
    card_slot(card(ZHANG))
    assert list_readers()[0] == READER
    assert PcscCardReader().read().name == "张堃"


class EF06Answer:
    """Answers READ RECORD of EF06 with whatever the current example says."""

    def __init__(self) -> None:
        self.answer = b""
        self.card = card(ZHANG, override=self)

    def __call__(self, apdu: bytes) -> bytes | None:
        reading_ef06 = self.card._current is self.card.ef06
        return self.answer if apdu == READ_ALL and reading_ef06 else None


@pytest.fixture
def ef06_answer(card_slot: InsertCard) -> EF06Answer:
    answer = EF06Answer()
    card_slot(answer.card)
    return answer


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.binary(max_size=120),
    sw=st.one_of(st.just(b"\x90\x00"), st.binary(min_size=2, max_size=2)),
)
def test_malformed_answers_through_pcscd_are_device_errors(
    ef06_answer: EF06Answer, data: bytes, sw: bytes
) -> None:
    ef06_answer.answer = data + sw
    try:
        identity = PcscCardReader(READER).read()
    except DeviceError as exc:
        assert sw != b"\x90\x00" or isinstance(exc, BadResponse)
        assert exc.message_zh and exc.message_en
    else:  # 6Cxx/61xx, or "no P2=05" (item-by-item fallback) lead back to the real data
        back_to_card = sw[0] in (0x61, 0x6C) or int.from_bytes(sw, "big") in SW_MODE_UNSUPPORTED
        assert back_to_card and identity.id_number == ZHANG.ssn

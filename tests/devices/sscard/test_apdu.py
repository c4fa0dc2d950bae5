"""Command APDUs, status words and the T=0 procedure bytes, on scripted answers."""

from __future__ import annotations

import pytest

from station_client.devices import BadResponse, CardNeedsAuthentication
from station_client.devices.sscard import apdu
from station_client.devices.sscard.session import read_card_files

from .cards import ZHANG, Issue, ef05, ef06
from .scripted import ScriptedCard, ok


def test_commands_are_the_documented_bytes() -> None:
    assert apdu.select_ssse().to_bytes().hex().upper() == (
        "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"
    )
    assert apdu.select_ef(apdu.EF06).to_bytes() == bytes.fromhex("00A4020002EF06")
    assert apdu.read_all_records("x").to_bytes() == bytes.fromhex("00B2010500")
    # Le counts the tag and length bytes too (2 + 30).
    assert apdu.read_record_by_identifier(0x09, 30, "x").to_bytes() == bytes.fromhex("00B2090020")
    assert apdu.get_response(0x5B).to_bytes() == bytes.fromhex("00C000005B")


def test_61xx_is_fetched_with_get_response_even_in_pieces() -> None:
    card = ScriptedCard([b"\x61\x05", b"ABC\x61\x02", ok(b"DE")])
    assert apdu.exchange(card, apdu.read_all_records("READ")) == b"ABCDE"
    assert card.sent[1:] == [bytes.fromhex("00C0000005"), bytes.fromhex("00C0000002")]


def test_6cxx_resends_the_command_with_the_le_the_card_gave() -> None:
    card = ScriptedCard([b"\x6c\x40", ok(b"x" * 0x40)])
    assert apdu.exchange(card, apdu.read_all_records("READ")) == b"x" * 0x40
    assert card.sent == [bytes.fromhex("00B2010500"), bytes.fromhex("00B2010540")]


def test_6cxx_then_61xx_is_followed_too() -> None:
    card = ScriptedCard([b"\x6c\x03", b"\x61\x03", ok(b"abc")])
    assert apdu.exchange(card, apdu.read_all_records("READ")) == b"abc"


def test_select_answered_61xx_succeeds_without_fetching_the_fci() -> None:
    card = ScriptedCard([b"\x61\x1c"])
    assert apdu.exchange(card, apdu.select_ssse()) == b""
    assert len(card.sent) == 1


def test_a_card_that_keeps_asking_for_get_response_is_refused() -> None:
    card = ScriptedCard([b"\x61\x01", b"a\x61\x01", b"b\x61\x01", b"c\x61\x01"])
    with pytest.raises(BadResponse, match="GET RESPONSE"):
        apdu.exchange(card, apdu.read_all_records("READ RECORD EF06"))
    assert len(card.sent) == 1 + apdu.MAX_GET_RESPONSES


def test_a_second_6cxx_is_an_error_not_a_loop() -> None:
    card = ScriptedCard([b"\x6c\x10", b"\x6c\x11"])
    with pytest.raises(BadResponse, match="6C11"):
        apdu.exchange(card, apdu.read_all_records("READ RECORD EF05"))


@pytest.mark.parametrize("answer", [b"", b"\x90"])
def test_an_answer_shorter_than_a_status_word_is_bad(answer: bytes) -> None:
    with pytest.raises(BadResponse, match="incomplete"):
        apdu.exchange(ScriptedCard([answer]), apdu.select_ssse())


def test_6982_is_card_needs_authentication() -> None:
    with pytest.raises(CardNeedsAuthentication) as caught:
        apdu.exchange(ScriptedCard([b"\x69\x82"]), apdu.read_all_records("READ RECORD EF06"))
    assert "PSAM" in caught.value.message_en


def test_unknown_status_word_names_the_command_and_the_code() -> None:
    with pytest.raises(BadResponse) as caught:
        apdu.exchange(ScriptedCard([b"\x6f\x00"]), apdu.read_all_records("READ RECORD EF05"))
    assert "6F00" in caught.value.message_en and "READ RECORD EF05" in caught.value.message_zh


def test_full_read_on_t0_stays_within_eleven_apdus() -> None:
    """Worst case allowed per command: a re-send and two GET RESPONSEs."""
    ef05_data, ef06_data = b"".join(ef05(Issue())), b"".join(ef06(ZHANG, "2.00"))

    def worst(data: bytes) -> list[bytes]:
        half = len(data) // 2
        return [
            bytes([0x6C, len(data)]),
            bytes([0x61, half]),
            data[:half] + bytes([0x61, len(data) - half]),
            ok(data[half:]),
        ]

    card = ScriptedCard(
        [b"\x61\x10", b"\x61\x10", *worst(ef05_data), b"\x61\x10", *worst(ef06_data)]
    )
    files = read_card_files(card)
    assert (files.ef05, files.ef06) == (ef05_data, ef06_data)
    assert len(card.sent) == 11
    assert all(a[1] != 0x20 for a in card.sent)  # never a VERIFY

"""Malformed answers, thousands of them, on the pure layer: they give BadResponse (or
another DeviceError the protocol defines) or a valid parse — never another exception."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_client.devices import BadResponse, DeviceError, IdentityPresented
from station_client.devices.sscard.layout import (
    HolderData,
    IssuerData,
    decode_ef05,
    decode_ef06,
    encode_ef05,
    encode_ef06,
)
from station_client.devices.sscard.session import CardFiles, identity_from_files, read_identity

from .cards import ABDU, ZHANG, Issue, ef05, ef06, tlv
from .scripted import ok

MANY = settings(max_examples=2000, deadline=None)
SOME = settings(max_examples=1000, deadline=None)

GOOD_EF05 = b"".join(ef05(Issue()))
GOOD_EF06 = b"".join(ef06(ABDU, "2.00"))
TAGS = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x4E]

records = st.builds(
    lambda tag, value, lie: bytes([tag, (len(value) + lie) % 256]) + value,
    st.one_of(st.sampled_from(TAGS), st.integers(0, 255)),
    st.binary(max_size=34),
    st.sampled_from([0, 0, 0, 1, -1, 7]),
)
tlv_files = st.lists(records, max_size=9).map(b"".join)


def parses_or_bad_response(decode: object, data: bytes) -> None:
    try:
        decode(data)  # type: ignore[operator]
    except BadResponse as exc:
        assert exc.message_en and exc.message_zh


@MANY
@given(st.one_of(st.binary(max_size=200), tlv_files))
def test_ef05_garbage(data: bytes) -> None:
    parses_or_bad_response(decode_ef05, data)


@MANY
@given(st.one_of(st.binary(max_size=200), tlv_files), st.integers(1, 3))
def test_ef06_garbage(data: bytes, layout: int) -> None:
    parses_or_bad_response(lambda d: decode_ef06(d, layout), data)


@MANY
@given(st.sampled_from([GOOD_EF05, GOOD_EF06]), st.data())
def test_a_truncated_file_is_always_a_bad_response(good: bytes, data: st.DataObject) -> None:
    cut = data.draw(st.integers(1, len(good) - 1))
    decode = decode_ef05 if good is GOOD_EF05 else (lambda d: decode_ef06(d, 2))
    try:
        decode(good[:cut])
    except BadResponse:
        return
    raise AssertionError(f"truncated at {cut} and still parsed")


@MANY
@given(st.sampled_from(["ef05", "ef06"]), st.data())
def test_one_wrong_byte_parses_or_is_a_bad_response(which: str, data: st.DataObject) -> None:
    good = bytearray(GOOD_EF05 if which == "ef05" else GOOD_EF06)
    at = data.draw(st.integers(0, len(good) - 1))
    good[at] = data.draw(st.integers(0, 255))
    card = (
        CardFiles(bytes(good), GOOD_EF06) if which == "ef05" else CardFiles(GOOD_EF05, bytes(good))
    )
    try:
        identity_from_files(card)
    except DeviceError as exc:  # BadResponse, or InvalidIdentity for a changed ID digit
        assert exc.message_zh


@MANY
@given(st.binary(min_size=4, max_size=4))
def test_any_date_bytes_are_a_date_none_or_bad_response(value: bytes) -> None:
    records = [r if r[0] != 0x0D else tlv(0x0D, value) for r in ef06(ZHANG, "2.00")]
    digits, blank = value.hex(), value in (bytes(4), b"\xff" * 4)
    try:
        holder = decode_ef06(b"".join(records), 2)
    except BadResponse:
        assert not blank
        if digits.isdigit():  # BCD, but no such day
            with pytest.raises(ValueError):
                date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        return
    day = holder.birth_date
    assert (day is None) if blank else (day is not None and day == _ymd(digits))


def _ymd(digits: str) -> date:
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


@MANY
@given(st.binary(min_size=1, max_size=30))
def test_any_name_bytes_are_printable_text_or_bad_response(name: bytes) -> None:
    records = [r if r[0] != 0x09 else tlv(0x09, name) for r in ef06(ZHANG, "2.00")]
    try:
        holder = decode_ef06(b"".join(records), 2)
    except BadResponse:
        return
    assert holder.name.isprintable() and holder.name == holder.name.strip()


answers = st.one_of(
    st.binary(max_size=40),
    st.sampled_from(
        [
            ok(),
            ok(GOOD_EF05),
            ok(GOOD_EF06),
            ok(GOOD_EF06[:-3]),
            b"\x61\x10",
            b"\x61\x00",
            b"\x6c\x40",
            b"\x69\x82",
            b"\x6a\x82",
            b"\x6a\x86",
            b"\x6a\x83",
            b"\x6f\x00",
            b"\x62\x81",
        ]
    ),
    st.binary(max_size=30).map(ok),
)


class FuzzCard:
    def __init__(self, script: list[bytes]) -> None:
        self.script = script
        self.sent = 0

    def transmit(self, apdu: bytes) -> bytes:
        assert apdu[1] != 0x20, "VERIFY sent"
        self.sent += 1
        return self.script[(self.sent - 1) % len(self.script)]


@SOME
@given(st.lists(answers, min_size=1, max_size=14))
def test_any_conversation_ends_in_an_identity_or_a_device_error(script: list[bytes]) -> None:
    card = FuzzCard(script)
    try:
        identity = read_identity(card)
    except DeviceError as exc:
        assert exc.message_zh and exc.message_en
    else:
        assert isinstance(identity, IdentityPresented)
    assert card.sent <= 3 + 2 * 4 + 2 * 14  # bounded, even down the item-by-item path


gbk_text = st.text(st.characters(codec="gbk", categories=["Lo"]), min_size=1, max_size=15)


@SOME
@given(
    name=gbk_text,
    extension=st.text(st.characters(codec="gbk", categories=["Lo"]), max_size=10),
    layout=st.integers(1, 3),
    birth=st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    ethnicity=st.sampled_from(["01", "05", "56", "97", None]),
    number=st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=9),
)
def test_what_the_simulator_writes_reads_back_the_same(
    name: str, extension: str, layout: int, birth: date, ethnicity: str | None, number: str
) -> None:
    issuer = IssuerData(
        "330300D15600000599110145FFFFFFFF", "1", f"{layout}.00", layout, "330300000000",
        date(2020, 1, 2), None, number,
    )  # fmt: skip
    holder = HolderData(
        ZHANG.ssn, name, extension if layout > 1 else "", "2", ethnicity, "330302", birth
    )
    files = CardFiles(b"".join(encode_ef05(issuer)), b"".join(encode_ef06(holder, layout)))
    assert decode_ef05(files.ef05) == issuer
    assert decode_ef06(files.ef06, layout) == holder
    assert identity_from_files(files).name == name + holder.name_extension

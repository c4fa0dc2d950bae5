"""What a scanned code is: station labels (printed as real barcodes and read back), e-SSC
codes, ID numbers, text."""

from __future__ import annotations

# ruff: noqa: E402  (the zbar check comes before the imports that load zbar)
from .zbar import require_zbar

require_zbar()

import io
import string
from datetime import date

import barcode
import pytest
import segno
from barcode.writer import ImageWriter
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from station_client.devices.barcode.image import decode_image
from station_client.devices.barcode.payloads import (
    CHECK_ALPHABET,
    CitizenIdCode,
    EsscCode,
    PlainText,
    StationCode,
    StationCodeKind,
    classify,
    encode_station_code,
    parse_station_code,
)
from station_client.devices.errors import BadResponse
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id

FOLDER_ID = "2025-000123"
FORM_ID = "0192f6a4-7c3b-7d21-9e55-3a1f6c2b8d40"  # a record's UUIDv7

ids = st.text(alphabet=string.digits + string.ascii_uppercase + "-.", min_size=1, max_size=40)
kinds = st.sampled_from(list(StationCodeKind))


def code128_picture(text: str) -> Image.Image:
    out = io.BytesIO()
    barcode.get("code128", text, writer=ImageWriter()).write(out, options={"write_text": False})
    out.seek(0)
    return Image.open(out)


def qr_picture(text: str, **kw: object) -> Image.Image:
    out = io.BytesIO()
    segno.make(text, micro=False, **kw).save(out, kind="png", scale=4)  # type: ignore[arg-type]
    out.seek(0)
    return Image.open(out)


def test_folder_label_printed_as_code128_reads_back_as_that_folder() -> None:
    printed = encode_station_code(StationCodeKind.ARCHIVE_FOLDER, FOLDER_ID)
    [scan] = decode_image(code128_picture(printed))
    assert scan.symbology == "CODE128"
    assert classify(scan.text) == StationCode(StationCodeKind.ARCHIVE_FOLDER, FOLDER_ID)


def test_form_printed_as_qr_reads_back_as_that_form() -> None:
    printed = encode_station_code(StationCodeKind.FORM, FORM_ID)
    [scan] = decode_image(qr_picture(printed, error="m"))
    assert scan.symbology == "QRCODE"
    assert classify(scan.text) == StationCode(StationCodeKind.FORM, FORM_ID.upper())


def test_station_code_is_short_and_wedge_safe() -> None:
    printed = encode_station_code(StationCodeKind.ARCHIVE_FOLDER, FOLDER_ID)
    assert printed == "RS1|A|2025-000123|8"
    assert set(printed) <= set(string.digits + string.ascii_uppercase + "|-.")


def test_caps_lock_on_the_scanner_does_not_matter() -> None:
    printed = encode_station_code(StationCodeKind.FORM, FORM_ID)
    assert parse_station_code(printed.lower()) == parse_station_code(printed)


@settings(max_examples=3000, deadline=None)
@given(kinds, ids)
def test_every_station_code_round_trips(kind: StationCodeKind, record_id: str) -> None:
    assert parse_station_code(encode_station_code(kind, record_id)) == StationCode(kind, record_id)


@settings(max_examples=3000, deadline=None)
@given(kinds, ids, st.data())
def test_any_single_wrong_character_is_caught(
    kind: StationCodeKind, record_id: str, data: st.DataObject
) -> None:
    printed = encode_station_code(kind, record_id)
    # Positions after "RS1|": the kind, the id and the check character.
    position = data.draw(st.sampled_from([i for i, c in enumerate(printed) if i > 3 and c != "|"]))
    wrong = data.draw(st.sampled_from(CHECK_ALPHABET).filter(lambda c: c != printed[position]))
    damaged = printed[:position] + wrong + printed[position + 1 :]
    with pytest.raises(BadResponse):
        parse_station_code(damaged)


@settings(max_examples=3000, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_gives_a_clear_error(text: str) -> None:
    try:
        parse_station_code(text)
    except BadResponse as e:
        assert e.message_zh and e.message_en


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("RS1|A|2025-000123", "incompletely"),
        ("RS1|A|2025-000123|", "incompletely"),
        ("RS1|A|2025-000123|9", "check character"),
        ("RS1|A|2025_000123|8", "incompletely"),
        ("RS1|X|2025-000123|?", "check character"),  # "?": a wedge on the wrong layout
        ("RS1|AF|2025-000123|8", "incompletely"),
        ("RS2|A|2025-000123|8", "newer version"),
    ],
)
def test_damaged_station_codes_say_what_to_do(text: str, says: str) -> None:
    with pytest.raises(BadResponse) as error:
        classify(text)
    assert says in error.value.message_en
    assert "本站条码" in error.value.message_zh


def test_unknown_kind_with_a_good_check_character_is_a_newer_format() -> None:
    from stdnum import luhn

    check = luhn.calc_check_digit("Z123", alphabet=CHECK_ALPHABET)
    with pytest.raises(BadResponse, match="unknown kind"):
        parse_station_code(f"RS1|Z|123|{check}")


@pytest.mark.parametrize("bad_id", ["", " ", "a" * 41, "2025/0001", "张三", "A|B"])
def test_ids_that_cannot_be_printed_are_refused(bad_id: str) -> None:
    with pytest.raises(ValueError):
        encode_station_code(StationCodeKind.FORM, bad_id)


def test_a_valid_id_number_is_a_citizen_id() -> None:
    number = make_citizen_id("110105", date(1949, 12, 31), 0, Sex.FEMALE)
    payload = classify(f" {number.lower()}\n")
    assert isinstance(payload, CitizenIdCode)
    assert payload.citizen_id.number == number
    assert payload.citizen_id.birth_date == date(1949, 12, 31)


def test_an_id_number_with_a_wrong_check_character_is_plain_text() -> None:
    number = make_citizen_id("110105", date(1980, 1, 1), 5, Sex.MALE)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert classify(wrong) == PlainText(wrong)


def test_fifteen_digits_are_plain_text() -> None:
    assert classify("110105491231002") == PlainText("110105491231002")


def test_essc_token_is_passed_on_unchanged() -> None:
    token = "Qm9ndXNFU1NDdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZg_x-9"
    assert classify(token) == EsscCode(token)


def test_essc_prefixes_of_the_district_decide_when_configured() -> None:
    prefixed = "ESSC1:anything goes here"
    assert classify(prefixed, essc_prefixes=["ESSC1:"]) == EsscCode(prefixed)
    token = "Qm9ndXNFU1NDdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZg_x-9"
    assert classify(token, essc_prefixes=["ESSC1:"]) == PlainText(token)


@pytest.mark.parametrize(
    "text",
    [
        "6901234567892",  # EAN-13 on a product
        "https://si.12333.gov.cn/some/page?id=1234567890abcdef1234567890",
        "张三 北京市海淀区",
        "0123456789012345678901234567890123456789",  # digits only
        "RS232 cable",
    ],
)
def test_other_codes_are_plain_text(text: str) -> None:
    assert classify(text) == PlainText(text)

"""Unified social credit codes of employers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from station_client.rules import (
    CreditCode,
    ValidationError,
    is_valid_uscc,
    make_uscc,
    validate_uscc,
)
from station_client.rules.uscc import (
    MAX_USCC_SERIAL,
    is_valid_organisation_code,
    organisation_check_character,
)

SAMPLE = "91110000600037341L"  # stdnum's own documented valid example


def test_sample_is_valid_per_stdnum_and_here() -> None:
    assert stdnum_uscc.is_valid(SAMPLE)
    code = validate_uscc(SAMPLE)
    assert code == CreditCode(
        code=SAMPLE, registration_authority="9", organisation_type="1", division_code="110000"
    )
    assert code.organisation_code == "600037341"
    assert is_valid_organisation_code(code.organisation_code)


def test_lower_case_spaces_and_dashes_accepted() -> None:
    assert validate_uscc(" 91110000-600037341l ").code == SAMPLE
    assert validate_uscc("９１１１００００６０００３７３４１Ｌ").code == SAMPLE


def reason_of(value: str) -> str:
    with pytest.raises(ValidationError) as info:
        validate_uscc(value)
    assert info.value.field == "uscc"
    return info.value.reason


def test_wrong_check_character() -> None:
    with pytest.raises(ValidationError) as info:
        validate_uscc("91110000600037341M")
    assert info.value.reason == "check_character"
    assert "校验位错误" in info.value.message_zh
    assert "wrong check character" in info.value.message_en


@pytest.mark.parametrize("value", ["", "9111000060003734", "91110000600037341LL"])
def test_wrong_length(value: str) -> None:
    assert reason_of(value) == "length"


@pytest.mark.parametrize(
    "value",
    [
        "9111000060003734IL",  # I is excluded from the alphabet
        "911100006000373O1L",  # O as well
        "9111A000600037341L",  # division part must be digits
        "9111\u0663000600037341L",  # ... ASCII digits
        "91110000600037341Z",  # Z is not a check character
    ],
)
def test_wrong_characters(value: str) -> None:
    assert reason_of(value) == "format"


def test_letter_registration_authority_is_accepted() -> None:
    # Village collective economic organisations are registered by agriculture ("N").
    first17 = "N2110105MA0000000"
    code = first17 + stdnum_uscc.calc_check_digit(first17)
    assert validate_uscc(code).registration_authority == "N"


@pytest.mark.parametrize(
    ("body", "check"),
    [("60003734", "1"), ("D2143569", "X"), ("00000000", "0")],  # D2143569-X: GB 11714 example
)
def test_organisation_check_character(body: str, check: str) -> None:
    assert organisation_check_character(body) == check


def test_make_uscc_example() -> None:
    code = make_uscc("110105", 1)
    assert code.startswith("91110105000000019")
    assert stdnum_uscc.is_valid(code)


@given(
    division=st.sampled_from(["110105", "310115", "440305", "650102"]),
    serial=st.integers(min_value=0, max_value=MAX_USCC_SERIAL),
)
def test_make_uscc_is_valid(division: str, serial: int) -> None:
    code = make_uscc(division, serial)
    assert stdnum_uscc.is_valid(code)
    parsed = validate_uscc(code)
    assert (parsed.registration_authority, parsed.organisation_type) == ("9", "1")
    assert parsed.division_code == division
    assert is_valid_organisation_code(parsed.organisation_code)
    assert is_valid_uscc(code)


@given(st.integers(min_value=0, max_value=MAX_USCC_SERIAL - 1))
def test_make_uscc_distinct_serials(serial: int) -> None:
    assert make_uscc("110105", serial) != make_uscc("110105", serial + 1)


@pytest.mark.parametrize(("division", "serial"), [("1101", 0), ("110105", -1), ("110105", 10**8)])
def test_make_uscc_bad_input(division: str, serial: int) -> None:
    with pytest.raises(ValueError):
        make_uscc(division, serial)

"""Citizen ID numbers: what the clerk sees when typing or scanning a number."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from station_client.errors import StationError
from station_client.rules import (
    CitizenId,
    RuleError,
    Sex,
    ValidationError,
    is_valid_citizen_id,
    make_citizen_id,
    validate_citizen_id,
)

TODAY = date(2025, 6, 1)


def with_check(first17: str) -> str:
    """Complete 17 digits with the correct check character (independent oracle: stdnum)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def reason_of(value: str, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as info:
        validate_citizen_id(value, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == "citizen_id"
    return info.value.reason


class TestKnownNumbers:
    def test_public_sample_with_x_check_character(self) -> None:
        cid = validate_citizen_id("11010519491231002X", today=TODAY)
        assert cid == CitizenId(
            number="11010519491231002X",
            division_code="110105",
            birth_date=date(1949, 12, 31),
            sex=Sex.FEMALE,
            upgraded_from=None,
        )

    def test_public_sample_male(self) -> None:
        cid = validate_citizen_id("360426199101010071", today=TODAY)
        assert cid.sex is Sex.MALE
        assert cid.birth_date == date(1991, 1, 1)
        assert cid.division_code == "360426"

    def test_lower_case_x_and_spaces_are_accepted(self) -> None:
        cid = validate_citizen_id(" 110105 19491231 002x ", today=TODAY)
        assert cid.number == "11010519491231002X"

    def test_full_width_input_method_characters_are_accepted(self) -> None:
        assert validate_citizen_id("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == (
            "11010519491231002X"
        )

    def test_helper_agrees(self) -> None:
        assert is_valid_citizen_id("11010519491231002X")
        assert not is_valid_citizen_id("110105194912310021")


class TestRefusals:
    def test_wrong_check_character_names_field_and_reason(self) -> None:
        with pytest.raises(ValidationError) as info:
            validate_citizen_id("110105194912310021", today=TODAY)
        err = info.value
        assert err.reason == "check_character"
        assert err.message_zh == "公民身份号码校验位错误"
        assert err.message_en == "citizen ID number: wrong check character"
        assert str(err) == (
            "citizen_id: citizen ID number: wrong check character / 公民身份号码校验位错误"
        )
        assert isinstance(err, RuleError)
        assert isinstance(err, StationError)

    def test_february_30th(self) -> None:
        assert reason_of(with_check("11010519900230001")) == "birth_date"

    def test_february_29th_only_in_leap_years(self) -> None:
        assert reason_of(with_check("11010520010229001")) == "birth_date"
        born = validate_citizen_id(with_check("11010520000229001"), today=TODAY).birth_date
        assert born == date(2000, 2, 29)

    def test_birth_in_the_future(self) -> None:
        number = with_check("11010520250602001")
        assert reason_of(number) == "birth_date"
        assert validate_citizen_id(number, today=date(2025, 6, 2)).birth_date == date(2025, 6, 2)

    def test_birth_before_1900(self) -> None:
        assert reason_of(with_check("11010518991231001")) == "birth_date"

    @pytest.mark.parametrize("province", ["99", "00", "10", "16", "72", "84"])
    def test_unknown_province(self, province: str) -> None:
        number = with_check(f"{province}010519491231002")
        with pytest.raises(ValidationError) as info:
            validate_citizen_id(number, today=TODAY)
        assert info.value.reason == "division"
        assert province in info.value.message_zh

    def test_taiwan_resident_permit_prefix_is_accepted(self) -> None:
        assert validate_citizen_id(with_check("83000019800101001"), today=TODAY)

    @pytest.mark.parametrize(
        "value", ["", "1101051949123100", "11010519491231002", "11010519491231002X1"]
    )
    def test_wrong_length(self, value: str) -> None:
        assert reason_of(value) == "length"

    @pytest.mark.parametrize(
        "value",
        [
            "11010519491231A02X",
            "X10105194912310021",
            "1101051949123100X2",
            "1101051949123100２\u0663",  # Arabic-Indic 3 is a digit, but not ours
        ],
    )
    def test_wrong_characters(self, value: str) -> None:
        assert reason_of(value) == "format"


class TestKnownPrefixes:
    PREFIXES = frozenset({"1101", "440305"})

    def test_city_match_accepts_any_county_including_merged_ones(self) -> None:
        # 110103 was Chongwen district, merged into Dongcheng in 2010: still a valid number.
        number = with_check("11010319700101001")
        cid = validate_citizen_id(number, today=TODAY, known_prefixes=self.PREFIXES)
        assert cid.division_code == "110103"

    def test_county_match(self) -> None:
        number = with_check("44030519800101001")
        assert validate_citizen_id(number, today=TODAY, known_prefixes=self.PREFIXES)

    def test_neither_city_nor_county_known(self) -> None:
        number = with_check("44030619800101001")
        assert reason_of(number, known_prefixes=self.PREFIXES) == "division"
        # Without a list, only the province is checked.
        assert validate_citizen_id(number, today=TODAY).division_code == "440306"


class TestLegacy15Digits:
    def test_upgrade(self) -> None:
        cid = validate_citizen_id("110105491231002", today=TODAY)
        assert cid.number == "11010519491231002X"
        assert cid.upgraded_from == "110105491231002"
        assert cid.birth_date == date(1949, 12, 31)
        assert cid.sex is Sex.FEMALE

    def test_odd_last_digit_is_male(self) -> None:
        assert validate_citizen_id("360426910101007", today=TODAY).sex is Sex.MALE

    def test_impossible_date(self) -> None:
        assert reason_of("110105490230002") == "birth_date"

    def test_letters(self) -> None:
        assert reason_of("11010549123100X") == "format"

    def test_unknown_province(self) -> None:
        assert reason_of("990105491231002") == "division"


class TestAge:
    def test_age_changes_on_birthday(self) -> None:
        cid = validate_citizen_id("11010519491231002X", today=TODAY)
        assert cid.age_on(date(2025, 12, 30)) == 75
        assert cid.age_on(date(2025, 12, 31)) == 76

    def test_leap_day_birthday_counts_on_28_february_in_common_years(self) -> None:
        cid = validate_citizen_id(with_check("11010520080229001"), today=TODAY)
        assert cid.age_on(date(2024, 2, 28)) == 15
        assert cid.age_on(date(2024, 2, 29)) == 16
        assert cid.age_on(date(2025, 2, 27)) == 16
        assert cid.age_on(date(2025, 2, 28)) == 17


REAL_DIVISIONS = ["110105", "110103", "310115", "440305", "510107", "650102", "810000"]


class TestMakeCitizenId:
    def test_example(self) -> None:
        number = make_citizen_id("110105", date(1949, 12, 31), 0, Sex.FEMALE)
        assert number == "11010519491231000" + ric.calc_check_digit(number)
        assert ric.is_valid(number)

    @given(
        division=st.sampled_from(REAL_DIVISIONS),
        born=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
        serial=st.integers(min_value=0, max_value=499),
        sex=st.sampled_from(Sex),
    )
    def test_round_trip(self, division: str, born: date, serial: int, sex: Sex) -> None:
        number = make_citizen_id(division, born, serial, sex)
        assert ric.calc_check_digit(number) == number[-1]
        cid = validate_citizen_id(number, today=TODAY)
        assert (cid.division_code, cid.birth_date, cid.sex) == (division, born, sex)

    def test_serials_0_to_99_give_digits_15_16(self) -> None:
        number = make_citizen_id("110105", date(1980, 5, 6), 42, Sex.MALE)
        assert number[14:16] == "42"

    def test_distinct_serials_and_sexes_give_distinct_numbers(self) -> None:
        born = date(1980, 5, 6)
        numbers = {make_citizen_id("110105", born, s, sex) for s in range(500) for sex in Sex}
        assert len(numbers) == 1000

    @pytest.mark.parametrize(
        ("division", "serial"), [("11010", 0), ("11010a", 0), ("110105", -1), ("110105", 500)]
    )
    def test_bad_input(self, division: str, serial: int) -> None:
        with pytest.raises(ValueError):
            make_citizen_id(division, date(1980, 1, 1), serial, Sex.MALE)

    def test_unknown_province_is_refused(self) -> None:
        with pytest.raises(ValueError, match="province"):
            make_citizen_id("990105", date(1980, 1, 1), 1, Sex.MALE)

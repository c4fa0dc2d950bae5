"""Unemployment registration: retirement age under the 2025 reform, eligibility."""

from datetime import date

import pytest

from station_client.rules import (
    Sex,
    is_long_term_unemployed,
    statutory_retirement_date,
    unemployment_registration_eligibility,
)
from station_client.rules.unemployment import statutory_retirement_age_months


def years_months(years: int, months: int = 0) -> int:
    return years * 12 + months


@pytest.mark.parametrize(
    ("born", "sex", "cadre", "age"),
    [
        # Men: 60, +1 month per 4-month birth window from January 1965, 63 at most.
        (date(1964, 12, 31), Sex.MALE, False, years_months(60)),
        (date(1965, 1, 1), Sex.MALE, False, years_months(60, 1)),
        (date(1965, 4, 30), Sex.MALE, False, years_months(60, 1)),
        (date(1965, 5, 1), Sex.MALE, False, years_months(60, 2)),
        (date(1971, 1, 15), Sex.MALE, False, years_months(61, 7)),
        (date(1976, 8, 31), Sex.MALE, False, years_months(62, 11)),
        (date(1976, 9, 1), Sex.MALE, False, years_months(63)),
        (date(1995, 6, 1), Sex.MALE, False, years_months(63)),
        (date(1965, 1, 1), Sex.MALE, True, years_months(60, 1)),  # cadre flag: women only
        # Women with original age 55 (cadres): from January 1970, 58 at most.
        (date(1969, 12, 31), Sex.FEMALE, True, years_months(55)),
        (date(1970, 1, 1), Sex.FEMALE, True, years_months(55, 1)),
        (date(1981, 8, 31), Sex.FEMALE, True, years_months(57, 11)),
        (date(1981, 9, 1), Sex.FEMALE, True, years_months(58)),
        # Women with original age 50 (workers): +1 month per 2 months from January 1975, 55 max.
        (date(1974, 12, 31), Sex.FEMALE, False, years_months(50)),
        (date(1975, 1, 15), Sex.FEMALE, False, years_months(50, 1)),
        (date(1975, 2, 28), Sex.FEMALE, False, years_months(50, 1)),
        (date(1975, 3, 1), Sex.FEMALE, False, years_months(50, 2)),
        (date(1984, 10, 31), Sex.FEMALE, False, years_months(54, 11)),
        (date(1984, 11, 1), Sex.FEMALE, False, years_months(55)),
    ],
)
def test_retirement_age_schedule(born: date, sex: Sex, cadre: bool, age: int) -> None:
    assert statutory_retirement_age_months(born, sex, female_cadre=cadre) == age


@pytest.mark.parametrize(
    ("born", "sex", "cadre", "retires"),
    [
        (date(1965, 1, 10), Sex.MALE, False, date(2025, 2, 10)),
        (date(1971, 1, 15), Sex.MALE, False, date(2032, 8, 15)),
        (date(1976, 9, 1), Sex.MALE, False, date(2039, 9, 1)),
        (date(1965, 1, 31), Sex.MALE, False, date(2025, 2, 28)),  # clamped to month end
        (date(1975, 1, 15), Sex.FEMALE, False, date(2025, 2, 15)),
        (date(1975, 1, 15), Sex.FEMALE, True, date(2031, 5, 15)),  # 55y + 16 months
        (date(1960, 3, 1), Sex.MALE, False, date(2020, 3, 1)),  # before the reform
    ],
)
def test_retirement_date(born: date, sex: Sex, cadre: bool, retires: date) -> None:
    assert statutory_retirement_date(born, sex, female_cadre=cadre) == retires


def check(**overrides: object) -> tuple[bool, list[str]]:
    person: dict[str, object] = {
        "birth_date": date(1990, 5, 1),
        "sex": Sex.MALE,
        "on": date(2025, 6, 1),
        "currently_employed": False,
        "in_full_time_education": False,
        "receiving_pension": False,
        "already_registered": False,
    }
    person.update(overrides)
    result = unemployment_registration_eligibility(**person)  # type: ignore[arg-type]
    for refusal in result.reasons:
        assert refusal.message_zh
        assert refusal.message_en
    return result.eligible, [r.code for r in result.reasons]


def test_ordinary_job_seeker_is_eligible() -> None:
    assert check() == (True, [])


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"currently_employed": True}, "employed"),
        ({"in_full_time_education": True}, "full_time_education"),
        ({"receiving_pension": True}, "receiving_pension"),
        ({"already_registered": True}, "already_registered"),
        ({"wishes_to_work": False}, "no_wish_to_work"),
        ({"birth_date": date(2009, 6, 2)}, "under_age"),
        ({"birth_date": date(1960, 1, 1)}, "retirement_age"),
    ],
)
def test_each_refusal(overrides: dict[str, object], code: str) -> None:
    assert check(**overrides) == (False, [code])


def test_sixteenth_birthday_is_old_enough() -> None:
    assert check(birth_date=date(2009, 6, 1)) == (True, [])


def test_man_born_january_1965_still_eligible_after_turning_60() -> None:
    # Under the old rule he would have retired on 10 Jan 2025; now on 10 Feb 2025.
    born = date(1965, 1, 10)
    assert check(birth_date=born, on=date(2025, 2, 9)) == (True, [])
    assert check(birth_date=born, on=date(2025, 2, 10)) == (False, ["retirement_age"])


def test_female_cadre_keeps_working_age_longer() -> None:
    born = date(1975, 1, 15)
    on = date(2025, 3, 1)
    assert check(birth_date=born, sex=Sex.FEMALE, on=on) == (False, ["retirement_age"])
    assert check(birth_date=born, sex=Sex.FEMALE, on=on, female_cadre=True) == (True, [])


def test_retirement_refusal_tells_the_date() -> None:
    result = unemployment_registration_eligibility(
        birth_date=date(1965, 1, 10),
        sex=Sex.MALE,
        on=date(2025, 3, 1),
        currently_employed=False,
        in_full_time_education=False,
        receiving_pension=False,
        already_registered=False,
    )
    assert "2025-02-10" in result.reasons[0].message_zh
    assert "2025-02-10" in result.reasons[0].message_en


def test_all_failing_reasons_are_listed() -> None:
    eligible, codes = check(
        birth_date=date(2010, 1, 1),
        currently_employed=True,
        in_full_time_education=True,
        already_registered=True,
        wishes_to_work=False,
    )
    assert not eligible
    assert codes == [
        "under_age",
        "employed",
        "full_time_education",
        "already_registered",
        "no_wish_to_work",
    ]


@pytest.mark.parametrize(
    ("registered", "on", "long_term"),
    [
        (date(2025, 1, 15), date(2025, 7, 15), False),  # exactly 6 months
        (date(2025, 1, 15), date(2025, 7, 16), True),
        (date(2025, 8, 31), date(2026, 2, 28), False),  # no 31 Feb: 6 months end on 28 Feb
        (date(2025, 8, 31), date(2026, 3, 1), True),
        (date(2025, 1, 15), date(2025, 1, 15), False),
    ],
)
def test_long_term_unemployed(registered: date, on: date, long_term: bool) -> None:
    assert is_long_term_unemployed(registered, on) is long_term


def test_long_term_threshold_is_a_parameter() -> None:
    assert not is_long_term_unemployed(date(2025, 1, 15), date(2025, 12, 1), months=12)
    assert is_long_term_unemployed(date(2025, 1, 15), date(2026, 1, 16), months=12)

"""Unemployment registration (失业登记): who may register, and long-term unemployment.

A person may register when of working age (16 up to the statutory retirement age),
able and wishing to work, and not working, studying full time or drawing a pension.

Statutory retirement age (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》,
in force 2025-01-01): the age rises by one month per birth window, starting with people
born in January 1965 (men, 60 → 63, one month every 4 months), January 1970 (women with
original age 55 — cadres, 58 at most, one month every 4 months) and January 1975 (women
with original age 50 — workers, 55 at most, one month every 2 months). E.g. a man born
in January-April 1965 retires at 60 years 1 month, born September 1976 or later at 63.
The voluntary flexible retirement the decision also allows does not change the
statutory age, which is what registration depends on.
"""

from dataclasses import dataclass
from datetime import date

from station_client.rules import _dates
from station_client.rules.codes import Sex

#: Minimum working age (劳动法 第十五条).
MINIMUM_WORKING_AGE = 16


@dataclass(frozen=True)
class _Schedule:
    base_years: int
    first_birth_month: date  # first day of the first birth month that retires later
    window_months: int  # birth-month window per extra month
    max_extra_months: int


_MEN = _Schedule(60, date(1965, 1, 1), 4, 36)
_WOMEN_55 = _Schedule(55, date(1970, 1, 1), 4, 36)
_WOMEN_50 = _Schedule(50, date(1975, 1, 1), 2, 60)


def _extra_months(birth_date: date, schedule: _Schedule) -> int:
    start = schedule.first_birth_month
    months_since = (birth_date.year - start.year) * 12 + (birth_date.month - start.month)
    if months_since < 0:
        return 0
    return min(schedule.max_extra_months, months_since // schedule.window_months + 1)


def statutory_retirement_age_months(
    birth_date: date, sex: Sex, *, female_cadre: bool = False
) -> int:
    """Statutory retirement age in months (e.g. 60 years 1 month → 721)."""
    schedule = _MEN if sex is Sex.MALE else _WOMEN_55 if female_cadre else _WOMEN_50
    return schedule.base_years * 12 + _extra_months(birth_date, schedule)


def statutory_retirement_date(birth_date: date, sex: Sex, *, female_cadre: bool = False) -> date:
    """Day the person reaches the statutory retirement age.

    ``female_cadre`` selects the original-55 schedule for women (cadres and women whose
    original age was 55); it is ignored for men.
    """
    months = statutory_retirement_age_months(birth_date, sex, female_cadre=female_cadre)
    return _dates.add_months(birth_date, months)


@dataclass(frozen=True)
class Refusal:
    """One reason a request cannot be granted, worded for the clerk and the person."""

    code: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class Eligibility:
    """Outcome of an eligibility check: every failing reason, not just the first."""

    eligible: bool
    reasons: tuple[Refusal, ...]


def unemployment_registration_eligibility(
    *,
    birth_date: date,
    sex: Sex,
    on: date,
    female_cadre: bool = False,
    currently_employed: bool,
    in_full_time_education: bool,
    receiving_pension: bool,
    already_registered: bool,
    wishes_to_work: bool = True,
) -> Eligibility:
    """May this person register as unemployed on ``on``?

    ``currently_employed`` means an employment registration that has not been ended.
    """
    reasons: list[Refusal] = []
    if _dates.age_on(birth_date, on) < MINIMUM_WORKING_AGE:
        reasons.append(
            Refusal(
                "under_age",
                f"未满{MINIMUM_WORKING_AGE}周岁",
                f"under {MINIMUM_WORKING_AGE} years of age",
            )
        )
    retirement = statutory_retirement_date(birth_date, sex, female_cadre=female_cadre)
    if on >= retirement:
        reasons.append(
            Refusal(
                "retirement_age",
                f"已于{retirement.isoformat()}达到法定退休年龄",
                f"reached the statutory retirement age on {retirement.isoformat()}",
            )
        )
    if currently_employed:
        reasons.append(
            Refusal(
                "employed", "已办理就业登记且未终止", "has an employment registration still open"
            )
        )
    if in_full_time_education:
        reasons.append(
            Refusal("full_time_education", "为全日制在校学生", "is in full-time education")
        )
    if receiving_pension:
        reasons.append(
            Refusal("receiving_pension", "已按月领取养老金", "already receives a pension")
        )
    if already_registered:
        reasons.append(
            Refusal("already_registered", "已办理失业登记", "is already registered as unemployed")
        )
    if not wishes_to_work:
        reasons.append(Refusal("no_wish_to_work", "无就业意愿", "does not wish to work"))
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))


def is_long_term_unemployed(registered_on: date, on: date, *, months: int = 6) -> bool:
    """Registered unemployed for more than ``months`` months (长期失业, default 6) on ``on``.

    The threshold is a parameter because it is reference data a province may set.
    """
    return on > _dates.add_months(registered_on, months)

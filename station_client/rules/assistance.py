"""Employment assistance (就业援助): how a person's assistance plan is typed and when it
should have placed them, from the priority groups matching knows them by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from station_client.rules import _dates
from station_client.rules.matching import PriorityGroup


@dataclass(frozen=True)
class PlanTerms:
    """How an assistance plan for a person is typed, and when it should have placed them."""

    assistance_type: str  # code of the ``assistance_type`` table
    target_on: date | None


def assistance_plan_terms(
    groups: Iterable[PriorityGroup],
    opened_on: date,
    *,
    zero_household_months: int = 1,
    hard_to_employ_months: int = 3,
) -> PlanTerms:
    """The most urgent group decides: zero-employment household (placed within a month),
    hard-to-employ (three months), long-term unemployed (no fixed limit), anyone else."""
    found = set(groups)
    if PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD in found:
        return PlanTerms("02", _dates.add_months(opened_on, zero_household_months))
    if PriorityGroup.HARD_TO_EMPLOY in found:
        return PlanTerms("01", _dates.add_months(opened_on, hard_to_employ_months))
    return PlanTerms("03" if PriorityGroup.LONG_TERM_UNEMPLOYED in found else "99", None)

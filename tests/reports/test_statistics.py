"""Statistics of the fixed district, worked out by hand (see ``dataset``), on every
backend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from hub_sync.reports import BadPeriod, area_scope, parse_period, station_scope, statistics
from hub_sync.reports.statistics import long_term_registered_by
from station_client.rules.unemployment import is_long_term_unemployed

from .dataset import AS_OF, DISTRICT, TOWN_A, TOWN_B, ident

OCTOBER = parse_period("2026-10")


def test_district_statistics(fixed: Engine) -> None:
    with fixed.connect() as conn:
        s = statistics(conn, area_scope(conn, DISTRICT), OCTOBER, as_of=AS_OF)
    total = s.total
    assert (total.code, total.name) == (DISTRICT, "江宁区")
    # Registered on 31 Oct: SY1 SY2 SY4 SY5 SY6 (SY3 cancelled 12 Oct, SY7 an error,
    # SY8 cancelled in September); long-term SY1, SY5 and SY6 (30 Apr + 6 months <
    # 31 Oct) but not SY4 (1 May + 6 months = 1 Nov).
    assert total.unemployed_at_end == 5
    assert total.unemployed_new == 1
    assert total.unemployed_cancelled == 1
    assert total.long_term_at_end == 3
    assert (total.four_fifty_at_end, total.low_income_at_end) == (1, 1)
    assert s.cancellation_reasons == {"01": 1}
    # p9 is deleted; p10 has no classification.
    assert total.four_kinds == {"A": 1, "B": 1, "C": 1, "D": 5, "": 1}
    # KN1 (p3) and KN4 (p1) in force on 31 Oct; KN3 cancelled on 16 Oct; KN2 under
    # review, KN5 refused. KN4 recognised on 10 Oct: new. Placed: p1 (EM1, 10 days after
    # recognition) and p6 (EM2 on 16 Oct, 4 months after recognition: late).
    assert total.hard_to_employ_at_end == 2
    assert total.hard_to_employ_new == 1
    assert (total.hard_to_employ_placed, total.hard_to_employ_placed_in_time) == (2, 1)
    # Zero-employment households: p6, p7; plans AP1, AP2 open; p6 placed 16 Oct, more
    # than a month after AP1 was opened on 10 Sep.
    assert total.zero_household_members == 2
    assert total.zero_household_plans_open == 2
    assert (total.zero_household_placed, total.zero_household_placed_in_time) == (1, 0)
    towns = {a.code: a for a in s.areas[1:]}
    assert sorted(towns) == [TOWN_A, TOWN_B]
    a, b = towns[TOWN_A], towns[TOWN_B]
    assert (a.name, b.name) == ("东山街道", "秣陵街道")
    assert (a.unemployed_at_end, a.long_term_at_end, a.four_fifty_at_end) == (4, 2, 1)
    assert (b.unemployed_at_end, b.long_term_at_end, b.low_income_at_end) == (1, 1, 1)
    assert a.four_kinds == {"A": 1, "B": 1, "D": 4, "": 1}
    assert b.four_kinds == {"C": 1, "D": 1}
    assert (a.hard_to_employ_at_end, a.hard_to_employ_placed, b.hard_to_employ_at_end) == (2, 2, 0)
    assert (a.zero_household_members, b.zero_household_members) == (1, 1)


def test_town_and_village_statistics(fixed: Engine) -> None:
    with fixed.connect() as conn:
        town = statistics(conn, area_scope(conn, TOWN_A), OCTOBER, as_of=AS_OF)
        village = statistics(conn, station_scope(conn, ident("V1")), OCTOBER, as_of=AS_OF)
    assert town.total.unemployed_at_end == 4
    assert [a.name for a in town.areas[1:]] == ["一村", "二村"]
    one, two = town.areas[1:]
    assert (one.unemployed_at_end, one.unemployed_cancelled, two.unemployed_at_end) == (2, 1, 2)
    assert len(village.areas) == 1  # a village has no smaller areas
    assert village.total.unemployed_at_end == 2  # SY1, SY2
    assert village.total.four_kinds == {"A": 1, "B": 1, "D": 2}


def test_end_of_a_past_period(fixed: Engine) -> None:
    with fixed.connect() as conn:
        september = statistics(
            conn, area_scope(conn, DISTRICT), parse_period("2026-09"), as_of=AS_OF
        )
    # 30 Sep: SY1 SY3 SY4 SY5 SY6 registered (SY8 cancelled 20 Sep); long-term SY1, SY5.
    assert september.total.unemployed_at_end == 5
    assert september.total.unemployed_cancelled == 1
    assert september.total.long_term_at_end == 2
    assert september.cancellation_reasons == {"01": 1}


def test_period_not_started(fixed: Engine) -> None:
    with fixed.connect() as conn, pytest.raises(BadPeriod):
        statistics(conn, area_scope(conn, DISTRICT), parse_period("2027"), as_of=AS_OF)


def test_long_term_boundary_matches_the_station_rule() -> None:
    day = date(2024, 1, 1)
    while day < date(2027, 1, 1):
        last = long_term_registered_by(day, 6)
        assert is_long_term_unemployed(last, day)
        assert not is_long_term_unemployed(last + timedelta(days=1), day)
        day += timedelta(days=3)

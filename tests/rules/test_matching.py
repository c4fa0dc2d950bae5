"""Job matching rules: what a clerk sees when looking for jobs or for candidates."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from station_client.rules.assistance import assistance_plan_terms
from station_client.rules.matching import (
    DEFAULT_POINTS,
    AreaFit,
    MatchWeights,
    OccupationFit,
    PriorityGroup,
    SeekerFacts,
    VacancyFacts,
    WageFit,
    area_fit,
    normalise_division,
    occupation_fit,
    parse_skills,
    rank_seekers,
    rank_vacancies,
    score_match,
    vacancy_open_on,
    wage_fit,
)

ON = date(2026, 11, 2)
VILLAGE = "320115001001"


def vacancy(id_: str = "v1", **over: object) -> VacancyFacts:
    values: dict[str, object] = {
        "id": id_,
        "title": "仓库管理员",
        "occupation_code": "4-02-06-01",
        "skills": frozenset({"FORKLIFT", "EXCEL"}),
        "division": VILLAGE,
        "wage_min": 4000,
        "wage_max": 6000,
        "headcount": 2,
        "valid_from": date(2026, 10, 1),
        "valid_until": date(2026, 12, 31),
    }
    values.update(over)
    return VacancyFacts(**values)  # type: ignore[arg-type]


def seeker(id_: str = "r1", **over: object) -> SeekerFacts:
    values: dict[str, object] = {
        "registration_id": id_,
        "person_id": "p-" + id_,
        "name": "王芳",
        "occupation_code": "4-02-06-01",
        "skills": frozenset({"FORKLIFT", "EXCEL"}),
        "division": VILLAGE,
        "expected_wage": 4000,
        "registered_on": date(2026, 9, 1),
    }
    values.update(over)
    return SeekerFacts(**values)  # type: ignore[arg-type]


# -------------------------------------------------------------------------- criteria


@pytest.mark.parametrize(
    ("wanted", "offered", "fit"),
    [
        ("4-02-06-01", "4-02-06-01", OccupationFit.EXACT),
        ("4-02", "4-02", OccupationFit.EXACT),
        ("4-02-06-01", "4-02-01-03", OccupationFit.MEDIUM_GROUP),
        ("4-02", "4-02-06-01", OccupationFit.MEDIUM_GROUP),
        ("4-02-06-01", "4-07-01-01", OccupationFit.MAJOR_GROUP),
        ("4", "4-07-01-01", OccupationFit.MAJOR_GROUP),
        ("4-02-06-01", "6-02-06-01", OccupationFit.DIFFERENT),
        ("4-02-06-01", None, OccupationFit.UNKNOWN),
        ("  ", "4-02", OccupationFit.UNKNOWN),
    ],
)
def test_occupation_groups_are_code_prefixes_in_segments(wanted, offered, fit):
    assert occupation_fit(wanted, offered) is fit
    assert occupation_fit(offered, wanted) is fit


@pytest.mark.parametrize(
    ("a", "b", "fit"),
    [
        (VILLAGE, VILLAGE, AreaFit.SAME_VILLAGE),
        (VILLAGE, "320115001201", AreaFit.SAME_TOWN),
        (VILLAGE, "320115001", AreaFit.SAME_TOWN),
        (VILLAGE, "320115001000", AreaFit.SAME_TOWN),  # a town padded to 12 digits
        ("320115001000", "320115001000", AreaFit.SAME_TOWN),
        (VILLAGE, "320115002001", AreaFit.SAME_DISTRICT),
        ("320115000000", VILLAGE, AreaFit.SAME_DISTRICT),
        (VILLAGE, "320104001001", AreaFit.ELSEWHERE),
        (VILLAGE, None, AreaFit.UNKNOWN),
        (VILLAGE, "32011500100", AreaFit.UNKNOWN),  # 11 digits: not a division code
        (VILLAGE, "3201150010AB", AreaFit.UNKNOWN),
    ],
)
def test_area_by_division_code_levels(a, b, fit):
    assert area_fit(a, b) is fit
    assert area_fit(b, a) is fit


def test_normalise_division_strips_only_padding():
    assert normalise_division("320115001000") == "320115001"
    assert normalise_division("320115000000") == "320115"
    assert normalise_division("320100000000") == "3201"
    assert normalise_division(" 320115001001 ") == "320115001001"
    assert normalise_division("abc") is None


@pytest.mark.parametrize(
    ("expected", "lo", "hi", "fit"),
    [
        (3500, 4000, 6000, WageFit.MEETS),
        (4000, 4000, 6000, WageFit.MEETS),
        (5000, 4000, 6000, WageFit.WITHIN_RANGE),
        (6000, 4000, 6000, WageFit.WITHIN_RANGE),
        (6600, 4000, 6000, WageFit.SLIGHTLY_BELOW),  # 10 % above the maximum
        (6601, 4000, 6000, WageFit.BELOW),
        (5000, 6000, 4000, WageFit.WITHIN_RANGE),  # range typed the wrong way round
        (9000, 4000, None, WageFit.WITHIN_RANGE),  # "4000 and up"
        (3000, None, 6000, WageFit.WITHIN_RANGE),
        (None, 4000, 6000, WageFit.UNKNOWN),
        (5000, None, None, WageFit.UNKNOWN),
    ],
)
def test_wage_fit(expected, lo, hi, fit):
    assert wage_fit(expected, lo, hi) is fit


def test_skills_are_codes_separated_by_any_usual_separator():
    assert parse_skills("forklift, Excel，C1、焊工;  ") == {"FORKLIFT", "EXCEL", "C1", "焊工"}
    assert parse_skills(None) == frozenset() == parse_skills("")


# --------------------------------------------------------------------------- scoring


def test_a_perfect_match_scores_100_with_every_reason():
    score = score_match(seeker(), vacancy(), with_priority=False)
    assert score.total == 100
    assert score.reasons == ("职业对口", "同一社区（村）", "薪资符合期望", "技能全部符合")
    assert score.cautions == ()


def test_a_poor_match_tells_the_clerk_why():
    poor = seeker(
        occupation_code="6-01-01-01",
        division="320104001001",
        expected_wage=9000,
        skills=frozenset({"C1"}),
    )
    score = score_match(poor, vacancy(), with_priority=False)
    assert score.total == 0 and score.reasons == ()
    assert score.cautions == ("职业不对口", "不在同一区县", "薪资低于期望", "不具备所列技能")


def test_partial_skills_are_shown_as_a_share():
    score = score_match(seeker(skills=frozenset({"EXCEL", "C1"})), vacancy(), with_priority=False)
    assert "技能部分符合（1/2）" in score.reasons
    assert score.skills == 10


def test_reasons_are_codes_with_values_a_screen_can_word_in_its_language():
    partial = seeker(skills=frozenset({"EXCEL", "C1"}), groups=frozenset({PriorityGroup.VETERAN}))
    score = score_match(partial, vacancy(), with_priority=True)
    assert [(n.code, n.values) for n in score.reason_notes] == [
        ("occupation_exact", ()),
        ("area_same_village", ()),
        ("wage_meets", ()),
        ("skills_some", (("have", 1), ("wanted", 2))),
        ("priority", (("group", "退役军人"),)),
    ]
    assert [n.template_zh for n in score.reason_notes][3:] == [
        "技能部分符合（{have}/{wanted}）",
        "{group}（优先）",
    ]
    assert score.reasons[3:] == ("技能部分符合（1/2）", "退役军人（优先）")  # the Chinese default


def test_priority_counts_the_largest_group_only_and_only_for_people():
    both = seeker(
        groups=frozenset({PriorityGroup.HARD_TO_EMPLOY, PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD})
    )
    with_priority = score_match(both, vacancy(), with_priority=True)
    assert with_priority.priority == 15
    assert "零就业家庭成员（优先）" in with_priority.reasons
    assert "就业困难人员（优先）" in with_priority.reasons
    assert score_match(both, vacancy(), with_priority=False).priority == 0


def test_priority_lifts_a_target_group_member_above_an_equal_but_not_a_clearly_better():
    equal = seeker("a", registered_on=date(2026, 1, 1))
    hard = seeker("b", groups=frozenset({PriorityGroup.HARD_TO_EMPLOY}))
    ranked = rank_seekers(vacancy(), [equal, hard], ON)
    assert [m.candidate.registration_id for m in ranked] == ["b", "a"]

    better = seeker("c")  # exact occupation, same village
    weaker = seeker(
        "d",
        occupation_code="4-07-01-01",  # same major group only
        division="320115002001",  # same district only
        groups=frozenset({PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD}),
    )
    ranked = rank_seekers(vacancy(), [weaker, better], ON)
    assert [m.candidate.registration_id for m in ranked] == ["c", "d"]


def test_weights_are_parameters_a_district_can_change():
    town_first = MatchWeights(points={**DEFAULT_POINTS, AreaFit.SAME_TOWN: 60})
    in_town = seeker(division="320115001201")
    assert score_match(in_town, vacancy(), with_priority=False, weights=town_first).area == 60
    with pytest.raises(ValueError):
        MatchWeights(skills_full=-1)


# ------------------------------------------------------------------ what gets ranked


def test_closed_expired_full_and_future_vacancies_are_not_offered():
    shown = vacancy("open")
    hidden = [
        vacancy("closed", status="closed"),
        vacancy("expired", valid_until=date(2026, 11, 1)),
        vacancy("full", headcount=0),
        vacancy("future", valid_from=date(2026, 11, 3)),
    ]
    assert [m.candidate.id for m in rank_vacancies(seeker(), [*hidden, shown], ON)] == ["open"]
    assert vacancy_open_on(vacancy(valid_until=ON), ON)  # the last day still counts


def test_inactive_or_expired_registrations_are_not_candidates():
    ranked = rank_seekers(
        vacancy(),
        [
            seeker("ok"),
            seeker("done", status="employed"),
            seeker("old", valid_until=date(2026, 10, 31)),
            seeker("later", registered_on=date(2026, 11, 3)),
        ],
        ON,
    )
    assert [m.candidate.registration_id for m in ranked] == ["ok"]


def test_a_person_with_two_registrations_is_listed_once_with_the_better():
    good = seeker("r1")
    worse = replace(seeker("r2", occupation_code="6-01"), person_id=good.person_id)
    ranked = rank_seekers(vacancy(), [worse, good], ON)
    assert [m.candidate.registration_id for m in ranked] == ["r1"]


def test_ties_vacancy_closing_sooner_first_then_id():
    ranked = rank_vacancies(
        seeker(),
        [
            vacancy("b", valid_until=None),
            vacancy("c", valid_until=date(2026, 11, 30)),
            vacancy("a", valid_until=None),
            vacancy("d", valid_until=date(2026, 11, 10)),
        ],
        ON,
    )
    assert [m.candidate.id for m in ranked] == ["d", "c", "a", "b"]


def test_ties_seeker_who_has_waited_longest_first_then_id():
    ranked = rank_seekers(
        vacancy(),
        [
            seeker("b", registered_on=date(2026, 5, 1)),
            seeker("c", registered_on=date(2026, 3, 1)),
            seeker("a", registered_on=date(2026, 5, 1)),
        ],
        ON,
        limit=2,
    )
    assert [m.candidate.registration_id for m in ranked] == ["c", "a"]


# ---------------------------------------------------------------------- assistance


def test_assistance_plan_terms_follow_the_policy_limits():
    zero = assistance_plan_terms({PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD}, date(2026, 1, 31))
    assert (zero.assistance_type, zero.target_on) == ("02", date(2026, 2, 28))
    hard = assistance_plan_terms({PriorityGroup.HARD_TO_EMPLOY}, ON)
    assert (hard.assistance_type, hard.target_on) == ("01", date(2027, 2, 2))
    long_term = assistance_plan_terms({PriorityGroup.LONG_TERM_UNEMPLOYED}, ON)
    assert (long_term.assistance_type, long_term.target_on) == ("03", None)
    assert assistance_plan_terms({PriorityGroup.GRADUATE}, ON).assistance_type == "99"


# ----------------------------------------------------------------------- properties

# Seekers realised at a level of each criterion, against ``vacancy()``; a higher level
# index is better. Level 0 of occupation and area has two realisations worth 0 points.
_OCCUPATIONS = [(None, "6-01-01-01"), ("4-07-01-01",), ("4-02-01-03",), ("4-02-06-01",)]
_AREAS = [(None, "320104001001"), ("320115002001",), ("320115001201",), (VILLAGE,)]
_WAGES = [(6601, 9000), (6001, 6600), None, (4001, 6000), (1000, 4000)]
_PRIORITY = [
    None,
    PriorityGroup.LAND_LOST_FARMER,
    PriorityGroup.VETERAN,
    PriorityGroup.LONG_TERM_UNEMPLOYED,
    PriorityGroup.HARD_TO_EMPLOY,
    PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD,
]
_SIZES = (len(_OCCUPATIONS), len(_AREAS), 3, len(_WAGES), len(_PRIORITY))  # skills 0..2


@st.composite
def realised(draw, levels, id_):
    occ, area, skills, wage, priority = levels
    wage_range = _WAGES[wage]
    expected = None if wage_range is None else draw(st.integers(*wage_range))
    lower = {g for g in _PRIORITY[1:priority] if g is not None and draw(st.booleans())}
    groups = lower | ({_PRIORITY[priority]} if priority else set())
    return seeker(
        id_,
        occupation_code=draw(st.sampled_from(_OCCUPATIONS[occ])),
        division=draw(st.sampled_from(_AREAS[area])),
        skills=frozenset(["FORKLIFT", "EXCEL"][:skills]) | draw(st.sets(st.sampled_from("XYZ"))),
        expected_wage=expected,
        registered_on=draw(st.dates(date(2020, 1, 1), ON)),
        groups=frozenset(groups),
    )


levels = st.tuples(*[st.integers(0, n - 1) for n in _SIZES])


@settings(max_examples=150, deadline=None)
@given(st.data(), levels, levels)
def test_a_candidate_at_least_as_good_everywhere_and_better_somewhere_ranks_above(data, x, y):
    worse_levels = tuple(map(min, x, y))
    better_levels = tuple(map(max, x, y))
    assume(worse_levels != better_levels)
    better = data.draw(realised(better_levels, "better"))
    worse = data.draw(realised(worse_levels, "worse"))
    others = [data.draw(realised(data.draw(levels), f"o{i}")) for i in range(3)]
    ranked = rank_seekers(vacancy(), [worse, *others, better], ON)
    ids = [m.candidate.registration_id for m in ranked]
    assert ids.index("better") < ids.index("worse")


def _vacancies(draw):
    return draw(
        st.lists(
            st.builds(
                vacancy,
                st.text("abcdef0123", min_size=1, max_size=6),
                occupation_code=st.sampled_from([None, "4", "4-02", "4-02-06-01", "6-01"]),
                division=st.sampled_from([None, VILLAGE, "320115001201", "320115002001"]),
                wage_min=st.none() | st.integers(2000, 8000),
                wage_max=st.none() | st.integers(2000, 9000),
                headcount=st.integers(0, 3),
                status=st.sampled_from(["open", "open", "closed"]),
                valid_until=st.none() | st.dates(date(2026, 10, 1), date(2027, 1, 1)),
                skills=st.frozensets(st.sampled_from(["FORKLIFT", "EXCEL", "C1"])),
            ),
            max_size=12,
            unique_by=lambda v: v.id,
        )
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_ranking_vacancies_is_a_deterministic_permutation_of_the_open_ones(data):
    found = _vacancies(data.draw)
    ranked = rank_vacancies(seeker(), found, ON)
    assert sorted(m.candidate.id for m in ranked) == sorted(
        v.id for v in found if vacancy_open_on(v, ON)
    )
    shuffled = list(found)
    random.Random(data.draw(st.integers())).shuffle(shuffled)
    assert rank_vacancies(seeker(), shuffled, ON) == ranked
    totals = [m.score.total for m in ranked]
    assert totals == sorted(totals, reverse=True)


@settings(max_examples=150, deadline=None)
@given(st.data(), st.lists(levels, max_size=10))
def test_ranking_seekers_is_a_deterministic_permutation(data, chosen):
    people = [data.draw(realised(lv, f"s{i}")) for i, lv in enumerate(chosen)]
    ranked = rank_seekers(vacancy(), people, ON)
    assert sorted(m.candidate.registration_id for m in ranked) == sorted(
        p.registration_id for p in people
    )
    assert rank_seekers(vacancy(), list(reversed(people)), ON) == ranked
    totals = [m.score.total for m in ranked]
    assert totals == sorted(totals, reverse=True)

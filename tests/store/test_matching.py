"""Job matching on a real encrypted store: both directions, recommendations, the outbox."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from hub_sync.model import (
    AssistanceContact,
    AssistancePlan,
    JobSeekerRegistration,
    UnemploymentRegistration,
    Vacancy,
    new_id,
)
from station_client.rules.errors import ValidationError
from station_client.rules.unemployment import is_long_term_unemployed
from station_client.rules.uscc import make_uscc
from station_client.store import outbox as ob
from station_client.store.matching import (
    JOB_OFFER_METHOD,
    JobMatching,
    long_term_unemployed_cutoff,
)
from station_client.store.records import create

from .helpers import person_values

TODAY = date(2026, 11, 2)  # the test clock's day
VILLAGE, OTHER_VILLAGE, OTHER_TOWN = "320115001001", "320115001201", "320115002001"


class District:
    """A small district: one employer, its vacancies and registered job seekers."""

    def __init__(self, store, actor):
        self.store, self.actor = store, actor
        self.matching = JobMatching(store.clock)
        self.serial = 0
        with store.transaction() as s:
            self.employer_id = store.employers.register(
                s,
                actor,
                {
                    "uscc": make_uscc("320115", 7),
                    "name": "南京华瑞物流有限公司",
                    "division_code": OTHER_TOWN,
                },
            ).id

    def vacancy(self, title="仓库管理员", **over):
        values = {
            "employer_id": self.employer_id,
            "title": title,
            "occupation_code": "4-02-06-01",
            "headcount": 2,
            "wage_min": 4000,
            "wage_max": 6000,
            "skills": "FORKLIFT,EXCEL",
            "location_division": VILLAGE,
            "valid_from": date(2026, 10, 1),
            "valid_until": date(2026, 12, 31),
        }
        values.update(over)
        with self.store.transaction() as s:
            return create(s, self.actor, self.store.clock(), Vacancy, values).id

    def seeker(self, name, *, person=None, **over):
        self.serial += 1
        values = {
            "registered_on": date(2026, 9, 1),
            "intended_occupation": "4-02-06-01",
            "intended_division": VILLAGE,
            "expected_wage": 4000,
            "skills": "forklift, excel",
            "status": "active",
        }
        values.update(over)
        with self.store.transaction() as s:
            p = self.store.persons.register(
                s, self.actor, person_values(self.serial, name=name, **(person or {}))
            )
            create(
                s,
                self.actor,
                self.store.clock(),
                JobSeekerRegistration,
                {"person_id": p.id, **values},
            )
            return p.id


@pytest.fixture
def district(make_store, actor):
    return District(make_store(), actor)


def _names(matches):
    return [m.candidate.name for m in matches]


def _outbox(store):
    with store.engine.connect() as c:
        return ob.pending(c, limit=10_000)


# --------------------------------------------------------------- people for a vacancy


def test_people_for_a_vacancy_best_first_with_reasons(district):
    vid = district.vacancy()
    district.seeker("同村对口")
    district.seeker("同镇对口", intended_division=OTHER_VILLAGE)
    district.seeker("同类岗位", intended_occupation="4-02-01-01")
    district.seeker("外区对口", intended_division="320104001001")
    district.seeker("不相干", intended_occupation="6-01-01-01", intended_division="320104001001")
    district.seeker("已就业", status="employed")
    district.seeker("登记过期", valid_until=date(2026, 10, 31))
    with district.store.transaction() as s:
        found = district.matching.seekers_for_vacancy(s, district.actor, vid)
    assert _names(found) == ["同村对口", "同镇对口", "同类岗位", "外区对口"]
    assert found[0].score.reasons == ("职业对口", "同一社区（村）", "薪资符合期望", "技能全部符合")
    assert "不在同一区县" in found[-1].score.cautions


def test_target_groups_come_first_among_equals(district):
    vid = district.vacancy()
    district.seeker("普通", registered_on=date(2026, 1, 5))
    hard = district.seeker("困难", person={"is_hard_to_employ": True})
    long_term = district.seeker("长期失业")
    ended = district.seeker("已注销失业")
    with district.store.transaction() as s:
        for pid, cancelled in ((long_term, None), (ended, date(2026, 10, 1))):
            create(
                s,
                district.actor,
                district.store.clock(),
                UnemploymentRegistration,
                {
                    "person_id": pid,
                    "registration_no": f"U-{pid[-12:]}",
                    "registered_on": date(2026, 3, 1),
                    "cancelled_on": cancelled,
                },
            )
        found = district.matching.seekers_for_vacancy(s, district.actor, vid)
    assert _names(found) == ["困难", "长期失业", "普通", "已注销失业"]
    assert "就业困难人员（优先）" in found[0].score.reasons
    assert "长期失业人员（优先）" in found[1].score.reasons
    assert hard == found[0].candidate.person_id


def test_every_person_listed_is_in_the_audit_log(district):
    vid = district.vacancy()
    pid = district.seeker("王芳")
    with district.store.transaction() as s:
        district.matching.seekers_for_vacancy(s, district.actor, vid)
    with district.store.transaction() as s:
        [entry] = district.store.persons.views_of(s, pid)
    assert (entry.action, entry.staff_id) == ("list_person", district.actor.staff_id)
    assert vid in entry.detail


def test_a_closed_vacancy_has_no_candidates_but_says_why(district):
    vid = district.vacancy(headcount=0)
    district.seeker("王芳")
    with pytest.raises(ValidationError) as e, district.store.transaction() as s:
        district.matching.seekers_for_vacancy(s, district.actor, vid)
    assert (e.value.field, e.value.reason) == ("vacancy_id", "closed")
    assert "已招满" in e.value.message_zh


def test_the_cap_keeps_the_best_candidates(district):
    vid = district.vacancy()
    for i, (occupation, division) in enumerate(
        [
            ("6-01-01-01", OTHER_TOWN),
            ("4-07", OTHER_TOWN),
            ("4-02-06-01", OTHER_VILLAGE),
            ("4-02-01-01", OTHER_TOWN),
            ("4-02-06-01", VILLAGE),
            ("4-05", VILLAGE),
        ]
    ):
        district.seeker(f"候选{i}", intended_occupation=occupation, intended_division=division)
    capped = JobMatching(district.store.clock, candidate_cap=3)
    with district.store.transaction() as s:
        everyone = district.matching.seekers_for_vacancy(s, district.actor, vid)
        best = capped.seekers_for_vacancy(s, district.actor, vid)
    assert len(everyone) == 6
    assert _names(best) == _names(everyone)[:3] == ["候选4", "候选2", "候选5"]


def test_many_people_are_not_loaded_into_memory(district):
    vid = district.vacancy()
    persons, registrations = [], []
    for i in range(3000):
        pid = new_id()
        person = person_values(i, name="候选人", residence_division=OTHER_VILLAGE)
        person |= {"id": pid, "citizen_id": f"X{i:017d}", "birth_date": date(1985, 3, 14)}
        persons.append(person | {"sex": "1"})
        registrations.append(
            {
                "id": new_id(),
                "person_id": pid,
                "registered_on": date(2026, 1, 1),
                "intended_occupation": "4-02-06-01",
                "expected_wage": 3000,
                "status": "active",
            }
        )
    district.store.bulk_load({"persons": persons, "job_seeker_registrations": registrations})
    # Registered later than all of them, so only its ranking can bring it in under the cap.
    star = district.seeker("最合适", intended_division=VILLAGE)
    matching = JobMatching(district.store.clock, candidate_cap=100)
    with district.store.transaction() as s:
        found = matching.seekers_for_vacancy(s, district.actor, vid, limit=5)
        loaded = len(s.identity_map)
    assert found[0].candidate.person_id == star
    assert len(found) == 5
    assert loaded <= 100 + 5 + 5  # the capped registrations, the audit entries, a few more


# --------------------------------------------------------------- vacancies for a person


def test_vacancies_for_a_person_best_first(district):
    pid = district.seeker("王芳", expected_wage=5000)
    district.vacancy("仓库管理员")
    district.vacancy("理货员", occupation_code="4-02-01-01")
    # No place of work: the employer's address (another town) stands in.
    district.vacancy("司机", location_division=None, wage_min=6000, wage_max=8000)
    # Another kind of work in another county is not even considered.
    district.vacancy("会计", occupation_code="2-06-01-01", location_division="320104001001")
    district.vacancy("已关闭", status="closed")
    district.vacancy("已过期", valid_until=date(2026, 11, 1))
    district.vacancy("已招满", headcount=0)
    with district.store.transaction() as s:
        found = district.matching.vacancies_for_person(s, pid)
    assert [m.candidate.title for m in found] == ["仓库管理员", "司机", "理货员"]
    driver = found[1]
    assert driver.candidate.employer_name == "南京华瑞物流有限公司"
    assert "同一区县" in driver.score.reasons and "薪资符合期望" in driver.score.reasons


def test_a_person_without_a_job_seeker_registration_is_told_to_register(district):
    with district.store.transaction() as s:
        pid = district.store.persons.register(s, district.actor, person_values(50)).id
    with pytest.raises(ValidationError) as e, district.store.transaction() as s:
        district.matching.vacancies_for_person(s, pid)
    assert e.value.reason == "no_job_seeker_registration"
    assert "求职登记" in e.value.message_zh


# --------------------------------------------------------------------- recommending


def test_a_recommendation_opens_a_plan_and_goes_to_the_outbox(district):
    vid = district.vacancy()
    pid = district.seeker("困难户", person={"is_hard_to_employ": True})
    before = len(_outbox(district.store))
    with district.store.transaction() as s:
        contact = district.matching.recommend(s, district.actor, person_id=pid, vacancy_id=vid)
    with district.store.transaction() as s:
        plan = s.get(AssistancePlan, contact.plan_id)
        assert (plan.person_id, plan.status, plan.opened_on) == (pid, "open", TODAY)
        assert plan.target_on == date(2027, 2, 2)  # hard-to-employ: placed within 3 months
        assert plan.owner_staff_id == district.actor.staff_id
    new = _outbox(district.store)[before:]
    assert [(e.table_name, e.op) for e in new] == [
        ("assistance_plans", "insert"),
        ("assistance_contacts", "insert"),
    ]
    sent = new[1].new_values
    assert sent["vacancy_id"] == vid and sent["method"] == JOB_OFFER_METHOD
    assert sent["assistance_type"] == "01" and sent["contacted_on"] == TODAY.isoformat()
    assert sent["content"].startswith("推荐岗位：仓库管理员（南京华瑞物流有限公司）")
    assert "职业对口" in sent["content"]
    assert sent["changed_staff"] == district.actor.staff_id


def test_the_same_offer_twice_is_refused_and_nothing_is_saved(district):
    first, second = district.vacancy(), district.vacancy("叉车司机")
    pid = district.seeker("王芳")
    with district.store.transaction() as s:
        district.matching.recommend(s, district.actor, person_id=pid, vacancy_id=first)
    before = len(_outbox(district.store))
    with pytest.raises(ValidationError) as e, district.store.transaction() as s:
        district.matching.recommend(s, district.actor, person_id=pid, vacancy_id=first)
    assert e.value.reason == "duplicate" and str(TODAY) in e.value.message_zh
    assert len(_outbox(district.store)) == before
    with district.store.transaction() as s:
        district.matching.recommend(
            s, district.actor, person_id=pid, vacancy_id=second, content="  电话告知，本人愿意面试 "
        )
        offers = district.matching.recommendations_for(s, pid)
        assert s.scalar(select(func.count()).select_from(AssistancePlan)) == 1
        marked = district.matching.vacancies_for_person(s, pid)
    assert [o.vacancy_id for o in offers] == [first, second]
    assert offers[1].content == "电话告知，本人愿意面试"
    assert all("已推荐过此岗位" in m.score.cautions for m in marked)


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"vacancy": {"status": "closed"}}, "vacancy_id", "closed"),
        ({"vacancy_id": "no-such-vacancy"}, "vacancy_id", "unknown"),
        ({"person_id": "no-such-person"}, "person_id", "unknown"),
        ({"content": "长" * 501}, "content", "length"),
    ],
)
def test_bad_recommendations_are_refused_and_save_nothing(district, change, field, reason):
    vid = district.vacancy(**change.get("vacancy", {}))
    pid = district.seeker("王芳")
    before = len(_outbox(district.store))
    args = {"person_id": pid, "vacancy_id": vid, "content": None}
    args.update({k: v for k, v in change.items() if k != "vacancy"})
    with pytest.raises(ValidationError) as e, district.store.transaction() as s:
        district.matching.recommend(s, district.actor, **args)
    assert (e.value.field, e.value.reason) == (field, reason)
    assert len(_outbox(district.store)) == before
    with district.store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(AssistanceContact)) == 0


# ------------------------------------------------------------------- long-term cutoff


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(-400, 400), st.integers(1, 12))
def test_long_term_cutoff_agrees_with_the_rule(on, offset, months):
    registered = on - timedelta(days=months * 30 + offset)
    cutoff = long_term_unemployed_cutoff(on, months)
    assert (registered <= cutoff) == is_long_term_unemployed(registered, on, months=months)

"""The shipped bundle: loads, and holds the facts the rest of the station relies on."""

import csv
import gzip
import json
from collections import Counter
from datetime import date, timedelta

import pytest

from station_client.reference import REQUIRED_CODE_TABLES, ReferenceBundle
from station_client.rules.errors import ValidationError

from .conftest import DIVISION_SOURCE, SHIPPED


def test_shipped_bundle_loads_with_every_required_table(shipped: ReferenceBundle) -> None:
    assert shipped.version >= 1
    assert set(shipped.code_tables) >= REQUIRED_CODE_TABLES
    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == shipped.version
    assert len(shipped.file_versions) == len(manifest["files"])


@pytest.mark.parametrize("name", sorted(REQUIRED_CODE_TABLES))
def test_code_table_non_empty_unique_and_named(shipped: ReferenceBundle, name: str) -> None:
    table = shipped.table(name)
    codes = [e.code for e in table]
    assert codes, name
    assert len(codes) == len(set(codes))
    assert all(e.zh.strip() and e.en.strip() for e in table)
    assert table.source.strip()


def test_ethnicity_has_56_groups_and_the_id_card_extras(shipped: ReferenceBundle) -> None:
    table = shipped.table("ethnicity")
    assert set(table.codes) == {f"{n:02d}" for n in range(1, 57)} | {"97", "98"}
    assert table.name("01") == "汉族"
    assert table.name("56") == "基诺族"
    assert table.name("98") == "外国血统中国籍人士"
    assert table.name("08", "en") == "Zhuang"


def test_national_standard_tables(shipped: ReferenceBundle) -> None:
    assert set(shipped.table("sex").codes) == {"0", "1", "2", "9"}
    assert shipped.table("sex").name("2") == "女"
    marital = shipped.table("marital_status")
    assert set(marital.codes) == {"10", "20", "21", "22", "23", "30", "40", "90"}
    assert marital.entry("22").parent == "20"
    political = shipped.table("political_status")
    assert political.codes == tuple(f"{n:02d}" for n in range(1, 14))
    assert political.name("13") == "群众"
    education = shipped.table("education")
    for code, name in {
        "11": "博士研究生毕业",
        "14": "硕士研究生毕业",
        "21": "大学本科毕业",
        "31": "大学专科毕业",
        "61": "普通高中毕业",
        "71": "初中毕业",
        "81": "小学毕业",
        "90": "其他",
    }.items():
        assert education.name(code) == name
    groups = ["10", "20", "30", "40", "60", "70", "80", "90"]
    assert [e.code for e in education.children()] == groups


def test_hard_to_employ_categories_are_exactly_the_reference_list(shipped: ReferenceBundle) -> None:
    table = shipped.table("hard_to_employ_category")
    expected = [f"{n:03d}" for n in range(10, 111, 10)] + ["990"]
    assert list(table.codes) == expected
    assert "4050" in table.name("050")


def test_insurance_types_and_groups(shipped: ReferenceBundle) -> None:
    table = shipped.table("insurance_type")
    assert list(table.codes) == ["11", "12", "14", "15", "21", "31", "32", "41", "51"]
    groups = {e.code: e.attrs["group"] for e in table}
    assert [c for c, g in groups.items() if g == "pension"] == ["11", "12", "14", "15"]
    assert groups["21"] == "unemployment" and groups["41"] == "injury"
    assert groups["51"] == "maternity"


def test_occupation_classification_2015_to_medium_groups(shipped: ReferenceBundle) -> None:
    table = shipped.table("occupation")
    majors = table.children()
    assert [m.code for m in majors] == [str(n) for n in range(1, 9)]
    mediums = [e for e in table if e.parent is not None]
    assert len(mediums) == 75
    per_major = Counter(e.parent for e in mediums)
    assert per_major == {"1": 6, "2": 11, "3": 3, "4": 15, "5": 6, "6": 32, "7": 1, "8": 1}
    assert all(e.code.startswith(f"{e.parent}-") for e in mediums)
    assert table.name("2-02") == "工程技术人员"
    assert table.name("6-29") == "建筑施工人员"
    assert "2015" in table.source and "medium" in table.source


def test_four_kinds_and_employment_forms(shipped: ReferenceBundle) -> None:
    assert list(shipped.table("four_kinds").codes) == ["A", "B", "C", "D"]
    forms = shipped.table("employment_form")
    kinds = {e.code: e.attrs["four_kinds"] for e in forms}
    assert kinds["10"] == "A" and kinds["21"] == "B" and kinds["30"] == "B"
    assert kinds["41"] == "C"
    assert {e.code for e in forms.children("40")} >= {"41", "42", "43", "44"}


def test_evaluation_levels_and_indicators(shipped: ReferenceBundle) -> None:
    levels = shipped.table("evaluation_level")
    assert [e.zh for e in levels] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert {e.code for e in levels if e.attrs["bad"]} == {"1", "2"}
    indicators = shipped.table("evaluation_indicator")
    assert [e.en for e in indicators] == ["Overall", "Efficiency", "Competence", "Attitude"]


def test_automatic_cancellation_reasons(shipped: ReferenceBundle) -> None:
    table = shipped.table("unemployment_cancel_reason")
    auto = {e.zh for e in table if e.attrs.get("auto") is True}
    for word in ("录用", "个体经营", "养老保险待遇", "入学", "服兵役", "死亡"):
        assert any(word in name for name in auto), word


def test_unknown_code_names_field_table_and_value(shipped: ReferenceBundle) -> None:
    table = shipped.table("ethnicity")
    assert table.check("ethnicity", "01") == "01"
    assert "01" in table and "57" not in table and 1 not in table
    with pytest.raises(ValidationError) as caught:
        table.check("ethnicity", "57")
    error = caught.value
    assert error.field == "ethnicity"
    assert error.reason == "unknown_code"
    for text in (error.message_zh, error.message_en, str(error)):
        assert "57" in text and "ethnicity" in text
    with pytest.raises(KeyError):
        table.name("57")
    with pytest.raises(ValueError):
        table.name("01", "fr")


# ---------------------------------------------------------------------------- calendar


def test_calendar_years_2024_to_2026(shipped: ReferenceBundle) -> None:
    assert shipped.calendar_years == frozenset({2024, 2025, 2026})
    assert shipped.calendar.years() == shipped.calendar_years


def test_calendar_2025_known_facts(shipped: ReferenceBundle) -> None:
    cal = shipped.calendar
    for day in range(1, 9):  # National Day + Mid-autumn: 1-8 October off
        assert not cal.is_working_day(date(2025, 10, day))
    assert cal.is_working_day(date(2025, 9, 28))  # Sunday, make-up day
    assert cal.is_working_day(date(2025, 10, 11))  # Saturday, make-up day
    assert cal.is_working_day(date(2025, 1, 26))  # Sunday before the Spring Festival
    assert cal.is_working_day(date(2025, 2, 8))
    assert not cal.is_working_day(date(2025, 1, 28))
    assert not cal.is_working_day(date(2025, 2, 4))
    assert not cal.is_working_day(date(2025, 5, 5))
    assert cal.is_working_day(date(2025, 10, 9))
    assert not cal.is_working_day(date(2025, 10, 12))  # an ordinary Sunday


def test_year_outside_the_bundle_is_reported_missing(shipped: ReferenceBundle) -> None:
    cal = shipped.calendar
    assert not cal.has_year(2027)
    assert not cal.has_year(2023)
    deadline = cal.add_working_days(date(2026, 12, 28), 10)
    assert deadline.estimated
    assert deadline.missing_years == (2027,)
    assert "2027" in deadline.notice_zh() and "2027" in deadline.notice_en()
    assert not cal.add_working_days(date(2025, 9, 26), 3).estimated


def test_calendar_files_match_chinesecalendar() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    for year in (2024, 2025, 2026):
        data = json.loads((SHIPPED / "calendar" / f"{year}.json").read_text(encoding="utf-8"))
        day = date(year, 1, 1)
        off = {date.fromisoformat(d["date"]) for d in data["holidays"]}
        makeup = {date.fromisoformat(d["date"]) for d in data["makeup_workdays"]}
        while day.year == year:
            expected = chinese_calendar.is_workday(day)
            actual = (day.weekday() < 5 or day in makeup) and day not in off
            assert actual == expected, day
            day += timedelta(days=1)


# --------------------------------------------------------------------------- catalogue


def test_hard_to_employ_review_steps(shipped: ReferenceBundle) -> None:
    item = shipped.catalogue.item("JY-007")
    assert item.zh == "就业困难人员认定"
    assert [s.working_days for s in item.review_steps] == [2, 3, 5, 3, 3]
    assert [s.level for s in item.review_steps] == [
        "village",
        "village",
        "village",
        "town",
        "district",
    ]
    assert item.time_limit_working_days == 16
    assert item.needs_review


def test_catalogue_covers_the_reference_services(shipped: ReferenceBundle) -> None:
    catalogue = shipped.catalogue
    names = {i.zh for i in catalogue}
    for name in (
        "求职登记",
        "失业登记",
        "失业登记注销",
        "就业登记",
        "灵活就业登记",
        "就业创业证核发",
        "就业困难人员认定",
        "就业援助",
        "职业介绍",
        "用人单位招聘登记",
        "职业指导",
        "职业培训推荐",
        "个人参保登记",
        "单位参保登记",
        "劳动争议调解申请",
        "劳动保障监察投诉",
        "人事档案服务申请",
        "服务评价差评整改回访",
    ):
        assert name in names, name
    limits = {i.zh: i.time_limit_working_days for i in catalogue}
    assert limits["失业登记"] == 3
    assert limits["就业登记"] == 15
    assert limits["就业创业证核发"] == 5
    assert limits["劳动争议调解申请"] == 3
    assert limits["劳动保障监察投诉"] == 5
    assert limits["服务评价差评整改回访"] == 15
    assert limits["求职登记"] is None
    assert catalogue.complaint_phone == "12333"


def test_catalogue_levels(shipped: ReferenceBundle) -> None:
    catalogue = shipped.catalogue
    village = {i.category for i in catalogue.items_for_level("village")}
    assert {"employment", "hr", "social_security", "labour_relations"} <= village
    assert "mediation" not in village and "inspection" not in village
    town = {i.category for i in catalogue.items_for_level("town")}
    assert {
        "employment",
        "hr",
        "social_security",
        "labour_relations",
        "mediation",
        "inspection",
    } <= town
    assert [i.code for i in catalogue.items_for_level("district")][-1] == "PJ-001"
    assert all(i.public for i in catalogue.public_items())
    with pytest.raises(KeyError):
        catalogue.item("XX-999")


def test_catalogue_step_sums_match_limits(shipped: ReferenceBundle) -> None:
    for item in shipped.catalogue:
        if item.review_steps:
            assert sum(s.working_days for s in item.review_steps) == item.time_limit_working_days
        assert item.needs_review == bool(item.review_steps)


# --------------------------------------------------------------------------- divisions


def test_jiangning_tree(shipped: ReferenceBundle) -> None:
    tree = shipped.divisions
    assert tree.root.code == "320115" and tree.root.name == "江宁区"
    towns = {t.code: t.name for t in tree.towns()}
    assert towns["320115001"] == "东山街道"
    assert towns["320115002"] == "秣陵街道"
    assert towns["320115003"] == "汤山街道"
    assert len(towns) == 15
    assert tree.children("320115") == tree.towns()
    village = tree.villages()[0]
    path = tree.path(village.code)
    assert [n.code for n in path] == ["32", "3201", "320115", village.code[:9], village.code]
    assert [n.level for n in path] == ["province", "city", "district", "town", "village"]
    assert tree.full_name(village.code).startswith("江苏省南京市江宁区")
    assert tree.node("32").name == "江苏省"
    with pytest.raises(KeyError):
        tree.node("320116")


def test_jiangning_matches_the_source_tables(shipped: ReferenceBundle) -> None:
    if not (DIVISION_SOURCE / "villages.csv.gz").exists():
        pytest.skip("division source tables not available")
    with gzip.open(DIVISION_SOURCE / "villages.csv.gz", "rt", encoding="utf-8") as handle:
        villages = [r for r in csv.DictReader(handle) if r["areaCode"] == "320115"]
    with open(DIVISION_SOURCE / "streets.csv", encoding="utf-8") as handle:
        towns = [r for r in csv.DictReader(handle) if r["areaCode"] == "320115"]
    tree = shipped.divisions
    assert {(t.code, t.name) for t in tree.towns()} == {(r["code"], r["name"]) for r in towns}
    assert len(tree.villages()) == len(villages) == 212
    expected = Counter(r["streetCode"] for r in villages)
    for town in tree.towns():
        assert len(tree.children(town.code)) == expected[town.code], town.name
    names = {v.code: v.name for v in tree.villages()}
    assert all(names[r["code"]] == r["name"] for r in villages)


def test_national_prefixes(shipped: ReferenceBundle) -> None:
    prefixes = shipped.national_prefixes
    assert {"11", "32", "65", "1101", "3201", "4690", "5002"} <= prefixes
    assert {"71", "81", "82", "83", "1102"} <= prefixes
    assert all(len(p) in (2, 4) for p in prefixes)
    assert len([p for p in prefixes if len(p) == 2]) == 31 + 4
    assert shipped.national_names["3201"] == "南京市"
    if (DIVISION_SOURCE / "cities.csv").exists():
        with open(DIVISION_SOURCE / "cities.csv", encoding="utf-8") as handle:
            cities = {r["code"] for r in csv.DictReader(handle)}
        assert cities <= prefixes

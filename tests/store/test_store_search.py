"""Finding people and employers the ways a clerk types."""

from __future__ import annotations

import pytest

from station_client.rules.uscc import make_uscc
from station_client.store.search import search_employers, search_persons

from .helpers import person_values

PEOPLE = [
    ("张三丰", "13912340001"),
    ("张三", "13912340002"),
    ("李秀英", "13700002222"),
    ("单雄信", "13500003333"),  # 单 read "shan" as a surname
    ("欧阳娜娜", "18600004444"),
]


@pytest.fixture
def filled(make_store, actor):
    store = make_store()
    ids = {}
    with store.transaction() as s:
        for i, (name, phone) in enumerate(PEOPLE, start=1):
            p = store.persons.register(s, actor, person_values(i, name=name, phone=phone))
            ids[name] = p
        store.employers.register(
            s, actor, {"uscc": make_uscc("320115", 7), "name": "南京华瑞物流有限公司"}
        )
    return store, ids


def _names(store, q):
    with store.engine.connect() as c:
        return [h.name for h in search_persons(c, q)]


def test_by_whole_id_number_puts_that_person_first(filled):
    store, ids = filled
    assert _names(store, ids["李秀英"].citizen_id)[0] == "李秀英"


def test_by_id_prefix_and_lower_case_x(filled):
    store, ids = filled
    cid = ids["欧阳娜娜"].citizen_id
    assert "欧阳娜娜" in _names(store, cid[:14])
    assert set(_names(store, "320115")) == {n for n, _ in PEOPLE}
    assert _names(store, "110101") == []


def test_by_phone_prefix(filled):
    store, _ = filled
    assert _names(store, "1370000") == ["李秀英"]


def test_by_name_and_part_of_a_name(filled):
    store, _ = filled
    assert set(_names(store, "张三")) == {"张三丰", "张三"}
    assert _names(store, "秀英") == ["李秀英"]
    assert _names(store, "丰张") == []


def test_by_pinyin_initials_and_full_pinyin(filled):
    store, _ = filled
    assert set(_names(store, "zs")) == {"张三丰", "张三"}
    assert _names(store, "zsf") == ["张三丰"]
    assert _names(store, "LXY") == ["李秀英"]
    assert _names(store, "ouyang") == ["欧阳娜娜"]
    assert _names(store, "sxx") == ["单雄信"]  # the surname reading
    assert _names(store, "dxx") == ["单雄信"]  # and the everyday one


def test_a_renamed_person_is_found_by_the_new_name_only(filled, actor):
    store, ids = filled
    with store.transaction() as s:
        store.persons.edit(s, actor, ids["张三"].id, {"name": "张思"})
    assert set(_names(store, "张三")) == {"张三丰"}
    assert _names(store, "张思") == ["张思"]


def test_removed_people_are_not_found(filled, actor):
    store, ids = filled
    with store.transaction() as s:
        store.persons.remove(s, actor, ids["李秀英"].id)
    assert _names(store, "李秀英") == []


def test_search_text_cannot_break_the_query(filled):
    store, _ = filled
    for q in ['"', "张*", "a OR b", "NEAR(", "'; DROP TABLE persons; --", "   "]:
        _names(store, q)  # no exception
    assert len(_names(store, "320115")) == len(PEOPLE)


def test_employers_by_name_initials_and_credit_code(filled):
    store, _ = filled
    with store.engine.connect() as c:
        assert [e.name for e in search_employers(c, "华瑞物流")] == ["南京华瑞物流有限公司"]
        assert [e.name for e in search_employers(c, "njhr")] == ["南京华瑞物流有限公司"]
        code = make_uscc("320115", 7)
        assert [e.uscc for e in search_employers(c, code[:10])] == [code]

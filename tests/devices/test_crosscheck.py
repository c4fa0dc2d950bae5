"""A presented card against the person's file: differences shown, the file untouched."""

from __future__ import annotations

from datetime import date

from hub_sync.model import Person
from station_client.devices.crosscheck import check_presented, compare
from station_client.devices.events import IdentityPresented, IdentitySource

from ..store.helpers import person_values


def _card(citizen_id: str, **over: object) -> IdentityPresented:
    values: dict[str, object] = {
        "source": IdentitySource.ID_CARD,
        "id_number": citizen_id,
        "name": "张三丰",
        "sex": "1",
        "ethnicity": "01",
        "birth_date": date(1985, 3, 14),
        "address": "江苏省南京市江宁区东山街道1号",
    }
    values.update(over)
    return IdentityPresented(**values)  # type: ignore[arg-type]


FILE = {"name": "张三丰", "sex": "1", "birth_date": date(1985, 3, 14), "ethnicity": "01"}


def test_a_card_that_agrees_with_the_file_raises_nothing() -> None:
    # The file has no address: a field one side lacks is no discrepancy.
    assert compare(_card("x"), FILE) == ()
    # Full-width spelling and stray spaces are the same name.
    assert compare(_card("x", name="张 三丰"), {**FILE, "name": "张三丰"}) == ()


def test_a_different_name_is_serious_and_an_old_address_is_not() -> None:
    found = compare(_card("x", name="张三峰"), {**FILE, "address": "旧地址"})
    by_field = {d.field: d for d in found}
    assert by_field["name"].serious and by_field["name"].on_card == "张三峰"
    assert not by_field["address"].serious


def test_a_rare_character_spelled_privately_on_the_card_matches_the_file() -> None:
    # The card's font lacks 䶮: the reader gives a private-use code point in its place.
    assert compare(_card("x", name="刘\ue000"), {**FILE, "name": "刘䶮"}) == ()
    other = compare(_card("x", name="王\ue000"), {**FILE, "name": "刘䶮"})
    assert [d.field for d in other] == ["name"] and not other[0].serious


def test_a_card_naming_someone_else_is_flagged_and_the_file_is_not_overwritten(
    make_store, actor
) -> None:
    store = make_store()
    values = person_values()
    with store.transaction() as s:
        pid = store.persons.register(s, actor, values).id
    check = check_presented(store, _card(values["citizen_id"], name="李四", sex="2"))
    assert check.registered and check.person_id == pid
    assert check.needs_attention
    message = check.message_zh()
    assert message is not None and "李四" in message and "张三丰" in message
    assert "档案未被修改" in message
    with store.transaction() as s:
        kept = s.get(Person, pid)
        assert kept is not None and kept.name == "张三丰" and kept.sex == "1"


def test_a_card_of_someone_not_registered_here_says_so(make_store) -> None:
    store = make_store()
    check = check_presented(store, _card(person_values(7)["citizen_id"]))
    assert not check.registered and not check.needs_attention
    assert check.message_zh() is None

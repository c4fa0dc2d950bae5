"""Bad input is refused with the field and the reason, and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from hub_sync.model import Person
from station_client.rules.errors import ValidationError

from .helpers import person_values


def _counts(store):
    with store.transaction() as s:
        return (
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(text("SELECT count(*) FROM outbox")),
        )


@pytest.mark.parametrize(
    ("over", "field", "reason"),
    [
        ({"citizen_id": "32011519850314001X"}, "citizen_id", "check_character"),
        ({"citizen_id": "320115198502300012"}, "citizen_id", "birth_date"),
        ({"citizen_id": "12345"}, "citizen_id", "length"),
        ({"name": "  "}, "name", "required"),
        ({"phone": "12345"}, "phone", "format"),
        ({"ethnicity": "77"}, "ethnicity", "unknown_code"),
        ({"education": "zz"}, "education", "unknown_code"),
        ({"birth_date": date(1990, 1, 1)}, "birth_date", "mismatch"),
        ({"shoe_size": 42}, "shoe_size", "unknown_field"),
        ({"graduation_date": "2024-02-30"}, "graduation_date", "date"),
        ({"graduation_date": "next june"}, "graduation_date", "date"),
        ({"graduation_date": date(2027, 7, 1)}, "graduation_date", "future"),
        ({"birth_date": "1985-03-15"}, "birth_date", "mismatch"),
    ],
)
def test_refused_with_field_and_reason_and_nothing_written(make_store, actor, over, field, reason):
    store = make_store()
    with pytest.raises(ValidationError) as err, store.transaction() as s:
        store.persons.register(s, actor, person_values(**over))
    assert (err.value.field, err.value.reason) == (field, reason)
    assert err.value.message_zh and err.value.message_en
    assert _counts(store) == (0, 0)


def test_a_second_registration_of_the_same_person_is_refused(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        store.persons.register(s, actor, person_values())
    with pytest.raises(ValidationError, match="already registered"), store.transaction() as s:
        store.persons.register(s, actor, person_values(name="张三"))
    assert _counts(store) == (1, 1)


def test_a_bad_edit_keeps_the_saved_record(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    with pytest.raises(ValidationError), store.transaction() as s:
        store.persons.edit(s, actor, pid, {"name": "张三", "ethnicity": "77"})
    with store.transaction() as s:
        assert s.get(Person, pid).name == "张三丰"
    assert _counts(store) == (1, 1)


def test_legacy_15_digit_number_is_upgraded_and_derives_birth_and_sex(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        p = store.persons.register(s, actor, {"citizen_id": "320115850314001", "name": "王五"})
    assert len(p.citizen_id) == 18 and p.citizen_id.startswith("32011519850314001")
    assert p.birth_date == date(1985, 3, 14) and p.sex == "1"


def test_a_date_typed_as_text_is_accepted(make_store, actor):
    store = make_store()
    with store.transaction() as s:
        p = store.persons.register(
            s, actor, person_values(birth_date="1985-03-14", graduation_date="2007-07-01")
        )
    assert p.graduation_date == date(2007, 7, 1)

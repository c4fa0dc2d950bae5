"""Vacancies on a real encrypted store: validated, never half saved, in the outbox, matched."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from hub_sync.model import JobSeekerRegistration, Vacancy
from station_client.rules.errors import ValidationError
from station_client.rules.uscc import make_uscc
from station_client.store import outbox as ob
from station_client.store.records import create
from station_client.store.vacancies import VacancyRegistry

from .helpers import person_values

TOWN, VILLAGE = "320115001", "320115001001"


class Board:
    def __init__(self, store, actor):  # type: ignore[no-untyped-def]
        self.store, self.actor = store, actor
        self.vacancies = VacancyRegistry(store.reference, store.clock)
        with store.transaction() as s:
            self.employer_id = store.employers.register(
                s, actor, {"uscc": make_uscc("320115", 11), "name": "南京东山物流有限公司"}
            ).id

    def register(self, **over: Any) -> str:
        with self.store.transaction() as s:
            return self.vacancies.register(s, self.actor, self.employer_id, values(**over)).id

    def count(self) -> int:
        with self.store.transaction() as s:
            return s.scalar(select(func.count()).select_from(Vacancy)) or 0

    def outbox(self) -> list[ob.OutboxEntry]:
        with self.store.engine.connect() as c:
            return ob.pending(c, limit=10_000)

    def get(self, vid: str) -> Vacancy:
        with self.store.transaction() as s:
            vacancy = s.get(Vacancy, vid)
            assert vacancy is not None
            return vacancy


def values(**over: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": "仓库管理员",
        "occupation_code": "4-02",
        "headcount": "2",
        "wage_min": "4000",
        "wage_max": "6000",
        "skills": "forklift， excel、FORKLIFT",
        "location_division": VILLAGE,
        "valid_from": "2026-11-01",
        "valid_until": "2026-12-31",
        "requirements": "能上夜班",
    }
    out.update(over)
    return out


@pytest.fixture
def board(make_store, actor):  # type: ignore[no-untyped-def]
    return Board(make_store(), actor)


def test_a_vacancy_is_saved_normalised_and_goes_to_the_outbox(board):
    vid = board.register(occupation_code=" 4-02 ", location_division="320115001000")
    v = board.get(vid)
    assert (v.title, v.occupation_code, v.headcount, v.wage_min, v.wage_max) == (
        "仓库管理员",
        "4-02",
        2,
        4000,
        6000,
    )
    assert v.skills == "FORKLIFT,EXCEL"  # trimmed, upper case, each once
    assert v.location_division == TOWN  # the padded town code, as the tree knows it
    assert (v.valid_from, v.valid_until, v.status) == (
        date(2026, 11, 1),
        date(2026, 12, 31),
        "open",
    )
    entry = board.outbox()[-1]
    assert (entry.table_name, entry.record_id, entry.op) == ("vacancies", vid, "insert")
    assert entry.new_values["employer_id"] == board.employer_id
    assert entry.new_values["changed_staff"] == board.actor.staff_id


def test_without_a_start_date_the_vacancy_starts_today(board):
    vid = board.register(valid_from="", valid_until=None, wage_min="", wage_max=None)
    v = board.get(vid)
    assert (v.valid_from, v.valid_until, v.wage_min, v.wage_max) == (
        date(2026, 11, 2),
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("over", "field", "reason"),
    [
        ({"title": "  "}, "title", "required"),
        ({"title": "岗" * 101}, "title", "length"),
        ({"occupation_code": "9-99"}, "occupation_code", "unknown_code"),
        ({"occupation_code": ""}, "occupation_code", "required"),
        ({"headcount": "0"}, "headcount", "range"),
        ({"headcount": "两个"}, "headcount", "format"),
        ({"headcount": True}, "headcount", "format"),
        ({"headcount": None}, "headcount", "required"),
        ({"wage_min": "6000", "wage_max": "4000"}, "wage_max", "range"),
        ({"wage_min": "-1"}, "wage_min", "format"),
        ({"wage_max": "5000000"}, "wage_max", "range"),
        ({"location_division": "110101001001"}, "location_division", "unknown_code"),
        ({"valid_from": "2026-12-01", "valid_until": "2026-11-15"}, "valid_until", "order"),
        ({"valid_from": "2026-10-01", "valid_until": "2026-10-31"}, "valid_until", "past"),
        ({"valid_from": "2026-13-01"}, "valid_from", "date"),
        ({"status": "closed"}, "status", "unknown_field"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_saved(board, over, field, reason):
    before = len(board.outbox())
    with pytest.raises(ValidationError) as refused:
        board.register(**over)
    assert (refused.value.field, refused.value.reason) == (field, reason)
    assert refused.value.message_zh  # something a clerk can read
    assert board.count() == 0
    assert len(board.outbox()) == before


def test_an_unknown_employer_is_refused(board):
    with pytest.raises(ValidationError) as refused, board.store.transaction() as s:
        board.vacancies.register(s, board.actor, "no-such-employer", values())
    assert refused.value.field == "employer_id"
    assert board.count() == 0


def test_an_edit_is_checked_against_the_values_it_keeps(board):
    vid = board.register()
    before = len(board.outbox())
    with pytest.raises(ValidationError) as refused, board.store.transaction() as s:
        board.vacancies.edit(s, board.actor, vid, {"title": "叉车司机", "wage_min": 7000})
    assert (refused.value.field, refused.value.reason) == ("wage_min", "range")
    with pytest.raises(ValidationError) as refused, board.store.transaction() as s:
        board.vacancies.edit(s, board.actor, vid, {"valid_from": "2027-01-05"})
    assert (refused.value.field, refused.value.reason) == ("valid_from", "order")
    assert board.get(vid).title == "仓库管理员" and len(board.outbox()) == before

    with board.store.transaction() as s:
        board.vacancies.edit(s, board.actor, vid, {"title": "叉车司机", "headcount": 3})
    edit = board.outbox()[-1]
    assert edit.op == "update" and edit.old_values == {"title": "仓库管理员", "headcount": 2}
    assert (board.get(vid).title, board.get(vid).headcount) == ("叉车司机", 3)


def test_a_closed_vacancy_stays_on_record_is_not_matched_and_cannot_change(board):
    vid = board.register()
    with board.store.transaction() as s:
        person = board.store.persons.register(s, board.actor, person_values(3, name="李四"))
        create(
            s,
            board.actor,
            board.store.clock(),
            JobSeekerRegistration,
            {
                "person_id": person.id,
                "registered_on": date(2026, 10, 1),
                "intended_occupation": "4-02",
                "intended_division": VILLAGE,
                "expected_wage": 5000,
            },
        )
    with board.store.transaction() as s:
        [match] = board.store.matching.vacancies_for_person(s, person.id)
    assert match.candidate.id == vid and "职业对口" in match.score.reasons

    with board.store.transaction() as s:
        board.vacancies.close(s, board.actor, vid)
    assert board.get(vid).status == "closed"
    closing = board.outbox()[-1]
    assert (closing.op, closing.old_values, closing.new_values["status"]) == (
        "update",
        {"status": "open"},
        "closed",
    )
    with board.store.transaction() as s:
        assert board.store.matching.vacancies_for_person(s, person.id) == []
    for act in (
        lambda s: board.vacancies.edit(s, board.actor, vid, {"headcount": 5}),
        lambda s: board.vacancies.close(s, board.actor, vid),
    ):
        with pytest.raises(ValidationError) as refused, board.store.transaction() as s:
            act(s)
        assert (refused.value.field, refused.value.reason) == ("vacancy_id", "closed")


def test_the_employers_list_shows_open_vacancies_first_with_their_state(board, clock):
    closed = board.register(title="保洁员", occupation_code="4-10")
    with board.store.transaction() as s:
        board.vacancies.close(s, board.actor, closed)
    later = board.register(title="快递员", valid_from="2026-12-01", valid_until="")
    now = board.register(title="仓库管理员")
    with board.store.transaction() as s:
        rows = board.vacancies.for_employer(s, board.employer_id)
        card = board.vacancies.employer_card(s, board.employer_id)
    assert [(r.id, r.state) for r in rows] == [
        (later, "not_started"),
        (now, "open"),
        (closed, "closed"),
    ]
    assert rows[1].occupation_name == "交通运输、仓储和邮政业服务人员"
    assert rows[1].location_name == "东山街道中前社区居委会"
    assert card.name == "南京东山物流有限公司"

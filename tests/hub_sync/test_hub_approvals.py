"""The hub checks pushed approval decisions against its own decision log: the reviewer's
role, level and area, maker-checker, the order of the steps, and what follows a decision
(the recognition's state, its ticket's completion) — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from hub_sync.model import HardToEmployRecognition, RecognitionReview, new_id, utc_now
from hub_sync.server import staff as hub_staff

from ..hubserver import running_hub
from .signing_client import SigningStation
from .test_hub_push import insert_op, person_fields

VILLAGE, OTHER_VILLAGE, TOWN, DISTRICT = "320115001001", "320115001002", "320115001", "320115"
STAMP = {"changed_staff": None, "changed_at": "2026-11-02T09:30:00.000000Z"}


@pytest.fixture
def hub(hub_database_url):  # type: ignore[no-untyped-def]
    with running_hub(hub_database_url) as running:
        yield running


@pytest.fixture
def station(hub):  # type: ignore[no-untyped-def]
    return SigningStation.enrol(hub.url, hub.add_station(VILLAGE, "中前社区"))


def add_staff(hub, accounts: tuple[tuple[str, str, str], ...]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Staff accounts (nickname, role, area) made at the hub: nickname → id."""
    made = {}
    with hub.engine.begin() as conn:
        for nick, role, area in accounts:
            made[nick] = hub_staff.add_staff(
                conn, username=nick, full_name=nick, role=role, area_code=area,
                password="password-1", now=utc_now(),
            )  # fmt: skip
    return made


@pytest.fixture
def staff(hub) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Staff accounts at the hub, by nickname: id."""
    return add_staff(hub, (
        ("maker", "clerk", VILLAGE),
        ("checker", "clerk", VILLAGE),
        ("neighbour", "clerk", VILLAGE),
        ("elsewhere", "clerk", OTHER_VILLAGE),
        ("town_clerk", "clerk", TOWN),
        ("town_boss", "supervisor", TOWN),
        ("district_boss", "supervisor", DISTRICT),
    ))  # fmt: skip


class Pusher:
    """Sends ops one batch at a time with the next sequence numbers."""

    def __init__(self, station: SigningStation) -> None:
        self.station, self.seq = station, 0

    def send(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        numbered = []
        for op in ops:
            self.seq += 1
            numbered.append({**op, "seq": self.seq, "hlc": f"{self.seq:013d}-00000-t"})
        r = self.station.push(numbered)
        assert r.status_code == 200, r.text
        return list(r.json()["results"])


def _insert(table: str, record_id: str, **fields: Any) -> dict[str, Any]:
    return {k: v for k, v in insert_op(0, record_id, table, **fields, **STAMP).items()}


def _update(table: str, record_id: str, base: int, old: dict, new: dict) -> dict[str, Any]:
    return {
        "table": table,
        "record_id": record_id,
        "op": "update",
        "base_version": base,
        "fields": {**new, **STAMP},
        "old": old,
    }


def _review(rec: str, step: str, who: str, org: str, on: str, result: str = "pass",
            reason: str | None = None) -> dict[str, Any]:  # fmt: skip
    return _insert(
        "recognition_reviews", new_id(), recognition_id=rec, step=step, reviewer_staff_id=who,
        reviewer_org=org, decided_on=on, result=result, reason=reason,
    )  # fmt: skip


def _application(pusher: Pusher, staff: dict[str, str]) -> tuple[str, str]:
    """A person, their recognition and its ticket accepted by the maker, in one batch."""
    pid, rec, ticket = new_id(), new_id(), new_id()
    results = pusher.send(
        _insert("persons", pid, **{k: v for k, v in person_fields().items() if k not in STAMP}),
        _insert(
            "hard_to_employ_recognitions", rec, person_id=pid,
            serial_no=f"KN-{rec[-6:]}", category="040", applied_on="2026-11-02",
            current_step="village_check", status="applied", deleted=False,
        ),
        _insert(
            "service_tickets", ticket, ticket_no=f"T-{ticket[-8:]}", catalogue_code="JY-007",
            person_id=pid, station_id=pusher.station.station_id,
            first_owner_staff_id=staff["maker"], owner_staff_id=staff["maker"],
            status="accepted", accepted_on="2026-11-02", due_on="2026-11-24",
            due_estimated=False, subject_table="hard_to_employ_recognitions",
            subject_id=rec, deleted=False,
        ),
    )  # fmt: skip
    assert [r["status"] for r in results] == ["applied"] * 3, results
    return rec, ticket


def _code(result: dict[str, Any]) -> str:
    assert result["status"] == "rejected", result
    return str(result["reason"]).split(":", 1)[0]


def test_decisions_by_the_wrong_person_are_refused_with_their_codes(hub, station, staff):  # type: ignore[no-untyped-def]
    pusher = Pusher(station)
    rec, _ticket = _application(pusher, staff)
    results = pusher.send(
        _review(rec, "village_check", staff["maker"], VILLAGE, "2026-11-02"),
        _review(rec, "village_check", staff["town_boss"], TOWN, "2026-11-02"),
        _review(rec, "village_check", staff["elsewhere"], OTHER_VILLAGE, "2026-11-02"),
        _review(rec, "village_check", staff["checker"], TOWN, "2026-11-02"),  # not its org
        _review(rec, "village_check", "no-such-staff", VILLAGE, "2026-11-02"),
        _review(rec, "village_check", staff["checker"], VILLAGE, "2026-11-02", "fail"),
        _review(rec, "town_review", staff["town_boss"], TOWN, "2026-11-02"),
    )
    assert [_code(r) for r in results] == [
        "review_maker_checker",
        "review_wrong_reviewer",
        "review_wrong_reviewer",
        "review_wrong_reviewer",
        "review_wrong_reviewer",
        "review_reason_required",
        "review_out_of_order",
    ]
    assert "accepted the application" in results[0]["reason"]
    with hub.engine.connect() as c:
        assert c.execute(select(RecognitionReview.id)).first() is None


def test_the_steps_go_in_order_and_what_follows_a_refused_decision_is_refused(hub, station, staff):  # type: ignore[no-untyped-def]
    pusher = Pusher(station)
    rec, ticket = _application(pusher, staff)
    first = pusher.send(
        _review(rec, "village_check", staff["checker"], VILLAGE, "2026-11-02"),
        _update("hard_to_employ_recognitions", rec, 1,
                {"status": "applied", "current_step": "village_check"},
                {"status": "under_review", "current_step": "public_notice"}),
        _update("service_tickets", ticket, 1, {"status": "accepted"}, {"status": "forwarded"}),
    )  # fmt: skip
    assert [r["status"] for r in first] == ["applied"] * 3, first
    later = pusher.send(
        # someone else decided the same step offline meanwhile
        _review(rec, "village_check", staff["neighbour"], VILLAGE, "2026-11-02"),
        # the checker may not record an objection too; the neighbour may
        _review(rec, "public_notice", staff["checker"], VILLAGE, "2026-11-03", "fail", "异议"),
        # the notice runs until 5 November: too early for the town
        _review(rec, "town_review", staff["town_boss"], TOWN, "2026-11-05"),
        _review(rec, "town_review", staff["town_clerk"], TOWN, "2026-11-06"),  # not a supervisor
        # the ticket is not completed and the recognition not recognised before the end
        _update("service_tickets", ticket, 2, {"status": "forwarded"}, {"status": "completed"}),
        _update("hard_to_employ_recognitions", rec, 2, {"status": "under_review"},
                {"status": "recognised"}),
        _review(rec, "town_review", staff["town_boss"], TOWN, "2026-11-06"),
        _update("hard_to_employ_recognitions", rec, 2, {"current_step": "public_notice"},
                {"current_step": "district_decision"}),
        _review(rec, "district_decision", staff["district_boss"], DISTRICT, "2026-11-09"),
        _update("hard_to_employ_recognitions", rec, 3,
                {"status": "under_review", "current_step": "district_decision",
                 "decided_on": None},
                {"status": "recognised", "current_step": None, "decided_on": "2026-11-09"}),
        _update("service_tickets", ticket, 2, {"status": "forwarded"}, {"status": "completed"}),
    )  # fmt: skip
    assert [r["status"] if r["status"] != "rejected" else _code(r) for r in later] == [
        "review_out_of_order",
        "review_maker_checker",
        "review_out_of_order",
        "review_wrong_reviewer",
        "review_state_mismatch",
        "review_state_mismatch",
        "applied",
        "applied",
        "applied",
        "applied",
        "applied",
    ]
    assert "2026-11-05" in later[2]["reason"]
    with hub.engine.connect() as c:
        steps = c.execute(select(RecognitionReview.step).order_by(RecognitionReview.decided_on))
        assert list(steps.scalars()) == ["village_check", "town_review", "district_decision"]
        row = c.execute(
            select(HardToEmployRecognition).where(HardToEmployRecognition.id == rec)
        ).one()
        assert (row.status, row.current_step, row.decided_on) == (
            "recognised",
            None,
            date(2026, 11, 9),
        )


def test_an_upheld_objection_ends_the_recognition_at_the_hub(hub, station, staff):  # type: ignore[no-untyped-def]
    pusher = Pusher(station)
    rec, ticket = _application(pusher, staff)
    results = pusher.send(
        _review(rec, "village_check", staff["checker"], VILLAGE, "2026-11-02"),
        _review(rec, "public_notice", staff["neighbour"], VILLAGE, "2026-11-04", "fail",
                "公示期间群众反映其经营网店"),
        _update("hard_to_employ_recognitions", rec, 1,
                {"status": "applied", "current_step": "village_check", "decided_on": None},
                {"status": "rejected", "current_step": None, "decided_on": "2026-11-04"}),
        _update("service_tickets", ticket, 1, {"status": "accepted"}, {"status": "completed"}),
        _review(rec, "town_review", staff["town_boss"], TOWN, "2026-11-09"),
        # the application sent again (a station re-enrolled, say) does not reopen it
        _insert("hard_to_employ_recognitions", rec, status="applied",
                current_step="village_check", decided_on=None),
    )  # fmt: skip
    assert [r["status"] for r in results[:4]] == ["applied"] * 4, results
    assert _code(results[4]) == "review_out_of_order"
    assert "decided" in results[4]["reason"]
    assert _code(results[5]) == "review_state_mismatch"
    with hub.engine.connect() as c:
        row = c.execute(
            select(HardToEmployRecognition).where(HardToEmployRecognition.id == rec)
        ).one()
        assert (row.status, row.decided_on) == ("rejected", date(2026, 11, 4))

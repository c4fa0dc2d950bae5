"""Ticket rules: the state machine, deadlines on the real 2026 calendar, who may act,
ticket numbers, hand-up levels, the one-time notice and ratings."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_client.reference import ReferenceBundle
from station_client.rules import DeadlineState, Role, ValidationError, WorkCalendar
from station_client.rules.tickets import (
    ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    Authority,
    NoticeMaterial,
    OneTimeNotice,
    TicketStatus,
    acting_authority,
    check_handover_level,
    check_missing_materials,
    check_rating,
    check_reason,
    check_transition,
    is_absent,
    next_serial,
    parse_status,
    station_day,
    ticket_deadline,
    ticket_deadline_state,
    ticket_number,
)

S = TicketStatus


@pytest.fixture(scope="module")
def cal(reference: ReferenceBundle) -> WorkCalendar:
    """The shipped calendar (2024-2026, with the 2026 National Day holiday)."""
    return reference.calendar


# -------------------------------------------------------------------- state machine


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.ACCEPTED, S.COMPLETED),  # done on the spot
        (S.ACCEPTED, S.WAITING_MATERIALS),
        (S.IN_PROGRESS, S.WAITING_MATERIALS),
        (S.WAITING_MATERIALS, S.IN_PROGRESS),  # the materials arrived
        (S.WAITING_MATERIALS, S.WITHDRAWN),
        (S.FORWARDED, S.COMPLETED),  # the higher level decided
        (S.FORWARDED, S.IN_PROGRESS),  # sent back to the station
        (S.IN_PROGRESS, S.REJECTED),
    ],
)
def test_allowed_moves(current: TicketStatus, target: TicketStatus) -> None:
    check_transition(current, target)


def test_nothing_is_completed_while_materials_are_missing() -> None:
    with pytest.raises(ValidationError) as e:
        check_transition(S.WAITING_MATERIALS, S.COMPLETED)
    assert (e.value.field, e.value.reason) == ("status", "transition")
    assert "待补材料" in e.value.message_zh and "已办结" in e.value.message_zh
    assert "办理中" in e.value.message_zh  # says what is allowed instead
    assert "in_progress" in e.value.message_en


@pytest.mark.parametrize("final", [S.COMPLETED, S.REJECTED, S.WITHDRAWN])
@pytest.mark.parametrize("target", list(TicketStatus))
def test_a_closed_matter_stays_closed(final: TicketStatus, target: TicketStatus) -> None:
    assert final.final and final not in OPEN_STATUSES
    with pytest.raises(ValidationError, match="closed") as e:
        check_transition(final, target)
    assert "已结束" in e.value.message_zh


def test_every_open_status_can_still_end() -> None:
    # From any open status some path leads to each final status except by skipping steps.
    for status in OPEN_STATUSES:
        reachable, frontier = {status}, [status]
        while frontier:
            for nxt in ALLOWED_TRANSITIONS[frontier.pop()]:
                if nxt not in reachable:
                    reachable.add(nxt)
                    frontier.append(nxt)
        assert {S.COMPLETED, S.REJECTED, S.WITHDRAWN} <= reachable


def test_unknown_status_names_the_known_ones() -> None:
    assert parse_status("completed") is S.COMPLETED
    with pytest.raises(ValidationError, match="waiting_materials") as e:
        parse_status("done")
    assert e.value.reason == "unknown_code"


def test_reason_required_and_bounded() -> None:
    assert check_reason("  转镇审核  ") == "转镇审核"
    for blank in (None, "", "   "):
        with pytest.raises(ValidationError, match="required"):
            check_reason(blank)
    with pytest.raises(ValidationError, match="longer than 500"):
        check_reason("因" * 501)


# ------------------------------------------------------------------------- deadlines


def test_deadline_skips_national_day_and_lands_on_the_makeup_saturday(cal: WorkCalendar) -> None:
    # Accepted Wed 30 Sep 2026, 3 working days: 1-7 Oct are off, so Thu 8, Fri 9 and
    # the make-up working Saturday 10 Oct.
    deadline = ticket_deadline(date(2026, 9, 30), 3, cal)
    assert deadline.due == date(2026, 10, 10) and not deadline.estimated


def test_on_the_spot_is_due_the_same_day(cal: WorkCalendar) -> None:
    assert ticket_deadline(date(2026, 9, 30), None, cal).due == date(2026, 9, 30)


def test_a_year_without_calendar_gives_an_estimate(cal: WorkCalendar) -> None:
    deadline = ticket_deadline(date(2026, 12, 30), 5, cal)
    assert deadline.estimated and deadline.missing_years == (2027,)


def test_deadline_state_of_tickets(cal: WorkCalendar) -> None:
    due = date(2026, 10, 10)
    assert ticket_deadline_state(S.IN_PROGRESS, date(2026, 9, 30), due, cal) is (
        DeadlineState.ON_TRACK
    )
    # Friday 9 Oct: the next working day is the make-up Saturday, the due date.
    assert ticket_deadline_state(S.FORWARDED, date(2026, 10, 9), due, cal) is (
        DeadlineState.DUE_SOON
    )
    assert ticket_deadline_state(S.ACCEPTED, date(2026, 10, 11), due, cal) is (
        DeadlineState.OVERDUE
    )
    # The time limit does not run while materials are missing.
    assert ticket_deadline_state(S.WAITING_MATERIALS, date(2026, 10, 12), due, cal) is None
    done = ticket_deadline_state(
        S.COMPLETED, date(2026, 10, 20), due, cal, completed_on=date(2026, 10, 12)
    )
    assert done is DeadlineState.DONE_LATE


def test_the_station_day_is_china_time() -> None:
    # 07:30 in Beijing on 30 Sep is still 29 Sep in UTC.
    assert station_day(datetime(2026, 9, 29, 23, 30, tzinfo=UTC)) == date(2026, 9, 30)
    assert station_day(datetime(2026, 9, 30, 15, 59, tzinfo=UTC)) == date(2026, 9, 30)


# ----------------------------------------------------------------------- numbering


def test_ticket_numbers_count_per_station_and_day() -> None:
    day = date(2026, 9, 30)
    existing = [
        "320115001001-20260930-0001",
        "320115001001-20260930-0007",
        "320115001001-20260929-0042",  # another day
        "320115001002-20260930-0099",  # another station
    ]
    assert next_serial(existing, "320115001001", day) == 8
    assert ticket_number("320115001001", day, 8) == "320115001001-20260930-0008"
    assert next_serial([], "320115001001", day) == 1


@given(st.sets(st.integers(min_value=1, max_value=20000), max_size=30))
def test_next_number_is_never_taken(serials: set[int]) -> None:
    day = date(2026, 1, 5)
    taken = {ticket_number("P", day, n) for n in serials}
    assert ticket_number("P", day, next_serial(taken, "P", day)) not in taken


# ---------------------------------------------------------------------- who may act


def _who(staff: str, role: Role = Role.CLERK, *, absent: bool = False) -> Authority:
    return acting_authority(staff, role, owner_id="a", backup_id="b", owner_absent=absent)


def test_owner_supervisor_and_backup_while_absent_may_act() -> None:
    assert _who("a") is Authority.OWNER
    assert _who("s", Role.SUPERVISOR) is Authority.SUPERVISOR
    assert _who("b", absent=True) is Authority.BACKUP


def test_backup_waits_while_owner_is_at_work_and_others_never_act() -> None:
    with pytest.raises(ValidationError, match="owner is at work"):
        _who("b")
    for staff, role in (("c", Role.CLERK), ("x", Role.DISTRICT_ADMIN)):
        with pytest.raises(ValidationError, match="only the owner") as e:
            _who(staff, role, absent=True)
        assert e.value.reason == "not_allowed"


def test_absence_includes_its_last_day_and_inactive_is_absent() -> None:
    until = date(2026, 10, 12)
    assert is_absent(until, absent_until=until, active=True)
    assert not is_absent(date(2026, 10, 13), absent_until=until, active=True)
    assert not is_absent(until, absent_until=None, active=True)
    assert is_absent(until, absent_until=None, active=False)


def test_a_matter_is_handed_up_only_to_a_higher_level_that_delivers_it() -> None:
    levels = ["village", "town", "district"]
    assert check_handover_level("town", station_level="village", item_levels=levels) == "town"
    with pytest.raises(ValidationError, match="hand a matter up"):
        check_handover_level("town", station_level="town", item_levels=levels)
    with pytest.raises(ValidationError, match="does not deliver"):
        check_handover_level("town", station_level="village", item_levels=["district"])
    with pytest.raises(ValidationError, match="unknown level"):
        check_handover_level("city", station_level="village", item_levels=levels)


# ------------------------------------------------------------------ one-time notice

ID = NoticeMaterial("居民身份证", "ID card")
PROOF = NoticeMaterial("解除劳动关系证明", "Proof", "曾就业的")
PHOTO = NoticeMaterial("照片", "Photo")


def test_missing_materials_in_catalogue_order() -> None:
    assert check_missing_materials(["照片", "居民身份证"], [ID, PROOF, PHOTO]) == (ID, PHOTO)


@pytest.mark.parametrize(
    ("chosen", "catalogue", "reason"),
    [
        ([], [ID], "required"),  # "once" means everything: an empty notice is no notice
        (["户口本"], [ID, PHOTO], "unknown_material"),
        (["居民身份证"], [], "no_materials"),
    ],
)
def test_missing_materials_refused(
    chosen: list[str], catalogue: list[NoticeMaterial], reason: str
) -> None:
    with pytest.raises(ValidationError) as e:
        check_missing_materials(chosen, catalogue)
    assert (e.value.field, e.value.reason) == ("missing_materials", reason)


def test_notice_sheet_lists_everything_the_person_must_know() -> None:
    notice = OneTimeNotice(
        ticket_no="320115001001-20260930-0001",
        applicant="张三丰",
        item_code="JY-002",
        item_zh="失业登记",
        missing=(PROOF, PHOTO),
        time_limit_working_days=3,
        complaint_phone="12333",
        station="东山街道某社区人力资源和社会保障服务站",
        staff="李四",
        day=date(2026, 9, 30),
    )
    text = "\n".join(notice.lines_zh())
    assert notice.lines_zh()[0] == "一次性告知书"
    assert "1. 解除劳动关系证明（曾就业的）" in text and "2. 照片" in text
    assert "居民身份证" not in text
    assert "3个工作日内办结" in text and "12333" in text and "2026年9月30日" in text
    on_the_spot = OneTimeNotice(**{**notice.__dict__, "time_limit_working_days": None})
    assert "当场办结" in "\n".join(on_the_spot.lines_zh())


# ---------------------------------------------------------------------------- ratings


@pytest.mark.parametrize("good", [1, 3, 5])
def test_ratings_one_to_five(good: int) -> None:
    assert check_rating("attitude", good, required=False) == good


@pytest.mark.parametrize("bad", [0, 6, "5", 4.0, True, None])
def test_ratings_outside_the_five_levels_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as e:
        check_rating("overall", bad, required=True)
    assert (e.value.field, e.value.reason) == ("overall", "rating")
    assert "总体评价" in e.value.message_zh


def test_an_indicator_may_be_left_unrated() -> None:
    assert check_rating("efficiency", None, required=False) is None

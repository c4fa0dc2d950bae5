"""Deadline states shown on the clerk's work list (2025 calendar)."""

from datetime import date

import pytest

from station_client.rules import DeadlineState, WorkCalendar, deadline_state, working_days_left

# Due Thursday 9 October 2025, the first working day after the National Day holiday.
DUE = date(2025, 10, 9)


@pytest.mark.parametrize(
    ("today", "left", "state"),
    [
        (date(2025, 9, 26), 4, DeadlineState.ON_TRACK),  # Fri: Sun 28, Mon 29, Tue 30, Thu 9
        (date(2025, 9, 29), 2, DeadlineState.ON_TRACK),  # Mon: Tue 30 and Thu 9 left
        # Tue 30 Sep: nine calendar days away, but only one working day → due soon.
        (date(2025, 9, 30), 1, DeadlineState.DUE_SOON),
        (date(2025, 10, 5), 1, DeadlineState.DUE_SOON),
        (date(2025, 10, 9), 0, DeadlineState.DUE_SOON),  # the due date itself is on time
        (date(2025, 10, 10), -1, DeadlineState.OVERDUE),
        (date(2025, 10, 13), -3, DeadlineState.OVERDUE),  # Fri 10, Sat 11 (make-up), Mon 13
    ],
)
def test_open_matter(cal2025: WorkCalendar, today: date, left: int, state: DeadlineState) -> None:
    assert working_days_left(today, DUE, cal2025) == left
    assert deadline_state(today, DUE, cal2025) is state


def test_overdue_on_the_weekend_after(cal2025: WorkCalendar) -> None:
    # Due Fri 17 Oct; on Sunday no working day has passed yet, but the matter is late.
    assert deadline_state(date(2025, 10, 19), date(2025, 10, 17), cal2025) is DeadlineState.OVERDUE
    assert working_days_left(date(2025, 10, 19), date(2025, 10, 17), cal2025) == 0


def test_wider_due_soon_window(cal2025: WorkCalendar) -> None:
    state = deadline_state(date(2025, 9, 29), DUE, cal2025, due_soon_working_days=2)
    assert state is DeadlineState.DUE_SOON


def test_due_soon_only_on_the_day(cal2025: WorkCalendar) -> None:
    assert deadline_state(date(2025, 9, 30), DUE, cal2025, due_soon_working_days=0) is (
        DeadlineState.ON_TRACK
    )
    assert deadline_state(DUE, DUE, cal2025, due_soon_working_days=0) is DeadlineState.DUE_SOON


def test_negative_window_refused(cal2025: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        deadline_state(DUE, DUE, cal2025, due_soon_working_days=-1)


@pytest.mark.parametrize(
    ("completed_on", "state"),
    [
        (date(2025, 9, 30), DeadlineState.DONE_ON_TIME),
        (DUE, DeadlineState.DONE_ON_TIME),
        (date(2025, 10, 10), DeadlineState.DONE_LATE),
    ],
)
def test_completed_matter_judged_by_completion_day(
    cal2025: WorkCalendar, completed_on: date, state: DeadlineState
) -> None:
    # Looking at it weeks later does not make a matter finished on time overdue.
    assert deadline_state(date(2025, 11, 30), DUE, cal2025, completed_on=completed_on) is state

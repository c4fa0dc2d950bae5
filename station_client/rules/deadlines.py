"""Where a time-limited matter stands relative to its due date.

The states drive the colours and reminders of the clerk's work list. "Due soon" is
measured in working days, because a deadline two calendar days away over a weekend is
as urgent as one due tomorrow.
"""

from datetime import date
from enum import StrEnum

from station_client.rules.workdays import WorkCalendar


class DeadlineState(StrEnum):
    """State of a matter with a due date."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"


#: Open matters in the order they are worked on: overdue first, then due soon.
URGENCY: dict[DeadlineState, int] = {
    DeadlineState.OVERDUE: 0,
    DeadlineState.DUE_SOON: 1,
    DeadlineState.ON_TRACK: 2,
}


def working_days_left(today: date, due: date, calendar: WorkCalendar) -> int:
    """Working days after today up to and including the due date.

    0 on the due date itself (still on time today); negative when overdue — minus the
    working days elapsed after the due date up to and including today.
    """
    return calendar.working_days_between(today, due)


def deadline_state(
    today: date,
    due: date,
    calendar: WorkCalendar,
    *,
    completed_on: date | None = None,
    due_soon_working_days: int = 1,
) -> DeadlineState:
    """Classify a matter on ``today``.

    Completed matters are judged by their completion day only. An open matter is overdue
    from the day after ``due``; it is due soon when at most ``due_soon_working_days``
    working days remain (so with the default 1, on the due date and the working day
    before it).
    """
    if due_soon_working_days < 0:
        raise ValueError(f"due_soon_working_days must not be negative, got {due_soon_working_days}")
    if completed_on is not None:
        return DeadlineState.DONE_ON_TIME if completed_on <= due else DeadlineState.DONE_LATE
    if today > due:
        return DeadlineState.OVERDUE
    if working_days_left(today, due, calendar) <= due_soon_working_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK

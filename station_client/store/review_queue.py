"""The approvals screen's one list: recognitions (:mod:`.approvals`) and the other
reviewed matters (:mod:`.reviews`) as :class:`~.review_entry.MatterEntry`, overdue
first, then the earliest due; and a decision on any of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from hub_sync.model import utc_now
from station_client.rules.approvals import RECOGNITION_ITEM
from station_client.rules.deadlines import URGENCY

from . import approvals, reviews
from .actor import Actor
from .approval_log import RECOGNITIONS
from .password_check import PasswordRefused
from .review_entry import MatterEntry, from_recognition
from .store import Store

__all__ = ["Decided", "MatterEntry", "PasswordRefused", "decide", "queue"]


class Decided(Protocol):
    """What a decision did, in the clerk's words (either kind's result fits)."""

    def message_zh(self) -> str: ...
    def message_en(self) -> str: ...


def queue(store: Store, staff_id: str, *, due_soon_working_days: int = 1) -> list[MatterEntry]:
    """Every reviewed matter ``staff_id`` may decide now, or must chase up."""
    catalogue = store.reference().catalogue
    item = catalogue.item(RECOGNITION_ITEM) if RECOGNITION_ITEM in catalogue else None
    recognitions = (
        [
            from_recognition(e, item.zh, item.en)
            for e in approvals.queue(store, staff_id, due_soon_working_days=due_soon_working_days)
        ]
        if item is not None and item.review_steps
        else []
    )
    others = reviews.queue(store, staff_id, due_soon_working_days=due_soon_working_days)
    return sorted(
        [*recognitions, *others],
        key=lambda e: (URGENCY[e.state], e.due_on, e.item_code, e.record_no),
    )


def decide(
    store: Store,
    actor: Actor,
    entry: MatterEntry,
    result: str,
    *,
    reason: str | None,
    password: str,
    clock: Callable[[], datetime] = utc_now,
) -> Decided:
    """Decide the step ``entry`` waits for (``result`` ``"pass"`` or ``"fail"``)."""
    if entry.subject_table == RECOGNITIONS:
        return approvals.decide(
            store,
            actor,
            entry.record_id,
            entry.step,
            result,
            reason=reason,
            password=password,
            clock=clock,
        )
    return reviews.decide(
        store,
        actor,
        entry.subject_table,
        entry.record_id,
        entry.step,
        result,
        reason=reason,
        password=password,
        clock=clock,
    )

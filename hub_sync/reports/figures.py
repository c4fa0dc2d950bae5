"""The figures of one unit in one period: matters (tickets) and ratings (好差评).

They are sums, so that a town's figures are its stations' added up; averages and rates
are properties computed from the sums.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

#: The rating indicators (code table ``evaluation_indicator``), as columns of
#: ``service_evaluations``.
INDICATORS = ("overall", "efficiency", "competence", "attitude")


@dataclass(frozen=True)
class TicketCounts:
    """Matters of one unit in one period. ``completion_working_days`` is a sum over the
    completed ones (so that units add up); the average is a property."""

    accepted: int = 0
    completed: int = 0
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0
    completion_working_days: int = 0

    def __add__(self, other: TicketCounts) -> TicketCounts:
        return TicketCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def average_completion_working_days(self) -> float | None:
        return self.completion_working_days / self.completed if self.completed else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.completed if self.completed else None


@dataclass(frozen=True)
class RatingCounts:
    """Ratings (好差评) of one unit in one period; scores as sums and counts per
    indicator, in the order of ``INDICATORS``."""

    rated: int = 0
    score_sums: tuple[int, ...] = (0, 0, 0, 0)
    score_counts: tuple[int, ...] = (0, 0, 0, 0)
    bad: int = 0
    callback_on_time: int = 0
    callback_late: int = 0
    callback_pending: int = 0
    callback_overdue: int = 0

    def __add__(self, other: RatingCounts) -> RatingCounts:
        def plus(a: Any, b: Any) -> Any:
            return (
                tuple(x + y for x, y in zip(a, b, strict=True)) if isinstance(a, tuple) else a + b
            )

        return RatingCounts(
            *(plus(getattr(self, f.name), getattr(other, f.name)) for f in fields(self))
        )

    def average(self, indicator: str) -> float | None:
        i = INDICATORS.index(indicator)
        return self.score_sums[i] / self.score_counts[i] if self.score_counts[i] else None

"""The assessment as the dashboards show it, and the way down from a figure to its units.

The hub serves these types (``GET /v1/reports/assessment``, ``GET /v1/reports/tickets``)
and the station makes the very same ones from its own store, so the counter app draws
one type whichever side computed it. Figures travel as the sums of :mod:`.figures`
(a town's are its stations' added up); averages are computed from them on arrival.

A **measure** is one figure of a unit: a count of matters (accepted, completed, on time,
late, open overdue), the average completion in working days, or the average overall
rating. Behind each lies a list — the matters, or for the rating the ratings — whose
length is the count, or the count the average is taken over (:func:`.behind.tickets_behind`).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from enum import StrEnum

from pydantic import ConfigDict
from sqlalchemy import Connection

from hub_sync.protocol.messages import Message

from .assessment import Assessment, Figures
from .errors import BadScope
from .figures import RatingCounts, TicketCounts
from .scope import Scope, ScopeLevel, area_level, area_scope, station_scope

__all__ = [
    "AssessmentView",
    "FigureSet",
    "Measure",
    "TicketLine",
    "TicketList",
    "UnitFigures",
    "assessment_view",
    "unit_scope",
]


class Measure(StrEnum):
    ACCEPTED = "accepted"
    COMPLETED = "completed"  # services delivered
    ON_TIME = "on_time"
    LATE = "late"
    OPEN_OVERDUE = "open_overdue"
    COMPLETION_DAYS = "completion_days"  # average working days to completion
    RATING = "rating"  # average overall rating (好差评)

    @property
    def is_average(self) -> bool:
        return self in (Measure.COMPLETION_DAYS, Measure.RATING)


_TICKET_FIELDS = tuple(TicketCounts.__dataclass_fields__)
_RATING_FIELDS = tuple(RatingCounts.__dataclass_fields__)


class _Wire(Message):
    # A newer hub may add fields: an older station ignores them rather than failing.
    model_config = ConfigDict(extra="ignore", frozen=True)


class FigureSet(_Wire):
    """One unit's figures for one period, as sums (see :mod:`.figures`)."""

    accepted: int = 0
    completed: int = 0
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0
    completion_working_days: int = 0
    persons_served: int = 0
    rated: int = 0
    score_sums: tuple[int, int, int, int] = (0, 0, 0, 0)
    score_counts: tuple[int, int, int, int] = (0, 0, 0, 0)
    bad: int = 0
    callback_on_time: int = 0
    callback_late: int = 0
    callback_pending: int = 0
    callback_overdue: int = 0

    @classmethod
    def of(cls, figures: Figures) -> FigureSet:
        return cls.model_validate(
            asdict(figures.tickets)
            | asdict(figures.ratings)
            | {"persons_served": figures.persons_served}
        )

    @property
    def tickets(self) -> TicketCounts:
        return TicketCounts(*(getattr(self, name) for name in _TICKET_FIELDS))

    @property
    def ratings(self) -> RatingCounts:
        return RatingCounts(*(getattr(self, name) for name in _RATING_FIELDS))

    def value(self, measure: Measure) -> float | None:
        """The figure a bar shows; None for an average over nothing."""
        if measure is Measure.COMPLETION_DAYS:
            return self.tickets.average_completion_working_days
        if measure is Measure.RATING:
            return self.ratings.average("overall")
        return float(getattr(self, measure.value))

    def count_behind(self, measure: Measure) -> int:
        """How many matters (or ratings) lie behind the figure of ``measure``."""
        if measure is Measure.COMPLETION_DAYS:
            return self.completed
        if measure is Measure.RATING:
            return self.rated
        return int(getattr(self, measure.value))


class UnitFigures(_Wire):
    level: str  # district / town / village / station / clerk
    key: str  # division code, station id or "station id/staff id"
    name: str
    parent: tuple[str, str] | None
    current: FigureSet
    previous: FigureSet

    @property
    def unit_key(self) -> tuple[str, str]:
        return (self.level, self.key)


class AssessmentView(_Wire):
    """An :class:`~.assessment.Assessment` without its by-item detail."""

    scope_level: str
    scope_key: str
    scope_name: str
    period: str  # the label ``parse_period`` reads back
    previous_period: str
    as_of: date
    estimated_years: tuple[int, ...] = ()
    units: tuple[UnitFigures, ...]  # the scope's own unit first

    @property
    def root(self) -> UnitFigures:
        return self.units[0]

    def unit(self, level: str, key: str) -> UnitFigures:
        for u in self.units:
            if u.level == level and u.key == key:
                return u
        raise KeyError((level, key))

    def children(self, unit: UnitFigures) -> list[UnitFigures]:
        return [u for u in self.units if u.parent == unit.unit_key]


def assessment_view(assessment: Assessment) -> AssessmentView:
    return AssessmentView(
        scope_level=assessment.scope.level.value,
        scope_key=assessment.scope.key,
        scope_name=assessment.scope.name,
        period=assessment.period.label,
        previous_period=assessment.previous_period.label,
        as_of=assessment.as_of,
        estimated_years=assessment.estimated_years,
        units=tuple(
            UnitFigures(
                level=u.level,
                key=u.key,
                name=u.name,
                parent=u.parent,
                current=FigureSet.of(u.current),
                previous=FigureSet.of(u.previous),
            )
            for u in assessment.units
        ),
    )


class TicketLine(_Wire):
    """One matter behind a figure (for the rating: one rating, with its matter if any).
    ``person_name`` is masked for the viewer's role where it was made."""

    ticket_id: str | None = None
    ticket_no: str | None = None
    item_code: str | None = None
    item: str | None = None
    person_id: str | None = None
    person_name: str = ""
    station_id: str
    station_name: str = ""
    staff_id: str | None = None
    staff_name: str = ""
    status: str | None = None
    accepted_on: date | None = None
    due_on: date | None = None
    completed_on: date | None = None
    working_days: int | None = None  # after acceptance up to completion
    score: int | None = None  # the overall rating
    rated_on: date | None = None


class TicketList(_Wire):
    level: str
    key: str
    measure: Measure
    period: str
    as_of: date
    total: int  # all of them; ``tickets`` stops at the limit asked for
    tickets: tuple[TicketLine, ...]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.tickets)


def unit_scope(conn: Connection, level: str, key: str) -> Scope:
    """The scope of one unit of an assessment (its ``level`` and ``key``), so that the
    matters behind the unit's figures can be listed with the assessment's own conditions."""
    if level == ScopeLevel.STATION:
        return station_scope(conn, key)
    if level == ScopeLevel.CLERK:
        station_id, sep, staff_id = key.partition("/")
        if not sep:
            raise BadScope(
                f"not a clerk's unit: {key!r} (station id/staff id)",
                f"经办人员单位无效：{key}",
            )
        station = station_scope(conn, station_id)
        # A rating may name no clerk: its unit is "station/", and None matches NULL.
        return Scope(ScopeLevel.CLERK, station.division, "", station_id, staff_id or None)
    if level in (ScopeLevel.DISTRICT, ScopeLevel.TOWN, ScopeLevel.VILLAGE):
        if area_level(key) != level:
            raise BadScope(f"{key} is not a {level}", f"{key} 不是{ScopeLevel(level).zh}")
        return area_scope(conn, key)
    raise BadScope(f"no unit level {level!r}", f"单位层级无效：{level}")

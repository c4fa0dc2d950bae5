"""Job matching (职业介绍): vacancies for a job seeker, job seekers for a vacancy.

A score adds points per criterion (``DEFAULT_POINTS``, ``MatchWeights``): occupation
(codes of the ``occupation`` table, 职业分类大典 2015 — ``"4"`` major group, ``"4-01"``
medium group, ``"4-01-02-03"`` occupation; exact > same medium > same major group), area
(12-digit division codes: same village > town > district), skills (share of the vacancy's
skill codes the seeker has), wage (expected monthly wage vs the vacancy's range) and, only
when ranking people for a vacancy, a priority bonus: employment-assistance policy places
its target groups first (zero-employment household within a month, hard-to-employ within
three). The *largest* bonus of a person's groups counts — they do not stack — so it lifts
a target-group member above an equally suitable candidate, not above a clearly better one.

Scores carry ``reasons`` (what earned points) and ``cautions`` (what to raise with the
person) as :class:`~station_client.rules.match_notes.MatchNote` codes with their values, so
a screen words them in its own language; ``Score.reasons`` / ``Score.cautions`` give them
as the short Chinese phrases the counter shows by default. Rankings hold only open
vacancies / active registrations, ordered by score, then a documented tie-break, then
record id.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from station_client.rules import match_notes as notes
from station_client.rules.match_notes import MatchNote, notes_zh


class PriorityGroup(enum.StrEnum):
    """Groups employment-assistance policy serves first; the value is what the clerk reads."""

    ZERO_EMPLOYMENT_HOUSEHOLD = "零就业家庭成员"
    HARD_TO_EMPLOY = "就业困难人员"
    LONG_TERM_UNEMPLOYED = "长期失业人员"
    GRADUATE = "高校毕业生"
    VETERAN = "退役军人"
    LAND_LOST_FARMER = "失地农民"


DEFAULT_PRIORITY_BONUS: Mapping[PriorityGroup, int] = {
    PriorityGroup.ZERO_EMPLOYMENT_HOUSEHOLD: 15,
    PriorityGroup.HARD_TO_EMPLOY: 12,
    PriorityGroup.LONG_TERM_UNEMPLOYED: 10,
    PriorityGroup.GRADUATE: 6,
    PriorityGroup.VETERAN: 6,
    PriorityGroup.LAND_LOST_FARMER: 4,
}


class OccupationFit(enum.Enum):
    UNKNOWN = "occupation_unknown"  # one side states no occupation
    DIFFERENT = "occupation_different"
    MAJOR_GROUP = "occupation_major_group"
    MEDIUM_GROUP = "occupation_medium_group"
    EXACT = "occupation_exact"


class AreaFit(enum.Enum):
    UNKNOWN = "area_unknown"
    ELSEWHERE = "area_elsewhere"
    SAME_DISTRICT = "area_same_district"
    SAME_TOWN = "area_same_town"
    SAME_VILLAGE = "area_same_village"


class WageFit(enum.Enum):
    BELOW = "wage_below"
    SLIGHTLY_BELOW = "wage_slightly_below"
    UNKNOWN = "wage_unknown"
    WITHIN_RANGE = "wage_within_range"
    MEETS = "wage_meets"


Fit = OccupationFit | AreaFit | WageFit

#: Points of each level of the occupation, area and wage criteria (unlisted levels: 0).
DEFAULT_POINTS: Mapping[Fit, int] = {
    OccupationFit.EXACT: 40,
    OccupationFit.MEDIUM_GROUP: 25,
    OccupationFit.MAJOR_GROUP: 10,
    AreaFit.SAME_VILLAGE: 25,
    AreaFit.SAME_TOWN: 15,
    AreaFit.SAME_DISTRICT: 8,
    WageFit.MEETS: 15,
    WageFit.WITHIN_RANGE: 10,
    WageFit.UNKNOWN: 5,
    WageFit.SLIGHTLY_BELOW: 3,
}


@dataclass(frozen=True)
class MatchWeights:
    """Points per criterion; a district may tune them, so they are parameters, not code.
    ``MatchWeights(points={**DEFAULT_POINTS, AreaFit.SAME_TOWN: 20})`` changes one."""

    points: Mapping[Fit, int] = field(default_factory=lambda: dict(DEFAULT_POINTS))
    skills_full: int = 20
    wage_tolerance_percent: int = 10
    priority_bonus: Mapping[PriorityGroup, int] = field(
        default_factory=lambda: dict(DEFAULT_PRIORITY_BONUS)
    )

    def __post_init__(self) -> None:
        values = [*self.points.values(), *self.priority_bonus.values()]
        if min([self.skills_full, self.wage_tolerance_percent, *values]) < 0:
            raise ValueError("match weights must not be negative")

    def skills_points(self, have: int, wanted: int) -> int:
        return self.skills_full * have // wanted if wanted else 0

    def priority_points(self, groups: Iterable[PriorityGroup]) -> int:
        return max((self.priority_bonus.get(g, 0) for g in groups), default=0)


DEFAULT_WEIGHTS = MatchWeights()


@dataclass(frozen=True)
class VacancyFacts:
    """What matching needs of a vacancy (``division``: its place of work)."""

    id: str
    title: str
    occupation_code: str | None
    skills: frozenset[str]
    division: str | None
    wage_min: int | None
    wage_max: int | None
    headcount: int
    valid_from: date
    valid_until: date | None = None
    status: str = "open"
    employer_name: str | None = None


@dataclass(frozen=True)
class SeekerFacts:
    """What matching needs of a job-seeker registration and its person (``division``:
    where the person wants to work, else where they live)."""

    registration_id: str
    person_id: str
    name: str
    occupation_code: str | None
    skills: frozenset[str]
    division: str | None
    expected_wage: int | None
    registered_on: date
    valid_until: date | None = None
    status: str = "active"
    groups: frozenset[PriorityGroup] = frozenset()


@dataclass(frozen=True)
class Score:
    total: int
    occupation: int
    area: int
    skills: int
    wage: int
    priority: int
    reason_notes: tuple[MatchNote, ...]
    caution_notes: tuple[MatchNote, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """What earned points, in Chinese."""
        return notes_zh(self.reason_notes)

    @property
    def cautions(self) -> tuple[str, ...]:
        """What to raise with the person, in Chinese."""
        return notes_zh(self.caution_notes)


C = TypeVar("C", VacancyFacts, SeekerFacts)


@dataclass(frozen=True)
class Match(Generic[C]):
    candidate: C
    score: Score


# ------------------------------------------------------------------------------ criteria

_SKILL_SEPARATORS = re.compile(r"[,，、;；\s]+")


def parse_skills(text: str | None) -> frozenset[str]:
    """Skill codes from the stored text ("C1, 焊工" or "c1，焊工"), trimmed, upper case."""
    if not text:
        return frozenset()
    return frozenset(s.upper() for s in _SKILL_SEPARATORS.split(text) if s)


def _segments(code: str | None) -> tuple[str, ...]:
    return tuple(code.strip().upper().split("-")) if code and code.strip() else ()


def occupation_fit(wanted: str | None, offered: str | None) -> OccupationFit:
    a, b = _segments(wanted), _segments(offered)
    if not a or not b:
        return OccupationFit.UNKNOWN
    if a == b:
        return OccupationFit.EXACT
    if len(a) >= 2 and len(b) >= 2 and a[:2] == b[:2]:
        return OccupationFit.MEDIUM_GROUP
    if a[0] == b[0]:
        return OccupationFit.MAJOR_GROUP
    return OccupationFit.DIFFERENT


def normalise_division(code: str | None) -> str | None:
    """A division code without its zero padding (``"320115001000"`` → ``"320115001"``);
    ``None`` for anything that is not a 2-12 digit code."""
    if code is None:
        return None
    c = code.strip()
    if not c.isdigit() or len(c) not in (2, 4, 6, 9, 12):
        return None
    # Village and town parts are 3 digits and never 000; city and county parts never 00.
    for length, pad in ((12, "000"), (9, "000"), (6, "00"), (4, "00")):
        if len(c) == length and c.endswith(pad):
            c = c[: length - len(pad)]
    return c


def area_fit(a: str | None, b: str | None) -> AreaFit:
    x, y = normalise_division(a), normalise_division(b)
    if x is None or y is None:
        return AreaFit.UNKNOWN
    for length, fit in ((12, AreaFit.SAME_VILLAGE), (9, AreaFit.SAME_TOWN)):
        if len(x) >= length and len(y) >= length and x[:length] == y[:length]:
            return fit
    if len(x) >= 6 and len(y) >= 6 and x[:6] == y[:6]:
        return AreaFit.SAME_DISTRICT
    return AreaFit.ELSEWHERE


def wage_fit(
    expected: int | None, wage_min: int | None, wage_max: int | None, tolerance_percent: int = 10
) -> WageFit:
    if expected is None or (wage_min is None and wage_max is None):
        return WageFit.UNKNOWN
    if wage_min is not None and wage_max is not None and wage_min > wage_max:
        wage_min, wage_max = wage_max, wage_min  # a range typed the wrong way round
    if wage_min is not None and expected <= wage_min:
        return WageFit.MEETS
    if wage_max is None or expected <= wage_max:
        return WageFit.WITHIN_RANGE
    if expected * 100 <= wage_max * (100 + tolerance_percent):
        return WageFit.SLIGHTLY_BELOW
    return WageFit.BELOW


def vacancy_open_on(vacancy: VacancyFacts, on: date) -> bool:
    """Open, within its validity, with places left."""
    return (
        vacancy.status == "open"
        and vacancy.headcount > 0
        and vacancy.valid_from <= on
        and (vacancy.valid_until is None or on <= vacancy.valid_until)
    )


def seeker_active_on(seeker: SeekerFacts, on: date) -> bool:
    return (
        seeker.status == "active"
        and seeker.registered_on <= on
        and (seeker.valid_until is None or on <= seeker.valid_until)
    )


# ------------------------------------------------------------------------------ scoring

# Fit levels that earn a reason, and that call for a caution (a fit's value is its note's
# code; the words are in match_notes).
_REASONS: frozenset[Fit] = frozenset(
    {
        OccupationFit.EXACT,
        OccupationFit.MEDIUM_GROUP,
        OccupationFit.MAJOR_GROUP,
        AreaFit.SAME_VILLAGE,
        AreaFit.SAME_TOWN,
        AreaFit.SAME_DISTRICT,
        WageFit.MEETS,
        WageFit.WITHIN_RANGE,
    }
)
_CAUTIONS: frozenset[Fit] = frozenset(
    {OccupationFit.DIFFERENT, AreaFit.ELSEWHERE, WageFit.SLIGHTLY_BELOW, WageFit.BELOW}
)


def score_match(
    seeker: SeekerFacts,
    vacancy: VacancyFacts,
    *,
    with_priority: bool,
    weights: MatchWeights = DEFAULT_WEIGHTS,
) -> Score:
    """How well ``seeker`` and ``vacancy`` suit each other; ``with_priority`` adds the
    target-group bonus (ranking people for a job, not jobs for one person)."""
    occ = occupation_fit(seeker.occupation_code, vacancy.occupation_code)
    area = area_fit(seeker.division, vacancy.division)
    wage = wage_fit(
        seeker.expected_wage, vacancy.wage_min, vacancy.wage_max, weights.wage_tolerance_percent
    )
    reasons = [MatchNote(f.value) for f in (occ, area, wage) if f in _REASONS]
    cautions = [MatchNote(f.value) for f in (occ, area, wage) if f in _CAUTIONS]

    have, wanted = len(seeker.skills & vacancy.skills), len(vacancy.skills)
    if wanted and have == wanted:
        reasons.append(MatchNote(notes.SKILLS_ALL))
    elif have:
        reasons.append(MatchNote(notes.SKILLS_SOME, (("have", have), ("wanted", wanted))))
    elif wanted:
        cautions.append(MatchNote(notes.SKILLS_NONE))

    priority = 0
    if with_priority and seeker.groups:
        priority = weights.priority_points(seeker.groups)
        # In the enum's order, so the same person always reads the same.
        groups = [g for g in PriorityGroup if g in seeker.groups]
        reasons += [MatchNote(notes.PRIORITY, (("group", g.value),)) for g in groups]

    parts = (
        weights.points.get(occ, 0),
        weights.points.get(area, 0),
        weights.skills_points(have, wanted),
        weights.points.get(wage, 0),
        priority,
    )
    return Score(sum(parts), *parts, tuple(reasons), tuple(cautions))


def rank_vacancies(
    seeker: SeekerFacts,
    vacancies: Iterable[VacancyFacts],
    on: date,
    *,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    limit: int | None = None,
) -> list[Match[VacancyFacts]]:
    """Open vacancies for ``seeker``, best first. Ties: the vacancy that closes sooner
    first (no end date last), then by id."""
    matches = [
        Match(v, score_match(seeker, v, with_priority=False, weights=weights))
        for v in vacancies
        if vacancy_open_on(v, on)
    ]
    matches.sort(
        key=lambda m: (-m.score.total, m.candidate.valid_until or date.max, m.candidate.id)
    )
    return matches[:limit]


def rank_seekers(
    vacancy: VacancyFacts,
    seekers: Iterable[SeekerFacts],
    on: date,
    *,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    limit: int | None = None,
) -> list[Match[SeekerFacts]]:
    """Active job seekers for ``vacancy``, best first, each person once (their best
    registration). Ties: registered longer ago first (waited longest), then by id."""
    matches = [
        Match(s, score_match(s, vacancy, with_priority=True, weights=weights))
        for s in seekers
        if seeker_active_on(s, on)
    ]
    matches.sort(
        key=lambda m: (-m.score.total, m.candidate.registered_on, m.candidate.registration_id)
    )
    best: dict[str, Match[SeekerFacts]] = {}
    for m in matches:
        best.setdefault(m.candidate.person_id, m)  # the first is the person's best
    return list(best.values())[:limit]

"""The reasons and cautions of a job match, as codes with parameters.

Matching decides *why* two records suit each other (a code, and for some notes a number
or a group); the words are chosen where the note is shown. :attr:`MatchNote.zh` is the
Chinese the counter has always shown and what a saved recommendation keeps; a screen in
another language renders :attr:`MatchNote.template_zh` through its own translations and
fills in :attr:`MatchNote.values` — so these rules stay plain functions without Qt.

The codes of the occupation, area and wage notes are the values of the fit enums of
:mod:`station_client.rules.matching` (``"occupation_exact"``, ``"area_same_town"`` …).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SKILLS_ALL = "skills_all"
SKILLS_SOME = "skills_some"  # {have} of {wanted}
SKILLS_NONE = "skills_none"
PRIORITY = "priority"  # {group}: the priority group's Chinese name
ALREADY_OFFERED = "already_offered"  # the vacancy was offered to the person before

#: The Chinese text of every note; ``{name}`` stands for the note's value of that name.
NOTE_ZH: Mapping[str, str] = {
    "occupation_exact": "职业对口",
    "occupation_medium_group": "职业相近（同一中类）",
    "occupation_major_group": "同属一个职业大类",
    "occupation_different": "职业不对口",
    "area_same_village": "同一社区（村）",
    "area_same_town": "同一街道（乡镇）",
    "area_same_district": "同一区县",
    "area_elsewhere": "不在同一区县",
    "wage_meets": "薪资符合期望",
    "wage_within_range": "薪资在岗位范围内",
    "wage_slightly_below": "薪资略低于期望",
    "wage_below": "薪资低于期望",
    SKILLS_ALL: "技能全部符合",
    SKILLS_SOME: "技能部分符合（{have}/{wanted}）",
    SKILLS_NONE: "不具备所列技能",
    PRIORITY: "{group}（优先）",
    ALREADY_OFFERED: "已推荐过此岗位",
}


@dataclass(frozen=True)
class MatchNote:
    """One reason or caution: a code of :data:`NOTE_ZH` and the values its text names.

    ``values`` are (name, value) pairs, not a dict, so a note stays hashable and
    comparable like the score that holds it."""

    code: str
    values: tuple[tuple[str, int | str], ...] = ()

    def __post_init__(self) -> None:
        if self.code not in NOTE_ZH:
            raise ValueError(f"unknown match note {self.code!r}")

    @property
    def template_zh(self) -> str:
        return NOTE_ZH[self.code]

    @property
    def zh(self) -> str:
        return self.template_zh.format(**dict(self.values))


def notes_zh(notes: tuple[MatchNote, ...]) -> tuple[str, ...]:
    return tuple(n.zh for n in notes)

"""The rows of 岗位推荐, made on worker threads: the store's ranked matches as plain values
in the language of the screen (no widgets here).

A match's reasons and cautions come from the rules as codes with values
(:class:`~station_client.rules.match_notes.MatchNote`); :func:`note_text` words each one
through the ``MatchNotes`` translation context, whose sources are the rules' own Chinese
texts, so the Chinese screen reads exactly what the rules say and nothing is kept twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication

from station_client.rules.codes import Role
from station_client.rules.masking import Field, present
from station_client.rules.match_notes import PRIORITY, MatchNote
from station_client.rules.matching import Match, PriorityGroup, SeekerFacts, VacancyFacts
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.store.matching import CONTENT_MAX_CHARS
from station_client.store.vacancies import VacancyRegistry, division_name

from .i18n import gap, localized

#: The translation context of match notes and priority-group names.
NOTES_CONTEXT = "MatchNotes"


def note_text(note: MatchNote) -> str:
    """A reason or caution in the language of the screen. Text values name a priority
    group (the rules' Chinese name), translated in the same context."""
    values = {
        name: QCoreApplication.translate(NOTES_CONTEXT, value) if isinstance(value, str) else value
        for name, value in note.values
    }
    return QCoreApplication.translate(NOTES_CONTEXT, note.template_zh).format(**values)


def group_name(group: PriorityGroup) -> str:
    return QCoreApplication.translate(NOTES_CONTEXT, group.value)


def list_separator() -> str:
    return QCoreApplication.translate("MatchPanel", "、")


@dataclass(frozen=True)
class MatchRow:
    """One ranked candidate as the clerk reads it (plain values, safe between threads)."""

    person_id: str
    vacancy_id: str
    name: str  # the vacancy's title, or the person's name masked for the viewer's role
    detail: str
    score: int
    reasons: tuple[str, ...]
    cautions: tuple[str, ...]
    suggestion: str  # what the recommendation will say unless the clerk edits it
    offered: bool


# -- the work, on worker threads (no widgets) ---------------------------------------------
def _wage(v: VacancyFacts) -> str:
    if v.wage_min is None and v.wage_max is None:
        return QCoreApplication.translate("MatchPanel", "月薪面议")
    return QCoreApplication.translate("MatchPanel", "月薪 {low}–{high} 元").format(
        low=v.wage_min if v.wage_min is not None else "", high=v.wage_max or ""
    )


def _suggestion(vacancy: VacancyFacts, notes: tuple[MatchNote, ...]) -> str:
    employer = (
        QCoreApplication.translate("MatchPanel", "（{employer}）").format(
            employer=vacancy.employer_name
        )
        if vacancy.employer_name
        else ""
    )
    # a priority group says why the person was ranked, not why the job suits them
    why = list_separator().join(note_text(n) for n in notes if n.code != PRIORITY)
    text = QCoreApplication.translate("MatchPanel", "推荐岗位：{title}{employer}").format(
        title=vacancy.title, employer=employer
    )
    if why:
        text += QCoreApplication.translate("MatchPanel", "；{reasons}").format(reasons=why)
    return text[:CONTENT_MAX_CHARS]


def vacancies_for(store: Store, person_id: str) -> list[MatchRow]:
    reference = store.reference()
    with store.transaction() as s:
        matches = store.matching.vacancies_for_person(s, person_id)
        offered = {c.vacancy_id for c in store.matching.recommendations_for(s, person_id)}
    rows = []
    for m in matches:
        v = m.candidate
        occupation = reference.table("occupation").get(v.occupation_code or "")
        place = division_name(reference, v.division)
        until = (
            QCoreApplication.translate("MatchPanel", "至 {date}").format(date=v.valid_until)
            if v.valid_until
            else QCoreApplication.translate("MatchPanel", "长期有效")
        )
        detail = gap().join(
            x
            for x in (
                v.employer_name,
                localized(occupation.zh, occupation.en) if occupation else "",
                _wage(v),
                place,
            )
            if x
        )
        rows.append(
            MatchRow(
                person_id=person_id,
                vacancy_id=v.id,
                name=v.title,
                detail=QCoreApplication.translate(
                    "MatchPanel", "{detail}　招 {count} 人　{until}"
                ).format(detail=detail, count=v.headcount, until=until),
                score=m.score.total,
                reasons=tuple(note_text(n) for n in m.score.reason_notes),
                cautions=tuple(note_text(n) for n in m.score.caution_notes),
                suggestion=_suggestion(v, m.score.reason_notes),
                offered=v.id in offered,
            )
        )
    return rows


def seekers_for(store: Store, actor: Actor, role: Role, vacancy_id: str) -> list[MatchRow]:
    board = VacancyRegistry(store.reference, store.clock)
    with store.transaction() as s:
        vacancy = store.matching.vacancy(s, vacancy_id)
        matches: list[Match[SeekerFacts]] = store.matching.seekers_for_vacancy(s, actor, vacancy_id)
        offered = board.offered_to(s, vacancy_id)
    rows = []
    for m in matches:
        p = m.candidate
        groups = "".join(
            QCoreApplication.translate("MatchPanel", "【{group}】").format(group=group_name(g))
            for g in PriorityGroup
            if g in p.groups
        )
        wage = (
            QCoreApplication.translate("MatchPanel", "期望月薪 {wage} 元").format(
                wage=p.expected_wage
            )
            if p.expected_wage
            else QCoreApplication.translate("MatchPanel", "期望月薪未填")
        )
        rows.append(
            MatchRow(
                person_id=p.person_id,
                vacancy_id=vacancy_id,
                name=present(Field.NAME, p.name, role),
                detail=QCoreApplication.translate(
                    "MatchPanel", "{groups}{wage}　求职登记于 {date}"
                ).format(groups=groups, wage=wage, date=p.registered_on),
                score=m.score.total,
                reasons=tuple(note_text(n) for n in m.score.reason_notes),
                cautions=tuple(note_text(n) for n in m.score.caution_notes),
                suggestion=_suggestion(vacancy, m.score.reason_notes),
                offered=p.person_id in offered,
            )
        )
    return rows


def record(store: Store, actor: Actor, row: MatchRow, content: str) -> date:
    """Save the recommendation; the day it was made."""
    with store.transaction() as s:
        contact = store.matching.recommend(
            s, actor, person_id=row.person_id, vacancy_id=row.vacancy_id, content=content
        )
        return contact.contacted_on

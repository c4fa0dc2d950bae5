"""English for the words made below the UI: the forms' labels, hints and fixed choices (the
store's specs), the labels of a person's file, the reasons of a job match and the details
of a follow-up. The store and the rules keep them in Chinese without Qt; the screens look
them up in renshe_en.ts, so each must be there, under the context the screen uses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication

from station_client.rules.match_notes import NOTE_ZH, MatchNote
from station_client.rules.matching import PriorityGroup
from station_client.rules.phrases import phrase
from station_client.store.follow_ups import DETAIL_PHRASES, FollowUp, FollowUpKind
from station_client.store.person_file import FLAGS, SECTIONS, labels_of
from station_client.store.service_specs import PERSON_FIELDS, SPECS, FieldSpec, Kind
from station_client.ui.forms.fields import CodePicker
from station_client.ui.i18n import Language, gap, install_translations, read_ts, ts_path
from station_client.ui.match_rows import note_text
from station_client.ui.my_day import follow_up_texts


def _sources(*contexts: str) -> set[str]:
    return {s for c, s, _ in read_ts(ts_path(Language.EN)) if c in contexts}


def _form_words() -> set[str]:
    words = set()
    for fields in (*(spec.fields for spec in SPECS.values()), PERSON_FIELDS):
        for f in fields:
            words |= {f.zh, *([f.hint] if f.hint else []), *(name for _c, name in f.choices)}
    return words


@pytest.fixture
def english(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    assert install_translations(qapp, "en") is Language.EN
    try:
        yield
    finally:
        install_translations(qapp, "zh_CN")


def test_every_label_hint_and_choice_of_the_forms_has_an_english_translation():
    assert sorted(_form_words() - _sources("Forms")) == []
    assert "申领类型" in _form_words()  # JY-006's own words are among them


def test_every_label_of_a_person_file_has_an_english_translation():
    forms, file = _sources("Forms"), _sources("PersonFile")
    missing = [
        label
        for _key, model, _title in SECTIONS
        for label in labels_of(model.__name__).values()
        if label not in forms and label not in file
    ]
    assert missing == []
    titles = [title for _k, _m, title in SECTIONS]
    assert sorted({*titles, *FLAGS.values(), "是", "否"} - file) == []


def test_every_match_note_and_priority_group_has_an_english_translation():
    notes = _sources("MatchNotes")
    assert sorted({*NOTE_ZH.values(), *(g.value for g in PriorityGroup)} - notes) == []


def test_every_follow_up_phrase_has_an_english_translation():
    words = _sources("FollowUps")
    kinds = {w for k in FollowUpKind for w in (k.zh, k.separator_zh)}
    assert sorted({*DETAIL_PHRASES, *kinds} - words) == []


def test_match_notes_read_in_the_language_of_the_screen(english):
    some = MatchNote("skills_some", (("have", 1), ("wanted", 2)))
    group = MatchNote("priority", (("group", PriorityGroup.HARD_TO_EMPLOY.value),))
    assert note_text(some) == "has some of the skills (1/2)"
    assert note_text(group) == "Hard-to-employ person (priority)"
    assert (some.zh, group.zh) == ("技能部分符合（1/2）", "就业困难人员（优先）")


def test_match_notes_in_chinese_are_the_rules_own_words(qapp):
    install_translations(qapp, "zh_CN")
    note = MatchNote("priority", (("group", PriorityGroup.VETERAN.value),))
    assert note_text(note) == note.zh == "退役军人（优先）"
    with pytest.raises(ValueError, match="unknown match note"):
        MatchNote("nonsense")


def test_a_follow_up_reads_in_english_with_the_same_values(english):
    due = FollowUp(
        FollowUpKind.ASSISTANCE_ROUND,
        "p1",
        "张三",
        due_on=date(2026, 11, 2),
        last_contact_on=None,
        detail=(phrase("职业指导还差{n}次", n=1), phrase("安置期限 {date}", date="2026-12-01")),
    )
    assert due.detail_zh == "职业指导还差1次；安置期限 2026-12-01"
    assert follow_up_texts(due) == (
        "Employment-assistance round",
        "1 more career-guidance session(s) due; to be placed by 2026-12-01",
    )


def test_a_code_table_picker_offers_the_bundle_english_names_and_choices_are_translated(
    english, reference
):
    reason = SPECS["JY-002"].field("reason")
    offered = dict(reason.options(reference, "en"))
    assert offered["02"] == "Contract terminated by the employer"
    assert dict(reason.options(reference))["02"] == "用人单位解除劳动合同"  # Chinese by default
    picker = CodePicker(reason, reason.options(reference, "en"))
    assert picker.combo.itemText(picker.combo.findData("02")) == (
        f"02{gap()}Contract terminated by the employer"
    )
    assert gap() == "  "
    picker.combo.setEditText("02  anything typed after the code")
    assert picker.value() == "02"
    kinds = FieldSpec("certificate_type", "申领类型", Kind.CHOICE, choices=(("2", "遗失补发"),))
    choice = CodePicker(kinds, kinds.options(reference, "en"))
    assert choice.combo.itemText(1) == "Re-issue (lost)" and choice.combo.itemData(1) == "2"


def test_a_text_without_a_translation_shows_its_source_not_nothing(english):
    """Qt falls back to the source only when a translator gives a null string; an empty
    one would blank the text out."""
    assert QCoreApplication.translate("Forms", "否") == "否"  # not in that context
    assert QCoreApplication.translate("NoSuchScreen", "办事") == "办事"
    assert QCoreApplication.translate("PersonFile", "否") == "no"

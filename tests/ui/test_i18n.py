"""Chinese by default, English selectable: the translator, the ``.ts`` file, its coverage."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from station_client.reference import RESOURCES_ENV
from station_client.store.info_feed import load_info_feed
from station_client.ui.i18n import (
    LANGUAGE_ENV,
    Language,
    chosen_language,
    current_language,
    install_translations,
    read_ts,
    ts_path,
)
from station_client.ui.info_screen import InfoScreen
from station_client.ui.operations import Operations

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "station_client" / "ui"
#: Modules whose every tr()/translate() text must have an English translation.
TRANSLATED = [
    "main_window.py",
    "login.py",
    "sync_status.py",
    "person_file.py",
    "info_screen.py",
    "forms/__init__.py",
    "forms/fields.py",
    "forms/form.py",
    "forms/picker.py",
    "tickets_panel.py",
    "ticket_dialogs.py",
    "my_day.py",
    "evaluation.py",
    "printing.py",
    "printed_page.py",
    "sync_detail.py",
    "first_run.py",
    "employers.py",
    "employer_forms.py",
    "matching_view.py",
    "dashboard.py",
    "dashboard_panel.py",
    "dashboard_charts.py",
    "dashboard_tickets.py",
    "match_rows.py",
    "conflicts.py",
    "conflict_queue.py",
    "audit_review.py",
    "demo_counter.py",
    "app.py",
    "counter_work.py",
    "operations.py",
    "style.py",
    "wedge_filter.py",
    "i18n.py",
    "approvals.py",
    "approval_panel.py",
]
_CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
_PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        pytest.skip(f"{name} is not installed beside the Python running the tests")
    return str(path)


@pytest.fixture
def english(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    assert install_translations(qapp, "en") is Language.EN
    try:
        yield
    finally:
        install_translations(qapp, "zh_CN")


def test_chinese_is_the_default_and_english_is_chosen_by_name_or_environment(monkeypatch):
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)
    assert chosen_language() is Language.ZH_CN
    assert chosen_language("fr_FR") is Language.ZH_CN
    assert [chosen_language(n) for n in ("en", "en_US", "en-GB", "zh_CN")] == [
        Language.EN,
        Language.EN,
        Language.EN,
        Language.ZH_CN,
    ]
    monkeypatch.setenv(LANGUAGE_ENV, "en")
    assert chosen_language() is Language.EN


def test_english_translates_the_counter_texts_and_chinese_restores_them(qapp, english):
    assert current_language() is Language.EN
    assert QCoreApplication.translate("LoginPanel", "用户名") == "Username"
    assert QCoreApplication.translate("SyncStatusWidget", "待上传 {count} 条") == (
        "{count} waiting to upload"
    )
    assert QLocale().language() is QLocale.Language.English
    install_translations(qapp, "zh_CN")
    assert QCoreApplication.translate("LoginPanel", "用户名") == "用户名"
    # Qt's own texts in Chinese too (the buttons of standard dialogs)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QLocale().language() is QLocale.Language.Chinese


def test_the_information_screen_in_english(qtbot, make_store, english):
    store = make_store()
    screen = InfoScreen(lambda: load_info_feed(store), Operations(), now=store.clock)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.feed is not None, timeout=10000)
    assert screen.complaint.text() == "Complaints hotline: 12333"
    assert set(screen.page_titles) == {"Vacancies", "Services and time limits", "Policy notices"}
    screen.show_page(screen.page_titles.index("Services and time limits"))
    texts = [
        label.text() for label in screen.pages.currentWidget().findChildren(type(screen.title))
    ]
    assert "Unemployment registration" in texts and "3 working days" in texts
    assert "done on the spot" in texts  # the catalogue's own English
    assert "Monday 2 November 2026" in screen.clock.text()


def test_a_missing_english_file_leaves_the_ui_in_chinese(qapp, monkeypatch, tmp_path):
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path))
    try:
        assert install_translations(qapp, "en") is Language.ZH_CN
        assert QCoreApplication.translate("LoginPanel", "用户名") == "用户名"
    finally:
        install_translations(qapp, "zh_CN")


def test_every_translation_is_finished_and_keeps_the_placeholders_of_its_source():
    root = ET.parse(ts_path(Language.EN)).getroot()
    messages = list(root.iter("message"))
    assert len(read_ts(ts_path(Language.EN))) == len(messages) > 50
    for message in messages:
        source, translation = message.findtext("source"), message.find("translation")
        assert translation is not None and translation.get("type") is None, source
        assert translation.text and not _CJK_RUN.search(translation.text), source
        assert sorted(_PLACEHOLDER.findall(source or "")) == sorted(
            _PLACEHOLDER.findall(translation.text)
        ), source


def test_lrelease_compiles_the_ts_to_the_same_translations(tmp_path):
    qm = tmp_path / "renshe_en.qm"
    run = subprocess.run(
        [_tool("pyside6-lrelease"), str(ts_path(Language.EN)), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0 unfinished" in run.stdout, run.stdout
    compiled = QTranslator()
    assert compiled.load(str(qm))
    ours = read_ts(ts_path(Language.EN))
    for (context, source, comment), translation in ours.items():
        assert compiled.translate(context, source, comment or None) == translation


def test_every_text_the_ui_marks_for_translation_has_an_english_translation(tmp_path):
    """What pyside6-lupdate extracts from the UI modules (tr / translate calls) must all
    be in renshe_en.ts under the same context."""
    extracted = tmp_path / "extracted.ts"
    subprocess.run(
        [_tool("pyside6-lupdate"), *(str(UI / m) for m in TRANSLATED), "-ts", str(extracted)],
        capture_output=True,
        check=True,
    )
    ours = {(c, s) for c, s, _ in read_ts(ts_path(Language.EN))}
    found = {
        (context.findtext("name"), message.findtext("source"))
        for context in ET.parse(extracted).getroot().iter("context")
        for message in context.iter("message")
    }
    assert ("InfoScreen", "招聘信息") in found  # the extraction works at all
    assert sorted(found - ours) == []


def _chinese_literals(path: Path) -> Iterator[tuple[int, str]]:
    """Runs of Chinese in the string literals of a module (docstrings left out)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        text = node.value if isinstance(node, ast.Constant) else None
        if isinstance(text, str) and id(node) not in docstrings:
            yield from ((node.lineno, run) for run in _CJK_RUN.findall(text))


@pytest.mark.parametrize("module", TRANSLATED)
def test_every_chinese_phrase_on_the_counter_screens_has_a_translation(module):
    """Each Chinese phrase written in a UI module is (part of) a translated source text:
    new screen text without an English translation fails here, wrapped in tr() or not."""
    sources = [s for _c, s, _ in read_ts(ts_path(Language.EN))]
    missing = [
        f"{module}:{line}: {run}"
        for line, run in _chinese_literals(UI / module)
        if not any(run in source for source in sources)
    ]
    assert missing == []

"""The counter in English (RENSHE_LANG=en), end to end on the real window and store: log in,
open a person's file, record a service through its form, the matters list (F4) and My day
(F3). What the clerk reads is English — titles, tabs, buttons, labels, code-table names,
service names — and no Chinese (nor full-width punctuation) is left in the chrome of those
screens; only personal data (names, the address) stays as it was written."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from station_client.store import Actor
from station_client.store.services import record_service
from station_client.ui.forms import ServiceForms
from station_client.ui.i18n import LANGUAGE_ENV, Language, install_translations
from station_client.ui.my_day import MyDayPanel
from station_client.ui.tickets_panel import TicketsPanel

from ..store.helpers import person_values
from .counter_fixtures import CounterRig, log_in

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
NAME, ADDRESS, CLERK = "周建国", "南京市江宁区东山街道上坊社区", "王芳"  # personal data
ITEM_EN = "Issue of the Employment and Entrepreneurship Certificate"


@pytest.fixture
def rig(qapp, monkeypatch, request) -> Iterator[CounterRig]:  # type: ignore[no-untyped-def]
    """The counter started as `renshe-station app` starts it with RENSHE_LANG=en: the
    translations are installed before any window is built."""
    monkeypatch.setenv(LANGUAGE_ENV, "en")
    assert install_translations(qapp) is Language.EN
    try:
        yield request.getfixturevalue("counter_rig")
    finally:
        install_translations(qapp, "zh_CN")


def _texts(root: QWidget) -> list[str]:
    """What a user can read on ``root`` and its visible children."""
    texts = [root.windowTitle()]
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count()) if w.isTabVisible(i)]
        if isinstance(w, QTableWidget):
            texts += _table(w)
        if isinstance(w, QTreeWidget):
            texts += [w.headerItem().text(c) for c in range(w.columnCount())]
    return texts


def _table(table: QTableWidget) -> list[str]:
    heads = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
    cells = [table.item(r, c) for r in range(table.rowCount()) for c in range(table.columnCount())]
    return [x.text() for x in (*heads, *cells) if x is not None]


def _chinese(texts: Iterable[str], data: Iterable[str] = (NAME, ADDRESS, CLERK)) -> list[str]:
    """The texts still showing Chinese once personal data is taken out."""
    found = []
    for text in texts:
        bare = text
        for value in data:
            bare = bare.replace(value, "")
        if CJK.search(bare):
            found.append(text)
    return found


def _person(rig: CounterRig) -> str:
    with rig.store.transaction() as s:
        actor = Actor(rig.window.context.station_id, None)
        values = person_values(name=NAME, address=ADDRESS)
        return rig.store.persons.register(s, actor, values).id


def test_the_counter_in_english_from_login_to_my_day(qtbot, rig) -> None:
    window = rig.window
    assert window.windowTitle() == "RenShe Station · HRSS service station"
    assert _chinese(_texts(window.login)) == []
    log_in(qtbot, rig)
    pid = _person(rig)
    clerk = Actor(window.context.station_id, window.session.staff.id)
    registration = {"registered_on": "2026-11-02", "reason": "02", "unemployed_since": None}
    record_service(rig.store, clerk, "JY-002", pid, registration)

    # The person's file: tabs, labels, the record's columns and code names in English.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.open_person(pid)
    view = window.file_view
    qtbot.waitUntil(lambda: view.file is not None and view.file.person_id == pid, timeout=15000)
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert "Unemployment registration (1)" in tabs and "Service tickets (1)" in tabs
    assert "Employment and Entrepreneurship Certificates (0)" in tabs
    assert "ID number" in view.header.text() and "Address" in view.header.text()
    view.tabs.setCurrentIndex(tabs.index("Unemployment registration (1)"))
    table = view.tables["unemployment"]
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = {head: table.item(0, c).text() for c, head in enumerate(heads)}
    assert row["Reason for unemployment"] == "Contract terminated by the employer"
    assert row["Place of registration"] == "Place of household registration (hukou)"
    assert row['"4050" person (woman 40+ / man 50+)'] == "no"  # a flag: yes / no
    workspace = [window.workspace.tabText(i) for i in range(window.workspace.count())]
    assert "Matters (F4)" in workspace and "My day (F3)" in workspace
    assert "Record a service (F6)" in [b.text() for b in window.file_actions]
    assert _chinese(_texts(window)) == []

    # A form through F6: the catalogue in English, then JY-006's form.
    forms = window.findChild(ServiceForms)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: forms.picker is not None and forms.picker.isActiveWindow())
    picker = forms.picker
    assert picker.windowTitle() == "Record a service"
    assert f"JY-006  {ITEM_EN}  (5 working days)" in [
        picker.list.item(i).text() for i in range(picker.list.count())
    ]
    assert _chinese(_texts(picker)) == []
    qtbot.keyClicks(picker.filter, "jy-006")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: forms.form is not None and forms.form.isActiveWindow(), timeout=15000)
    form = forms.form
    assert form.windowTitle() == ITEM_EN
    kinds = form.editors["certificate_type"].widget
    assert [kinds.itemText(i) for i in range(1, kinds.count())] == [
        "First certificate",
        "Re-issue (lost)",
        "Exchange (damaged or full)",
    ]
    assert form.save_button.text() == "Save (Ctrl+S)"
    assert _chinese(_texts(form)) == []
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: view.file is not None and view.file.count("tickets") == 2, timeout=15000
    )
    assert forms.confirmation.text().startswith(f"✔ {ITEM_EN} accepted, matter no. ")
    assert forms.confirmation.text().endswith("to be completed by 2026-11-09")

    # A code-table dropdown: the unemployment registration's reasons by their English names.
    form = forms.open_service("JY-002", view.file)
    reasons = form.editors["reason"].widget
    assert "02  Contract terminated by the employer" in [
        reasons.itemText(i) for i in range(reasons.count())
    ]
    assert _chinese(_texts(form)) == []
    form.discard()

    # The matters list (F4).
    panel = window.findChild(TicketsPanel)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.shown_for == pid and panel.table.rowCount() == 2, timeout=10000)
    items = {panel.table.item(r, 1).text() for r in range(2)}
    assert items == {"Unemployment registration", ITEM_EN}
    assert panel.heading.text() == f"Matters of {NAME}"
    assert panel.buttons["status"].text() == "Change status (Ctrl+E)"
    assert _chinese(_texts(panel)) == []

    # My day (F3): the clerk's two matters, by their English names.
    my_day = window.findChild(MyDayPanel)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: my_day.loaded is not None, timeout=10000)
    assert my_day.heading.text().startswith("My day · ")
    rows = [row for g in range(my_day.tree.topLevelItemCount()) for row in my_day.rows(g)]
    assert {r[0].split("  ")[0] for r in rows} == {"Unemployment registration", ITEM_EN}
    groups = [my_day.tree.topLevelItem(g).text(0) for g in range(my_day.tree.topLevelItemCount())]
    assert _chinese([*groups, *(t for r in rows for t in r), *_texts(my_day)]) == []

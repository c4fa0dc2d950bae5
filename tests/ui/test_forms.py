"""The counter's forms on the real window and store: registering someone new from a card,
recording a service through F6, and refusals shown at the field with nothing saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import func, insert, select

from hub_sync.model import (
    Person,
    ServiceTicket,
    UnemploymentRegistration,
    new_id,
    table_of,
)
from station_client.store import outbox as ob
from station_client.store.actor import Actor
from station_client.store.service_specs import SPECS
from station_client.ui.forms import RecordForm, ServiceForms, attach

from ..store.helpers import person_values
from .counter_fixtures import CounterRig, log_in
from .test_counter_window import _sample_identity

TODAY = date(2026, 11, 2)  # the store's clock (tests/conftest.py)


def _forms(rig: CounterRig) -> ServiceForms:
    attach(rig.window)
    forms = rig.window.findChild(ServiceForms)
    assert forms is not None
    return forms


def _open_form(qtbot, forms: ServiceForms) -> RecordForm:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: forms.form is not None and forms.form.isActiveWindow(), timeout=15000)
    assert forms.form is not None
    return forms.form


def _count(rig: CounterRig, model: type) -> int:
    with rig.store.transaction() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _outbox(rig: CounterRig) -> int:
    with rig.store.engine.connect() as c:
        return ob.count_pending(c)


def test_a_card_nobody_knows_opens_the_registration_prefilled_and_saving_opens_the_file(
    qtbot, counter_rig
):
    rig = counter_rig
    forms = _forms(rig)
    log_in(qtbot, rig)
    card = _sample_identity(1)

    rig.counter.devices.simulators["sscard"].insert(1)

    form = _open_form(qtbot, forms)
    assert form.objectName() == "registration"
    assert form.editors["citizen_id"].value() == card.id_number
    assert form.editors["name"].value() == card.name
    assert form.editors["sex"].value() == card.sex
    assert form.editors["birth_date"].value() == card.birth_date
    assert form.editors["ethnicity"].value() == card.ethnicity
    assert form.editors["verified"].value() is True
    assert form.focusWidget() is form.editors["citizen_id"].widget
    qtbot.keyClick(form.editors["citizen_id"].widget, Qt.Key.Key_Return)  # Enter moves on
    assert form.focusWidget() is form.editors["name"].widget
    form.editors["phone"].widget.setFocus()
    qtbot.keyClicks(form.editors["phone"].widget, "13905170001")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    view = rig.window.file_view
    qtbot.waitUntil(lambda: view.file is not None, timeout=15000)
    assert card.name in view.header.text() and "13905170001" in view.header.text()
    with rig.store.transaction() as s:
        person = s.scalars(select(Person).where(Person.citizen_id == card.id_number)).one()
        assert (person.id, person.verified, person.phone) == (
            view.file.person_id,
            True,
            "13905170001",
        )
    assert "已登记" in forms.confirmation.text() and card.name in forms.confirmation.text()
    assert forms.form is None  # the form closed


def test_unemployment_registration_through_f6_refuses_bad_fields_then_shows_its_ticket(
    qtbot, counter_rig
):
    rig = counter_rig
    forms = _forms(rig)
    with rig.store.transaction() as s:
        actor = Actor(station_id=rig.window.context.station_id, staff_id=None)
        pid = rig.store.persons.register(s, actor, person_values(name="周建国")).id
    log_in(qtbot, rig)
    rig.window.open_person(pid)
    view = rig.window.file_view
    qtbot.waitUntil(lambda: view.file is not None and view.file.person_id == pid, timeout=15000)

    qtbot.keyClick(rig.window, Qt.Key.Key_F6)
    qtbot.waitUntil(
        lambda: forms.picker is not None and forms.picker.isActiveWindow(), timeout=5000
    )
    picker = forms.picker
    qtbot.keyClicks(picker.filter, "sydj")  # 失业登记 by its pinyin initials
    assert picker.visible_codes() == ["JY-002", "JY-003"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    form = _open_form(qtbot, forms)
    assert form.windowTitle() == "失业登记"
    assert form.editors["registered_on"].value() == TODAY
    assert form.editors["place_basis"].value() == "hukou"

    # Wrong: no reason, and a day of unemployment after the registration.
    form.editors["unemployed_since"].set_value(date(2026, 11, 20))
    before = _outbox(rig)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.errors["reason"].isVisible(), timeout=10000)
    assert form.errors["reason"].text() == "请选择失业原因"
    assert "不能晚于今天" in form.errors["unemployed_since"].text()
    assert not form.errors["registered_on"].isVisible()
    assert form.isVisible() and _outbox(rig) == before
    assert _count(rig, UnemploymentRegistration) == 0 and _count(rig, ServiceTicket) == 0

    # Put right: the reason typed by its code, the date corrected; Ctrl+S saves.
    form.editors["unemployed_since"].set_value(date(2026, 10, 15))
    reason = form.editors["reason"].widget
    reason.setFocus()
    qtbot.keyClicks(reason, "02")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(
        lambda: view.file is not None and view.file.count("tickets") == 1, timeout=15000
    )
    [ticket] = view.file.sections["tickets"]
    assert ticket.summary["事项"] == "JY-002"
    assert (ticket.summary["状态"], ticket.summary["办结时限"]) == ("accepted", "2026-11-05")
    [registration] = view.file.sections["unemployment"]
    reason_label = next(f.zh for f in SPECS["JY-002"].fields if f.name == "reason")
    reason_names = dict(SPECS["JY-002"].field("reason").options(rig.store.reference()))
    assert registration.summary[reason_label] == reason_names["02"]  # the name, not the code
    assert "失业登记已受理" in forms.confirmation.text()
    assert "应于 2026-11-05 前办结" in forms.confirmation.text()
    assert _outbox(rig) > before


def test_esc_cancels_and_switching_user_closes_a_half_filled_form(qtbot, counter_rig):
    rig = counter_rig
    forms = _forms(rig)
    log_in(qtbot, rig)
    rig.window.search.setText("")
    qtbot.keyClick(rig.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = _open_form(qtbot, forms)
    form.editors["name"].set_value("试填写")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: forms.form is None, timeout=5000)
    assert _count(rig, Person) == 0

    rig.window.activateWindow()  # the offscreen platform does not give it back by itself
    qtbot.waitUntil(rig.window.isActiveWindow, timeout=5000)
    qtbot.keyClick(rig.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = _open_form(qtbot, forms)
    form.editors["name"].set_value("试填写")
    rig.window.switch_user()
    assert forms.form is None and not form.isVisible()
    assert _count(rig, Person) == 0


def test_a_card_the_city_knows_is_not_registered_twice(qtbot, counter_rig):
    rig = counter_rig
    forms = _forms(rig)
    card = _sample_identity(1)
    with rig.hub.engine.begin() as conn:  # registered at another station of the city
        conn.execute(
            insert(table_of(Person)).values(
                id=new_id(),
                citizen_id=card.id_number,
                name=card.name,
                sex=card.sex,
                birth_date=card.birth_date,
            )
        )
    log_in(qtbot, rig)
    rig.counter.devices.simulators["sscard"].insert(1)
    qtbot.waitUntil(lambda: "已在全市人员档案中" in rig.window.notice.text(), timeout=15000)
    assert forms.form is None and _count(rig, Person) == 0

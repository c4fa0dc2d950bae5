"""就业创业证核发 (JY-006) through F6 on the real window and store: the form offers how the
certificate is applied for, refusals show under their field with nothing saved, and the
issued certificate is listed in the person's file."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import func, select

from hub_sync.model import EmploymentCertificate
from station_client.store.actor import Actor
from station_client.store.services import record_service

from ..store.helpers import person_values
from .counter_fixtures import log_in
from .test_forms import TODAY, _forms, _open_form


def _certificates(rig) -> int:  # type: ignore[no-untyped-def]
    with rig.store.transaction() as s:
        return s.scalar(select(func.count()).select_from(EmploymentCertificate)) or 0


def test_a_certificate_is_issued_through_f6_after_refusals_at_the_field(qtbot, counter_rig):
    rig = counter_rig
    forms = _forms(rig)
    log_in(qtbot, rig)
    clerk = Actor(rig.window.context.station_id, rig.window.session.staff.id)
    with rig.store.transaction() as s:
        pid = rig.store.persons.register(s, clerk, person_values(name="周建国")).id
    registered = {"registered_on": TODAY, "reason": "02"}
    record_service(rig.store, clerk, "JY-002", pid, registered)  # a certificate needs one
    rig.window.open_person(pid)
    view = rig.window.file_view
    qtbot.waitUntil(lambda: view.file is not None and view.file.person_id == pid, timeout=15000)
    assert view.file.count("certificates") == 0

    qtbot.keyClick(rig.window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: forms.picker is not None and forms.picker.isActiveWindow())
    qtbot.keyClicks(forms.picker.filter, "jycyz")  # 就业创业证 by its pinyin initials
    assert forms.picker.visible_codes() == ["JY-006"]
    qtbot.keyClick(forms.picker.filter, Qt.Key.Key_Return)
    form = _open_form(qtbot, forms)
    assert form.windowTitle() == "就业创业证核发"
    heading = form.findChild(QLabel, "formHeading")
    assert heading is not None and "（5个工作日）" in heading.text()
    kinds = form.editors["certificate_type"]
    assert kinds.value() == "1" and form.editors["issued_on"].value() == TODAY
    assert [kinds.combo.itemText(i) for i in range(1, kinds.combo.count())] == [
        "首次申领",
        "遗失补发",
        "损毁或记满换发",
    ]

    # Wrong: a re-issue for someone who holds no certificate, and a day still to come.
    kinds.set_value("2")
    form.editors["issued_on"].set_value(date(2026, 11, 20))
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.errors["issued_on"].isVisible(), timeout=10000)
    assert "不能晚于今天" in form.errors["issued_on"].text()
    form.editors["issued_on"].set_value(TODAY)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.errors["certificate_type"].isVisible(), timeout=10000)
    assert form.errors["certificate_type"].text() == "该人员没有有效的就业创业证，请选首次申领"
    assert form.isVisible() and _certificates(rig) == 0

    # Put right: a first certificate.
    kinds.set_value("1")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: view.file is not None and view.file.count("certificates") == 1, timeout=15000
    )
    [certificate] = view.file.sections["certificates"]
    assert certificate.summary["证书编号"].startswith("JZ-")
    assert certificate.summary["申领类型"] == "首次申领"
    assert certificate.summary["发证日期"] == TODAY.isoformat()
    assert "就业创业证核发已受理" in forms.confirmation.text()
    assert "应于 2026-11-09 前办结" in forms.confirmation.text()
    assert _certificates(rig) == 1

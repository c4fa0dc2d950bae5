"""用人单位与岗位 and 岗位推荐 on the real counter: an employer and a vacancy registered on
screen, F9 on a job seeker ranks it first with its reasons, 推荐 is an assistance contact
in the store and the outbox; bad values are refused at the field with nothing saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import func, select

from hub_sync.model import AssistanceContact, AuditEntry, Employer, JobSeekerRegistration, Vacancy
from station_client.rules.codes import Role
from station_client.rules.uscc import make_uscc
from station_client.store import outbox as ob
from station_client.store.actor import Actor
from station_client.store.records import create
from station_client.store.vacancies import VacancyRegistry
from station_client.ui import employers, matching_view
from station_client.ui.employer_forms import CodePicker, FieldForm
from station_client.ui.employers import EmployersTab
from station_client.ui.matching_view import MatchPanel

from ..store.helpers import person_values
from .counter_fixtures import CounterRig, log_in

VILLAGE = "320115001001"
WAIT = 15000


def _open_counter(qtbot, rig: CounterRig) -> tuple[EmployersTab, MatchPanel]:  # type: ignore[no-untyped-def]
    employers.attach(rig.window)
    matching_view.attach(rig.window)
    log_in(qtbot, rig)
    rig.window.activateWindow()
    qtbot.waitUntil(rig.window.isActiveWindow, timeout=WAIT)
    tab = rig.window.findChild(EmployersTab)
    panel = rig.window.findChild(MatchPanel, "personJobMatches")
    qtbot.waitUntil(lambda: tab.vacancy_form.picker("occupation_code").count() > 0, timeout=WAIT)
    return tab, panel


def _actor(rig: CounterRig) -> Actor:
    return Actor(station_id=rig.window.context.station_id, staff_id=None)


def _job_seeker(rig: CounterRig, serial: int, name: str, **over: object) -> str:
    values = {
        "registered_on": date(2026, 9, 1),
        "intended_occupation": "4-02",
        "intended_division": VILLAGE,
        "expected_wage": 5000,
        "status": "active",
    }
    values.update(over)
    with rig.store.transaction() as s:
        person = rig.store.persons.register(s, _actor(rig), person_values(serial, name=name))
        create(
            s,
            _actor(rig),
            rig.store.clock(),
            JobSeekerRegistration,
            {"person_id": person.id, **values},
        )
        return person.id


def _employer_in_store(rig: CounterRig, name: str = "南京东山物流有限公司") -> str:
    with rig.store.transaction() as s:
        values = {"uscc": make_uscc("320115", 21), "name": name, "division_code": "320115001"}
        return rig.store.employers.register(s, _actor(rig), values).id


def _count(rig: CounterRig, model: type) -> int:
    with rig.store.transaction() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _outbox(rig: CounterRig) -> list[ob.OutboxEntry]:
    with rig.store.engine.connect() as c:
        return ob.pending(c, limit=10_000)


def _fill(qtbot, form: FieldForm, **values: str) -> None:  # type: ignore[no-untyped-def]
    for field, value in values.items():
        widget = form.inputs[field]
        if isinstance(widget, CodePicker):
            if widget.findData(value) >= 0:
                widget.setCurrentIndex(widget.findData(value))  # picked from the list
            else:  # typed past the list (its popup would hold the offscreen focus)
                widget.setEditText(value)
            continue
        widget.clear()
        if value.isascii():
            qtbot.keyClicks(widget, value)  # typed, as a clerk does
        else:
            widget.setText(value)  # keyClicks cannot type Chinese


def _submit(qtbot, form: FieldForm, field: str) -> None:  # type: ignore[no-untyped-def]
    widget = form.inputs[field]
    line = widget if isinstance(widget, QLineEdit) else widget.lineEdit()
    qtbot.keyClick(line, Qt.Key.Key_Return)


def _refused(qtbot, form: FieldForm, field: str) -> str:  # type: ignore[no-untyped-def]
    label = form.errors[field]
    qtbot.waitUntil(lambda: label.isVisible() and label.text() != "", timeout=WAIT)
    assert form.save.isEnabled()  # the clerk can correct and save again
    return label.text()


def test_register_employer_and_vacancy_then_f9_offers_it_and_recommend_records_it(
    qtbot, counter_rig
):
    rig = counter_rig
    tab, panel = _open_counter(qtbot, rig)
    qtbot.keyClick(rig.window, Qt.Key.Key_F8)
    assert rig.window.workspace.currentWidget() is tab

    qtbot.keyClick(tab.search, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    form = tab.employer_form
    assert tab.pages.currentWidget() is form
    uscc = make_uscc("320115", 42)
    _fill(qtbot, form, uscc=uscc.lower(), name="南京东山物流有限公司")
    division = form.picker("division_code")
    division.setCurrentIndex(division.findData("320115001"))
    _submit(qtbot, form, "name")
    qtbot.waitUntil(lambda: tab.employer is not None, timeout=WAIT)
    assert "南京东山物流有限公司" in tab.header.text() and uscc in tab.header.text()
    with rig.store.transaction() as s:
        saved = s.scalars(select(Employer)).one()
        assert (saved.uscc, saved.division_code) == (uscc, "320115001")

    qtbot.keyClick(tab.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    form = tab.vacancy_form
    assert tab.pages.currentWidget() is form
    assert form.text("location_division") == "320115001"  # the employer's place by default
    _fill(qtbot, form, title="仓库管理员", headcount="2", wage_min="4000", wage_max="6000")
    occupation = form.picker("occupation_code")
    occupation.setCurrentIndex(occupation.findData("4-02"))
    place = form.picker("location_division")
    place.setCurrentIndex(place.findData(VILLAGE))
    _submit(qtbot, form, "wage_max")
    qtbot.waitUntil(lambda: len(tab.vacancies) == 1, timeout=WAIT)
    assert tab.table.item(0, 0).text() == "仓库管理员" and tab.table.item(0, 6).text() == "招聘中"
    assert "岗位已保存" in tab.message.text()

    with rig.store.transaction() as s:  # someone not registered as a job seeker
        other = rig.store.persons.register(s, _actor(rig), person_values(6, name="周五")).id
    rig.window.open_person(other)
    qtbot.waitUntil(lambda: rig.window.file_view.file is not None, timeout=WAIT)
    qtbot.keyClick(rig.window.search, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "请先办理求职登记" in panel.status.text(), timeout=WAIT)
    assert panel.rows == [] and not panel.button.isEnabled()

    pid = _job_seeker(rig, 5, "李四")
    rig.window.open_person(pid)
    qtbot.waitUntil(lambda: rig.window.file_view.file.person_id == pid, timeout=WAIT)
    qtbot.keyClick(rig.window.search, Qt.Key.Key_F9)
    assert rig.window.workspace.currentWidget() is panel
    qtbot.waitUntil(lambda: len(panel.rows) == 1, timeout=WAIT)
    assert panel.table.item(0, 1).text() == "仓库管理员"
    assert "职业对口" in panel.table.item(0, 3).text()
    assert "同一社区（村）" in panel.why.text() and "薪资在岗位范围内" in panel.why.text()
    assert panel.content.text().startswith("推荐岗位：仓库管理员（南京东山物流有限公司）")

    before = len(_outbox(rig))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已记入援助联系记录" in panel.status.text(), timeout=WAIT)
    assert panel.table.item(0, 5).text() == "已推荐 ✓"
    with rig.store.transaction() as s:
        contact = s.scalars(select(AssistanceContact)).one()
        vacancy = s.scalars(select(Vacancy)).one()
    assert (contact.person_id, contact.vacancy_id) == (pid, vacancy.id)
    assert contact.content == panel.content.text()
    assert contact.changed_staff == rig.window.session.staff.id
    tables = {e.table_name for e in _outbox(rig)[before:]}
    assert {"assistance_contacts", "assistance_plans"} <= tables

    rig.window.workspace.setCurrentIndex(0)  # back on the file: it shows the new contact
    qtbot.waitUntil(lambda: rig.window.file_view.file.count("contacts") == 1, timeout=WAIT)


def test_bad_values_are_refused_at_the_field_and_nothing_is_saved(qtbot, counter_rig):
    rig = counter_rig
    tab, _panel = _open_counter(qtbot, rig)
    rig.window.workspace.setCurrentWidget(tab)
    before = len(_outbox(rig))

    tab.new_employer()
    form = tab.employer_form
    valid = make_uscc("320115", 7)
    bad = valid[:-1] + ("0" if valid[-1] != "0" else "1")  # a wrong check character
    _fill(qtbot, form, uscc=bad)
    qtbot.keyClick(form.inputs["uscc"], Qt.Key.Key_Tab)  # leaving the field checks it
    assert "校验位错误" in _refused(qtbot, form, "uscc")
    _fill(qtbot, form, name="某公司")
    _submit(qtbot, form, "name")
    assert "校验位错误" in _refused(qtbot, form, "uscc")
    assert _count(rig, Employer) == 0 and len(_outbox(rig)) == before
    qtbot.keyClick(form.inputs["name"], Qt.Key.Key_Escape)
    assert tab.pages.currentIndex() == 0

    eid = _employer_in_store(rig)
    before = len(_outbox(rig))
    qtbot.keyClicks(tab.search, make_uscc("320115", 21)[:10])  # found by its credit code
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.employer is not None and tab.employer.id == eid, timeout=WAIT)
    qtbot.keyClick(tab.search, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    form = tab.vacancy_form
    good = {"title": "叉车司机", "headcount": "1", "wage_min": "5000", "wage_max": "7000"}
    for over, field, words in (
        ({"occupation_code": "9-99"}, "occupation_code", "不在职业分类代码表"),
        ({"occupation_code": "6-01", "headcount": "0"}, "headcount", "招聘人数"),
        (
            {"headcount": "1", "wage_min": "8000"},
            "wage_max",
            "最低月薪（8000 元）高于最高月薪（7000 元）",
        ),
        ({"wage_min": "5000", "valid_until": "2026-10-01"}, "valid_until", "早于有效期起"),
        (
            {"valid_until": "2026-11-30", "location_division": "110101001001"},
            "location_division",
            "不在本区",
        ),
    ):
        _fill(qtbot, form, **{**good, **over})
        good = {**good, **over}
        _submit(qtbot, form, "title")
        assert words in _refused(qtbot, form, field)
        assert form.inputs[field].hasFocus()
        assert _count(rig, Vacancy) == 0 and len(_outbox(rig)) == before

    _fill(qtbot, form, location_division=VILLAGE)
    _submit(qtbot, form, "title")
    qtbot.waitUntil(lambda: len(tab.vacancies) == 1, timeout=WAIT)
    with rig.store.transaction() as s:
        v = s.scalars(select(Vacancy)).one()
    assert (v.occupation_code, v.headcount, v.wage_min, v.wage_max) == ("6-01", 1, 5000, 7000)

    qtbot.keyClick(tab.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # 修改岗位
    assert tab.pages.currentWidget() is form and form.text("title") == "叉车司机"
    _fill(qtbot, form, headcount="3")
    _submit(qtbot, form, "headcount")
    qtbot.waitUntil(lambda: tab.vacancies and tab.vacancies[0].headcount == 3, timeout=WAIT)
    edit = _outbox(rig)[-1]
    assert edit.op == "update" and edit.old_values == {"headcount": 1}


def test_seekers_ranked_for_a_vacancy_masked_by_role_recommended_then_closed(qtbot, counter_rig):
    rig = counter_rig
    eid = _employer_in_store(rig)
    with rig.store.transaction() as s:
        values = {"title": "仓库管理员", "occupation_code": "4-02", "headcount": 2}
        vid = (
            VacancyRegistry(rig.store.reference, rig.store.clock)
            .register(s, _actor(rig), eid, {**values, "location_division": VILLAGE})
            .id
        )
    best = _job_seeker(rig, 11, "王小明")
    _job_seeker(rig, 12, "赵大力", intended_occupation="6-01")
    tab, _panel = _open_counter(qtbot, rig)
    rig.window.workspace.setCurrentWidget(tab)
    tab.search.setText("东山物流")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(tab.vacancies) == 1, timeout=WAIT)

    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter on a vacancy: its job seekers
    seekers = tab.seekers
    qtbot.waitUntil(lambda: len(seekers.rows) == 2, timeout=WAIT)
    assert [r.name for r in seekers.rows] == ["王小明", "赵大力"]  # a clerk sees names
    assert "职业对口" in seekers.table.item(0, 3).text()
    assert "职业不对口" in seekers.table.item(1, 4).text()
    with rig.store.transaction() as s:
        listed = s.scalars(
            select(AuditEntry.subject_id).where(AuditEntry.action == "list_person")
        ).all()
    assert best in listed and len(listed) == 2
    hidden = matching_view.seekers_for(rig.store, _actor(rig), Role.DISTRICT_IT, vid)
    assert [r.name for r in hidden] == ["王**", "赵**"]

    seekers.content.setText("电话通知，周一上午面试")
    qtbot.keyClick(seekers.content, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: seekers.rows[0].offered, timeout=WAIT)
    with rig.store.transaction() as s:
        contact = s.scalars(select(AssistanceContact)).one()
    assert (contact.person_id, contact.vacancy_id) == (best, vid)
    assert contact.content == "电话通知，周一上午面试"
    qtbot.keyClick(seekers.content, Qt.Key.Key_Return)  # the same offer again is refused
    qtbot.waitUntil(lambda: "已于" in seekers.status.text(), timeout=WAIT)
    assert _count(rig, AssistanceContact) == 1

    qtbot.keyClick(seekers.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == 0 and tab.table.hasFocus(), timeout=WAIT)
    for _ in range(2):  # 关闭岗位 asks once, the second press closes
        qtbot.keyClick(tab.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.vacancies[0].state == "closed", timeout=WAIT)
    assert tab.table.item(0, 6).text() == "已关闭"
    with rig.store.transaction() as s:
        assert s.get(Vacancy, vid).status == "closed"

    rig.window.switch_user()  # the next clerk sees none of it
    assert seekers.rows == [] and seekers.table.rowCount() == 0
    assert tab.employer is None and tab.results.count() == 0 and tab.table.rowCount() == 0

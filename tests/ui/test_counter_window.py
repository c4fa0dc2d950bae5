"""The counter window end to end: log in, tap a card, the file opens; lock; switch user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from hub_sync.model import AuditEntry
from station_client.devices.sscard.simulator import SocialSecurityCardSimulator
from station_client.store.actor import Actor

from ..store.helpers import person_values
from .counter_fixtures import CounterRig, log_in


def _sample_identity(index: int = 0):  # type: ignore[no-untyped-def]
    """Who the simulated card reader's sample card ``index`` belongs to."""
    seen = []
    SocialSecurityCardSimulator(seen.append).insert(index)
    return next(e for e in seen if hasattr(e, "id_number"))


def _register(rig: CounterRig, **values: object) -> str:
    with rig.store.transaction() as s:
        actor = Actor(station_id=rig.window.context.station_id, staff_id=None)
        return rig.store.persons.register(s, actor, person_values(**values)).id


def test_a_clerk_logs_in_taps_a_card_and_the_persons_file_opens_audited(qtbot, counter_rig):
    rig = counter_rig
    card = _sample_identity(0)
    pid = _register(
        rig, citizen_id=card.id_number, name=card.name, sex=card.sex, birth_date=card.birth_date
    )
    assert rig.window.pages.currentWidget() is rig.window.login
    log_in(qtbot, rig)
    assert rig.window.session.online and "王芳" in rig.window.staff_label.text()

    rig.counter.devices.simulators["sscard"].insert(0)

    view = rig.window.file_view
    qtbot.waitUntil(lambda: view.file is not None and view.file.person_id == pid, timeout=15000)
    assert card.name in view.header.text()
    assert card.id_number in view.header.text()  # a clerk sees the full number
    assert not view.banner.isVisible() or not view.banner.text()  # card and file agree
    with rig.store.transaction() as s:
        views = s.scalars(
            select(AuditEntry).where(
                AuditEntry.subject_id == pid, AuditEntry.action == "view_person"
            )
        ).all()
        assert [v.staff_id for v in views] == [rig.window.session.staff.id]


def test_a_card_that_disagrees_with_the_file_is_shown_not_written(qtbot, counter_rig):
    rig = counter_rig
    card = _sample_identity(0)
    pid = _register(rig, citizen_id=card.id_number, name="错名字", sex=card.sex)
    log_in(qtbot, rig)
    rig.counter.devices.simulators["sscard"].insert(0)
    view = rig.window.file_view
    qtbot.waitUntil(lambda: view.file is not None and view.banner.text() != "", timeout=15000)
    assert "错名字" in view.banner.text() and card.name in view.banner.text()
    assert "档案未被修改" in view.banner.text()
    with rig.store.transaction() as s:
        assert rig.store.persons.by_citizen_id(s, card.id_number).name == "错名字"
    assert view.file.person_id == pid


def test_someone_unknown_here_is_offered_a_registration_prefilled_from_the_card(qtbot, counter_rig):
    rig = counter_rig
    log_in(qtbot, rig)
    with qtbot.waitSignal(rig.window.register_requested, timeout=15000) as asked:
        rig.counter.devices.simulators["sscard"].insert(1)
    assert asked.args[0].id_number == _sample_identity(1).id_number
    assert "不在本站档案中" in rig.window.notice.text()


def test_typing_a_names_pinyin_initials_finds_the_person(qtbot, counter_rig):
    rig = counter_rig
    pid = _register(rig, name="欧阳娜娜")
    log_in(qtbot, rig)
    qtbot.keyClicks(rig.window.search, "oynn")  # 欧阳娜娜, typed as a clerk does
    qtbot.keyClick(rig.window.search, Qt.Key.Key_Return)
    view = rig.window.file_view
    qtbot.waitUntil(lambda: view.file is not None and view.file.person_id == pid, timeout=15000)


def test_no_card_opens_anything_before_login_or_while_locked_and_switching_user_clears(
    qtbot, counter_rig
):
    rig = counter_rig
    card = _sample_identity(0)
    _register(rig, citizen_id=card.id_number, name=card.name, sex=card.sex)
    rig.counter.devices.simulators["sscard"].insert(0)  # nobody logged in
    qtbot.wait(300)
    assert rig.window.file_view.file is None
    log_in(qtbot, rig)
    rig.counter.devices.simulators["sscard"].insert(0)
    qtbot.waitUntil(lambda: rig.window.file_view.file is not None, timeout=15000)
    rig.window.lock()
    assert rig.window.pages.currentWidget() is rig.window.lock_panel
    rig.window.switch_user()
    assert rig.window.file_view.file is None and rig.window.file_view.header.text() == ""
    assert rig.window.results.count() == 0 and rig.window.search.text() == ""
    assert rig.window.pages.currentWidget() is rig.window.login


def test_the_sync_status_is_shown_after_a_sync(qtbot, counter_rig):
    rig = counter_rig
    log_in(qtbot, rig)
    rig.counter.agent.trigger()
    qtbot.waitUntil(lambda: "已同步" in rig.window.sync_status.label.text(), timeout=20000)
    assert "待上传 0 条" in rig.window.sync_status.label.text()

"""The information screen (就业信息屏): what it shows, that it turns and refreshes by
itself, that passers-by cannot close it, and that a vacancy another station registered
reaches it through the hub."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hub_sync.model import Vacancy
from station_client.rules.uscc import make_uscc
from station_client.store import Actor, Store
from station_client.store.info_feed import InfoFeed, load_info_feed, load_notices, place_name
from station_client.store.records import create
from station_client.sync import SyncAgent, enrol
from station_client.ui.info_screen import InfoScreen, attach
from station_client.ui.operations import Operations

from .counter_fixtures import CounterRig

VILLAGE = "320115001001"  # 东山街道中前社区居委会 in the shipped division tree
ACTOR = Actor(station_id="station-test-1", staff_id="staff-test-1")


def _employer(store: Store, serial: int = 7, **over: Any) -> str:
    values = {
        "uscc": make_uscc("320115", serial),
        "name": "南京华瑞物流有限公司",
        "division_code": "320115002001",
        "contact_name": "王经理",
        "contact_phone": "025-52101234",
        **over,
    }
    with store.transaction() as s:
        return store.employers.register(s, ACTOR, values).id


def _vacancy(store: Store, employer_id: str, title: str, **over: Any) -> str:
    values = {
        "employer_id": employer_id,
        "title": title,
        "headcount": 2,
        "wage_min": 4000,
        "wage_max": 6000,
        "location_division": VILLAGE,
        "valid_from": date(2026, 10, 1),
        "valid_until": date(2026, 12, 31),
        **over,
    }
    with store.transaction() as s:
        return create(s, ACTOR, store.clock(), Vacancy, values).id


def _texts(widget) -> str:  # type: ignore[no-untyped-def]
    labels = [widget] if isinstance(widget, QLabel) else widget.findChildren(QLabel)
    return " | ".join(label.text() for label in labels)


# ------------------------------------------------------------------------------ the feed
def test_the_feed_lists_only_vacancies_open_on_the_stations_day(make_store, clock):
    store = make_store()
    employer = _employer(store)
    _vacancy(store, employer, "仓库管理员")
    _vacancy(store, employer, "叉车司机", location_division=None, wage_max=None)
    _vacancy(store, employer, "已过期", valid_until=date(2026, 11, 1))
    _vacancy(store, employer, "已招满", status="filled")
    _vacancy(store, employer, "无空缺", headcount=0)
    gone = _vacancy(store, employer, "已删除")
    with store.transaction() as s:
        s.get(Vacancy, gone).deleted = True
    # 01:00 on 3 November in Beijing is still 2 November in UTC: the station's day counts.
    clock.now = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
    _vacancy(store, employer, "明天起招", valid_from=date(2026, 11, 3))
    _vacancy(store, employer, "后天起招", valid_from=date(2026, 11, 4))

    feed = load_info_feed(store)

    assert feed.day == date(2026, 11, 3)
    assert sorted(v.title for v in feed.vacancies) == ["仓库管理员", "叉车司机", "明天起招"]
    assert feed.vacancies_open == 3
    keeper = next(v for v in feed.vacancies if v.title == "仓库管理员")
    assert (keeper.employer, keeper.headcount, keeper.wage_min, keeper.wage_max) == (
        "南京华瑞物流有限公司",
        2,
        4000,
        6000,
    )
    assert keeper.location == "东山街道中前社区"  # the committee's name is not the place
    assert (keeper.contact_name, keeper.contact_phone) == ("王经理", "025-52101234")
    driver = next(v for v in feed.vacancies if v.title == "叉车司机")
    assert driver.location == "秣陵街道东旺社区"  # no place given: the employer's


def test_place_names_come_from_the_division_reference_data(reference):
    assert place_name(reference, "320115001") == "东山街道"
    assert place_name(reference, "320115") == "江宁区"
    assert place_name(reference, "320505001001") == "江苏省苏州市"  # outside the district
    assert place_name(reference, "110105001001") == "北京市"
    assert place_name(reference, None) is None


def test_the_feed_lists_the_public_catalogue_with_its_time_limits(make_store, reference):
    feed = load_info_feed(make_store())
    by_code = {s.code: s for s in feed.services}
    assert list(by_code) == [i.code for i in reference.catalogue.public_items()]
    assert feed.complaint_phone == "12333"
    assert (by_code["JY-002"].name_zh, by_code["JY-002"].working_days) == ("失业登记", 3)
    assert by_code["JY-002"].note_zh is None  # the district's note on the figure stays off
    assert (by_code["JY-001"].working_days, by_code["JY-001"].note_zh) == (None, "当场办结")
    assert by_code["SB-002"].note_zh == "经办机构自收到申请之日起15日内审核"  # no "见limits"
    assert by_code["JY-001"].note_en == "done on the spot"


def test_notices_come_from_their_file_and_a_broken_file_costs_only_the_notices(
    make_store, tmp_path: Path
):
    store = make_store()
    _vacancy(store, _employer(store), "仓库管理员")
    shipped = load_notices()
    assert len(shipped) >= 3 and all(n.title_zh and n.summary_en for n in shipped)
    assert [n.id for n in load_info_feed(store).notices] == [n.id for n in shipped]

    data = json.loads(
        Path(__file__).parents[2].joinpath("resources/notices/notices.json").read_text("utf-8")
    )
    data["notices"][0]["show_until"] = "2026-10-31"  # taken down before today
    current = tmp_path / "current.json"
    current.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert [n.id for n in load_info_feed(store, notices_path=current).notices] == [
        n.id for n in shipped[1:]
    ]

    broken = tmp_path / "broken.json"
    data["notices"][0]["issued_on"] = "2026-13-01"
    broken.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    feed = load_info_feed(store, notices_path=broken)
    assert feed.notices == () and "broken.json" in feed.problems[0]
    assert [v.title for v in feed.vacancies] == ["仓库管理员"]


# ---------------------------------------------------------------------------- the screen
def _screen(qtbot, load, **kw: Any) -> InfoScreen:  # type: ignore[no-untyped-def]
    operations = Operations()
    screen = InfoScreen(load, operations, station_name="东山街道服务站", **kw)
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    qtbot.waitUntil(lambda: screen.feed is not None, timeout=10000)
    return screen


def test_the_screen_turns_through_vacancies_services_and_notices_by_itself(qtbot, make_store):
    store = make_store()
    employer = _employer(store)
    for n in range(8):  # two pages of vacancies
        _vacancy(store, employer, f"岗位{n}")
    screen = _screen(qtbot, lambda: load_info_feed(store), rotate_ms=50)

    assert "监督投诉电话：12333" in screen.complaint.text()
    assert screen.page_titles.count("招聘信息") == 2
    seen: set[str] = set()
    sections = ("招聘信息（", "服务事项及办理时限", "政策公告（")

    def turned_through_all() -> bool:
        seen.add(screen.section.text())
        every = all(any(title.startswith(s) for title in seen) for s in sections)
        return every and "招聘信息（2/2）" in seen

    qtbot.waitUntil(turned_through_all, timeout=10000)
    screen.show_page(0)
    first = _texts(screen.pages.currentWidget())
    assert "4000–6000 元/月" in first and "招 2 人" in first
    assert "工作地点：东山街道中前社区" in first and "电话：025-52101234" in first
    screen.show_page(screen.page_titles.index("服务事项及办理时限"))
    services = _texts(screen.pages.currentWidget())
    assert "失业登记" in services and "3 个工作日" in services and "当场办结" in services


def test_a_read_that_fails_keeps_the_pages_and_a_later_one_brings_changes(qtbot, make_store):
    store = make_store()
    employer = _employer(store)
    _vacancy(store, employer, "仓库管理员")
    failing = {"now": False}

    def load() -> InfoFeed:
        if failing["now"]:
            raise OSError("disk gone")
        return load_info_feed(store)

    screen = _screen(qtbot, load, refresh_ms=100)
    failing["now"] = True
    _vacancy(store, employer, "叉车司机")
    qtbot.wait(400)  # several failed reads
    assert [v.title for v in screen.feed.vacancies] == ["仓库管理员"]
    failing["now"] = False
    qtbot.waitUntil(lambda: len(screen.feed.vacancies) == 2, timeout=10000)
    screen.show_page(0)
    assert "叉车司机" in _texts(screen.pages.currentWidget())


def test_no_vacancies_says_so_instead_of_an_empty_page(qtbot, make_store):
    store = make_store()
    screen = _screen(qtbot, lambda: load_info_feed(store))
    screen.show_page(0)
    assert "今日暂无在招岗位" in _texts(screen.pages.currentWidget())


def test_passers_by_cannot_close_it_and_staff_leave_with_ctrl_shift_q(qtbot, make_store):
    store = make_store()
    screen = _screen(qtbot, lambda: load_info_feed(store))
    screen.activateWindow()
    qtbot.waitActive(screen)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.isVisible()
    page = screen.pages.currentIndex()
    qtbot.keyClick(screen, Qt.Key.Key_Right)
    assert screen.pages.currentIndex() == (page + 1) % screen.pages.count()

    with qtbot.waitSignal(screen.left, timeout=5000):
        qtbot.keyClick(
            screen,
            Qt.Key.Key_Q,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert not screen.isVisible()


def test_a_vacancy_registered_at_another_station_reaches_the_screen_through_the_hub(
    qtbot, counter_rig: CounterRig, make_store
):
    rig = counter_rig
    attach(rig.window)  # (once per window: the counter may have attached it already)
    attach(rig.window)
    rig.window.activateWindow()
    qtbot.waitActive(rig.window)
    qtbot.keyClick(
        rig.window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: rig.window.findChild(InfoScreen) is not None, timeout=10000)
    screen = rig.window.findChild(InfoScreen)
    qtbot.waitUntil(lambda: screen.feed is not None, timeout=10000)
    assert screen.isVisible() and screen.title.text() == "东山街道服务站"
    assert screen.feed.vacancies == ()

    other = make_store("other-station")
    enrol(other, rig.hub.url, rig.hub.add_station(VILLAGE, "中前社区服务站"), "test")
    _vacancy(other, _employer(other, division_code=VILLAGE), "社区网格员", headcount=1)
    assert SyncAgent(other, client_version="test").sync_once().applied == 2
    rig.counter.agent.sync_once()  # the counter's pull
    screen.refresh()  # what its timer does every minute

    qtbot.waitUntil(
        lambda: [v.title for v in screen.feed.vacancies] == ["社区网格员"], timeout=10000
    )
    screen.show_page(0)
    assert "社区网格员" in _texts(screen.pages.currentWidget())

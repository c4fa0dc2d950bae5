"""绩效看板 (Ctrl+Shift+D) on the real counter, by keyboard: a district admin's figures
from a real hub holding the fixed district of the report tests, down from the district
to a clerk's matters; a station supervisor's own figures from the station's store; a
clerk never gets the screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hub_sync.model import utc_now
from hub_sync.reports import parse_period
from hub_sync.reports.drilldown import Measure
from hub_sync.server import staff as hub_staff
from station_client.store import Actor
from station_client.sync import reports as rp
from station_client.sync.staff_calls import NotSupervisor
from station_client.ui import dashboard
from station_client.ui.dashboard import DashboardScreen

from ..reports import dataset
from ..reports.conftest import load_hub
from ..reports.dataset import DISTRICT, ident
from ..store.helpers import person_values
from .counter_fixtures import PASSWORD, CounterRig, log_in

ROOT = Path(__file__).resolve().parents[2]
CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)


def _screen(rig: CounterRig) -> DashboardScreen:
    found = rig.window.findChild(DashboardScreen)
    if found is None:  # unless build_counter attached it already (SCREENS)
        dashboard.attach(rig.window)
        found = rig.window.findChild(DashboardScreen)
    return found


def _open(qtbot, rig: CounterRig, username: str) -> DashboardScreen:  # type: ignore[no-untyped-def]
    screen = _screen(rig)
    log_in(qtbot, rig, username)
    rig.window.activateWindow()  # the screen's keys act in the active window
    qtbot.waitUntil(rig.window.isActiveWindow, timeout=5000)
    return screen


def _press(qtbot, screen: DashboardScreen, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    """A key where the cursor is (the table of figures, or the list of matters)."""
    target = screen.tickets.table if screen.tickets.isVisible() else screen.figures.table
    qtbot.keyClick(target, key, modifiers)


def _names(screen: DashboardScreen) -> list[str]:
    return [unit.name for unit in screen.figures.units]


def _admin(rig: CounterRig) -> str:
    with rig.hub.engine.begin() as conn:
        hub_staff.add_staff(
            conn,
            username="dash_admin",
            full_name="区管理员",
            role="district_admin",
            area_code=DISTRICT,
            password=PASSWORD,
            now=utc_now(),
            station_id=rig.station_id,
        )
    return "dash_admin"


@pytest.fixture
def district(counter_rig: CounterRig) -> CounterRig:
    load_hub(counter_rig.hub.engine, dataset.rows())
    return counter_rig


def test_a_district_admin_goes_down_from_the_district_to_a_clerks_matters(qtbot, district):
    rig = district
    screen = _open(qtbot, rig, _admin(rig))
    tabs = rig.window.workspace
    assert tabs.isTabVisible(tabs.indexOf(screen))
    qtbot.keyClick(rig.window, Qt.Key.Key_D, CTRL | SHIFT)
    assert tabs.currentWidget() is screen
    qtbot.waitUntil(lambda: screen.data is not None, timeout=20000)
    assert screen.data.view.period == "2026-11"  # the station's clock says 2 November
    _press(qtbot, screen, Qt.Key.Key_PageUp, CTRL)
    qtbot.waitUntil(
        lambda: screen.data is not None and screen.data.view.period == "2026-10", timeout=20000
    )
    assert screen.data.source is rp.Source.HUB
    assert "区级中心" in screen.source.text()
    chart = screen.figures.chart
    # The district's units one level down: its two towns and the district centre.
    assert _names(screen) == ["东山街道", "秣陵街道", "D服务站"]
    assert chart.values(0) == [6, 2, 0]  # completed in October
    assert chart.values(1) == [1, 0, 0]  # in September
    assert screen.figures.table.item(0, 4).text() == "+5"
    _press(qtbot, screen, Qt.Key.Key_3, CTRL)  # late
    assert screen.figures.measure is Measure.LATE and chart.values(0) == [1, 1, 0]
    _press(qtbot, screen, Qt.Key.Key_6, CTRL)  # average completion
    assert chart.values(0) == pytest.approx([17 / 6, 4.0, 0.0])
    _press(qtbot, screen, Qt.Key.Key_1, CTRL)  # back to services delivered

    _press(qtbot, screen, Qt.Key.Key_Return)  # 东山街道
    assert _names(screen) == ["TA服务站", "V1服务站", "V2服务站"]
    assert chart.values(0) == [2, 2, 2]
    assert screen.crumbs.text() == "江宁区 › 东山街道"
    _press(qtbot, screen, Qt.Key.Key_Down)
    _press(qtbot, screen, Qt.Key.Key_Return)  # V1服务站
    assert _names(screen) == ["职员v1a"] and chart.values(0) == [2]
    clicked = chart.values(0)[0]
    _press(qtbot, screen, Qt.Key.Key_Return)  # the clerk's matters
    qtbot.waitUntil(lambda: screen.tickets.isVisible(), timeout=20000)
    table = screen.tickets.table
    assert table.rowCount() == clicked == screen.tickets.listing.total
    assert {table.item(r, 4).text() for r in range(table.rowCount())} == {"职员v1a"}
    assert screen.crumbs.text().endswith("职员v1a › 办件明细")
    _press(qtbot, screen, Qt.Key.Key_5, CTRL)  # the list follows the measure: accepted
    qtbot.waitUntil(lambda: screen.tickets.listing.measure is Measure.ACCEPTED, timeout=20000)
    assert table.rowCount() == screen.figures.units[0].current.accepted == 4
    _press(qtbot, screen, Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(lambda: screen.tickets.listing.measure is Measure.COMPLETED, timeout=20000)
    _press(qtbot, screen, Qt.Key.Key_Return)  # this station holds none of these files
    qtbot.waitUntil(lambda: "本站没有此办事人的档案" in screen.message.text(), timeout=10000)

    _press(qtbot, screen, Qt.Key.Key_Backspace)
    assert not screen.tickets.isVisible() and _names(screen) == ["职员v1a"]
    _press(qtbot, screen, Qt.Key.Key_Backspace)
    assert screen.figures.current_row() == 1  # back on V1服务站
    _press(qtbot, screen, Qt.Key.Key_Left, ALT)
    assert _names(screen)[0] == "东山街道" and screen.crumbs.text() == "江宁区"
    _press(qtbot, screen, Qt.Key.Key_T, CTRL)  # the matters behind the town's figure
    qtbot.waitUntil(lambda: screen.tickets.isVisible(), timeout=20000)
    assert screen.tickets.table.rowCount() == 6
    _shoot(qtbot, screen)

    rig.window.switch_user()  # nothing of it stays on screen
    assert screen.data is None and screen.figures.table.rowCount() == 0
    assert not tabs.isTabVisible(tabs.indexOf(screen))


def _shoot(qtbot, screen: DashboardScreen) -> None:  # type: ignore[no-untyped-def]
    """Pictures to look at: test-artifacts/screenshots/dashboard*.png."""
    out = ROOT / "test-artifacts" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    screen.window().resize(1280, 800)
    qtbot.wait(300)  # the chart lays itself out again at the new size
    assert screen.grab().save(str(out / "dashboard_tickets.png"))
    screen.go_up()
    qtbot.wait(300)
    assert screen.grab().save(str(out / "dashboard.png"))


def test_a_station_supervisor_sees_the_stations_own_figures(qtbot, counter_rig):
    rig = counter_rig
    username = rig.add_staff("supervisor")
    rig.window.context.sync_now()  # the next sync brings their staff record here
    qtbot.waitUntil(lambda: rig.staff_here(username), timeout=30000)
    screen = _open(qtbot, rig, username)
    session = rig.window.session
    assert rp.source_for(rig.store, session) is rp.Source.STATION  # their area is this station
    actor = Actor(rig.station_id, session.staff.id)
    with rig.store.transaction() as s:
        pid = rig.store.persons.register(s, actor, person_values(7)).id
    done = rig.store.tickets.open_ticket(actor, "JY-001", person_id=pid)
    rig.store.tickets.set_status(actor, done.id, "completed")
    rig.store.tickets.open_ticket(actor, "JY-004", person_id=pid)
    qtbot.keyClick(rig.window, Qt.Key.Key_D, CTRL | SHIFT)
    qtbot.waitUntil(lambda: screen.data is not None, timeout=20000)
    assert screen.data.source is rp.Source.STATION and "本站数据" in screen.source.text()
    view = screen.data.view
    assert (view.root.level, view.root.key) == ("station", rig.station_id)
    assert _names(screen) == ["李主管"]
    assert screen.figures.chart.values(0) == [1]
    _press(qtbot, screen, Qt.Key.Key_5, CTRL)  # accepted
    assert screen.figures.chart.values(0) == [2]
    _press(qtbot, screen, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.tickets.isVisible(), timeout=20000)
    assert screen.tickets.table.rowCount() == 2
    _press(qtbot, screen, Qt.Key.Key_Return)  # the person is on file here: it opens
    view_ = rig.window.file_view
    qtbot.waitUntil(lambda: view_.file is not None and view_.file.person_id == pid, timeout=10000)
    assert rig.window.workspace.currentIndex() == 0


def test_a_clerk_cannot_open_the_dashboard(qtbot, counter_rig):
    rig = counter_rig
    screen = _open(qtbot, rig, rig.username)
    tabs = rig.window.workspace
    assert not tabs.isTabVisible(tabs.indexOf(screen))
    qtbot.keyClick(rig.window, Qt.Key.Key_D, CTRL | SHIFT)
    assert tabs.currentWidget() is not screen and screen.data is None
    with pytest.raises(NotSupervisor):
        rp.load_assessment(
            rig.store, rig.window.session, parse_period("2026-10"), date(2026, 11, 2)
        )
    with pytest.raises(NotSupervisor):
        rp.load_tickets(
            rig.store,
            rig.window.session,
            rp.Source.STATION,
            ("station", ident("V1")),
            Measure.COMPLETED,
            parse_period("2026-10"),
            date(2026, 11, 2),
        )

"""First run at a new station: enrol with the hub's address and a one-time code."""

from __future__ import annotations

from PySide6.QtCore import Qt

from station_client.sync.identity import is_enrolled
from station_client.ui.first_run import FirstRunPanel
from station_client.ui.operations import Operations


def _panel(qtbot, store) -> FirstRunPanel:  # type: ignore[no-untyped-def]
    panel = FirstRunPanel(store, Operations())
    qtbot.addWidget(panel)
    return panel


def test_a_new_station_enrols_from_the_first_run_screen(qtbot, hub, make_store):
    store = make_store("new-station")
    panel = _panel(qtbot, store)
    qtbot.keyClicks(panel.hub_url, hub.url)
    qtbot.keyClicks(panel.code, hub.add_station("320115001001", "东山街道服务站"))
    with qtbot.waitSignal(panel.enrolled, timeout=20000) as done:
        qtbot.keyClick(panel.code, Qt.Key.Key_Return)
    assert done.args[0].name == "东山街道服务站"
    assert is_enrolled(store)


def test_a_wrong_code_says_so_and_nothing_is_enrolled(qtbot, hub, make_store):
    store = make_store("new-station")
    panel = _panel(qtbot, store)
    panel.hub_url.setText(hub.url)
    panel.code.setText("WRONG-CODE-123")
    panel.submit()
    qtbot.waitUntil(lambda: panel.button.isEnabled(), timeout=20000)
    assert "注册码" in panel.message.text()
    assert not is_enrolled(store)


def test_an_address_that_is_not_a_web_address_is_refused_at_the_field(qtbot, make_store):
    panel = _panel(qtbot, make_store("new-station"))
    panel.hub_url.setText("hub.district")
    panel.code.setText("ABC")
    panel.submit()
    assert "http" in panel.message.text() and panel.button.isEnabled()

"""Where the dashboard's figures come from: the hub for a wider area when online, this
station's store otherwise, and the station's own figures (with the reason) when the hub
cannot be reached."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hub_sync.reports import TicketCounts, parse_period
from station_client.reference import ReferenceBundle
from station_client.sync import reports as rp
from station_client.sync.errors import Offline
from station_client.sync.identity import set_hub_url
from station_client.sync.login import StaffInfo, StaffSession
from station_client.sync.staff_calls import NotSupervisor

from ..hub_sync.test_report_routes import _station_store
from ..hubserver import free_port
from ..reports.dataset import AS_OF, DISTRICT, V1, ident

OCTOBER = parse_period("2026-10")


def _session(role: str, area: str, token: str | None, station_id: str | None = None):  # type: ignore[no-untyped-def]
    staff = StaffInfo(
        id="s1", username="u", full_name="李主管", role=role, area_code=area, station_id=station_id
    )
    return StaffSession(staff, token is not None, token, datetime(2026, 11, 2, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path, reference: ReferenceBundle):  # type: ignore[no-untyped-def]
    made = _station_store(tmp_path, reference, ident("V1"), V1)
    set_hub_url(made, f"http://127.0.0.1:{free_port()}")  # nobody listens: unreachable
    yield made
    made.close()


def test_the_source_follows_the_login(store) -> None:
    v1 = ident("V1")
    assert rp.source_for(store, _session("district_admin", DISTRICT, "t")) is rp.Source.HUB
    assert rp.source_for(store, _session("district_admin", DISTRICT, None)) is rp.Source.STATION
    own = _session("supervisor", V1, "t", v1)
    assert rp.source_for(store, own) is rp.Source.STATION  # their area is this station
    with pytest.raises(NotSupervisor):
        rp.source_for(store, _session("clerk", V1, "t", v1))


def test_an_unreachable_hub_leaves_the_stations_own_figures(store) -> None:
    shown = rp.load_assessment(store, _session("district_admin", DISTRICT, "t"), OCTOBER, AS_OF)
    assert shown.source is rp.Source.STATION and isinstance(shown.fell_back, Offline)
    assert (shown.view.root.level, shown.view.root.key) == ("station", ident("V1"))
    assert shown.view.root.current.tickets == TicketCounts(4, 2, 2, 0, 1, 3)
    offline = rp.load_assessment(store, _session("supervisor", V1, None), OCTOBER, AS_OF)
    assert offline.fell_back is None and offline.view == shown.view

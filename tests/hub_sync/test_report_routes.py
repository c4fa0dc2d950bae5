"""The dashboard endpoints on a real hub (SQLite and PostgreSQL) holding the fixed
district of the report tests: figures of the caller's area, the matters behind one,
refusals (no signature, no login, a clerk, another area, bad input), and the same
figures computed by a station from what its own store holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from hub_sync.model import AuditEntry, table_of
from hub_sync.protocol.signing import StationKey
from hub_sync.reports import TicketCounts
from hub_sync.reports.drilldown import AssessmentView, Measure, TicketList
from hub_sync.reports.periods import parse_period
from station_client.reference import ReferenceBundle
from station_client.rules.codes import Role
from station_client.store import Store
from station_client.sync import meta
from station_client.sync.meta import StationIdentity
from station_client.sync.reports import station_assessment, station_tickets

from ..hubserver import running_hub
from ..reports import dataset
from ..reports.conftest import load_hub
from ..reports.dataset import AS_OF, DISTRICT, TOWN_A, TOWN_B, V1, ident
from ..reports.sample_district import own_share
from .signing_client import SigningStation
from .test_hub_staff import _add, _as, _login

OCTOBER = "2026-10"
QUERY = f"period={OCTOBER}&as_of={AS_OF.isoformat()}"


@pytest.fixture
def hub(hub_database_url):
    with running_hub(hub_database_url) as running:
        load_hub(running.engine, dataset.rows())
        _add(running, "r_admin", "district_admin", area=DISTRICT)
        _add(running, "r_super", "supervisor", area=TOWN_A)
        _add(running, "r_clerk", "clerk", area=V1)
        yield running


@pytest.fixture
def station(hub) -> SigningStation:
    return SigningStation.enrol(hub.url, hub.add_station(V1, "V1服务站"))


def _get(station: SigningStation, username: str, path: str) -> requests.Response:
    token = _login(station, username).json()["token"]
    return _as(station, token, "GET", path)


def _view(station: SigningStation, username: str, query: str = QUERY) -> AssessmentView:
    answer = _get(station, username, f"/v1/reports/assessment?{query}")
    assert answer.status_code == 200, answer.text
    return AssessmentView.model_validate_json(answer.content)


def _tickets(station: SigningStation, username: str, unit: str, measure: Measure) -> TicketList:
    path = f"/v1/reports/tickets?{QUERY}&unit={unit}&measure={measure.value}"
    answer = _get(station, username, path)
    assert answer.status_code == 200, answer.text
    return TicketList.model_validate_json(answer.content)


def test_a_district_admin_gets_the_district_and_the_matters_behind_a_figure(hub, station):
    view = _view(station, "r_admin")
    assert (view.scope_level, view.scope_key, view.root.name) == ("district", DISTRICT, "江宁区")
    assert (view.period, view.previous_period, view.as_of) == ("2026-10", "2026-09", AS_OF)
    assert view.root.current.tickets == TicketCounts(10, 8, 6, 2, 3, 25)
    assert view.root.previous.tickets == TicketCounts(5, 1, 1, 0, 1, 2)
    towns = {u.key: u for u in view.children(view.root) if u.level == "town"}
    assert towns[TOWN_A].current.completed == 6 and towns[TOWN_B].current.completed == 2
    clerk = view.unit("clerk", f"{ident('V1')}/{ident('v1a')}")
    listed = _tickets(station, "r_admin", f"clerk:{clerk.key}", Measure.COMPLETED)
    assert listed.total == len(listed.tickets) == clerk.current.completed == 2
    assert {t.staff_name for t in listed.tickets} == {"职员v1a"}
    assert all(t.person_name.startswith("张") for t in listed.tickets)  # names: an admin's
    overdue = _tickets(station, "r_admin", f"district:{DISTRICT}", Measure.OPEN_OVERDUE)
    assert overdue.total == view.root.current.open_overdue == 3
    audit = table_of(AuditEntry)
    with hub.engine.connect() as conn:
        actions = conn.execute(
            select(audit.c.action, audit.c.subject_table).where(audit.c.station_id == "hub")
        ).all()
    assert ("report_tickets", "staff") in actions and ("report_tickets", "org_units") in actions


def test_a_supervisor_sees_their_own_area_only(hub, station):
    view = _view(station, "r_super")
    assert (view.scope_level, view.scope_key) == ("town", TOWN_A)
    assert view.root.current.tickets == TicketCounts(8, 6, 5, 1, 1, 17)
    assert {u.name for u in view.units if u.level == "station"} == {
        "TA服务站",
        "V1服务站",
        "V2服务站",
    }
    for path in (
        f"/v1/reports/assessment?{QUERY}&scope={DISTRICT}",
        f"/v1/reports/assessment?{QUERY}&scope=station:{ident('TB')}",
        f"/v1/reports/tickets?{QUERY}&unit=station:{ident('TB')}&measure=completed",
        f"/v1/reports/tickets?{QUERY}&unit=town:{TOWN_B}&measure=late",
    ):
        refused = _get(station, "r_super", path)
        assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed"), path
    inside = _view(station, "r_super", f"{QUERY}&scope=station:{ident('V2')}")
    assert inside.root.current.tickets == TicketCounts(3, 2, 1, 1, 0, 6)


def test_calls_without_signature_login_or_role_are_refused(hub, station):
    path = f"/v1/reports/assessment?{QUERY}"
    unsigned = requests.get(hub.url + path, timeout=10)
    assert unsigned.status_code == 401
    no_login = station.get(path)
    assert (no_login.status_code, no_login.json()["code"]) == (401, "login_required")
    for asked in (path, f"/v1/reports/tickets?{QUERY}&unit=district:{DISTRICT}&measure=late"):
        clerk = _get(station, "r_clerk", asked)
        assert (clerk.status_code, clerk.json()["code"]) == (403, "not_allowed")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=2026-13", "period"),
        ("period=soon", "period"),
        ("period=2026-12&as_of=2026-11-02", "period"),  # has not started
        ("period=2026-10&as_of=2099-01-01", "as_of"),
        ("period=2026-10&as_of=yesterday", "as_of"),
        ("period=2026-10&scope=999999", "scope"),
        ("period=2026-10&scope=station:%00", "scope"),
    ],
)
def test_bad_queries_say_which_part_is_wrong(hub, station, query, field):
    answer = _get(station, "r_admin", f"/v1/reports/assessment?{query}")
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert (body["code"], body["detail"]["field"]) == ("bad_query", field)


def test_bad_units_and_measures_are_refused(hub, station):
    for unit, measure, field in (
        (f"district:{DISTRICT}", "fastest", "measure"),
        ("station:nope", "late", "unit"),
        (f"planet:{DISTRICT}", "late", "unit"),
        (DISTRICT, "late", "unit"),
    ):
        path = f"/v1/reports/tickets?{QUERY}&unit={unit}&measure={measure}"
        answer = _get(station, "r_admin", path)
        assert answer.status_code == 400, answer.text
        assert answer.json()["detail"]["field"] == field


def _station_store(
    tmp_path: Path, reference: ReferenceBundle, station_id: str, org_code: str
) -> Store:
    """The store of one station: what it holds of the district (its area, its own
    work), and its enrolment."""
    store = Store.create(tmp_path / "station", b"k" * 32, lambda: reference)
    store.bulk_load(own_share(dataset.rows(), station_id, org_code))
    identity = StationIdentity("http://hub", station_id, org_code, "V1", StationKey.generate())
    with store.transaction() as s:
        meta.save_identity(s, identity, datetime(2026, 11, 2, tzinfo=UTC))
    return store


def _figures(view: AssessmentView, level: str, key: str) -> list[Any]:
    unit = view.unit(level, key)
    return [unit.current, unit.previous]


def test_the_station_and_the_hub_agree_on_the_stations_figures(hub, station, tmp_path, reference):
    v1 = ident("V1")
    store = _station_store(tmp_path, reference, v1, V1)
    try:
        for period in ("2026-10", "2026-Q4", "2026"):
            mine = station_assessment(store, parse_period(period), AS_OF)
            query = f"period={period}&as_of={AS_OF.isoformat()}"
            theirs = _view(station, "r_admin", f"{query}&scope=station:{v1}")
            district = _view(station, "r_admin", query)
            assert mine.units == theirs.units, period
            assert _figures(mine, "station", v1) == _figures(district, "station", v1)
        clerk = f"{v1}/{ident('v1a')}"
        mine = station_assessment(store, parse_period(OCTOBER), AS_OF)
        assert mine.unit("clerk", clerk).current.accepted > 0
        for measure in Measure:
            here = station_tickets(
                store, Role.DISTRICT_ADMIN, ("clerk", clerk), measure, parse_period(OCTOBER), AS_OF
            )
            there = _tickets(station, "r_admin", f"clerk:{clerk}", measure)
            assert here.tickets == there.tickets, measure
            assert here.total == mine.unit("clerk", clerk).current.count_behind(measure)
    finally:
        store.close()


def test_the_station_lists_only_its_own_work(tmp_path, reference):
    store = _station_store(tmp_path, reference, ident("V1"), V1)
    try:
        with pytest.raises(Exception, match="本站数据只含本站") as refused:
            station_tickets(
                store,
                Role.SUPERVISOR,
                ("station", ident("TB")),
                Measure.COMPLETED,
                parse_period(OCTOBER),
                date(2026, 11, 2),
            )
        assert getattr(refused.value, "message_zh", "").startswith("本站数据只含本站")
    finally:
        store.close()

"""The monitor through the real stack: cards go in and out of the vpcd reader, pcscd goes
away and comes back, and the events are what the counter needs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from station_client.devices import DeviceEvent, DeviceState, DeviceStatus
from station_client.devices.sscard.monitor import SocialSecurityCardMonitor

from .cards import ABDU, LONG_NAME, ZHANG, Issue, ef05, ef06
from .conftest import InsertCard
from .events import Events
from .pcscd import READER, PrivatePcscd
from .vicc import SsseCard

R = DeviceState


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def monitor(pcscd: PrivatePcscd, events: Events) -> Iterator[SocialSecurityCardMonitor]:
    with SocialSecurityCardMonitor(
        events, READER, poll_interval=0.2, retry_interval=0.2
    ) as running:
        events.wait_state(R.READY)
        yield running


def test_inserting_a_card_presents_one_identity_and_removing_it_is_a_status(
    monitor: SocialSecurityCardMonitor, events: Events, card_slot: InsertCard
) -> None:
    virtual = card_slot(SsseCard(ef05(Issue()), ef06(ABDU, "2.00")), wait=False)
    connected = events.wait_state(R.CONNECTED)
    virtual.remove()
    events.wait_state(R.READY, after=connected)
    [identity] = events.identities()
    assert (identity.name, identity.id_number) == (LONG_NAME, "650102199007210319")
    assert events.states() == [R.READY, R.READING, R.CONNECTED, R.READY]
    assert {e.device for e in events.items if isinstance(e, DeviceStatus)} == {f"sscard:{READER}"}
    assert monitor.last_response_at is not None


def test_a_card_needing_psam_is_an_error_status_and_no_identity(
    monitor: SocialSecurityCardMonitor, events: Events, card_slot: InsertCard
) -> None:
    virtual = card_slot(SsseCard(ef05(Issue("3.00")), ef06(ZHANG, "3.00"), needs_psam=True))
    error = events.wait_state(R.ERROR)
    assert "PSAM" in (events.status(error).reason or "")
    virtual.remove()
    events.wait_state(R.READY, after=error)
    assert events.identities() == []


def test_card_pulled_out_mid_read_reports_it_then_ready(
    monitor: SocialSecurityCardMonitor, events: Events, card_slot: InsertCard
) -> None:
    card_slot(SsseCard(ef05(Issue()), ef06(ZHANG, "2.00"), vanish_at=3), wait=False)
    error = events.wait_state(R.ERROR)
    assert events.status(error).reason == "读卡过程中卡被取出，请重新插卡/放卡"
    events.wait_state(R.READY, after=error)
    assert events.identities() == []


def test_a_card_already_in_the_reader_is_read_when_the_monitor_starts(
    pcscd: PrivatePcscd, events: Events, card_slot: InsertCard
) -> None:
    card_slot(SsseCard(ef05(Issue()), ef06(ZHANG, "2.00")))
    with SocialSecurityCardMonitor(events, READER, poll_interval=0.2):
        events.wait_state(R.CONNECTED)
    assert [i.name for i in events.identities()] == ["张堃"]


def test_pcscd_and_reader_coming_and_going_are_status_changes(
    own_pcscd: PrivatePcscd, events: Events
) -> None:
    with SocialSecurityCardMonitor(events, READER, poll_interval=0.2, retry_interval=0.2):
        ready = events.wait_state(R.READY)
        own_pcscd.stop()
        down = events.wait(  # (a reader-gone status may come first, as pcscd shuts down)
            lambda e: (
                isinstance(e, DeviceStatus)
                and e.state is R.DISCONNECTED
                and "pcscd" in (e.reason or "")
            ),
            after=ready,
        )
        own_pcscd.start(with_reader=False)  # service back, reader unplugged
        unplugged = events.wait(
            lambda e: (
                isinstance(e, DeviceStatus)
                and "读卡器" in (e.reason or "")
                and "pcscd" not in (e.reason or "")
            ),
            after=down,
        )
        own_pcscd.start()  # reader plugged in again
        events.wait_state(R.READY, after=unplugged)


def test_a_sink_that_raises_does_not_stop_the_monitor(
    pcscd: PrivatePcscd, card_slot: InsertCard
) -> None:
    delivered = Events()

    def grumpy_sink(event: DeviceEvent) -> None:
        delivered(event)
        raise RuntimeError("the UI fell over")

    with SocialSecurityCardMonitor(grumpy_sink, READER, poll_interval=0.2) as running:
        delivered.wait_state(R.READY)
        virtual = card_slot(SsseCard(ef05(Issue()), ef06(ZHANG, "2.00")), wait=False)
        connected = delivered.wait_state(R.CONNECTED)
        virtual.remove()
        delivered.wait_state(R.READY, after=connected)
        assert running.running
    assert len(delivered.identities()) == 1

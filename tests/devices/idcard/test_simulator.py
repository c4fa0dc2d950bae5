"""The simulated reader (demo and training mode) gives the same events and messages as a
real reader on a serial port: the same sample card read both ways must look identical."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from station_client.devices.events import DeviceState, IdentityPresented
from station_client.devices.idcard.poller import IdCardPoller
from station_client.devices.idcard.reader import IdCardReader
from station_client.devices.idcard.simulator import (
    DemoScript,
    SimFault,
    SimulatedIdCardReader,
    SimulatedTransport,
    sample_cards,
    simulated_poller,
)
from station_client.devices.idcard.text import CardText

from .conftest import Events
from .emulator import READ, Fault, Person, ReaderEmulator


@pytest.fixture
def simulated(events: Events) -> Iterator[SimulatedIdCardReader]:
    poller, device = simulated_poller(events, interval=0.02, retry_interval=0.1)
    poller.start()
    yield device
    poller.stop()
    assert not poller.running


def _person(card: CardText) -> Person:
    return Person(
        name=card.name,
        sex=card.sex,
        ethnicity=card.ethnicity or "",
        birth=f"{card.birth_date:%Y%m%d}",
        address=card.address or "",
        id_number=card.id_number,
        issuer=card.issuer or "",
        valid_from=f"{card.valid_from:%Y%m%d}",
        valid_until="长期" if card.valid_until is None else f"{card.valid_until:%Y%m%d}",
    )


def _wait_polls(device: SimulatedIdCardReader, events: Events, count: int) -> None:
    target = device.requests + count
    events.wait_for(lambda: device.requests >= target)


def _without_photo(identity: IdentityPresented) -> IdentityPresented:
    return replace(identity, photo=None)


def test_sample_cards_read_the_same_as_on_a_real_port(
    simulated: SimulatedIdCardReader, events: Events, emulator: ReaderEmulator
) -> None:
    cards = sample_cards()
    assert len({c.id_number for c in cards}) == len(cards) >= 5
    for n, card in enumerate(cards, start=1):
        simulated.present(card)
        events.wait_identities(n)
        simulated.remove()
        _wait_polls(simulated, events, 3)  # a few "no card" polls end the presentation
    with IdCardReader.open_serial(emulator.port) as real:
        for card, identity in zip(cards, events.identities, strict=True):
            emulator.place(_person(card))
            assert real.find_card()
            assert _without_photo(real.read_identity()) == _without_photo(identity)
            assert identity.photo is not None and len(identity.photo) == 1024


def _reason_on_pty(emulator: ReaderEmulator, events: Events, fault: Fault) -> str | None:
    poller = IdCardPoller(
        lambda: IdCardReader.open_serial(emulator.port), events, device="pty", interval=0.02
    )
    with poller:
        events.wait_status(DeviceState.READY)
        emulator.fail_next(READ, fault)
        emulator.place(Person())
        return events.wait_status(DeviceState.ERROR).reason


def _reason_simulated(fault: SimFault) -> str | None:
    events = Events()
    poller, device = simulated_poller(events, interval=0.02)
    with poller:
        events.wait_status(DeviceState.READY)
        device.inject(fault)
        device.present(sample_cards()[0])
        return events.wait_status(DeviceState.ERROR).reason


@pytest.mark.parametrize(
    ("sim", "real"),
    [
        (SimFault.BAD_FRAME, Fault("bad_checksum")),
        (SimFault.REMOVED_MID_READ, Fault("removed")),
    ],
    ids=["bad-frame", "removed-mid-read"],
)
def test_faults_show_the_same_message_as_a_real_reader(
    emulator: ReaderEmulator, events: Events, sim: SimFault, real: Fault
) -> None:
    simulated_reason = _reason_simulated(sim)
    assert simulated_reason is not None
    assert simulated_reason == _reason_on_pty(emulator, events, real)


def test_sam_failure_and_repair(simulated: SimulatedIdCardReader, events: Events) -> None:
    events.wait_status(DeviceState.READY)
    simulated.inject(SimFault.SAM_FAILURE)
    error = events.wait_status(DeviceState.ERROR)
    assert error.reason is not None and "SAM" in error.reason
    mark = len(events.all)
    simulated.repair_sam()
    events.wait_status(DeviceState.READY, after=mark)


def test_no_card_means_no_event(simulated: SimulatedIdCardReader, events: Events) -> None:
    events.wait_status(DeviceState.READY)
    _wait_polls(simulated, events, 10)
    assert events.identities == []


def test_demo_script_presents_cards_and_faults(events: Events) -> None:
    poller, device = simulated_poller(events, interval=0.02)
    script = DemoScript(device, dwell=0.3, gap=0.2, faults=(None, SimFault.REMOVED_MID_READ))
    with poller:
        script.start()
        try:
            events.wait_identities(2)
            events.wait_status(DeviceState.ERROR)
        finally:
            script.stop()
    names = [i.name for i in events.identities]
    assert names[:2] == [sample_cards()[0].name, sample_cards()[2].name]


def test_simulated_reader_answers_real_frames() -> None:
    device = SimulatedIdCardReader()
    device.present(sample_cards()[1])
    with IdCardReader(SimulatedTransport(device)) as r:
        r.check_sam()
        assert r.sam_id() == bytes(range(16)).hex().upper()
        assert r.find_card()
        assert r.read_identity().name == "李建国"

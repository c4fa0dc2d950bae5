"""The demo/training reader: same events and messages as the real one, sample cards that
are valid, scripted faults that fail the way real cards do."""

from __future__ import annotations

import pytest

from station_client.devices import DeviceState, DeviceStatus, IdentitySource
from station_client.devices.sscard import (
    SIMULATOR_DEVICE,
    SimulatedFault,
    SocialSecurityCardSimulator,
    read_identity,
    sample_cards,
)
from station_client.devices.sscard.simulator import SimulatedSsse
from station_client.rules.idnumber import validate_citizen_id

from .events import Events

R = DeviceState


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def simulator(events: Events) -> SocialSecurityCardSimulator:
    simulator = SocialSecurityCardSimulator(events)
    simulator.start()
    return simulator


def test_each_sample_person_is_presented_like_a_real_card(
    simulator: SocialSecurityCardSimulator, events: Events
) -> None:
    people = [c for c in simulator.cards if c.fault is None]
    assert len(people) >= 4
    for card in people:
        simulator.insert(card)
        simulator.remove()
    identities = events.identities()
    assert len(identities) == len(people)
    for identity in identities:
        assert identity.source is IdentitySource.SOCIAL_SECURITY_CARD
        citizen = validate_citizen_id(identity.id_number)
        assert (identity.birth_date, identity.sex) == (citizen.birth_date, citizen.sex.value)
    assert {i.extra["spec_version"] for i in identities} == {"1.00", "2.00", "3.00"}
    assert any(len(i.name) > 15 for i in identities)  # one needs the name extension
    assert events.states() == [R.READY] + [R.READING, R.CONNECTED, R.READY] * len(people)
    assert {e.device for e in events.items if isinstance(e, DeviceStatus)} == {SIMULATOR_DEVICE}


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (SimulatedFault.NO_CARD, "读卡器中没有卡，请插入社保卡（芯片朝向读卡器）"),
        (SimulatedFault.REMOVED_MID_READ, "读卡过程中卡被取出，请重新插卡/放卡"),
        (
            SimulatedFault.NEEDS_PSAM,
            "此社保卡（第三代）需要PSAM安全认证才能读取，请使用带PSAM的读卡器或改读身份证",
        ),
        (
            SimulatedFault.BAD_RESPONSE,
            "社保卡EF06数据格式错误，请取出后重新插卡；如反复出现，请改读身份证",
        ),
    ],
)
def test_scripted_faults_show_the_counters_messages(
    simulator: SocialSecurityCardSimulator, events: Events, fault: SimulatedFault, reason: str
) -> None:
    [card] = [c for c in simulator.cards if c.fault is fault]
    assert simulator.insert(card) is None
    error = events.wait_state(R.ERROR, timeout=1)
    assert events.status(error).reason == reason
    assert events.identities() == []
    simulator.remove()
    assert events.states()[-1] is R.READY


def test_read_button_without_a_card(simulator: SocialSecurityCardSimulator, events: Events) -> None:
    assert simulator.read_now() is None
    assert events.status(-1).reason == "读卡器中没有卡，请插入社保卡（芯片朝向读卡器）"


def test_the_simulated_card_is_read_with_the_real_apdus() -> None:
    card = SimulatedSsse(sample_cards()[0])
    read_identity(card)
    assert [a.hex().upper() for a in card.apdus] == [
        "00A404000F7378312E73682EC9E7BBE1B1A3D5CF",
        "00A4020002EF05",
        "00B2010500",
        "00A4020002EF06",
        "00B2010500",
    ]


def test_a_sink_that_raises_does_not_break_the_simulator() -> None:
    seen = Events()

    def grumpy(event: object) -> None:
        seen(event)  # type: ignore[arg-type]
        raise RuntimeError("UI fell over")

    simulator = SocialSecurityCardSimulator(grumpy)
    simulator.start()
    assert simulator.insert(0) is not None
    simulator.stop()
    assert seen.states()[-1] is R.DISCONNECTED

"""The simulated scanner of the demo and training mode."""

from __future__ import annotations

import pytest

from station_client.devices.barcode.payloads import (
    CitizenIdCode,
    EsscCode,
    PlainText,
    StationCode,
    classify,
)
from station_client.devices.barcode.simulator import (
    FaultKind,
    ScriptedFault,
    ScriptedScan,
    ScriptStep,
    SimulatedScanner,
    demo_script,
)
from station_client.devices.events import CodeScanned, DeviceState

from .pty_scanner import EventLog

READY, ERROR, DISCONNECTED = DeviceState.READY, DeviceState.ERROR, DeviceState.DISCONNECTED


def test_demo_script_shows_every_kind_of_code() -> None:
    kinds = {type(classify(s.text)) for s in demo_script() if isinstance(s, ScriptedScan)}
    assert kinds == {StationCode, CitizenIdCode, EsscCode, PlainText}


def test_script_plays_scans_and_faults_in_order() -> None:
    log = EventLog()
    script: list[ScriptStep] = [
        ScriptedScan("RS1|A|2025-000123|8", "CODE128", after_s=0.5),
        ScriptedFault(FaultKind.GARBLED, after_s=0.5),
        ScriptedScan("AFTER-GARBLE", after_s=0.5),
        ScriptedFault(FaultKind.UNPLUGGED, after_s=0.5, duration_s=1.0),
        ScriptedScan("AFTER-UNPLUG", after_s=0.5),
    ]
    with SimulatedScanner(log, script, repeat=False, speed=10):
        log.wait_scans(3)
    assert [s.text for s in log.scans()] == ["RS1|A|2025-000123|8", "AFTER-GARBLE", "AFTER-UNPLUG"]
    assert log.scans()[0] == CodeScanned("CODE128", "RS1|A|2025-000123|8", "simulator")
    assert log.states() == [READY, ERROR, READY, DISCONNECTED, READY]
    garbled = next(s for s in log.statuses() if s.state is ERROR)
    assert garbled.reason is not None and "编码" in garbled.reason  # the real driver's text


def test_trainer_can_scan_at_any_time_but_not_while_unplugged() -> None:
    log = EventLog()
    script = [ScriptedFault(FaultKind.UNPLUGGED, after_s=0.2, duration_s=600.0)]
    with SimulatedScanner(log, script, repeat=False, speed=1) as scanner:
        log.wait_state(READY)
        scanner.scan("BY-HAND")
        log.wait_state(DISCONNECTED)
        scanner.scan("IGNORED")
    assert [s.text for s in log.scans()] == ["BY-HAND"]


def test_script_repeats_until_stopped() -> None:
    log = EventLog()
    with SimulatedScanner(log, [ScriptedScan("AGAIN", after_s=0.1)], speed=10):
        log.wait_scans(5)


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError):
        SimulatedScanner(EventLog(), speed=0)

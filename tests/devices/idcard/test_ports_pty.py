"""Finding the reader's port: probing real ptys, one of which has the emulator behind it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from station_client.devices.errors import DeviceUnavailable
from station_client.devices.idcard.ports import (
    PortFinder,
    choose_port,
    detect_reader_port,
    probe_port,
)

from .emulator import SAM_STATUS, OtherDevice, ReaderEmulator


@pytest.fixture
def silent() -> Iterator[OtherDevice]:
    device = OtherDevice(None)
    yield device
    device.close()


@pytest.fixture
def modem() -> Iterator[OtherDevice]:
    device = OtherDevice(b"\r\nERROR\r\n" * 8)
    yield device
    device.close()


def test_detection_picks_the_pty_with_a_reader(
    silent: OtherDevice, modem: OtherDevice, emulator: ReaderEmulator
) -> None:
    candidates = [silent.port, modem.port, emulator.port, "/dev/ttyUSB-renshe-missing"]
    assert detect_reader_port(candidates, timeout=0.5) == emulator.port
    assert emulator.count(SAM_STATUS) == 1


def test_reader_with_a_failing_sam_is_still_the_reader(
    silent: OtherDevice, emulator: ReaderEmulator
) -> None:
    emulator.sam_status = 0x60
    assert detect_reader_port([silent.port, emulator.port], timeout=0.5) == emulator.port


def test_probe_answers(silent: OtherDevice, modem: OtherDevice, emulator: ReaderEmulator) -> None:
    assert probe_port(emulator.port, timeout=0.5)
    assert not probe_port(silent.port, timeout=0.3)
    assert not probe_port(modem.port, timeout=0.3)


def test_no_reader_anywhere_says_so(silent: OtherDevice, modem: OtherDevice) -> None:
    with pytest.raises(DeviceUnavailable) as exc:
        detect_reader_port([silent.port, modem.port], timeout=0.3)
    assert silent.port in exc.value.message_zh and "设置" in exc.value.message_zh


def test_port_chosen_in_settings_overrides_detection(
    silent: OtherDevice, emulator: ReaderEmulator
) -> None:
    assert choose_port(f" {silent.port} ", [emulator.port]) == silent.port
    assert emulator.count(SAM_STATUS) == 0  # not even probed
    assert choose_port("", [silent.port, emulator.port], timeout=0.5) == emulator.port


def test_port_finder_remembers_the_reader(silent: OtherDevice, emulator: ReaderEmulator) -> None:
    finder = PortFinder(None, [silent.port, emulator.port])
    assert finder.port() == emulator.port
    assert finder.port() == emulator.port
    assert emulator.count(SAM_STATUS) == 1  # probed once, then remembered
    assert PortFinder(emulator.port).port() == emulator.port


def test_port_finder_does_not_keep_poking_other_devices(modem: OtherDevice) -> None:
    finder = PortFinder(None, [modem.port], redetect_interval=3600)
    with pytest.raises(DeviceUnavailable):
        finder.port()
    wait_until = time.monotonic() + 5
    while modem.received == 0 and time.monotonic() < wait_until:
        time.sleep(0.01)
    poked = modem.received
    assert poked > 0
    with pytest.raises(DeviceUnavailable):
        finder.port()  # the same answer, without probing again
    time.sleep(0.2)
    assert modem.received == poked

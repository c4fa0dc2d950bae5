"""Device settings, and the manager that runs the real drivers or their simulators."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from station_client.devices import CodeScanned, DeviceEvent, IdentityPresented, IdentitySource
from station_client.devices.idcard.simulator import sample_cards as sample_id_cards
from station_client.devices.manager import DeviceManager, DeviceSettings


class Collected:
    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: DeviceEvent) -> None:
        with self._lock:
            self.events.append(event)

    def identities(self) -> list[IdentityPresented]:
        with self._lock:
            return [e for e in self.events if isinstance(e, IdentityPresented)]

    def wait_for(self, predicate, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < deadline, f"not seen in time: {self.events}"
            time.sleep(0.02)


def test_settings_are_saved_and_loaded_and_a_damaged_file_means_defaults(tmp_path: Path) -> None:
    assert DeviceSettings.load(tmp_path) == DeviceSettings()
    wanted = DeviceSettings(simulated=True, idcard_port="/dev/ttyUSB1", extra={"vendor": "x"})
    wanted.save(tmp_path)
    assert DeviceSettings.load(tmp_path) == wanted
    (tmp_path / "devices.json").write_text("{ not json", encoding="utf-8")
    assert DeviceSettings.load(tmp_path) == DeviceSettings()


def test_in_training_mode_every_device_is_its_simulator_and_delivers_to_one_sink() -> None:
    sink = Collected()
    manager = DeviceManager(DeviceSettings(simulated=True), sink)
    manager.start()
    try:
        manager.simulators["sscard"].insert(0)
        card = sample_id_cards()[0]
        manager.simulators["idcard"].present(card)
        manager.simulators["scanner"].scan("RS1|A|2025-000123|8", "CODE128")
        sink.wait_for(lambda: len(sink.identities()) == 2)
        sink.wait_for(lambda: any(isinstance(e, CodeScanned) for e in sink.events))
    finally:
        manager.stop()
    sources = {i.source for i in sink.identities()}
    assert sources == {IdentitySource.SOCIAL_SECURITY_CARD, IdentitySource.ID_CARD}
    scanned = [e for e in sink.events if isinstance(e, CodeScanned)]
    assert scanned[0].text == "RS1|A|2025-000123|8"
    assert not manager.drivers


def test_a_listener_that_fails_does_not_stop_the_devices() -> None:
    seen: list[DeviceEvent] = []

    def fragile(event: DeviceEvent) -> None:
        seen.append(event)
        raise RuntimeError("a bug in the listener")

    manager = DeviceManager(DeviceSettings(simulated=True), fragile)
    manager.start()
    try:
        manager.simulators["sscard"].insert(0)
        manager.simulators["sscard"].insert(1)
    finally:
        manager.stop()
    assert len([e for e in seen if isinstance(e, IdentityPresented)]) == 2

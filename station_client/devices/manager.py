"""The station's devices as the settings describe them: real drivers or simulators.

The counter app builds one :class:`DeviceManager` from :class:`DeviceSettings`; every
driver (or simulator, in demo and training mode) delivers to the same sink, so the rest
of the app never knows which it has. Settings live in the station's data directory as
``devices.json`` (a technician edits them in the settings screen or by hand).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

from .errors import DeviceError
from .events import DeviceEvent, EventSink

log = logging.getLogger("renshe.devices")

SETTINGS_FILE = "devices.json"


class Driver(Protocol):
    def start(self) -> Any: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class DeviceSettings:
    """``simulated`` turns every device into its simulator (demo and training mode)."""

    simulated: bool = False
    sscard_enabled: bool = True
    sscard_reader: str | None = None  # PC/SC reader name; None: the first one
    idcard_enabled: bool = True
    idcard_port: str | None = None  # None: detect
    idcard_photo_decoder: str | None = None  # vendor command line, if installed
    scanner_port: str | None = None  # a USB-CDC (serial) scanner; wedge scanners need none
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> DeviceSettings:
        """The saved settings, or the defaults when there are none. A damaged file is
        reported and the defaults used: a wrong setting must not stop the counter."""
        path = data_dir / SETTINGS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as e:
            log.warning("device settings unreadable, using defaults", extra={"error": str(e)})
            return cls()
        known = {f.name for f in fields(cls)}
        if not isinstance(raw, dict):
            return cls()
        values = {k: v for k, v in raw.items() if k in known and k != "extra"}
        values["extra"] = {k: v for k, v in raw.items() if k not in known}
        try:
            return cls(**values)
        except TypeError:
            return cls()

    def save(self, data_dir: Path) -> None:
        values = asdict(self)
        extra = values.pop("extra")
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / SETTINGS_FILE).write_text(
            json.dumps({**values, **extra}, ensure_ascii=False, indent=2), encoding="utf-8"
        )


class DeviceManager:
    """Starts and stops the configured devices; all deliver to one sink."""

    def __init__(self, settings: DeviceSettings, sink: EventSink) -> None:
        self.settings = settings
        self._sink = sink
        self.drivers: list[Driver] = []
        #: The simulators, by device kind, for the trainer's buttons (demo mode only).
        self.simulators: dict[str, Any] = {}

    def _deliver(self, event: DeviceEvent) -> None:
        try:
            self._sink(event)
        except Exception:  # a listener's bug must never stop a reader's thread
            log.exception("device event listener failed")

    def start(self) -> None:
        s = self.settings
        try:
            if s.simulated:
                self._start_simulators()
            else:
                self._start_real()
        except DeviceError as e:  # a driver that cannot even be built: say so, go on
            log.warning("a device could not be started: %s", e)
        for driver in self.drivers:
            driver.start()

    def _start_real(self) -> None:
        s = self.settings
        if s.sscard_enabled:
            from .sscard.monitor import SocialSecurityCardMonitor

            self.drivers.append(SocialSecurityCardMonitor(self._deliver, s.sscard_reader))
        if s.idcard_enabled:
            from .idcard import IdCardSettings, idcard_poller

            settings = IdCardSettings(port=s.idcard_port, photo_decoder=s.idcard_photo_decoder)
            self.drivers.append(idcard_poller(settings, self._deliver))
        if s.scanner_port:
            from .barcode.serial_scanner import SerialScanner

            self.drivers.append(SerialScanner(s.scanner_port, self._deliver))

    def _start_simulators(self) -> None:
        from .barcode.simulator import SimulatedScanner
        from .idcard.simulator import simulated_poller
        from .sscard.simulator import SocialSecurityCardSimulator

        sscard = SocialSecurityCardSimulator(self._deliver)
        poller, id_reader = simulated_poller(self._deliver)
        scanner = SimulatedScanner(self._deliver, repeat=False, script=[])
        self.drivers += [sscard, poller, scanner]
        self.simulators = {"sscard": sscard, "idcard": id_reader, "scanner": scanner}

    def stop(self) -> None:
        for driver in reversed(self.drivers):
            try:
                driver.stop()
            except Exception:
                log.exception("a device did not stop cleanly")
        self.drivers.clear()

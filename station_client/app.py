"""The composition root: the one place that decides which parts the station uses."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub_sync.model import utc_now
from station_client.reference import ReferenceBundle, ReferenceInstall
from station_client.store import MachineSecret, Store, default_machine_secret_path
from station_client.store.engine import DB_FILE
from station_client.sync.software import SoftwareInstall
from station_client.sync.updates import Updates


def default_data_dir() -> Path:
    override = os.environ.get("RENSHE_DATA")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "renshe-station"


@dataclass(frozen=True)
class StationConfig:
    data_dir: Path
    machine_secret_path: Path

    @classmethod
    def from_environment(cls, data_dir: Path | None = None) -> StationConfig:
        return cls(data_dir or default_data_dir(), default_machine_secret_path())


class Station:
    """Everything one station runs on, built once and handed to whoever needs it."""

    def __init__(self, config: StationConfig, clock: Callable[[], datetime] = utc_now) -> None:
        self.config = config
        self.clock = clock
        self.reference_install = ReferenceInstall(config.data_dir / "reference")
        self._reference: ReferenceBundle | None = None
        self._store: Store | None = None

    def reference(self) -> ReferenceBundle:
        if self._reference is None:
            self._reference = self.reference_install.current()
        return self._reference

    def store_exists(self) -> bool:
        return (self.config.data_dir / DB_FILE).exists()

    def open_store(self, *, create: bool = False) -> Store:
        """Open the station database, creating it only when asked to."""
        if self._store is None:
            secret = MachineSecret(self.config.machine_secret_path)
            if create and not self.store_exists():
                self._store = Store.create(
                    self.config.data_dir, secret.read_or_create(), self.reference, clock=self.clock
                )
            else:
                key = secret.read() or b""
                self._store = Store.open(
                    self.config.data_dir, key, self.reference, clock=self.clock
                )
        return self._store

    def updates(self, store: Store) -> Updates:
        """The district's signed publications for this station: reference data (applied in
        one transaction; the bundle in use is reloaded after) and software updates."""

        def reference_applied() -> None:
            self._reference = None

        return Updates(
            store,
            self.reference_install,
            SoftwareInstall(self.config.data_dir / "software"),
            on_reference_applied=reference_applied,
        )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

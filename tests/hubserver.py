"""A real hub on loopback for tests: uvicorn in a thread, on a free port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import uvicorn
from sqlalchemy import Engine

from hub_sync.model import utc_now
from hub_sync.server import stations
from hub_sync.server.app import create_app
from hub_sync.server.settings import HubSettings

from .dbtemplates import migrated_hub_engine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningHub:
    url: str
    engine: Engine
    settings: HubSettings

    def add_station(self, org_code: str = "320115001001", name: str = "测试服务站") -> str:
        """A new station's one-time enrolment code."""
        with self.engine.begin() as conn:
            made = stations.add_station(
                conn, self.settings, org_code=org_code, name=name, now=utc_now()
            )
        return made.code


@contextmanager
def running_hub(
    database_url: str, *, clock: Callable[[], datetime] = utc_now, **settings: object
) -> Iterator[RunningHub]:
    """Migrate the database (a new one is copied from the migrated template), serve the
    hub on 127.0.0.1, stop it afterwards."""
    hub_settings = HubSettings(database_url=database_url, **settings)  # type: ignore[arg-type]
    engine = migrated_hub_engine(database_url)
    app = create_app(hub_settings, engine=engine, clock=clock)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the hub did not start")
        time.sleep(0.02)
    try:
        yield RunningHub(f"http://127.0.0.1:{port}", engine, hub_settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()

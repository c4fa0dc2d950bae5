"""A process killed in the middle of writing leaves each change whole, with its entry."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from hub_sync.model import Person
from station_client.store import Store
from station_client.store import outbox as ob

from .helpers import person_values

WRITER = Path(__file__).with_name("crash_writer.py")


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(4))
def test_sigkill_mid_write_keeps_change_and_outbox_together(
    round_, make_store, reference, actor, tmp_path
):
    secret = os.urandom(32)
    store = make_store("crash", secret=secret)
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    store.close()

    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(tmp_path / "crash"), secret.hex(), pid],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    printed = 0
    target = random.Random(round_).randint(5, 60)
    deadline = time.monotonic() + 60
    while printed < target and time.monotonic() < deadline:
        line = child.stdout.readline()
        assert line, "the writer died before it was killed"
        printed = int(line)
    time.sleep(random.Random(round_).random() * 0.02)  # land somewhere inside a write
    child.send_signal(signal.SIGKILL)
    child.wait()

    again = Store.open(tmp_path / "crash", secret, lambda: reference)
    try:
        with again.engine.connect() as c:
            entries = [e for e in ob.pending(c, limit=100000) if e.op == "update"]
        with again.transaction() as s:
            address = s.scalar(select(Person.address).where(Person.id == pid))
    finally:
        again.close()
    committed = int(address.split()[1])
    assert committed >= printed  # nothing reported as saved was lost
    # One entry per committed edit, in order, none missing, none extra.
    assert [e.new_values["address"] for e in entries] == [
        f"edit {i}" for i in range(1, committed + 1)
    ]

"""Child process for the SIGKILL tests: a station that dies at a chosen moment of a sync.

modes: ``after_reply`` — the push answer arrived, nothing of it recorded yet;
``mid_pull`` — a pulled page is written but its transaction not committed;
``plain`` — no fault (the test kills it from outside while the proxy holds an answer).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from station_client.reference import default_bundle_dir, load_bundle
from station_client.store import Store
from station_client.sync import SyncAgent
from station_client.sync import pull as pulling
from station_client.sync import push as pushing


def die(*_args: object, **_kwargs: object) -> None:
    print("dying", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    data_dir, secret_hex, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    bundle = load_bundle(default_bundle_dir())
    store = Store.open(Path(data_dir), bytes.fromhex(secret_hex), lambda: bundle)
    if mode == "after_reply":
        pushing.record_results = die  # type: ignore[assignment]
    elif mode == "mid_pull":
        original = pulling.apply_page

        def apply_then_die(*args: object, **kwargs: object) -> None:
            original(*args, **kwargs)  # type: ignore[arg-type]
            die()

        pulling.apply_page = apply_then_die  # type: ignore[assignment]
    print("syncing", flush=True)
    SyncAgent(store, client_version="crash", timeout=(2.0, 60.0)).sync_once()
    print("finished", flush=True)


if __name__ == "__main__":
    main()

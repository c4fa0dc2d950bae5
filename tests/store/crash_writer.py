"""Child process for the crash test: edits one person as fast as it can until killed."""

from __future__ import annotations

import sys
from pathlib import Path

from station_client.reference import default_bundle_dir, load_bundle
from station_client.store import Actor, Store


def main() -> None:
    data_dir, secret_hex, person_id = sys.argv[1], sys.argv[2], sys.argv[3]
    bundle = load_bundle(default_bundle_dir())
    store = Store.open(Path(data_dir), bytes.fromhex(secret_hex), lambda: bundle)
    actor = Actor("station-crash", "staff-crash")
    i = 0
    while True:
        i += 1
        with store.transaction() as s:
            store.persons.edit(s, actor, person_id, {"address": f"edit {i}"})
        print(i, flush=True)  # only after the commit returned


if __name__ == "__main__":
    main()

"""The cyclic garbage collector paused while many objects in no cycle are made: the
conflict queue's answer at both ends, a reference bundle's 100k codes at the station.

Both ends of ``GET /v1/conflicts`` make 10,000 conflicts at once: the hub tens of
thousands of rows and tuples, the station some 50,000 new containers (each record, its
fields, their sides, its ops). None of them is in a cycle, yet every 700 new containers
set off a collection, and the pile of survivors a full pass over every object of the
process — measured here, 40-140 ms of a 100-250 ms answer. Paused, the collector has
nothing less to do later (counting goes on, so it catches up at its next turn), but the
supervisor no longer waits for passes that cannot free anything they are waiting for.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, and on again after it, even on an error (unless
    it was off already: a caller's pause is not ended by a nested one)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()

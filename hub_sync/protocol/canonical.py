"""Canonical JSON: one byte string per value, so signatures and hashes agree.

Two sides that sign or hash "the same" JSON must produce the same bytes, whatever
dict order or escaping their serialisers prefer. Keys are sorted, there is no
whitespace, non-ASCII text stays as UTF-8 (Chinese names are not ``\\uXXXX``-escaped,
which keeps bodies small and readable), and NaN/Infinity are refused because JSON
has no such numbers and another implementation would spell them differently.
"""

from __future__ import annotations

import json


def canonical_json(obj: object) -> bytes:
    """The canonical UTF-8 encoding of a JSON-able value.

    Raises ``ValueError`` for NaN or infinite floats and ``TypeError`` for values
    JSON cannot carry (convert them with :mod:`hub_sync.protocol.wire` first).
    """
    text = json.dumps(
        obj,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return text.encode("utf-8")

"""The audit log's hash chain, shared by stations and the hub so either can verify it.

Each entry's hash covers its content and the previous entry's hash (canonical JSON),
so removing, changing or reordering an entry breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64


def entry_digest(entry: Mapping[str, Any]) -> str:
    body = {
        "prev": entry["prev_hash"],
        "station": entry["station_id"],
        "seq": entry["chain_seq"],
        "staff": entry["staff_id"],
        "action": entry["action"],
        "table": entry["subject_table"],
        "subject": entry["subject_id"],
        "at": entry["at"].isoformat(timespec="microseconds"),
        "detail": entry["detail"],
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

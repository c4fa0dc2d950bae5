"""What the sync agent keeps in ``station_meta`` (inside the encrypted database).

The station's identity — hub address, station id, organisation and its Ed25519
private key — lives here, so the key is protected by SQLCipher like every record and
never sits in a file beside the database. So do the pull cursor, the clock offset
learned from the hub and the time of the last good sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hub_sync.protocol.messages import Cursor
from hub_sync.protocol.signing import StationKey
from station_client.store.meta_values import get as get
from station_client.store.meta_values import get_all as get_all
from station_client.store.meta_values import put as put

HUB_URL = "hub_url"
STATION_ID = "station_id"
ORG_CODE = "org_code"
STATION_NAME = "station_name"
PRIVATE_KEY = "station_key"  # raw Ed25519 private key, hex
ENROLLED_AT = "enrolled_at"
CURSOR_EPOCH = "pull_epoch"
CURSOR_SEQ = "pull_seq"
RESYNCING = "pull_resyncing"  # "1" while a resync download is under way
HUB_OFFSET_MS = "hub_offset_ms"
LAST_HLC = "last_hlc"
LAST_SYNC_AT = "last_sync_at"


@dataclass(frozen=True)
class StationIdentity:
    hub_url: str
    station_id: str
    org_code: str
    name: str
    key: StationKey

    def __repr__(self) -> str:  # never the private key
        return (
            f"StationIdentity(hub_url={self.hub_url!r}, station_id={self.station_id!r}, "
            f"org_code={self.org_code!r}, name={self.name!r})"
        )


def load_identity(session: Session) -> StationIdentity | None:
    m = get_all(session, HUB_URL, STATION_ID, ORG_CODE, STATION_NAME, PRIVATE_KEY)
    if not all(k in m for k in (HUB_URL, STATION_ID, ORG_CODE, PRIVATE_KEY)):
        return None
    key = StationKey.from_private_bytes(bytes.fromhex(m[PRIVATE_KEY]))
    return StationIdentity(m[HUB_URL], m[STATION_ID], m[ORG_CODE], m.get(STATION_NAME, ""), key)


def save_identity(session: Session, identity: StationIdentity, enrolled_at: datetime) -> None:
    values: dict[str, str | int | None] = {
        HUB_URL: identity.hub_url,
        STATION_ID: identity.station_id,
        ORG_CODE: identity.org_code,
        STATION_NAME: identity.name,
        PRIVATE_KEY: identity.key.private_bytes().hex(),
        ENROLLED_AT: enrolled_at.isoformat(),
    }
    put(session, values)


def load_cursor(session: Session) -> Cursor | None:
    m = get_all(session, CURSOR_EPOCH, CURSOR_SEQ)
    if CURSOR_EPOCH not in m:
        return None
    return Cursor(epoch=m[CURSOR_EPOCH], seq=int(m.get(CURSOR_SEQ, "0")))


def save_cursor(session: Session, cursor: Cursor) -> None:
    put(session, {CURSOR_EPOCH: cursor.epoch, CURSOR_SEQ: cursor.seq})

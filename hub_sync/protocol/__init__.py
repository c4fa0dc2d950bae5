"""The sync protocol renshe-sync/1: what a station and the hub must agree on, byte for byte.

Pure code (no database session, no HTTP framework) so the hub server, the station's
sync agent and the tests share one implementation:

- :mod:`.messages`: the pydantic wire messages;
- :mod:`.canonical`: canonical JSON for anything signed or hashed;
- :mod:`.signing`: Ed25519 request signatures;
- :mod:`.hlc`: the hybrid logical clock;
- :mod:`.wire`: record values by column type, Python/SQLite ⇄ JSON;
- :mod:`.merge`: the field-level three-way merge rules;
- :mod:`.compression`: gzip/zstd bodies with a decompression cap;
- :mod:`.errors`: :class:`ProtocolError` and its machine codes.
"""

from __future__ import annotations

from .canonical import canonical_json
from .compression import ENCODINGS, decode_body, encode_body, normalize_encoding
from .errors import BodyError, ProtocolError, SignatureError, WireError
from .hlc import HLC, HybridLogicalClock, node_for, wall_clock_ms
from .merge import MergeOutcome, apply_outcome, merge_delete, merge_update, update_on_deleted
from .messages import (
    PROTOCOL_VERSION,
    Change,
    Cursor,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    Hello,
    HelloResponse,
    Message,
    Op,
    OpKind,
    OpResult,
    OpStatus,
    PullResponse,
    PushRequest,
    PushResponse,
)
from .signing import (
    H_DIGEST,
    H_NONCE,
    H_PROTOCOL,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
    SIGNING_SCHEME,
    SignedRequest,
    StationKey,
    body_digest,
    public_key_from_b64,
    read_station_id,
    sign_request,
    string_to_sign,
    verify_request,
)
from .wire import format_utc, from_wire, record_to_wire, to_wire

__all__ = [
    "ENCODINGS",
    "HLC",
    "H_DIGEST",
    "H_NONCE",
    "H_PROTOCOL",
    "H_SIGNATURE",
    "H_STATION",
    "H_TIMESTAMP",
    "PROTOCOL_VERSION",
    "SIGNING_SCHEME",
    "BodyError",
    "Change",
    "Cursor",
    "EnrolRequest",
    "EnrolResponse",
    "ErrorBody",
    "Hello",
    "HelloResponse",
    "HybridLogicalClock",
    "MergeOutcome",
    "Message",
    "Op",
    "OpKind",
    "OpResult",
    "OpStatus",
    "ProtocolError",
    "PullResponse",
    "PushRequest",
    "PushResponse",
    "SignatureError",
    "SignedRequest",
    "StationKey",
    "WireError",
    "apply_outcome",
    "body_digest",
    "canonical_json",
    "decode_body",
    "encode_body",
    "format_utc",
    "from_wire",
    "merge_delete",
    "merge_update",
    "node_for",
    "normalize_encoding",
    "public_key_from_b64",
    "read_station_id",
    "record_to_wire",
    "sign_request",
    "string_to_sign",
    "to_wire",
    "update_on_deleted",
    "verify_request",
    "wall_clock_ms",
]

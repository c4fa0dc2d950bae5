"""Ed25519 request signing (scheme ``renshe-sync/1``).

Every sync request a station sends carries six headers. Five of them, together with
the HTTP method and the path, form the *string to sign*::

    renshe-sync/1
    GET
    /v1/pull?epoch=e1&seq=40
    <lowercase hex sha256 of the body bytes as sent>
    <timestamp, unix milliseconds>
    <nonce, 32 lowercase hex chars>
    <station id>

joined with ``"\\n"`` and encoded as UTF-8. The body digest is taken over the bytes on
the wire (after gzip/zstd), so the hub can check it before spending any effort on
decompression, and a GET signs the digest of ``b""``. The path is the request target
exactly as sent, query string included and parameters in the order sent, so nothing
has to be re-encoded or re-ordered on either side (on Starlette use ``raw_path`` and
``query_string`` of the ASGI scope, not the decoded ``url.path``).

``verify_request`` answers one question only: *did the holder of this key sign this
very request?* Whether the timestamp is fresh and the nonce unseen needs the hub's
clock and a nonce store, so the server checks that after verification (a signature
alone cannot stop a replay). ``X-Renshe-Protocol`` is not signed either: the server
compares it with ``PROTOCOL_VERSION`` and answers with a handshake error of its own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .errors import SignatureError
from .messages import PROTOCOL_VERSION

SIGNING_SCHEME = "renshe-sync/1"

H_STATION = "X-Renshe-Station"
H_TIMESTAMP = "X-Renshe-Timestamp"
H_NONCE = "X-Renshe-Nonce"
H_DIGEST = "X-Renshe-Content-SHA256"
H_SIGNATURE = "X-Renshe-Signature"
H_PROTOCOL = "X-Renshe-Protocol"

SIGNED_HEADERS = (H_STATION, H_TIMESTAMP, H_NONCE, H_DIGEST, H_SIGNATURE)

_NONCE_RE = re.compile(r"[0-9a-f]{32}")
_DIGEST_RE = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP_RE = re.compile(r"0|[1-9][0-9]{0,15}")  # no leading zeros: one spelling
# Station ids are UUIDs; anything printable without a newline keeps the string to sign
# unambiguous (a newline would let one field pose as two).
_STATION_RE = re.compile(r"[\x21-\x7e]{1,64}")
_SIGNATURE_B64_RE = re.compile(r"[A-Za-z0-9+/]{86}==")


def body_digest(body: bytes) -> str:
    """Lowercase hex SHA-256 of the body bytes exactly as sent."""
    return hashlib.sha256(body).hexdigest()


def new_nonce() -> str:
    """16 random bytes as 32 lowercase hex characters."""
    return secrets.token_hex(16)


def string_to_sign(
    *,
    method: str,
    path: str,
    digest: str,
    timestamp_ms: int,
    nonce: str,
    station_id: str,
) -> bytes:
    """The exact bytes a station signs for one request (see the module docstring)."""
    for name, value in (("path", path), ("nonce", nonce), ("station_id", station_id)):
        if "\n" in value:
            raise SignatureError("malformed_header", f"{name} must not contain a newline")
    parts = [SIGNING_SCHEME, method.upper(), path, digest, str(timestamp_ms), nonce, station_id]
    return "\n".join(parts).encode("utf-8")


def public_key_from_b64(public_key_b64: str) -> Ed25519PublicKey:
    """Load a station's registered public key (base64 of the raw 32 bytes).

    Also used at enrolment to refuse a key that is not a valid Ed25519 point.
    """
    try:
        raw = base64.b64decode(public_key_b64, validate=True)
        if len(raw) != 32:
            raise ValueError("an Ed25519 public key has 32 bytes")
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("bad_public_key", f"not an Ed25519 public key: {exc}") from exc


class StationKey:
    """A station's Ed25519 signing key.

    A thin wrapper so the rest of the code never handles ``cryptography`` objects and
    the private key cannot leak through ``repr`` into a log.
    """

    __slots__ = ("_key",)

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key

    @classmethod
    def generate(cls) -> StationKey:
        """A fresh key pair, made at enrolment on the station itself."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_private_bytes(cls, raw: bytes) -> StationKey:
        """Load the raw 32-byte private key the station keeps in its key store."""
        if len(raw) != 32:
            raise SignatureError("bad_private_key", "an Ed25519 private key has 32 bytes")
        return cls(Ed25519PrivateKey.from_private_bytes(raw))

    def private_bytes(self) -> bytes:
        """The raw 32-byte private key, for the station's encrypted key store."""
        return self._key.private_bytes_raw()

    def public_key_bytes(self) -> bytes:
        return self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def public_key_b64(self) -> str:
        """Base64 of the raw 32-byte public key, as registered at enrolment."""
        return base64.b64encode(self.public_key_bytes()).decode("ascii")

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        return self._key.sign(data)

    def __repr__(self) -> str:
        return f"StationKey(public={self.public_key_b64()})"


def sign_request(
    key: StationKey,
    *,
    station_id: str,
    method: str,
    path: str,
    body: bytes,
    timestamp_ms: int,
    nonce: str | None = None,
) -> dict[str, str]:
    """All six renshe-sync headers of one request.

    ``body`` are the bytes as sent (already compressed); ``nonce`` is drawn at random
    unless given (tests pass a fixed one to reproduce the worked example).
    """
    if nonce is None:
        nonce = new_nonce()
    digest = body_digest(body)
    data = string_to_sign(
        method=method,
        path=path,
        digest=digest,
        timestamp_ms=timestamp_ms,
        nonce=nonce,
        station_id=station_id,
    )
    signature = base64.b64encode(key.sign(data)).decode("ascii")
    return {
        H_STATION: station_id,
        H_TIMESTAMP: str(timestamp_ms),
        H_NONCE: nonce,
        H_DIGEST: digest,
        H_SIGNATURE: signature,
        H_PROTOCOL: str(PROTOCOL_VERSION),
    }


@dataclass(frozen=True)
class SignedRequest:
    """What a verified signature vouches for; the server checks freshness and replay."""

    station_id: str
    timestamp_ms: int
    nonce: str


def _lookup(headers: Mapping[str, str], name: str) -> str:
    """One header by case-insensitive name; two different values are refused.

    Works for a plain dict as well as for Starlette's ``Headers`` (whose ``items``
    lists repeated headers), so a second, conflicting copy cannot slip past.
    """
    wanted = name.lower()
    found: str | None = None
    for key, value in headers.items():
        if key.lower() != wanted:
            continue
        value = value.strip()
        if found is not None and value != found:
            raise SignatureError("malformed_header", f"{name} given twice with different values")
        found = value
    if found is None:
        raise SignatureError("missing_header", f"{name} is missing")
    return found


def _matching(headers: Mapping[str, str], name: str, pattern: re.Pattern[str]) -> str:
    value = _lookup(headers, name)
    if not pattern.fullmatch(value):
        raise SignatureError("malformed_header", f"{name} is malformed: {value[:100]!r}")
    return value


def read_station_id(headers: Mapping[str, str]) -> str:
    """The claimed station id, so the server can look up its key before verifying."""
    return _matching(headers, H_STATION, _STATION_RE)


def verify_request(
    public_key_b64: str,
    *,
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
) -> SignedRequest:
    """Check that the station holding ``public_key_b64`` signed exactly this request.

    ``body`` are the bytes received (before decompression) and ``path`` the request
    target as received. Raises :class:`SignatureError` with code ``missing_header``,
    ``malformed_header``, ``bad_digest`` (the body is not the one signed) or
    ``bad_signature``. Does **not** check that the timestamp is recent or the nonce
    new: the caller does, with its own clock and nonce store.
    """
    station_id = read_station_id(headers)
    timestamp = _matching(headers, H_TIMESTAMP, _TIMESTAMP_RE)
    nonce = _matching(headers, H_NONCE, _NONCE_RE)
    digest = _matching(headers, H_DIGEST, _DIGEST_RE)
    signature_b64 = _matching(headers, H_SIGNATURE, _SIGNATURE_B64_RE)
    signature = base64.b64decode(signature_b64, validate=True)
    if len(signature) != 64:  # pragma: no cover - the pattern admits only 64 bytes
        raise SignatureError("malformed_header", f"{H_SIGNATURE} is not 64 bytes")
    if not hmac.compare_digest(body_digest(body), digest):
        raise SignatureError("bad_digest", "the body does not match its signed SHA-256 digest")
    public_key = public_key_from_b64(public_key_b64)
    data = string_to_sign(
        method=method,
        path=path,
        digest=digest,
        timestamp_ms=int(timestamp),
        nonce=nonce,
        station_id=station_id,
    )
    try:
        public_key.verify(signature, data)
    except InvalidSignature as exc:
        raise SignatureError("bad_signature", "the request signature does not verify") from exc
    return SignedRequest(station_id=station_id, timestamp_ms=int(timestamp), nonce=nonce)

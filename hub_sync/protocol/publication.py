"""Signed pushes from the district: reference data and station software.

District IT signs every publication with the district's Ed25519 key; stations verify it
against the keys they pinned (at enrolment, or later through a rotation statement), so
neither the hub nor anything between it and a station can change what is installed.

A publication is a *statement* and its signature. The statement says what is pushed
(``kind``), its ``version`` (an integer that only goes up within a kind), a label for
people (``"2026.2"``, ``"1.4.2"``), the payload's SHA-256 and size, the payload format,
when it was published and which key signed it. The signature is Ed25519 over the
statement's canonical JSON (:mod:`.canonical`); the payload travels separately and is
bound to the statement by its digest, so a station checks the cheap statement before it
downloads anything.

Keys are named by a *key id*: the first 16 hex digits of the SHA-256 of the raw public
key. A key-rotation statement, signed by the old key, adds a new key and may retire the
old one; a station applies rotations in order and ignores any it cannot verify with a key
it already holds, so trust only ever passes from a pinned key to the next.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import pydantic
from cryptography.exceptions import InvalidSignature
from pydantic import Field

from .canonical import canonical_json
from .errors import ProtocolError, SignatureError
from .messages import Message
from .signing import StationKey, public_key_from_b64

PUBLICATION_SCHEME = "renshe-publication/1"
ROTATION_SCHEME = "renshe-key-rotation/1"
KINDS: tuple[str, ...] = ("reference", "software")
#: Payload formats: a zip archive (a bundle directory, or a software package with its
#: descriptor), or a Python wheel (a zip that is unpacked as it is).
FORMATS: tuple[str, ...] = ("zip", "wheel")

Kind = Literal["reference", "software"]
KeyId = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
Signature = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]{86}==$")]
PublicKey = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]{43}=$")]
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
MAX_VERSION = 2**53 - 1  # JSON numbers stay exact in every implementation below this


class PublicationError(ProtocolError):
    """A publication or rotation statement that must not be trusted or installed.

    Codes: ``malformed_publication`` (not a statement, or not the statement the payload
    claims), ``unpinned_key`` (signed by a key the verifier does not hold),
    ``bad_publication_signature``, ``payload_mismatch`` (digest or size differs),
    ``stale_publication`` (not newer than what is installed), ``no_pinned_keys``.
    """


def key_id_of(public_key_b64: str) -> str:
    """The id of a public key: 16 hex digits of the SHA-256 of its raw 32 bytes."""
    raw = public_key_from_b64(public_key_b64).public_bytes_raw()
    return hashlib.sha256(raw).hexdigest()[:16]


class DistrictKey:
    """The district's signing key (held by district IT, never by the hub or a station)."""

    __slots__ = ("_key",)

    def __init__(self, key: StationKey) -> None:
        self._key = key

    @classmethod
    def generate(cls) -> DistrictKey:
        return cls(StationKey.generate())

    @classmethod
    def from_private_hex(cls, private_hex: str) -> DistrictKey:
        try:
            raw = bytes.fromhex(private_hex)
        except ValueError as e:
            raise SignatureError("bad_private_key", "the private key is not hex") from e
        return cls(StationKey.from_private_bytes(raw))

    def private_hex(self) -> str:
        return self._key.private_bytes().hex()

    @property
    def public_key_b64(self) -> str:
        return self._key.public_key_b64()

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key_b64)

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self._key.sign(data)).decode("ascii")

    def __repr__(self) -> str:  # never the private half
        return f"DistrictKey(key_id={self.key_id})"


# -- statements ---------------------------------------------------------------------------


class PublicationStatement(Message):
    scheme: Literal["renshe-publication/1"] = "renshe-publication/1"
    kind: Kind
    version: Annotated[int, Field(ge=1, le=MAX_VERSION)]
    label: Annotated[str, Field(min_length=1, max_length=60)]
    payload_sha256: Hex64
    payload_size: Annotated[int, Field(ge=1, le=MAX_VERSION)]
    payload_format: Literal["zip", "wheel"]
    published_at: Annotated[str, Field(min_length=20, max_length=40)]
    key_id: KeyId


class SignedPublication(Message):
    statement: PublicationStatement
    signature: Signature


class RotationStatement(Message):
    scheme: Literal["renshe-key-rotation/1"] = "renshe-key-rotation/1"
    old_key_id: KeyId
    new_key_id: KeyId
    new_public_key: PublicKey
    retire_old: bool
    issued_at: Annotated[str, Field(min_length=20, max_length=40)]


class SignedRotation(Message):
    statement: RotationStatement
    signature: Signature


class PublisherKey(Message):
    key_id: KeyId
    public_key: PublicKey


# -- wire messages of the publication endpoints -------------------------------------------


class PublicationOffer(Message):
    """``GET /v1/publications``: the newest publication of each kind meant for this
    station, every rotation statement in order, and the district's current keys.

    Publications and rotations are left as plain objects here: a station validates each
    one on its own, so one malformed entry is refused and reported by itself instead of
    making the whole answer unreadable."""

    publications: list[dict[str, Any]]
    rotations: list[dict[str, Any]]
    keys: list[PublisherKey]


class PublicationPayload(Message):
    """``GET /v1/publications/{kind}/{version}/payload``: the payload, base64."""

    kind: Kind
    version: int
    payload: str


Outcome = Literal["applied", "refused", "rolled_back"]


class PublicationReport(Message):
    """``POST /v1/publications/reports``: what a station did with a publication."""

    kind: Annotated[str, Field(min_length=1, max_length=20)]
    version: Annotated[int, Field(ge=0, le=MAX_VERSION)] | None = None
    outcome: Outcome
    code: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]
    message: Annotated[str, Field(max_length=2000)]


class ReportReceipt(Message):
    recorded: bool


#: The descriptor at the top of a software archive (a wheel needs none).
PACKAGE_DESCRIPTOR = "renshe-package.json"


class PackageDescriptor(Message):
    """What a software archive says about itself. ``self_check`` is the command that
    proves the installed version starts (exit status 0); ``{python}`` stands for the
    station's Python and ``{root}`` for the directory the package is installed in."""

    name: Annotated[str, Field(min_length=1, max_length=60)]
    version: Annotated[str, Field(min_length=1, max_length=60)]
    self_check: Annotated[list[Annotated[str, Field(max_length=500)]], Field(min_length=1)]


# -- signing and verifying ----------------------------------------------------------------


def payload_digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def sign_publication(
    key: DistrictKey,
    *,
    kind: Kind,
    version: int,
    label: str,
    payload: bytes,
    payload_format: Literal["zip", "wheel"],
    published_at: str,
) -> SignedPublication:
    statement = PublicationStatement(
        kind=kind,
        version=version,
        label=label,
        payload_sha256=payload_digest(payload),
        payload_size=len(payload),
        payload_format=payload_format,
        published_at=published_at,
        key_id=key.key_id,
    )
    return SignedPublication(
        statement=statement, signature=key.sign(canonical_json(statement.model_dump()))
    )


def sign_rotation(
    old: DistrictKey, new_public_key: str, *, retire_old: bool, issued_at: str
) -> SignedRotation:
    statement = RotationStatement(
        old_key_id=old.key_id,
        new_key_id=key_id_of(new_public_key),
        new_public_key=new_public_key,
        retire_old=retire_old,
        issued_at=issued_at,
    )
    return SignedRotation(
        statement=statement, signature=old.sign(canonical_json(statement.model_dump()))
    )


def _problems(error: pydantic.ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in error.errors()[:5]
    )


def parse_publication(value: Mapping[str, Any] | str | bytes) -> SignedPublication:
    """A publication as received; ``malformed_publication`` if it is not one (an
    unsigned publication is malformed: the signature is required)."""
    try:
        if isinstance(value, str | bytes):
            return SignedPublication.model_validate_json(value)
        return SignedPublication.model_validate(value)
    except pydantic.ValidationError as e:
        raise PublicationError("malformed_publication", _problems(e)) from e


def parse_rotation(value: Mapping[str, Any] | str | bytes) -> SignedRotation:
    try:
        if isinstance(value, str | bytes):
            return SignedRotation.model_validate_json(value)
        return SignedRotation.model_validate(value)
    except pydantic.ValidationError as e:
        raise PublicationError("malformed_publication", _problems(e)) from e


def _verify(public_key_b64: str, signature_b64: str, statement: Message) -> bool:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key_from_b64(public_key_b64).verify(
            signature, canonical_json(statement.model_dump())
        )
    except (InvalidSignature, binascii.Error, SignatureError, ValueError):
        return False
    return True


def verify_publication(signed: SignedPublication, pinned: Mapping[str, str]) -> None:
    """Check that a key in ``pinned`` (key id → public key) signed this statement."""
    if not pinned:
        raise PublicationError(
            "no_pinned_keys", "no district key is pinned here: nothing can be verified"
        )
    key_id = signed.statement.key_id
    public_key = pinned.get(key_id)
    if public_key is None:
        raise PublicationError(
            "unpinned_key", f"signed by key {key_id}, which is not one of the pinned keys"
        )
    if not _verify(public_key, signed.signature, signed.statement):
        raise PublicationError(
            "bad_publication_signature",
            f"the signature of {signed.statement.kind} version {signed.statement.version} "
            f"does not verify with key {key_id}",
        )


def verify_payload(statement: PublicationStatement, payload: bytes) -> None:
    """Check that ``payload`` is the very payload the statement signed for."""
    if len(payload) != statement.payload_size or not hmac.compare_digest(
        payload_digest(payload), statement.payload_sha256
    ):
        raise PublicationError(
            "payload_mismatch",
            f"the payload of {statement.kind} version {statement.version} is not the one "
            f"signed ({len(payload)} bytes, expected {statement.payload_size})",
        )


@dataclass(frozen=True)
class RotationResult:
    """Pinned keys after applying rotation statements, and what happened to each."""

    pinned: dict[str, str]  # key id → public key
    retired: frozenset[str]  # every key id ever retired here: never trusted again
    added: tuple[str, ...]
    newly_retired: tuple[str, ...]
    unverified: tuple[str, ...]  # new key ids of statements no pinned key vouches for


def _new_key_matches(statement: RotationStatement) -> bool:
    try:
        return key_id_of(statement.new_public_key) == statement.new_key_id
    except SignatureError:
        return False


def apply_rotations(
    pinned: Mapping[str, str], retired: Iterable[str], rotations: Iterable[SignedRotation]
) -> RotationResult:
    """Apply rotation statements to the pinned keys.

    A statement counts only if its old key is pinned *now* and signed it. One that names
    a key already pinned, or one retired here before, changes nothing, so the hub can
    send the whole list every time. Statements are tried until none makes progress, so
    a chain A→B→C works whatever order it arrives in; a retired key is never re-added.
    """
    keys = dict(pinned)
    gone = set(retired)
    added: list[str] = []
    newly_retired: list[str] = []
    waiting = list(rotations)
    progress = True
    while waiting and progress:
        progress = False
        for rotation in list(waiting):
            s = rotation.statement
            if s.new_key_id in keys or s.new_key_id in gone:
                waiting.remove(rotation)  # applied before, or superseded since
                continue
            old = keys.get(s.old_key_id)
            if old is None or not _verify(old, rotation.signature, s):
                continue
            if not _new_key_matches(s):
                continue
            keys[s.new_key_id] = s.new_public_key
            added.append(s.new_key_id)
            if s.retire_old:
                del keys[s.old_key_id]
                gone.add(s.old_key_id)
                newly_retired.append(s.old_key_id)
            waiting.remove(rotation)
            progress = True
    unverified = tuple(r.statement.new_key_id for r in waiting)
    return RotationResult(keys, frozenset(gone), tuple(added), tuple(newly_retired), unverified)

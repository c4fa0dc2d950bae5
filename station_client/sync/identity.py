"""Enrolment: the station makes its key pair, registers the public half with a one-time
code, and keeps the identity inside its encrypted store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import pydantic
import requests

from hub_sync.model import utc_now
from hub_sync.protocol.messages import Cursor, EnrolRequest
from hub_sync.protocol.signing import StationKey
from station_client.store import Store

from . import meta
from .client import DEFAULT_TIMEOUT, Credentials, HubClient, HubClock
from .errors import AlreadyEnrolled, NotEnrolled, SyncError
from .meta import StationIdentity
from .updates import pin_hub_keys

log = logging.getLogger("renshe.sync")


def load(store: Store) -> StationIdentity:
    """The station's identity; :class:`NotEnrolled` if it has none yet."""
    with store.transaction() as session:
        identity = meta.load_identity(session)
    if identity is None:
        raise NotEnrolled()
    return identity


def signed_client(
    store: Store,
    *,
    clock: Callable[[], datetime] = utc_now,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    session: requests.Session | None = None,
) -> HubClient:
    """A client signing as this station, its clock corrected by the offset last learned
    from the hub (:class:`NotEnrolled` when the station has no identity yet)."""
    me = load(store)
    with store.transaction() as s:
        offset = int(meta.get(s, meta.HUB_OFFSET_MS) or 0)
    return HubClient(
        me.hub_url,
        credentials=Credentials(me.station_id, me.key),
        clock=HubClock(clock, offset),
        timeout=timeout,
        session=session,
    )


def is_enrolled(store: Store) -> bool:
    with store.transaction() as session:
        return meta.load_identity(session) is not None


def enrol(
    store: Store,
    hub_url: str,
    code: str,
    client_version: str,
    *,
    clock: Callable[[], datetime] = utc_now,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    session: requests.Session | None = None,
) -> StationIdentity:
    """Register this station with the hub using district IT's one-time ``code``.

    The private key never leaves the station: only the public key is sent, and the
    private key is stored in ``station_meta`` inside the SQLCipher database. The pull
    cursor starts at the hub's current epoch. A station that is already enrolled is
    refused (:class:`AlreadyEnrolled`); a refused code raises
    :class:`~station_client.sync.errors.EnrolmentRefused`.
    """
    with store.transaction() as s:
        existing = meta.load_identity(s)
    if existing is not None:
        raise AlreadyEnrolled(existing.station_id, existing.hub_url)
    key = StationKey.generate()
    try:
        request = EnrolRequest(
            code=code.strip(), public_key=key.public_key_b64(), client_version=client_version
        )
    except pydantic.ValidationError as e:
        raise SyncError(
            f"{code!r} is not an enrolment code (8 to 64 characters, e.g. ABCD-EFGH-JKLM-NPQR)",
            "注册码格式不正确，请核对后重新输入",
        ) from e
    hub_clock = HubClock(clock)
    with HubClient(hub_url, clock=hub_clock, timeout=timeout, session=session) as client:
        answer = client.enrol(request)
    identity = StationIdentity(
        hub_url=hub_url.rstrip("/"),
        station_id=answer.station_id,
        org_code=answer.org_code,
        name=answer.name,
        key=key,
    )
    with store.transaction() as s:
        meta.save_identity(s, identity, clock())
        meta.save_cursor(s, Cursor(epoch=answer.epoch, seq=0))
        meta.put(s, {meta.HUB_OFFSET_MS: hub_clock.offset_ms})
    # The district's publication keys, trusted once, now (updates.pin_hub_keys); if that
    # fails the station works on and refuses pushes until district IT pins a key.
    credentials = Credentials(identity.station_id, key)
    try:
        with HubClient(hub_url, credentials=credentials, clock=hub_clock, timeout=timeout) as c:
            pin_hub_keys(store, c)
    except SyncError as e:
        log.warning("district keys not pinned at enrolment: %s", e)
    return identity


def set_hub_url(store: Store, hub_url: str) -> None:
    """Point an enrolled station at the hub's new address (the hub moved; same hub)."""
    load(store)
    with store.transaction() as s:
        meta.put(s, {meta.HUB_URL: hub_url.rstrip("/")})

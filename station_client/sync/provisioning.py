"""Enrolling with a provisioning file from district IT (:mod:`hub_sync.protocol.provisioning`).

The file's district keys are pinned first, then the station enrols with its one-time
code, so the keys the station trusts for publications come from district IT's file,
not from the hub's answer. If enrolment fails the keys pinned before are put back.
"""

from __future__ import annotations

import logging
from pathlib import Path

import requests

from hub_sync.protocol.provisioning import ProvisioningError, StationProvisioning, loads
from station_client.store import Store

from . import meta
from .client import DEFAULT_TIMEOUT
from .errors import AlreadyEnrolled, SyncError
from .identity import enrol
from .meta import StationIdentity
from .updates import PINNED_KEYS, RETIRED_KEYS, pin_keys, pinned_keys

log = logging.getLogger("renshe.sync")


def read_provisioning(path: Path) -> StationProvisioning:
    try:
        return loads(path.read_bytes())
    except OSError as e:
        raise SyncError(f"cannot read {path}: {e.strerror}", f"无法读取配置文件 {path}") from e
    except ProvisioningError as e:
        raise SyncError(f"{path}: {e}", "配置文件不是有效的服务站配置文件") from e


def provision(
    store: Store,
    provisioning: StationProvisioning,
    client_version: str,
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    session: requests.Session | None = None,
) -> StationIdentity:
    """Pin the file's district keys and enrol with its code; the new identity.

    :class:`AlreadyEnrolled` if the station has an identity already (nothing changed);
    the hub's refusal or an unreachable hub leaves the station as it was."""
    with store.transaction() as s:
        identity_before = meta.load_identity(s)
        saved = meta.get_all(s, PINNED_KEYS, RETIRED_KEYS)
    if identity_before is not None:
        raise AlreadyEnrolled(identity_before.station_id, identity_before.hub_url)
    if provisioning.publisher_keys:
        pin_keys(store, provisioning.publisher_keys)
    try:
        identity = enrol(
            store,
            provisioning.hub_url,
            provisioning.code,
            client_version,
            timeout=timeout,
            session=session,
        )
    except BaseException:
        with store.transaction() as s:
            meta.put(s, {k: saved.get(k) for k in (PINNED_KEYS, RETIRED_KEYS)})
        raise
    if (identity.station_id, identity.org_code) != (provisioning.station_id, provisioning.org_code):
        log.warning(
            "enrolled as station %s (%s), the file named %s (%s)",
            identity.station_id,
            identity.org_code,
            provisioning.station_id,
            provisioning.org_code,
        )
    return identity


def pinned_key_ids(store: Store) -> list[str]:
    """The ids of the district keys the station trusts now."""
    keys, _retired = pinned_keys(store)
    return sorted(keys)


def describe(provisioning: StationProvisioning) -> str:
    """One line for people: which station, hub and keys the file is for."""
    return (
        f"{provisioning.name} ({provisioning.org_code}), station {provisioning.station_id}, "
        f"hub {provisioning.hub_url}, {len(provisioning.publisher_keys)} district key(s), "
        f"code valid until {provisioning.expires_at}"
    )

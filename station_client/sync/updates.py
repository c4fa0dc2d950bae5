"""Signed pushes from the district, at the station: check, verify, apply, report.

The hub offers the newest reference data and software meant for this station
(``GET /v1/publications``). Each publication is checked before anything is downloaded:
signed by a pinned district key, and newer than what is installed. The payload is then
fetched, checked against the signed digest and applied:

- **reference data** is unpacked beside the installed bundle and installed by
  :class:`~station_client.reference.ReferenceInstall` (validated whole, previous version
  kept, the ``CURRENT`` pointer switched last) inside the one store transaction that
  records the new version, so both change or neither does;
- **software** is installed beside the running version and must pass its self-check, or
  it is rolled back (:mod:`.software`).

Anything refused — malformed, unsigned, signed by a key not pinned, payload not the
one signed, older than what is installed, failing its self-check — changes nothing here
and is reported to the hub (``POST /v1/publications/reports``), once per publication.
Reports that cannot be sent wait in ``station_meta`` for the next check.

Pinned keys live in ``station_meta``: set at enrolment (:func:`pin_keys`, or
:func:`pin_hub_keys` trusting the hub once, right after enrolling) and changed only by
rotation statements signed by a key already pinned.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub_sync.protocol.errors import SignatureError
from hub_sync.protocol.publication import (
    PublicationError,
    PublicationOffer,
    PublicationPayload,
    PublicationReport,
    PublicationStatement,
    ReportReceipt,
    SignedPublication,
    SignedRotation,
    apply_rotations,
    key_id_of,
    parse_publication,
    parse_rotation,
    verify_payload,
    verify_publication,
)
from station_client.reference import ReferenceDataError, ReferenceInstall, StaleReferenceData
from station_client.store import Store

from . import meta
from .client import HubClient
from .errors import SyncError
from .software import SoftwareInstall, UpdateRefused, UpdateRolledBack, unpack_zip

log = logging.getLogger("renshe.sync.updates")

PINNED_KEYS = "publisher_keys"  # JSON: key id → public key
RETIRED_KEYS = "publisher_retired"  # JSON list of key ids never to trust again
INSTALLED = {"reference": "pub_reference_version", "software": "pub_software_version"}
# The last publication of each kind refused and reported (a fingerprint), so the hub's
# offering it again is neither downloaded nor reported again.
REFUSED = {kind: f"pub_{kind}_refused" for kind in ("reference", "software", "unknown")}
UNSENT_REPORTS = "pub_unsent_reports"  # JSON list of PublicationReport
OFFER_PATH = "/v1/publications"
REPORT_PATH = "/v1/publications/reports"


@dataclass(frozen=True)
class UpdateOutcome:
    kind: str
    version: int | None
    outcome: str  # applied, refused, rolled_back, up_to_date, already_refused
    code: str
    message: str


@dataclass(frozen=True)
class UpdateReport:
    outcomes: tuple[UpdateOutcome, ...]
    keys_added: tuple[str, ...]
    keys_retired: tuple[str, ...]
    restart_needed: bool  # new software installed: it runs from the next start

    def outcome(self, kind: str) -> UpdateOutcome | None:
        return next((o for o in self.outcomes if o.kind == kind), None)


# -- pinned keys --------------------------------------------------------------------------


def pinned_keys(store: Store) -> tuple[dict[str, str], frozenset[str]]:
    """The district keys this station trusts (key id → public key), and retired ids."""
    with store.transaction() as s:
        m = meta.get_all(s, PINNED_KEYS, RETIRED_KEYS)
    keys = json.loads(m[PINNED_KEYS]) if PINNED_KEYS in m else {}
    retired = json.loads(m[RETIRED_KEYS]) if RETIRED_KEYS in m else []
    return {str(k): str(v) for k, v in keys.items()}, frozenset(map(str, retired))


def _save_keys(store: Store, keys: Mapping[str, str], retired: Iterable[str]) -> None:
    with store.transaction() as s:
        meta.put(
            s,
            {
                PINNED_KEYS: json.dumps(dict(sorted(keys.items()))),
                RETIRED_KEYS: json.dumps(sorted(set(retired))),
            },
        )


def pin_keys(store: Store, public_keys: Iterable[str]) -> list[str]:
    """Trust these district public keys (base64) from now on; returns their key ids.
    Used at enrolment with the key district IT hands over (``renshe-hub keys list``)."""
    keys, retired = pinned_keys(store)
    added = []
    for public_key in public_keys:
        try:
            key_id = key_id_of(public_key.strip())
        except SignatureError as e:
            raise SyncError(f"not a district public key: {e}", "区级签名公钥格式不正确") from e
        if key_id in retired:
            raise SyncError(f"district key {key_id} was retired", "该区级签名公钥已停用")
        keys[key_id] = public_key.strip()
        added.append(key_id)
    _save_keys(store, keys, retired)
    return added


def pin_hub_keys(store: Store, client: HubClient) -> list[str]:
    """Right after enrolment, trust the district keys the hub names — once: a station
    that has keys pinned changes them only through signed rotations."""
    keys, _retired = pinned_keys(store)
    if keys:
        return []
    offer = client.call("GET", OFFER_PATH, PublicationOffer)
    return pin_keys(store, [k.public_key for k in offer.keys])


# -- checking and applying ----------------------------------------------------------------


def _fingerprint(entry: Mapping[str, Any], keys: Mapping[str, str]) -> str:
    """The publication as offered, and the keys it was judged with: a refusal for a key
    not pinned is judged again once a rotation pins that key."""
    both = json.dumps([entry, sorted(keys)], sort_keys=True, default=str)
    return hashlib.sha256(both.encode()).hexdigest()[:32]


def _claimed(entry: Mapping[str, Any]) -> tuple[str, int | None]:
    """Kind and version a publication claims, for reporting one that is not valid."""
    statement = entry.get("statement") if isinstance(entry, Mapping) else None
    kind = statement.get("kind") if isinstance(statement, Mapping) else None
    version = statement.get("version") if isinstance(statement, Mapping) else None
    kind = kind if kind in INSTALLED else "unknown"
    return kind, version if type(version) is int and 0 <= version < 2**53 else None


class Updates:
    """Checks for and applies the district's publications for one station."""

    def __init__(
        self,
        store: Store,
        reference: ReferenceInstall,
        software: SoftwareInstall | None = None,
        *,
        on_reference_applied: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.reference = reference
        self.software = software
        self.on_reference_applied = on_reference_applied
        self._lock = threading.Lock()

    def installed_version(self, kind: str) -> int:
        """The newest version of ``kind`` installed: what the station database recorded,
        or what the installed files say if they are ahead (stopped before recording)."""
        with self.store.transaction() as s:
            recorded = int(meta.get(s, INSTALLED[kind]) or 0)
        on_disk = (
            self.reference.current_version()
            if kind == "reference"
            else (self.software.current_version() if self.software else None)
        )
        return max(recorded, on_disk or 0)

    def check(self, client: HubClient) -> UpdateReport:
        """One check: rotations, then each publication offered; reports sent."""
        with self._lock:
            if self.software is not None and (back := self.software.recover()) is not None:
                self._queue(
                    PublicationReport(
                        kind="software",
                        version=back if back > 0 else None,
                        outcome="rolled_back",
                        code="self_check_interrupted",
                        message="the station stopped before the update's self-check finished",
                    )
                )
            self._send_reports(client)
            offer = client.call("GET", OFFER_PATH, PublicationOffer)
            added, retired = self._rotate(offer.rotations)
            outcomes = [self._one(client, entry) for entry in offer.publications]
            self._send_reports(client)
        restart = any(o.kind == "software" and o.outcome == "applied" for o in outcomes)
        return UpdateReport(tuple(outcomes), added, retired, restart)

    def _rotate(self, entries: list[dict[str, Any]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        statements: list[SignedRotation] = []
        for entry in entries:
            try:
                statements.append(parse_rotation(entry))
            except PublicationError:
                log.warning("ignored a malformed key-rotation statement from the hub")
        keys, retired = pinned_keys(self.store)
        result = apply_rotations(keys, retired, statements)
        if result.added or result.newly_retired:
            _save_keys(self.store, result.pinned, result.retired)
            log.info(
                "district keys rotated",
                extra={"added": result.added, "retired": result.newly_retired},
            )
        return result.added, result.newly_retired

    def _one(self, client: HubClient, entry: dict[str, Any]) -> UpdateOutcome:
        kind, version = _claimed(entry)
        keys, _retired = pinned_keys(self.store)
        fingerprint = _fingerprint(entry, keys)
        if self._refused_before(kind, fingerprint):
            return UpdateOutcome(kind, version, "already_refused", "", "reported before")
        try:
            signed = parse_publication(entry)
            verify_publication(signed, keys)
            offered = signed.statement.version
            installed = self.installed_version(kind)
            if offered == installed:
                return UpdateOutcome(kind, offered, "up_to_date", "", "")
            if offered < installed:
                raise PublicationError(
                    "stale_publication",
                    f"{kind} version {offered} is older than the installed version {installed}",
                )
            return self._apply(client, signed)
        except (PublicationError, UpdateRefused) as e:
            outcome = "rolled_back" if isinstance(e, UpdateRolledBack) else "refused"
            self._refuse(kind, fingerprint, version, outcome, e.code, e.message)
            log.warning("publication %s", outcome, extra={"kind": kind, "code": e.code})
            return UpdateOutcome(kind, version, outcome, e.code, e.message)

    def _apply(self, client: HubClient, signed: SignedPublication) -> UpdateOutcome:
        s = signed.statement
        answer = client.call(
            "GET", f"{OFFER_PATH}/{s.kind}/{s.version}/payload", PublicationPayload
        )
        try:
            payload = base64.b64decode(answer.payload, validate=True)
        except (binascii.Error, ValueError) as e:
            raise PublicationError("malformed_publication", "the payload is not base64") from e
        verify_payload(s, payload)
        if s.kind == "software" and self.software is None:
            raise UpdateRefused("no_software_root", "this station does not install software")
        try:
            if s.kind == "reference":
                self._apply_reference(s, payload)
                message = f"reference data {s.label} installed"
            else:
                assert self.software is not None
                done = self.software.install(s.version, payload, s.payload_format)
                with self.store.transaction() as tx:
                    meta.put(tx, {INSTALLED["software"]: s.version})
                message = f"software {done.label} installed; it runs from the next start"
        except OSError as e:
            # Disk full, no permission: not the publication's fault, so not refused (the
            # next check tries again); the previous version is still the one in use.
            raise SyncError(
                f"could not install {s.kind} version {s.version}: {e}",
                "区里推送的更新未能安装（磁盘空间或权限问题），将稍后重试",
            ) from e
        self._queue(
            PublicationReport(
                kind=s.kind, version=s.version, outcome="applied", code="applied", message=message
            )
        )
        return UpdateOutcome(s.kind, s.version, "applied", "applied", message)

    def _apply_reference(self, statement: PublicationStatement, payload: bytes) -> None:
        self.reference.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".incoming-", dir=self.reference.root) as tmp:
            # A directory inside the scratch one: the install moves it into place.
            unpacked = Path(tmp) / "bundle"
            unpacked.mkdir()
            unpack_zip(payload, unpacked)
            try:
                manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
                bundle_version = manifest["version"]
            except (OSError, ValueError, KeyError, TypeError) as e:
                raise UpdateRefused("invalid_reference_data", f"no readable manifest: {e}") from e
            if bundle_version != statement.version:
                raise PublicationError(
                    "malformed_publication",
                    f"the bundle is version {bundle_version!r}, the statement says "
                    f"{statement.version}",
                )
            try:
                # One transaction: the version recorded here commits only if the bundle
                # installed, and the pointer switch is the install's last step.
                with self.store.transaction() as s:
                    meta.put(s, {INSTALLED["reference"]: statement.version})
                    self.reference.install(unpacked, take=True)
            except StaleReferenceData as e:
                raise PublicationError("stale_publication", e.message_en) from e
            except ReferenceDataError as e:
                raise UpdateRefused("invalid_reference_data", e.message_en) from e
        if self.on_reference_applied is not None:
            self.on_reference_applied()

    # -- reports ----------------------------------------------------------------------

    def _refused_before(self, kind: str, fingerprint: str) -> bool:
        with self.store.transaction() as s:
            return meta.get(s, REFUSED[kind]) == fingerprint

    def _refuse(
        self, kind: str, fingerprint: str, version: int | None, outcome: str, code: str, msg: str
    ) -> None:
        report = PublicationReport(
            kind=kind, version=version, outcome=outcome, code=code, message=msg[:2000]
        )
        with self.store.transaction() as s:
            meta.put(s, {REFUSED[kind]: fingerprint})
            self._queue_in(s, report)

    def _queue(self, report: PublicationReport) -> None:
        with self.store.transaction() as s:
            self._queue_in(s, report)

    @staticmethod
    def _queue_in(session: Any, report: PublicationReport) -> None:
        waiting = json.loads(meta.get(session, UNSENT_REPORTS) or "[]")
        waiting.append(report.model_dump())
        meta.put(session, {UNSENT_REPORTS: json.dumps(waiting[-50:], ensure_ascii=False)})

    def _send_reports(self, client: HubClient) -> None:
        """Send waiting reports, oldest first; one that fails stays for next time."""
        with self.store.transaction() as s:
            waiting = json.loads(meta.get(s, UNSENT_REPORTS) or "[]")
        while waiting:
            client.call(
                "POST",
                REPORT_PATH,
                ReportReceipt,
                body=PublicationReport.model_validate(waiting[0]),
            )
            waiting = waiting[1:]
            with self.store.transaction() as s:
                meta.put(s, {UNSENT_REPORTS: json.dumps(waiting, ensure_ascii=False)})

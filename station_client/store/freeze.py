"""May this station start a new registration? The freeze rules, applied to the store.

:func:`check_can_register` gathers the facts (days since the last good sync, unsent
and unapproved items, the software version) and applies the district's rules
(:mod:`station_client.rules.freeze`). :func:`require_can_register` is the hook the
registration paths call first: a frozen station refuses with every reason and what to
do, in the same :class:`ValidationError` shape the counter's forms already show, and
nothing is saved. Searching, viewing, serving people on file and syncing never call it.

The rules come with the reference data the district pushes: ``freeze_rules.conf`` (JSON,
see :func:`station_client.rules.freeze.parse_rules`) in the installed bundle's
directory. It is not a ``.json`` file on purpose: the bundle loader refuses JSON files
its manifest does not list, and the manifest's kinds are closed; the publication that
carries the bundle is signed as a whole, this file included. Without the file the
built-in defaults apply.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub_sync.model import synced_tables
from station_client import __version__
from station_client.reference import ReferenceInstall, default_bundle_dir
from station_client.reference.errors import ReferenceDataError
from station_client.rules.errors import ValidationError
from station_client.rules.freeze import (
    DEFAULT_RULES,
    FreezeInputs,
    FreezeRules,
    FreezeState,
    evaluate,
    parse_rules,
)

from . import meta_values, outbox
from .local_schema import rejected_ops
from .store import Store

log = logging.getLogger("renshe.store.freeze")

RULES_FILE = "freeze_rules.conf"
#: The registration records a frozen station may not start (besides new persons).
REGISTRATION_TABLES = frozenset(
    {"job_seeker_registrations", "unemployment_registrations", "employment_registrations"}
)
# station_meta keys written by the sync agent (station_client/sync/meta.py, a layer up).
_LAST_SYNC_AT = "last_sync_at"
_ENROLLED_AT = "enrolled_at"

__all__ = [
    "REGISTRATION_TABLES",
    "RULES_FILE",
    "RegistrationFrozen",
    "check_can_register",
    "load_rules",
    "require_can_register",
]


class RegistrationFrozen(ValidationError):
    """A frozen station was asked to start a new registration."""

    def __init__(self, state: FreezeState) -> None:
        super().__init__("registration", "frozen", state.message_zh, state.message_en)
        self.state = state


def _bundle_dir(data_dir: Path) -> Path:
    try:
        version = ReferenceInstall(data_dir / "reference").current_version()
    except ReferenceDataError:
        version = None
    if version is None:
        return default_bundle_dir()
    return data_dir / "reference" / "versions" / str(version)


def load_rules(data_dir: Path) -> FreezeRules:
    """The district's rules from the installed reference bundle, else the defaults.

    A faulty file is logged and the defaults apply: a mistake at the district must not
    leave stations without any rule, nor stop every counter at once."""
    path = _bundle_dir(data_dir) / RULES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DEFAULT_RULES
    except (OSError, UnicodeDecodeError) as e:
        log.warning("cannot read %s (%s); default freeze rules apply", path, e)
        return DEFAULT_RULES
    try:
        return parse_rules(text, source=f"{RULES_FILE} of reference data")
    except ValidationError as e:
        log.warning("%s is faulty (%s); default freeze rules apply", path, e.message_en)
        return DEFAULT_RULES


def _count_unapproved(s: Session) -> int:
    total = s.scalar(select(func.count()).select_from(rejected_ops)) or 0
    for table in synced_tables():
        if "conflict" in table.c:
            total += (
                s.scalar(select(func.count()).select_from(table).where(table.c.conflict.is_(True)))
                or 0
            )
    return total


def _days_since_sync(s: Session, now: datetime) -> float | None:
    rows = meta_values.get_all(s, _LAST_SYNC_AT, _ENROLLED_AT)
    # Never synced since enrolment: the clock runs from the enrolment.
    since = rows.get(_LAST_SYNC_AT) or rows.get(_ENROLLED_AT)
    if since is None:
        return None  # not enrolled: a stand-alone station has nothing to sync
    try:
        then = datetime.fromisoformat(since)
    except ValueError:
        return None
    return max(0.0, (now - then).total_seconds() / 86400)


def gather(
    store: Store,
    now: datetime,
    client_version: str = __version__,
    *,
    counted: tuple[int, int] | None = None,
    synced_at: datetime | None = None,
) -> FreezeInputs:
    """The facts the freeze rules look at, read in one transaction."""
    with store.transaction() as s:
        unsent, unapproved = counted or (
            outbox.count_pending(s.connection()),
            _count_unapproved(s),
        )
        return FreezeInputs(
            today=now.date(),
            days_since_sync=(
                _days_since_sync(s, now)
                if synced_at is None
                else max(0.0, (now - synced_at).total_seconds() / 86400)
            ),
            unsent=unsent,
            unapproved=unapproved,
            client_version=client_version,
        )


def check_can_register(
    store: Store,
    now: datetime,
    rules: FreezeRules | None = None,
    *,
    client_version: str = __version__,
    counted: tuple[int, int] | None = None,
    synced_at: datetime | None = None,
) -> FreezeState:
    """Whether ``store`` may start a new registration at ``now``, and why not.

    ``counted`` is (unsent, unapproved) when the caller has just counted them (the sync
    agent's health report), so the tables are not scanned twice; ``synced_at`` a sync
    that succeeded but is not recorded yet (the report goes before the agent records it)."""
    active = rules if rules is not None else load_rules(store.data_dir)
    facts = gather(store, now, client_version, counted=counted, synced_at=synced_at)
    return evaluate(active, facts)


def require_can_register(store: Store, rules: FreezeRules | None = None) -> FreezeState:
    """Raise :class:`RegistrationFrozen` if the station is frozen; else the state (with
    any warnings to show)."""
    state = check_can_register(store, store.clock(), rules)
    if state.frozen:
        raise RegistrationFrozen(state)
    return state

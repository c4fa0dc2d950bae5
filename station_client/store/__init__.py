"""The station's encrypted local store: records, outbox, search and audit."""

from .actor import Actor
from .errors import AuditChainBroken, CannotOpenStore, StoreError, StoreKeyError
from .keys import KeyRing, MachineSecret, default_machine_secret_path
from .store import Store

__all__ = [
    "Actor",
    "AuditChainBroken",
    "CannotOpenStore",
    "KeyRing",
    "MachineSecret",
    "Store",
    "StoreError",
    "StoreKeyError",
    "default_machine_secret_path",
]

"""Social-security card (社会保障卡) over PC/SC: ``pcscd`` through pyscard.

- :mod:`.apdu` — command APDUs, status words, T=0 ``61xx``/``6Cxx`` handling;
- :mod:`.layout` — EF05/EF06 records (1.0, 2.0, 3.0 layouts) ↔ dataclasses;
- :mod:`.session` — the read sequence, the identity, event reporting (shared);
- :mod:`.reader` — reading through ``pcscd`` (PC/SC errors become device errors);
- :mod:`.monitor` — card inserted → :class:`IdentityPresented`; status as it changes;
- :mod:`.simulator` — the demo/training reader with sample cards and scripted faults.

``reader`` and ``monitor`` import pyscard; the other modules are plain Python.
"""

from .session import CardFiles, identity_from_files, read_card_files, read_identity
from .simulator import (
    SIMULATOR_DEVICE,
    SimulatedCard,
    SimulatedFault,
    SocialSecurityCardSimulator,
    sample_cards,
)

__all__ = [
    "SIMULATOR_DEVICE",
    "CardFiles",
    "SimulatedCard",
    "SimulatedFault",
    "SocialSecurityCardSimulator",
    "identity_from_files",
    "read_card_files",
    "read_identity",
    "sample_cards",
]

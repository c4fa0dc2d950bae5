"""Devices: card readers and barcode scanners turned into two events the station
understands — :class:`IdentityPresented` and :class:`CodeScanned` — plus status.

- :mod:`.sscard` — social-security card over PC/SC (``pcscd`` via pyscard);
- :mod:`.idcard` — second-generation ID card readers over serial (GA 467 frames);
- :mod:`.barcode` — keyboard-wedge burst detection, serial scanners, image decoding;
- simulators for each, for the demo and training mode.
"""

from .errors import (
    BadResponse,
    CardNeedsAuthentication,
    CardRemoved,
    DeviceError,
    DeviceUnavailable,
    InvalidIdentity,
    NoCard,
)
from .events import (
    CodeScanned,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    EventSink,
    IdentityPresented,
    IdentitySource,
)

__all__ = [
    "BadResponse",
    "CardNeedsAuthentication",
    "CardRemoved",
    "CodeScanned",
    "DeviceError",
    "DeviceEvent",
    "DeviceState",
    "DeviceStatus",
    "DeviceUnavailable",
    "EventSink",
    "IdentityPresented",
    "IdentitySource",
    "InvalidIdentity",
    "NoCard",
]

"""The two events the rest of the station understands, and device status.

Whatever brand of reader the district bought, a driver turns what it read into an
:class:`IdentityPresented` (someone showed a card) or a :class:`CodeScanned` (a barcode
or QR code was scanned), and reports its :class:`DeviceStatus` as it changes. Drivers
call an :data:`EventSink` — from their own thread; the UI layer moves events onto the Qt
thread — and never raise into it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class IdentitySource(StrEnum):
    SOCIAL_SECURITY_CARD = "sscard"  # 社会保障卡
    ID_CARD = "idcard"  # 第二代居民身份证


@dataclass(frozen=True)
class IdentityPresented:
    """Someone presented a card; fields are as the source provides them (``None`` if not).

    ``sex`` is the GB/T 2261.1 code ("1" male, "2" female), ``ethnicity`` the GB/T 3304
    code ("01" 汉族 …), ``id_number`` an upper-case, checked 18-character citizen ID.
    """

    source: IdentitySource
    id_number: str
    name: str
    sex: str | None = None
    ethnicity: str | None = None
    birth_date: date | None = None
    address: str | None = None
    card_number: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    issuer: str | None = None
    #: Raw card photo (WLT for ID cards); decoded only when a vendor decoder is set up.
    photo: bytes | None = field(default=None, repr=False)
    #: Source-specific extras (card type, spec version, birthplace…), as text.
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CodeScanned:
    """A barcode or QR code was scanned. ``symbology`` is e.g. "QRCODE", "CODE128",
    or "UNKNOWN" for a keyboard-wedge scanner that does not say."""

    symbology: str
    text: str
    source: str = "scanner"


class DeviceState(StrEnum):
    DISCONNECTED = "disconnected"  # no reader / port / service
    CONNECTED = "connected"  # reader there, not ready to read (no card, SAM busy…)
    READY = "ready"  # ready: a card or scan will be read
    READING = "reading"
    ERROR = "error"


@dataclass(frozen=True)
class DeviceStatus:
    device: str  # a stable name: "sscard:<reader name>", "idcard:/dev/ttyUSB0", …
    state: DeviceState
    reason: str | None = None  # for ERROR/DISCONNECTED: what the clerk can do (Chinese)


DeviceEvent = IdentityPresented | CodeScanned | DeviceStatus
#: Where drivers deliver events. Called from the driver's thread; must not raise.
EventSink = Callable[[DeviceEvent], None]

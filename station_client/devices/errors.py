"""Errors of the device layer. Library exceptions (pyscard, pyserial, pyzbar) are
translated into these at the boundary of each driver, so nothing above ``devices`` ever
sees a library exception, and none reaches the Qt event loop.

Every error carries a message a clerk can act on, in Chinese (``message_zh``, shown at
the counter) and English (``message_en``, for the log and the technician's CLI).

- :class:`DeviceError` — the root;
  - :class:`DeviceUnavailable` — the reader or service is not there (``pcscd`` not
    running, reader unplugged, serial port missing or busy);
  - :class:`CardRemoved` — the card left the reader during reading;
  - :class:`NoCard` — nothing to read (no card on or in the reader);
  - :class:`BadResponse` — the device answered something malformed: a truncated frame,
    a wrong checksum, an unknown status word, undecodable text;
  - :class:`CardNeedsAuthentication` — a 3.0 social-security card answered ``6982``:
    reading it needs a PSAM (the district's secure access module);
  - :class:`InvalidIdentity` — the data read decoded but is not a valid identity (the ID
    number fails its check character, say).
"""

from __future__ import annotations

from station_client.errors import StationError


class DeviceError(StationError):
    """A device could not do what was asked; the message says what the clerk can do."""

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en if message_zh is None else f"{message_en} / {message_zh}")
        self.message_en = message_en
        self.message_zh = message_zh or message_en


class DeviceUnavailable(DeviceError):
    """The reader, its service or its port is not there."""


class NoCard(DeviceError):
    """There is no card to read."""


class CardRemoved(DeviceError):
    """The card was taken away while it was being read."""

    def __init__(self, what: str = "card") -> None:
        super().__init__(
            f"{what} removed during reading — insert it again",
            "读卡过程中卡被取出，请重新插卡/放卡",
        )


class BadResponse(DeviceError):
    """The device answered something that is not what the protocol says."""


class CardNeedsAuthentication(DeviceError):
    """A 3.0 social-security card refused the read (SW 6982) without PSAM authentication."""

    def __init__(self) -> None:
        super().__init__(
            "this social-security card (3.0) needs PSAM authentication to be read (SW 6982): "
            "use a reader with the district's PSAM, or read the ID card instead",
            "此社保卡（第三代）需要PSAM安全认证才能读取，请使用带PSAM的读卡器或改读身份证",
        )


class InvalidIdentity(DeviceError):
    """The data decoded but does not describe a valid person (bad ID number, no name…)."""

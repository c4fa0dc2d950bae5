"""GA 467 status bytes (SW3) and what the clerk is told for each.

A reader answers every command with a status; the success values depend on the command
(``0x9F`` for "card found", ``0x90`` for everything else). Any other value becomes a
:class:`DeviceError` subclass whose message says what to do at the counter.
"""

from __future__ import annotations

from enum import IntEnum

from station_client.devices.errors import (
    BadResponse,
    CardRemoved,
    DeviceError,
    DeviceUnavailable,
    NoCard,
)


class SamFailure(DeviceUnavailable):
    """The reader is there but its security module (SAM) cannot work: no card can be read
    until it is restarted or repaired."""


class Status(IntEnum):
    SUCCESS = 0x90
    NO_CONTENT = 0x91  # e.g. a card without fingerprints
    CARD_FOUND = 0x9F
    CHECKSUM_ERROR = 0x10  # the reader got a command with a wrong checksum
    LENGTH_ERROR = 0x11  # … with a wrong length
    COMMAND_ERROR = 0x21  # unknown command or parameter
    UNAUTHORISED = 0x23  # operation not allowed
    UNKNOWN_ERROR = 0x24
    CARD_AUTH_FAILED = 0x31  # card failed to authenticate the reader
    READER_AUTH_FAILED = 0x32  # reader failed to authenticate the card
    VERIFY_FAILED = 0x33  # information verification failed
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41  # reading the card failed (it usually left the field)
    RANDOM_FAILED = 0x47  # getting a random number from the card failed
    SAM_SELF_CHECK_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    FIND_FAILED = 0x80  # no card in the field
    SELECT_FAILED = 0x81


_PLACE_AGAIN_EN = "take the card off the reader and place it again"
_PLACE_AGAIN_ZH = "请将身份证取下后重新放到阅读器上"
_CHECK_CABLE_EN = "check the cable; if it keeps happening, check the port speed in settings"
_CHECK_CABLE_ZH = "请检查连接线；如反复出现，请在设置中核对串口波特率"
_CARD_SUSPECT_EN = (
    "the card may be damaged or not genuine: place it again, or check the card by hand"
)
_CARD_SUSPECT_ZH = "证件可能损坏或非真实证件，请重新放卡或人工核验"

#: SW3 → (error class, English message, Chinese message).
_MESSAGES: dict[int, tuple[type[DeviceError], str, str]] = {
    Status.CHECKSUM_ERROR: (
        BadResponse,
        f"the ID card reader received a garbled command (checksum) — {_CHECK_CABLE_EN}",
        f"身份证阅读器收到的指令校验错误，{_CHECK_CABLE_ZH}",
    ),
    Status.LENGTH_ERROR: (
        BadResponse,
        f"the ID card reader received a garbled command (length) — {_CHECK_CABLE_EN}",
        f"身份证阅读器收到的指令长度错误，{_CHECK_CABLE_ZH}",
    ),
    Status.COMMAND_ERROR: (
        BadResponse,
        "the ID card reader does not know this command — it may not be a GA 467 reader; "
        "check the reader model and port in settings",
        "身份证阅读器不支持该指令（可能不是符合GA 467的阅读器），请在设置中核对阅读器型号和串口",
    ),
    Status.UNAUTHORISED: (
        BadResponse,
        "the ID card reader refused the operation — switch it off and on; "
        "if it persists, call district IT",
        "身份证阅读器拒绝操作（越权），请重启阅读器；如仍不行请联系区信息科",
    ),
    Status.UNKNOWN_ERROR: (
        BadResponse,
        f"the ID card reader reported an unknown error — {_PLACE_AGAIN_EN}",
        f"身份证阅读器报告未知错误，{_PLACE_AGAIN_ZH}",
    ),
    Status.CARD_AUTH_FAILED: (
        BadResponse,
        f"the ID card did not accept the reader — {_CARD_SUSPECT_EN}",
        f"证件认证阅读器失败，{_CARD_SUSPECT_ZH}",
    ),
    Status.READER_AUTH_FAILED: (
        BadResponse,
        f"the reader could not authenticate the ID card — {_CARD_SUSPECT_EN}",
        f"阅读器认证证件失败，{_CARD_SUSPECT_ZH}",
    ),
    Status.VERIFY_FAILED: (
        BadResponse,
        f"the ID card's data failed verification — {_CARD_SUSPECT_EN}",
        f"证件信息验证错误，{_CARD_SUSPECT_ZH}",
    ),
    Status.UNKNOWN_CARD_TYPE: (
        BadResponse,
        "the card on the reader is not a second-generation ID card — "
        "place the ID card alone on the reader",
        "阅读器上的卡不是二代身份证，请只将身份证放在阅读器上",
    ),
    Status.RANDOM_FAILED: (
        BadResponse,
        f"the ID card did not answer the reader — {_PLACE_AGAIN_EN}",
        f"证件无应答（取随机数失败），{_PLACE_AGAIN_ZH}",
    ),
    Status.SAM_SELF_CHECK_FAILED: (
        SamFailure,
        "the ID card reader's security module (SAM) failed its self-check — switch the "
        "reader off and on; if it persists, call district IT",
        "身份证阅读器安全模块(SAM)自检失败，请关闭阅读器电源后重新打开；如仍不行请联系区信息科",
    ),
    Status.SAM_NOT_AUTHORISED: (
        SamFailure,
        "the ID card reader's security module (SAM) is not authorised, so it cannot read "
        "ID cards — call district IT",
        "身份证阅读器安全模块(SAM)未经授权，无法读卡，请联系区信息科",
    ),
    Status.FIND_FAILED: (
        NoCard,
        "no ID card on the reader — place the card flat on the reader",
        "阅读器上没有身份证，请将身份证平放在阅读器上",
    ),
    Status.NO_CONTENT: (
        BadResponse,
        f"the ID card returned no data — {_PLACE_AGAIN_EN}",
        f"身份证未返回信息，{_PLACE_AGAIN_ZH}",
    ),
}


def error_for(sw3: int) -> DeviceError:
    """The error the clerk sees when a command ends with status ``sw3``."""
    if sw3 in (Status.READ_FAILED, Status.SELECT_FAILED):
        # The card was found a moment ago; in practice it was moved or taken away.
        return CardRemoved("ID card")
    known = _MESSAGES.get(sw3)
    if known is None:
        return BadResponse(
            f"the ID card reader answered with an unknown status 0x{sw3:02X} — "
            f"{_PLACE_AGAIN_EN}; if it persists, call district IT",
            f"身份证阅读器返回未知状态码0x{sw3:02X}，{_PLACE_AGAIN_ZH}；如仍不行请联系区信息科",
        )
    cls, english, chinese = known
    return cls(english, chinese)

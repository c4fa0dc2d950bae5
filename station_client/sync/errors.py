"""Errors of the sync agent. ``requests`` exceptions are translated into these at the
HTTP boundary (:mod:`.client`), so nothing above it ever sees a library exception.

Every error speaks to the clerk in Chinese and to the log in English.

- :class:`SyncError` — the root;
  - :class:`NotEnrolled`, :class:`AlreadyEnrolled` — the station's identity;
  - :class:`Offline` — the hub cannot be reached (connection refused, timeout…);
  - :class:`RetryLater` — the hub is busy (429/503) and said when to come back;
  - :class:`BadResponse` — an answer that is not the protocol;
  - :class:`HubRefused` — an ``ErrorBody`` answer: ``code``, ``message``, ``status``;
    - :class:`EnrolmentRefused`, :class:`StationRevoked`, :class:`SequenceGap`.
"""

from __future__ import annotations

from typing import Any

from station_client.errors import StationError


class SyncError(StationError):
    """Something the sync agent could not do; the message says what and what to do."""

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en if message_zh is None else f"{message_en} / {message_zh}")
        self.message_en = message_en
        self.message_zh = message_zh or message_en


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "this station is not enrolled with a hub yet: run `renshe-station enrol`",
            "本站尚未注册到区级中心，请先注册（enrol）",
        )


class AlreadyEnrolled(SyncError):
    def __init__(self, station_id: str, hub_url: str) -> None:
        super().__init__(
            f"this station is already enrolled as {station_id} with {hub_url}",
            "本站已注册，不能重复注册",
        )
        self.station_id = station_id
        self.hub_url = hub_url


class Offline(SyncError):
    """The hub could not be reached; nothing was lost, the next sync sends it."""

    def __init__(self, hub_url: str, why: str) -> None:
        super().__init__(
            f"the hub at {hub_url} cannot be reached ({why}); changes are kept and sent later",
            "无法连接区级中心，本机数据已保存，恢复连接后自动上传",
        )
        self.hub_url = hub_url
        self.why = why


class RetryLater(SyncError):
    """The hub asked to come back later (429/503), after ``seconds`` if it said."""

    def __init__(self, seconds: float | None, status: int) -> None:
        after = f" in {seconds:.0f} s" if seconds is not None else ""
        super().__init__(f"the hub is busy (HTTP {status}); retry{after}", "区级中心繁忙，稍后重试")
        self.seconds = seconds
        self.status = status


class BadResponse(SyncError):
    """The hub answered something that is not renshe-sync/1."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the hub's answer could not be understood: {what}", "区级中心应答异常")


class HubRefused(SyncError):
    """The hub refused the request with an ``ErrorBody``."""

    def __init__(
        self,
        code: str,
        message: str,
        status: int,
        detail: Any = None,
        message_zh: str | None = None,
    ) -> None:
        super().__init__(
            f"the hub refused the request: {code}: {message} (HTTP {status})",
            message_zh or f"区级中心拒绝了请求（{code}）",
        )
        self.code = code
        self.message = message
        self.status = status
        self.detail = detail


class EnrolmentRefused(HubRefused):
    """The enrolment code is unknown, used or expired."""


class StationRevoked(HubRefused):
    """District IT revoked this station: it may no longer sync."""


class SequenceGap(HubRefused):
    """The hub expects a different op sequence number than the station's oldest op."""

    def __init__(self, expected_seq: int, first_sent: int, message: str, status: int) -> None:
        super().__init__(
            "gap",
            f"the hub expects op {expected_seq} next but the station's oldest waiting op is "
            f"{first_sent}: ops {expected_seq}..{first_sent - 1} are missing at the hub "
            "(was the hub restored from a backup, or this station's database replaced?). "
            f"Nothing was sent; call district IT. Hub said: {message}",
            status,
            {"expected_seq": expected_seq},
            f"区级中心期望第 {expected_seq} 条变更，本站最早待传为第 {first_sent} 条，"
            "序号不连续，未上传任何数据，请联系区人社信息科",
        )
        self.expected_seq = expected_seq
        self.first_sent = first_sent


_ZH = {
    "enrolment_code_invalid": "注册码无效，请核对后重新输入",
    "enrolment_code_used": "注册码已被使用，请向区人社信息科申请新的注册码",
    "enrolment_code_expired": "注册码已过期，请向区人社信息科申请新的注册码",
    "station_revoked": "本站已被区人社信息科停用，不能再同步，请联系信息科",
    "unknown_station": "区级中心不认识本站，请重新注册",
    "bad_signature": "请求签名校验失败，本站密钥可能已更换，请联系区人社信息科",
    "stale_request": "本机时钟与区级中心相差过大",
    "protocol_unsupported": "区级中心不支持本软件的同步协议版本，请升级软件",
}


def refused(code: str, message: str, status: int, detail: Any = None) -> HubRefused:
    """The right :class:`HubRefused` subclass for an ``ErrorBody`` code."""
    zh = _ZH.get(code)
    if code.startswith("enrolment_code_"):
        return EnrolmentRefused(code, message, status, detail, zh)
    if code == "station_revoked":
        return StationRevoked(code, message, status, detail, zh)
    return HubRefused(code, message, status, detail, zh)

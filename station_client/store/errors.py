"""Errors of the station store; library exceptions are translated at this boundary."""

from __future__ import annotations

from station_client.errors import StationError


class StoreError(StationError):
    """The station store could not do what was asked."""

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en if message_zh is None else f"{message_en} / {message_zh}")
        self.message_en = message_en
        self.message_zh = message_zh or message_en


class CannotOpenStore(StoreError):
    """The station database cannot be opened: missing, wrong key, or not ours."""


class StoreKeyError(CannotOpenStore):
    """No key slot could be unlocked with what was offered."""


class InsertOnlyViolation(StoreError):
    """An insert-only record (audit, contact, evaluation) was to be changed or deleted."""


class AuditChainBroken(StoreError):
    """The hash chain of the audit log does not verify."""

    def __init__(self, station_id: str, chain_seq: int, why: str) -> None:
        super().__init__(
            f"audit log of station {station_id} is broken at entry {chain_seq}: {why}",
            f"审计日志在第 {chain_seq} 条处校验失败：{why}",
        )
        self.station_id = station_id
        self.chain_seq = chain_seq

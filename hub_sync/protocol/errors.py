"""Errors of the sync protocol layer.

Every protocol error carries a short machine ``code`` besides its human message:
the hub puts the code in an ``ErrorBody`` and the station decides from it whether
to retry, re-enrol or report, so the code must never depend on the wording.
"""

from __future__ import annotations

from hub_sync.errors import HubError


class ProtocolError(HubError):
    """A message, header or body that does not follow renshe-sync/1."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class SignatureError(ProtocolError):
    """A request whose signature headers are missing, malformed or do not verify.

    Codes: ``missing_header``, ``malformed_header``, ``bad_digest``, ``bad_signature``.
    """


class WireError(ProtocolError):
    """A value that cannot be carried on the wire or read back from it.

    ``field`` names the offending field (``None`` when the whole message is at fault)
    so a rejected op can tell the clerk which entry to fix.
    Codes: ``unknown_table``, ``unknown_field``, ``bad_value``, ``bad_hlc``.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message)
        self.field = field


class BodyError(ProtocolError):
    """A request or response body that is corrupt, wrongly encoded or too large.

    Codes: ``bad_encoding``, ``body_too_large``.
    """

"""Errors the hub answers with: an HTTP status, a machine code and a message."""

from __future__ import annotations

from typing import Any

from hub_sync.errors import HubError


class HubRefusal(HubError):
    """A request the hub refuses; becomes an ErrorBody with ``status``."""

    status = 400

    def __init__(self, code: str, message: str, detail: Any = None, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail
        if status is not None:
            self.status = status


class Unauthorised(HubRefusal):
    status = 401


class Forbidden(HubRefusal):
    status = 403

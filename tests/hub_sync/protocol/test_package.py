"""The package surface the hub server and the station's sync agent import."""

from __future__ import annotations

import hub_sync.protocol as protocol
from hub_sync.errors import HubError
from hub_sync.protocol.errors import BodyError, ProtocolError, SignatureError, WireError


def test_everything_exported_exists() -> None:
    for name in protocol.__all__:
        assert getattr(protocol, name) is not None, name


def test_error_hierarchy_and_codes() -> None:
    for cls in (SignatureError, BodyError):
        error = cls("some_code", "what went wrong")
        assert isinstance(error, ProtocolError) and isinstance(error, HubError)
        assert error.code == "some_code" and error.message == "what went wrong"
        assert str(error) == "some_code: what went wrong"
    wire = WireError("bad_value", "persons.name: too long", field="name")
    assert wire.field == "name" and wire.code == "bad_value"
    assert WireError("unknown_table", "no such table").field is None


def test_messages_are_re_exported() -> None:
    assert protocol.PROTOCOL_VERSION == 1
    assert protocol.PushRequest is protocol.messages.PushRequest

"""Ed25519 request signing: real key pairs, and every signed part really signed."""

from __future__ import annotations

import base64

import pytest

from hub_sync.protocol.errors import ProtocolError, SignatureError
from hub_sync.protocol.signing import (
    H_DIGEST,
    H_NONCE,
    H_PROTOCOL,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
    SignedRequest,
    StationKey,
    body_digest,
    public_key_from_b64,
    read_station_id,
    sign_request,
    string_to_sign,
    verify_request,
)

STATION = "0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"
OTHER_STATION = "0190a3b4-5c6d-7e8f-9a0b-000000000000"
NONCE = "0123456789abcdef0123456789abcdef"
TS = 1_717_200_000_000
BODY = b'{"ops":[]}'
PATH = "/v1/pull?epoch=e1&seq=5"


@pytest.fixture(scope="module")
def key() -> StationKey:
    return StationKey.generate()


def _sign(key: StationKey, **over: object) -> dict[str, str]:
    args: dict[str, object] = {
        "station_id": STATION,
        "method": "POST",
        "path": PATH,
        "body": BODY,
        "timestamp_ms": TS,
        "nonce": NONCE,
    }
    args.update(over)
    return sign_request(key, **args)  # type: ignore[arg-type]


def _verify(key: StationKey, headers: dict[str, str], **over: object) -> SignedRequest:
    args: dict[str, object] = {"method": "POST", "path": PATH, "body": BODY}
    args.update(over)
    return verify_request(key.public_key_b64(), headers=headers, **args)  # type: ignore[arg-type]


def test_round_trip(key: StationKey) -> None:
    headers = _sign(key)
    assert set(headers) == {H_STATION, H_TIMESTAMP, H_NONCE, H_DIGEST, H_SIGNATURE, H_PROTOCOL}
    assert headers[H_PROTOCOL] == "1"
    assert headers[H_DIGEST] == body_digest(BODY)
    assert len(base64.b64decode(headers[H_SIGNATURE])) == 64
    assert _verify(key, headers) == SignedRequest(STATION, TS, NONCE)


def test_random_nonce_is_32_lowercase_hex(key: StationKey) -> None:
    first = sign_request(key, station_id=STATION, method="GET", path="/", body=b"", timestamp_ms=1)
    second = sign_request(key, station_id=STATION, method="GET", path="/", body=b"", timestamp_ms=1)
    for headers in (first, second):
        nonce = headers[H_NONCE]
        assert len(nonce) == 32 and nonce == nonce.lower() and int(nonce, 16) >= 0
    assert first[H_NONCE] != second[H_NONCE]
    verify_request(key.public_key_b64(), headers=first, method="GET", path="/", body=b"")


def test_method_case_does_not_matter(key: StationKey) -> None:
    headers = _sign(key, method="post")
    assert _verify(key, headers, method="POST").station_id == STATION


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("method", "PUT"),
        ("path", "/v1/pull?epoch=e1&seq=6"),
        ("path", "/v1/pull?seq=5&epoch=e1"),  # same parameters, another order
        ("path", "/v1/pull"),
        ("path", "/v1/push?epoch=e1&seq=5"),
    ],
)
def test_changing_method_or_path_breaks_the_signature(
    key: StationKey, part: str, value: str
) -> None:
    headers = _sign(key)
    with pytest.raises(SignatureError) as info:
        _verify(key, headers, **{part: value})
    assert info.value.code == "bad_signature"


@pytest.mark.parametrize(
    ("header", "value"),
    [
        (H_TIMESTAMP, str(TS + 1)),
        (H_NONCE, "f" * 32),
        (H_STATION, OTHER_STATION),
    ],
)
def test_changing_a_signed_header_breaks_the_signature(
    key: StationKey, header: str, value: str
) -> None:
    headers = {**_sign(key), header: value}
    with pytest.raises(SignatureError) as info:
        _verify(key, headers)
    assert info.value.code == "bad_signature"


def test_changed_body_is_a_digest_mismatch(key: StationKey) -> None:
    headers = _sign(key)
    with pytest.raises(SignatureError) as info:
        _verify(key, headers, body=BODY + b" ")
    assert info.value.code == "bad_digest"


def test_changed_body_with_its_digest_breaks_the_signature(key: StationKey) -> None:
    body = b'{"ops":[1]}'
    headers = {**_sign(key), H_DIGEST: body_digest(body)}
    with pytest.raises(SignatureError) as info:
        _verify(key, headers, body=body)
    assert info.value.code == "bad_signature"


def test_another_stations_key_does_not_verify(key: StationKey) -> None:
    headers = _sign(StationKey.generate())
    with pytest.raises(SignatureError) as info:
        _verify(key, headers)
    assert info.value.code == "bad_signature"


def test_flipped_signature_bit_does_not_verify(key: StationKey) -> None:
    headers = _sign(key)
    raw = bytearray(base64.b64decode(headers[H_SIGNATURE]))
    raw[10] ^= 0x01
    headers[H_SIGNATURE] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(SignatureError) as info:
        _verify(key, headers)
    assert info.value.code == "bad_signature"


def test_headers_are_case_insensitive(key: StationKey) -> None:
    headers = _sign(key)
    lower = {k.lower(): v for k, v in headers.items()}
    upper = {k.upper(): v for k, v in headers.items()}
    assert _verify(key, lower).nonce == NONCE
    assert _verify(key, upper).nonce == NONCE
    assert read_station_id(lower) == STATION


@pytest.mark.parametrize("header", [H_STATION, H_TIMESTAMP, H_NONCE, H_DIGEST, H_SIGNATURE])
def test_missing_header(key: StationKey, header: str) -> None:
    headers = _sign(key)
    del headers[header]
    with pytest.raises(SignatureError) as info:
        _verify(key, headers)
    assert info.value.code == "missing_header"
    assert header in str(info.value)


def test_protocol_header_is_not_signed(key: StationKey) -> None:
    headers = _sign(key)
    del headers[H_PROTOCOL]
    assert _verify(key, headers).station_id == STATION


def test_read_station_id_without_header() -> None:
    with pytest.raises(SignatureError) as info:
        read_station_id({"content-type": "application/json"})
    assert info.value.code == "missing_header"
    assert isinstance(info.value, ProtocolError)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        (H_TIMESTAMP, "-1"),
        (H_TIMESTAMP, "17e11"),
        (H_TIMESTAMP, "01717200000000"),
        (H_TIMESTAMP, ""),
        (H_NONCE, NONCE.upper()),
        (H_NONCE, NONCE[:-1]),
        (H_NONCE, NONCE + "0"),
        (H_DIGEST, "A" * 64),
        (H_DIGEST, "abc"),
        (H_SIGNATURE, "not base64!"),
        (H_SIGNATURE, base64.b64encode(b"x" * 63).decode()),
        (H_SIGNATURE, base64.b64encode(b"x" * 65).decode()),
        (H_STATION, "has space"),
        (H_STATION, ""),
        (H_STATION, "x" * 65),
    ],
)
def test_malformed_header(key: StationKey, header: str, value: str) -> None:
    headers = {**_sign(key), header: value}
    with pytest.raises(SignatureError) as info:
        _verify(key, headers)
    assert info.value.code == "malformed_header"


def test_two_different_copies_of_a_header_are_refused(key: StationKey) -> None:
    headers = _sign(key)
    headers[H_NONCE.lower()] = "f" * 32
    with pytest.raises(SignatureError) as info:
        _verify(key, headers)
    assert info.value.code == "malformed_header"


def test_surrounding_whitespace_is_ignored(key: StationKey) -> None:
    headers = {k: f" {v} " for k, v in _sign(key).items()}
    assert _verify(key, headers).timestamp_ms == TS


def test_string_to_sign_layout() -> None:
    data = string_to_sign(
        method="get", path="/a?b=1", digest="d", timestamp_ms=5, nonce="n", station_id="s"
    )
    assert data == b"renshe-sync/1\nGET\n/a?b=1\nd\n5\nn\ns"


def test_string_to_sign_refuses_newlines() -> None:
    with pytest.raises(SignatureError):
        string_to_sign(
            method="GET", path="/a\n", digest="d", timestamp_ms=5, nonce="n", station_id="s"
        )


def test_key_round_trip_through_private_bytes() -> None:
    key = StationKey.generate()
    raw = key.private_bytes()
    assert len(raw) == 32
    again = StationKey.from_private_bytes(raw)
    assert again.public_key_b64() == key.public_key_b64()
    assert len(base64.b64decode(key.public_key_b64())) == 32
    assert raw.hex() not in repr(key) and key.public_key_b64() in repr(key)


def test_bad_private_key_length() -> None:
    with pytest.raises(SignatureError) as info:
        StationKey.from_private_bytes(b"short")
    assert info.value.code == "bad_private_key"


@pytest.mark.parametrize("text", ["", "!!!", base64.b64encode(b"x" * 31).decode()])
def test_bad_public_key(text: str) -> None:
    with pytest.raises(SignatureError) as info:
        public_key_from_b64(text)
    assert info.value.code == "bad_public_key"


def test_verify_with_bad_registered_key(key: StationKey) -> None:
    with pytest.raises(SignatureError) as info:
        verify_request("nope", headers=_sign(key), method="POST", path=PATH, body=BODY)
    assert info.value.code == "bad_public_key"

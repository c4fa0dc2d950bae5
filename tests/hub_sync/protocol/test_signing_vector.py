"""The fixed test vector, and the worked example document that shows it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hub_sync.protocol.messages import PushRequest
from hub_sync.protocol.signing import (
    H_DIGEST,
    H_NONCE,
    H_PROTOCOL,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
    StationKey,
    body_digest,
    sign_request,
    string_to_sign,
    verify_request,
)

DOC = Path(__file__).with_name("signed_request_example.md")

PRIVATE = bytes(range(32))
STATION = "0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"
TIMESTAMP = 1_717_200_000_000
NONCE = "00112233445566778899aabbccddeeff"
METHOD = "POST"
PATH = "/v1/push"
BODY = (
    '{"ops":[{"base_version":3,"fields":{"changed_at":"2024-06-01T00:00:00.000000Z",'
    '"changed_staff":"0190a3b4-0000-7000-8000-0000000000aa","name":"张三丰",'
    '"phone":"13800138000"},"hlc":"1717200000000-00000-9a0b1c2d3e4f5a6b",'
    '"old":{"name":"张三","phone":null},"op":"update",'
    '"record_id":"0190a3b4-0000-7000-8000-000000000001","seq":1,"table":"persons"}]}'
).encode()

PUBLIC_B64 = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="
DIGEST = "f00f8dd793cbfa7affc9900b1539cc17d71adfec923829590e00713f6d8a1ad7"
SIGNATURE = (
    "vaBfFbnXAMqg122FyNmEXH43CmwA35ckrYa1GsnQJCeHq1YnaRd8VyX3SY0az7aZJpdg4e+FAc72joFd9YAHDg=="
)
EXPECTED_HEADERS = {
    H_STATION: STATION,
    H_TIMESTAMP: "1717200000000",
    H_NONCE: NONCE,
    H_DIGEST: DIGEST,
    H_SIGNATURE: SIGNATURE,
    H_PROTOCOL: "1",
}
EMPTY_DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_known_public_key() -> None:
    # RFC 8032 style seed 00..1f; the same public key as libsodium and Go's ed25519.
    key = StationKey.from_private_bytes(PRIVATE)
    assert key.public_key_bytes().hex() == (
        "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
    )
    assert key.public_key_b64() == PUBLIC_B64


def test_known_headers() -> None:
    key = StationKey.from_private_bytes(PRIVATE)
    headers = sign_request(
        key,
        station_id=STATION,
        method=METHOD,
        path=PATH,
        body=BODY,
        timestamp_ms=TIMESTAMP,
        nonce=NONCE,
    )
    assert headers == EXPECTED_HEADERS
    signed = verify_request(PUBLIC_B64, headers=headers, method=METHOD, path=PATH, body=BODY)
    assert (signed.station_id, signed.timestamp_ms, signed.nonce) == (STATION, TIMESTAMP, NONCE)


def test_known_body_is_a_valid_push() -> None:
    request = PushRequest.model_validate_json(BODY)
    assert request.ops[0].fields["name"] == "张三丰"
    assert body_digest(b"") == EMPTY_DIGEST


# --- the worked example document ------------------------------------------------


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _fenced(doc: str, info: str) -> str:
    blocks = re.findall(rf"^```{info}\n(.*?)\n```$", doc, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, f"expected one ```{info} block"
    return str(blocks[0])


def _listed(doc: str, label: str) -> str:
    match = re.search(rf"^- {re.escape(label)}[^:]*: `([^`]*)`", doc, flags=re.MULTILINE)
    assert match is not None, f"no '- {label}: `…`' line"
    return match.group(1)


def test_doc_request_parameters(doc: str) -> None:
    assert _listed(doc, "Private key") == PRIVATE.hex()
    assert _listed(doc, "Public key") == PUBLIC_B64
    assert _listed(doc, "Method") == METHOD
    assert _listed(doc, "Path") == PATH
    assert _listed(doc, "Station") == STATION
    assert _listed(doc, "Timestamp") == str(TIMESTAMP)
    assert _listed(doc, "Nonce") == NONCE


def test_doc_body(doc: str) -> None:
    body = _fenced(doc, "json").encode("utf-8")
    assert body == BODY
    assert f"Body: {len(BODY)} bytes" in doc
    json.loads(body)


def test_doc_string_to_sign(doc: str) -> None:
    expected = string_to_sign(
        method=METHOD,
        path=PATH,
        digest=DIGEST,
        timestamp_ms=TIMESTAMP,
        nonce=NONCE,
        station_id=STATION,
    )
    assert _fenced(doc, "text").encode("utf-8") == expected


def test_doc_headers(doc: str) -> None:
    rows = dict(re.findall(r"^\| `(X-Renshe-[A-Za-z0-9-]+)` \| `([^`]*)` \|$", doc, re.MULTILINE))
    assert rows == EXPECTED_HEADERS


def test_doc_empty_digest(doc: str) -> None:
    assert EMPTY_DIGEST in doc

"""Body compression: round trips, and a hard cap that stops decompression bombs."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from hub_sync.protocol.compression import (
    decode_body,
    encode_body,
    normalize_encoding,
)
from hub_sync.protocol.errors import BodyError, ProtocolError

MB = 1024 * 1024
JSON = ('{"ops":[' + ",".join(['{"name":"张三","phone":"13800138000"}'] * 500) + "]}").encode()


@pytest.mark.parametrize("encoding", ["gzip", "zstd", None])
def test_round_trip(encoding: str | None) -> None:
    packed = encode_body(JSON, encoding)
    if encoding is not None:
        assert len(packed) < len(JSON) // 10
    assert decode_body(packed, encoding, max_size=len(JSON)) == JSON


@given(st.binary(max_size=5000), st.sampled_from(["gzip", "zstd"]))
def test_round_trip_any_bytes(data: bytes, encoding: str) -> None:
    packed = encode_body(data, encoding)
    assert decode_body(packed, encoding, max_size=len(data)) == data


def test_gzip_output_is_deterministic() -> None:
    assert encode_body(JSON, "gzip") == encode_body(JSON, "gzip")  # no mtime in the header


def test_decodes_what_other_clients_send() -> None:
    assert decode_body(gzip.compress(JSON, mtime=12345), "GZIP", max_size=MB) == JSON
    assert decode_body(gzip.compress(JSON), "x-gzip", max_size=MB) == JSON
    chunks = zstandard.ZstdCompressor(write_content_size=False).compress(JSON)
    assert decode_body(chunks, " zstd ", max_size=MB) == JSON


def test_concatenated_members_and_frames() -> None:
    two_gzip = gzip.compress(b"ab") + gzip.compress(b"cd")
    assert decode_body(two_gzip, "gzip", max_size=10) == b"abcd"
    cctx = zstandard.ZstdCompressor()
    two_zstd = cctx.compress(b"ab") + cctx.compress(b"cd")
    assert decode_body(two_zstd, "zstd", max_size=10) == b"abcd"


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_cap_is_exact(encoding: str) -> None:
    packed = encode_body(b"x" * 1000, encoding)
    assert decode_body(packed, encoding, max_size=1000) == b"x" * 1000
    with pytest.raises(BodyError) as info:
        decode_body(packed, encoding, max_size=999)
    assert info.value.code == "body_too_large"


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_bomb_is_stopped_without_inflating_it(encoding: str) -> None:
    bomb = encode_body(bytes(10 * MB), encoding)
    assert len(bomb) < 20 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(BodyError) as info:
            decode_body(bomb, encoding, max_size=MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == "body_too_large"
    assert isinstance(info.value, ProtocolError)
    assert peak < 3 * MB  # never near the 10 MB the body would inflate to


def test_zstd_frame_declaring_a_huge_size_is_stopped() -> None:
    # A frame whose header promises 10 MB must not make the hub allocate 10 MB.
    bomb = zstandard.ZstdCompressor(write_content_size=True).compress(bytes(10 * MB))
    with pytest.raises(BodyError) as info:
        decode_body(bomb, "zstd", max_size=MB)
    assert info.value.code == "body_too_large"


def test_zstd_window_larger_than_allowed_is_refused() -> None:
    # Streamed (size unknown), so the 128 MiB window stays in the frame header.
    params = zstandard.ZstdCompressionParameters.from_level(19, window_log=27)
    stream = zstandard.ZstdCompressor(compression_params=params).compressobj()
    wide = stream.compress(bytes(range(256)) * 64) + stream.flush()
    assert zstandard.get_frame_parameters(wide).window_size == 128 * MB
    with pytest.raises(BodyError) as info:
        decode_body(wide, "zstd", max_size=16 * MB)
    assert info.value.code == "bad_encoding"


def test_uncompressed_body_is_capped_too() -> None:
    assert decode_body(b"abc", None, max_size=3) == b"abc"
    assert decode_body(b"abc", "identity", max_size=3) == b"abc"
    with pytest.raises(BodyError) as info:
        decode_body(b"abcd", None, max_size=3)
    assert info.value.code == "body_too_large"


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
@pytest.mark.parametrize(
    "garbage",
    [
        b"this is not compressed",
        b"\x1f\x8b\x08\x00garbage",
        b"(\xb5/\xfd garbage",
    ],
)
def test_garbage_is_bad_encoding(encoding: str, garbage: bytes) -> None:
    with pytest.raises(BodyError) as info:
        decode_body(garbage, encoding, max_size=MB)
    assert info.value.code == "bad_encoding"


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_truncated_body_is_bad_encoding(encoding: str) -> None:
    packed = encode_body(JSON, encoding)
    with pytest.raises(BodyError) as info:
        decode_body(packed[: len(packed) // 2], encoding, max_size=MB)
    assert info.value.code == "bad_encoding"


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_trailing_garbage_is_bad_encoding(encoding: str) -> None:
    packed = encode_body(JSON, encoding)
    with pytest.raises(BodyError) as info:
        decode_body(packed + b"junk", encoding, max_size=MB)
    assert info.value.code == "bad_encoding"


@pytest.mark.parametrize("encoding", ["br", "deflate", "gzip, zstd", "compress"])
def test_unknown_encoding_is_bad_encoding(encoding: str) -> None:
    with pytest.raises(BodyError) as info:
        decode_body(b"", encoding, max_size=MB)
    assert info.value.code == "bad_encoding"
    with pytest.raises(BodyError):
        encode_body(b"x", encoding)


def test_empty_body_is_empty_whatever_its_label() -> None:
    assert decode_body(b"", "gzip", max_size=0) == b""
    assert decode_body(b"", "zstd", max_size=0) == b""


def test_normalize_encoding() -> None:
    assert normalize_encoding(None) is None
    assert normalize_encoding("") is None
    assert normalize_encoding("Identity") is None
    assert normalize_encoding("X-GZIP") == "gzip"
    assert normalize_encoding("zstd") == "zstd"

"""Bytes from a scanner → text: UTF-8, then GB18030; noise refused with a clear message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_client.devices.barcode.text import decode_code_bytes, is_clean_text, split_aim_prefix
from station_client.devices.errors import BadResponse


@pytest.mark.parametrize(
    "text", ["11010519491231002X", "张三", "广东省广州市天河区体育西路123号", "𠀾"]
)
def test_utf8(text: str) -> None:
    assert decode_code_bytes(text.encode("utf-8")) == text


@pytest.mark.parametrize("text", ["张三", "李四 北京市海淀区中关村大街1号", "欧阳娜娜"])
def test_gbk_from_a_scanner_set_to_gbk(text: str) -> None:
    assert decode_code_bytes(text.encode("gbk")) == text


def test_utf8_byte_order_mark_is_dropped() -> None:
    assert decode_code_bytes("\ufeff王小明".encode()) == "王小明"


def test_gs1_separators_are_kept() -> None:
    assert decode_code_bytes(b"0106901234567892\x1d10ABC") == "0106901234567892\x1d10ABC"


@pytest.mark.parametrize(
    "noise", [b"\xff\xfe\xfd", b"abc\x00def", b"\x1b[2J", b"\x80", b"\xaa\xa1"]
)
def test_noise_is_refused_with_a_clear_message(noise: bytes) -> None:
    with pytest.raises(BadResponse) as error:
        decode_code_bytes(noise)
    assert "encoding" in error.value.message_en
    assert "编码" in error.value.message_zh


@settings(max_examples=5000, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_clean_text_or_bad_response(data: bytes) -> None:
    try:
        text = decode_code_bytes(data)
    except BadResponse:
        return
    assert is_clean_text(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(st.characters(codec="gb18030", exclude_categories=("Cc", "Co", "Cn", "Cs"))))
def test_any_text_a_gbk_scanner_sends_comes_back(text: str) -> None:
    data = text.encode("gb18030")
    decoded = decode_code_bytes(data)
    # UTF-8 wins when the GB18030 bytes happen to be valid UTF-8 too (ASCII, mostly).
    assert decoded == text or decoded == data.decode("utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("]Q1RS1|F|ABC|X", ("QRCODE", "RS1|F|ABC|X")),
        ("]C011010519491231002X", ("CODE128", "11010519491231002X")),
        ("]E06901234567892", ("EAN13", "6901234567892")),
        ("]X0abc", ("UNKNOWN", "]X0abc")),
        ("]Q", ("UNKNOWN", "]Q")),
        ("plain", ("UNKNOWN", "plain")),
    ],
)
def test_aim_symbology_prefix(text: str, expected: tuple[str, str]) -> None:
    assert split_aim_prefix(text) == expected

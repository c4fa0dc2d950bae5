"""Codes in pictures and camera frames, through the real zbar library."""

from __future__ import annotations

# ruff: noqa: E402  (the zbar check comes before the imports that load zbar)
from .zbar import require_zbar

require_zbar()

import io
from pathlib import Path

import barcode
import pytest
import segno
from barcode.writer import ImageWriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pyzbar import pyzbar

from station_client.devices.barcode.image import (
    FrameScanner,
    decode_frame,
    decode_image,
    decode_image_bytes,
    decode_image_file,
    recover_utf8_from_sjis_guess,
)
from station_client.devices.errors import BadResponse, DeviceUnavailable
from station_client.devices.events import CodeScanned

NAMES_AND_ADDRESSES = [
    "张三",
    "欧阳娜娜",
    "王小明",
    "李四 北京市海淀区中关村大街1号",
    "广东省广州市天河区体育西路123号",
    "新疆维吾尔自治区乌鲁木齐市天山区解放北路88号院3单元502室",
    "买买提·艾力",  # a middle dot in a Uyghur name
    "龘",
    "䶮",  # CJK extension A
    "𠀾",  # extension B: four bytes in UTF-8
    "姓名：赵敏；地址：江苏省南京市江宁区秣陵街道",
]


def png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def qr(text: str, **kw: object) -> Image.Image:
    """A QR code of ``text`` in byte mode. (Left to choose, segno takes UTF-8 bytes that
    merely look like Shift-JIS pairs — "丂0" — for kanji and writes a broken code.)"""
    out = io.BytesIO()
    kw.setdefault("mode", "byte")
    segno.make(text, micro=False, **kw).save(out, kind="png", scale=4)  # type: ignore[arg-type]
    out.seek(0)
    return Image.open(out).convert("L")


def code128(text: str) -> Image.Image:
    out = io.BytesIO()
    barcode.get("code128", text, writer=ImageWriter()).write(out, options={"write_text": False})
    out.seek(0)
    return Image.open(out).convert("L")


@pytest.mark.parametrize("text", NAMES_AND_ADDRESSES)
def test_utf8_chinese_qr_is_read_as_written(text: str) -> None:
    assert decode_image(qr(text, encoding="utf-8")) == [CodeScanned("QRCODE", text, "image")]


@pytest.mark.parametrize("text", NAMES_AND_ADDRESSES[:5])
def test_utf8_chinese_qr_with_eci_header_is_read_as_written(text: str) -> None:
    assert decode_image(qr(text, encoding="utf-8", eci=True))[0].text == text


@pytest.mark.parametrize("text", NAMES_AND_ADDRESSES[:6])
def test_gbk_chinese_qr_is_read_as_written(text: str) -> None:
    assert decode_image(qr(text, encoding="gb18030"))[0].text == text


def test_zbar_on_its_own_garbles_utf8_chinese_and_the_fallback_recovers_it() -> None:
    """What happens without ZBAR_CFG_BINARY (an older zbar): zbar's Shift-JIS guess."""
    text = "广东省广州市天河区体育西路123号"
    [plain] = pyzbar.decode(qr(text, encoding="utf-8"))
    guessed = plain.data.decode("utf-8")
    assert guessed != text  # the mojibake the fallback exists for
    assert recover_utf8_from_sjis_guess(guessed) == text


@pytest.mark.parametrize("text", ["张三", "Station 12", "日本語のテキスト", "~\\ ok"])
def test_the_fallback_leaves_correct_text_alone(text: str) -> None:
    assert recover_utf8_from_sjis_guess(text) == text


common_hanzi = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
mixed_text = st.text(
    alphabet=st.one_of(common_hanzi, st.sampled_from("0123456789ABCxyz -·：，号室")),
    min_size=1,
    max_size=60,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_text)
def test_any_chinese_text_survives_a_qr_round_trip(text: str) -> None:
    assert decode_image(qr(text, encoding="utf-8"))[0].text == text


def test_a_picture_with_a_qr_code_and_a_barcode_gives_both() -> None:
    left, right = qr("RS1|F|ABC|X"), code128("11010519491231002X")
    sheet = Image.new("L", (left.width + right.width + 40, max(left.height, right.height)), 255)
    sheet.paste(left, (0, 0))
    sheet.paste(right, (left.width + 40, 0))
    found = {(c.symbology, c.text) for c in decode_image(sheet)}
    assert found == {("QRCODE", "RS1|F|ABC|X"), ("CODE128", "11010519491231002X")}


def test_png_jpeg_and_a_file_on_disk(tmp_path: Path) -> None:
    picture = qr("王小明", encoding="utf-8")
    assert decode_image_bytes(png(picture))[0].text == "王小明"
    jpeg = io.BytesIO()
    picture.convert("RGB").save(jpeg, format="JPEG", quality=90)
    assert decode_image_bytes(jpeg.getvalue())[0].text == "王小明"
    path = tmp_path / "scan.png"
    path.write_bytes(png(picture))
    assert decode_image_file(path) == [CodeScanned("QRCODE", "王小明", "image")]


def test_camera_frame_of_grey_pixels() -> None:
    picture = qr("李四", encoding="utf-8")
    frame = decode_frame(picture.tobytes(), picture.width, picture.height)
    assert frame == [CodeScanned("QRCODE", "李四", "camera")]
    blank = Image.new("L", (320, 240), 255)
    assert decode_frame(blank.tobytes(), 320, 240) == []  # nothing in view is normal


def test_frame_scanner_reports_a_code_once_while_it_is_shown() -> None:
    now = [100.0]
    events: list[object] = []
    scanner = FrameScanner(events.append, repeat_after_s=2.0, clock=lambda: now[0])
    picture = qr("RS1|F|ABC|X")
    frame = (picture.tobytes(), picture.width, picture.height)
    for _ in range(5):  # held in front of the camera
        scanner.feed(*frame)
        now[0] += 0.1
    assert events == [CodeScanned("QRCODE", "RS1|F|ABC|X", "camera")]
    now[0] += 3.0  # taken away and shown again later
    scanner.feed(*frame)
    assert len(events) == 2


def test_frame_scanner_survives_a_failing_sink() -> None:
    def broken(event: object) -> None:
        raise RuntimeError("sink bug")

    picture = qr("ABC123")
    assert FrameScanner(broken).feed(picture.tobytes(), picture.width, picture.height)


# -- bad input ---------------------------------------------------------------------------


def test_picture_without_a_code() -> None:
    with pytest.raises(BadResponse) as error:
        decode_image(Image.new("L", (400, 300), 255))
    assert "no barcode" in error.value.message_en
    assert "未找到" in error.value.message_zh


def test_empty_file_and_empty_picture() -> None:
    with pytest.raises(BadResponse, match="empty"):
        decode_image_bytes(b"")
    with pytest.raises(BadResponse, match="empty"):
        decode_image(Image.new("L", (0, 0)))


def test_corrupt_and_truncated_files() -> None:
    good = png(qr("张三", encoding="utf-8"))
    for damaged in (b"not a picture at all", good[: len(good) // 2], good[:40]):
        with pytest.raises(BadResponse) as error:
            decode_image_bytes(damaged)
        assert "not a readable picture" in error.value.message_en or "no barcode" in (
            error.value.message_en
        )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DeviceUnavailable, match="cannot read the picture"):
        decode_image_file(tmp_path / "nowhere.png")


def test_frame_of_the_wrong_size() -> None:
    with pytest.raises(BadResponse, match="does not match"):
        decode_frame(b"\x00" * 100, 20, 20)


png_header = b"\x89PNG\r\n\x1a\n"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.binary(max_size=2000).map(lambda b: png_header + b)))
def test_random_bytes_give_bad_response_never_another_error(data: bytes) -> None:
    with pytest.raises(BadResponse):
        decode_image_bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_flipped_bits_in_a_real_picture_give_a_code_or_bad_response(data: st.DataObject) -> None:
    good = bytearray(png(qr("RS1|A|2025-000123|8")))
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(good) - 1))
        good[i] ^= 1 << data.draw(st.integers(0, 7))
    try:
        codes = decode_image_bytes(bytes(good))
    except BadResponse:
        return
    assert all(c.text for c in codes)

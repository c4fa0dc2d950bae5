"""Barcodes and QR codes in pictures and camera frames, decoded with zbar (pyzbar).

QR text and zbar's encoding guess: for a byte-mode QR code without an ECI header, zbar
guesses the text encoding and, for Chinese UTF-8, often guesses Shift-JIS — "广东省"
comes out as "蟷ｿ荳懃怐". pyzbar 0.1.9 does not expose zbar's ``ZBAR_CFG_BINARY``
option ("return the raw bytes"), but it does expose ``zbar_image_scanner_set_config``,
so the scanner is set up here with that option (value 4 in zbar ≥ 0.23) and the raw
bytes are decoded by :func:`.text.decode_code_bytes` (UTF-8, then GB18030 — which also
reads GBK QR codes that zbar would garble). An older zbar without the option refuses it;
then zbar's own text is used and :func:`recover_utf8_from_sjis_guess` undoes the
Shift-JIS guess when the text round-trips (re-encoded as Shift-JIS/CP932 it is valid
UTF-8).

Bad input — an empty or corrupt file, a picture without a readable code — raises
:class:`BadResponse` with a message the clerk can act on; no event is produced. Camera
frames without a code are normal: :class:`FrameScanner` simply finds nothing.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from ctypes import c_void_p, cast, string_at
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from pyzbar import pyzbar, wrapper
from pyzbar.pyzbar_error import PyZbarError

from station_client.devices.errors import BadResponse, DeviceError, DeviceUnavailable
from station_client.devices.events import CodeScanned, EventSink

from .text import decode_code_bytes

#: ``ZBAR_CFG_BINARY`` in zbar ≥ 0.23 (pyzbar 0.1.9's enum predates it).
ZBAR_CFG_BINARY = 4
_GRAY_FOURCC = 0x30303859  # "Y800": 8-bit grey
_SHIFT_JIS_GUESSES = ("shift_jis", "cp932")

_log = logging.getLogger(__name__)


def _no_code() -> BadResponse:
    return BadResponse(
        "no barcode or QR code found in the picture — make sure the code is sharp, flat, "
        "well lit and entirely in the picture, then try again",
        "图片中未找到条码或二维码，请确保条码清晰、平整、光线充足且完整入镜后重试",
    )


@dataclass(frozen=True)
class _Symbol:
    symbology: str
    data: bytes
    raw: bool  # data are the code's own bytes (ZBAR_CFG_BINARY), not zbar's UTF-8 text


def recover_utf8_from_sjis_guess(text: str) -> str:
    """Undo zbar's Shift-JIS guess for a UTF-8 QR code: if ``text`` re-encoded as
    Shift-JIS (or CP932) is valid UTF-8, that is the original; else ``text`` itself."""
    for encoding in _SHIFT_JIS_GUESSES:
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def _scan_gray(pixels: bytes, width: int, height: int) -> list[_Symbol]:
    """zbar over an 8-bit grey image, asking for raw QR bytes when zbar can give them."""
    found: list[_Symbol] = []
    with pyzbar._image_scanner() as scanner:
        raw = (
            wrapper.zbar_image_scanner_set_config(
                scanner, wrapper.ZBarSymbol.QRCODE, ZBAR_CFG_BINARY, 1
            )
            == 0
        )
        with pyzbar._image() as image:
            wrapper.zbar_image_set_format(image, _GRAY_FOURCC)
            wrapper.zbar_image_set_size(image, width, height)
            wrapper.zbar_image_set_data(
                image,
                cast(pixels, c_void_p),  # type: ignore[arg-type]  # ctypes accepts bytes
                len(pixels),
                None,
            )
            if wrapper.zbar_scan_image(scanner, image) < 0:
                raise PyZbarError("zbar could not scan the image")
            for symbol in pyzbar._symbols_for_image(image):
                data = string_at(
                    wrapper.zbar_symbol_get_data(symbol),
                    wrapper.zbar_symbol_get_data_length(symbol),
                )
                try:
                    name = wrapper.ZBarSymbol(symbol.contents.type).name
                except ValueError:
                    name = "UNKNOWN"
                found.append(_Symbol(name, data, raw and name == "QRCODE"))
    return found


def _symbol_text(symbol: _Symbol) -> str:
    text = decode_code_bytes(symbol.data, what="the code in the picture", what_zh="图片中的码")
    if symbol.raw or symbol.symbology != "QRCODE":
        return text
    return recover_utf8_from_sjis_guess(text)  # zbar's text, possibly a Shift-JIS guess


def decode_frame(
    pixels: bytes, width: int, height: int, *, source: str = "camera"
) -> list[CodeScanned]:
    """The codes in one 8-bit grey frame (``width * height`` bytes); [] when none.
    BadResponse for a frame of the wrong size or a code whose text cannot be read."""
    if width <= 0 or height <= 0 or len(pixels) != width * height:
        raise BadResponse(
            f"camera frame of {len(pixels)} bytes does not match {width}x{height} grey pixels "
            "— check the camera's picture format setting",
            "摄像头画面数据与尺寸不符，请检查摄像头的图像格式设置",
        )
    try:
        symbols = _scan_gray(pixels, width, height)
    except PyZbarError as e:
        raise BadResponse(
            f"the barcode decoder failed on this picture ({e}) — try another picture",
            "条码识别程序无法处理此图片，请换一张图片重试",
        ) from e
    return [CodeScanned(s.symbology, _symbol_text(s), source) for s in symbols]


def decode_image(image: Image.Image, *, source: str = "image") -> list[CodeScanned]:
    """The codes in a picture; BadResponse if it is empty or holds no readable code."""
    if image.width == 0 or image.height == 0:
        raise BadResponse("the picture is empty — take it again", "图片为空，请重新拍摄或选择")
    try:
        gray = image.convert("L")
    except (OSError, ValueError) as e:
        raise _corrupt(e) from e
    codes = decode_frame(gray.tobytes(), gray.width, gray.height, source=source)
    if not codes:
        raise _no_code()
    return codes


def _corrupt(error: Exception) -> BadResponse:
    return BadResponse(
        f"the file is not a readable picture (damaged or of an unsupported format: {error}) "
        "— take or choose the picture again",
        "文件不是可读取的图片（已损坏或格式不支持），请重新拍摄或选择图片",
    )


def decode_image_bytes(data: bytes, *, source: str = "image") -> list[CodeScanned]:
    """The codes in an encoded picture (PNG, JPEG, BMP…)."""
    if not data:
        raise BadResponse(
            "the picture file is empty — take it again", "图片文件为空，请重新拍摄或选择"
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return decode_image(image, source=source)
    except DeviceError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise _corrupt(e) from e
    except Image.DecompressionBombError as e:  # a plain Exception subclass in Pillow
        raise _corrupt(e) from e


def decode_image_file(path: str | Path, *, source: str = "image") -> list[CodeScanned]:
    """The codes in a picture file."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DeviceUnavailable(
            f"cannot read the picture file {path} ({e.strerror}) — choose the file again",
            f"无法读取图片文件{path}，请重新选择文件",
        ) from e
    return decode_image_bytes(data, source=source)


class FrameScanner:
    """Camera frames → CodeScanned events, one per code shown: the same code seen again
    within ``repeat_after_s`` (it is still in front of the camera) is not reported again.
    Frames may come from any thread; the sink is called from the caller's thread."""

    def __init__(
        self,
        sink: EventSink,
        *,
        repeat_after_s: float = 2.0,
        source: str = "camera",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sink = sink
        self._repeat_after_s = repeat_after_s
        self._source = source
        self._clock = clock
        self._last_seen: dict[tuple[str, str], float] = {}

    def feed(self, pixels: bytes, width: int, height: int) -> list[CodeScanned]:
        """Decode one grey frame; report and return the codes not seen just before."""
        now = self._clock()
        fresh: list[CodeScanned] = []
        for code in decode_frame(pixels, width, height, source=self._source):
            key = (code.symbology, code.text)
            last = self._last_seen.get(key)
            self._last_seen[key] = now
            if last is None or now - last > self._repeat_after_s:
                fresh.append(code)
        self._forget(now)
        for code in fresh:
            _deliver(self._sink, code)
        return fresh

    def _forget(self, now: float) -> None:
        stale = [k for k, t in self._last_seen.items() if now - t > self._repeat_after_s]
        for key in stale:
            del self._last_seen[key]


def _deliver(sink: EventSink, event: Any) -> None:
    try:
        sink(event)
    except Exception:  # the sink must not raise; if it does, the camera goes on
        _log.exception("event sink failed on %r", event)

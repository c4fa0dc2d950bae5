"""Turning the bytes a scanner or a QR code carries into text.

Encodings: a code's bytes are tried as UTF-8 first, then as GB18030. UTF-8 is what
current software writes (and what ECI 26 declares), and random non-UTF-8 bytes almost
never decode as UTF-8, so a success is trustworthy; GB18030 (a superset of GBK and
GB 2312) covers scanners set to output GBK and QR codes made by older Chinese software.
Shift-JIS and Latin-1 codes are not recognised: they would decode as GB18030 mojibake or
fail, and neither appears at a Chinese service counter.

Text that decodes but holds control characters (other than Tab and the GS1 / ISO 15434
separators), private-use or unassigned code points is line noise, not a code.

:func:`split_aim_prefix` strips the AIM symbology identifier ("]Q1", "]C0"…) that
scanners can be set to send before each code, and names the symbology.
"""

from __future__ import annotations

import unicodedata

from station_client.devices.errors import BadResponse

ENCODINGS = ("utf-8", "gb18030")
#: Control characters real codes carry: Tab, FS, GS (GS1 separator), RS, EOT.
ALLOWED_CONTROLS = frozenset("\t\x1c\x1d\x1e\x04")
_BAD_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})

#: AIM symbology identifier letter → the symbology names pyzbar uses.
AIM_SYMBOLOGIES = {
    "A": "CODE39",
    "C": "CODE128",
    "E": "EAN13",
    "F": "CODABAR",
    "G": "CODE93",
    "I": "I25",
    "L": "PDF417",
    "Q": "QRCODE",
    "d": "DATAMATRIX",
    "e": "DATABAR",
    "z": "AZTEC",
}


def is_clean_text(text: str) -> bool:
    """No line noise: no stray control, private-use, unassigned or surrogate characters."""
    return all(
        ch in ALLOWED_CONTROLS or unicodedata.category(ch) not in _BAD_CATEGORIES for ch in text
    )


def decode_code_bytes(data: bytes, *, what: str = "the scanner", what_zh: str = "扫码枪") -> str:
    """The text of a scanned code's bytes (UTF-8, else GB18030); BadResponse if neither
    gives clean text. ``what`` names the source in the message."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if is_clean_text(text):
            return text
    preview = data[:24].hex(" ")
    raise BadResponse(
        f"{what} sent a code that is not readable text (neither UTF-8 nor GB18030; "
        f"starts {preview}) — check the scanner's output encoding setting and scan again",
        f"{what_zh}发送的内容无法识别（不是UTF-8或GB18030编码的文字），"
        "请检查扫码枪的输出编码设置后重新扫码",
    )


def split_aim_prefix(text: str) -> tuple[str, str]:
    """(symbology, code) from a code that starts with an AIM identifier ("]Q1…");
    ("UNKNOWN", text) when it does not."""
    if len(text) >= 3 and text[0] == "]" and text[1] in AIM_SYMBOLOGIES and text[2].isalnum():
        return AIM_SYMBOLOGIES[text[1]], text[3:]
    return "UNKNOWN", text

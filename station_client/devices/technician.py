"""What `renshe-station devices …` does for a technician setting up a counter PC.

Each operation returns plain data (printed as text or JSON by the CLI) or raises a
:class:`DeviceError` whose message says what to check. Personal data read from a card
is shown in full here: the command is run by a technician at the PC, with the card's
holder present, to prove the reader works; nothing is stored.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DeviceError, DeviceUnavailable, NoCard
from .events import CodeScanned, IdentityPresented


def identity_fields(identity: IdentityPresented) -> dict[str, Any]:
    """The identity as JSON-ready fields; the photo as its size only."""
    out: dict[str, Any] = {}
    for name, value in asdict(identity).items():
        if name == "photo":
            out["photo_bytes"] = len(value) if value else 0
        elif isinstance(value, date):
            out[name] = value.isoformat()
        else:
            out[name] = str(value) if hasattr(value, "value") else value
    return out


def list_devices() -> list[dict[str, Any]]:
    """Card readers seen through PC/SC, serial ports (and whether an ID card reader
    answers on each), and whether barcode pictures can be decoded here."""
    found: list[dict[str, Any]] = []
    try:
        from .sscard.reader import list_readers

        for name in list_readers():
            found.append({"kind": "pcsc-reader", "name": name, "state": "connected"})
    except DeviceError as e:
        found.append(
            {"kind": "pcsc-reader", "name": None, "state": "error", "reason": e.message_zh}
        )
    from .idcard.ports import candidate_ports, probe_port

    for port in candidate_ports():
        reader = probe_port(port)
        found.append(
            {
                "kind": "serial-port",
                "name": port,
                "state": "id-card-reader" if reader else "no-id-card-reader",
            }
        )
    try:
        import pyzbar.pyzbar  # noqa: F401  (loads libzbar)

        found.append({"kind": "image-decoder", "name": "zbar", "state": "ready"})
    except (ImportError, OSError) as e:
        found.append(
            {
                "kind": "image-decoder",
                "name": "zbar",
                "state": "error",
                "reason": f"libzbar 未安装，无法识别图片中的条码 ({e})",
            }
        )
    return found


def read_card(reader: str | None = None, *, wait: float = 0.0) -> IdentityPresented:
    """Read the social-security card in ``reader`` (the first one when ``None``),
    waiting up to ``wait`` seconds for a card to be inserted."""
    from .sscard.reader import PcscCardReader

    deadline = time.monotonic() + wait
    while True:
        try:
            return PcscCardReader(reader).read()
        except NoCard:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


def read_id(port: str | None, *, wait: float = 0.0) -> IdentityPresented:
    """Read the ID card lying on the reader at ``port`` (detected when ``None``)."""
    from .idcard.ports import detect_reader_port
    from .idcard.reader import IdCardReader

    reader = IdCardReader.open_serial(port or detect_reader_port())
    try:
        reader.check_sam()
        deadline = time.monotonic() + wait
        while not reader.find_card():
            if time.monotonic() >= deadline:
                raise NoCard(
                    "no ID card on the reader — put the card on the reader and try again",
                    "阅读器上没有身份证，请将身份证放在阅读器上后重试",
                )
            time.sleep(0.3)
        return reader.read_identity()
    finally:
        reader.close()


def decode(path: Path) -> list[CodeScanned]:
    """Every barcode and QR code in a picture file."""
    try:
        from .barcode.image import decode_image_file
    except (ImportError, OSError) as e:  # libzbar missing
        raise DeviceUnavailable(
            f"barcode pictures cannot be decoded on this PC: {e}", "本机未安装条码识别库(libzbar)"
        ) from e
    return decode_image_file(path)

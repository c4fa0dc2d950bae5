"""`renshe-station devices decode IMAGE`: what a picture's codes say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station_client.cli import main

from .test_image import qr


def test_decode_prints_a_chinese_qr_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picture = tmp_path / "form.png"
    qr("南京市江宁区东山街道 张三").save(picture)
    assert main(["devices", "decode", str(picture), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == [{"symbology": "QRCODE", "text": "南京市江宁区东山街道 张三"}]


def test_decode_of_a_file_that_is_no_picture_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "notes.png"
    junk.write_bytes(b"this is not a picture")
    assert main(["devices", "decode", str(junk)]) == 2
    assert "renshe-station:" in capsys.readouterr().err

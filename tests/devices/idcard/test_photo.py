"""The WLT photo: kept as read; decoded only through a configured vendor decoder, which
here is a real program run the way a vendor's command-line decoder is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from station_client.devices.errors import BadResponse
from station_client.devices.idcard.photo import (
    CommandPhotoDecoder,
    NoPhotoDecoder,
    decode_photo,
    decoder_from_setting,
)

WLT = bytes(range(256)) * 4

# Stands in for a vendor decoder: writes a "BMP" made from the WLT bytes.
FILE_DECODER = (
    "import sys, pathlib; src, dst = sys.argv[1:3]; "
    "pathlib.Path(dst).write_bytes(b'BM' + pathlib.Path(src).read_bytes()[:16])"
)
PIPE_DECODER = "import sys; sys.stdout.buffer.write(b'BM' + sys.stdin.buffer.read()[:16])"


def test_without_a_decoder_the_clerk_is_told_what_to_ask_for() -> None:
    assert decoder_from_setting(None) is None
    assert decoder_from_setting("   ") is None
    with pytest.raises(NoPhotoDecoder) as exc:
        decode_photo(WLT, None)
    assert "区信息科" in exc.value.message_zh and "照片数据已保存" in exc.value.message_zh


def test_command_decoder_with_file_placeholders(tmp_path: Path) -> None:
    script = tmp_path / "wlt2bmp.py"
    script.write_text(FILE_DECODER)
    decoder = decoder_from_setting(f"{sys.executable} {script} {{wlt}} {{out}}")
    assert decode_photo(WLT, decoder) == b"BM" + WLT[:16]


def test_command_decoder_through_stdin_and_stdout() -> None:
    decoder = CommandPhotoDecoder([sys.executable, "-c", PIPE_DECODER])
    assert decode_photo(WLT, decoder) == b"BM" + WLT[:16]


@pytest.mark.parametrize(
    "argv",
    [
        [sys.executable, "-c", "import sys; sys.exit(3)"],
        [sys.executable, "-c", "pass"],  # writes nothing
        ["/opt/renshe-missing-vendor/wlt2bmp"],
    ],
    ids=["fails", "empty", "missing"],
)
def test_broken_decoder_is_bad_response_and_keeps_the_photo(argv: list[str]) -> None:
    with pytest.raises(BadResponse) as exc:
        decode_photo(WLT, CommandPhotoDecoder(argv))
    assert "照片数据已保存" in exc.value.message_zh


def test_photo_of_the_wrong_size_is_not_sent_to_the_decoder() -> None:
    calls: list[bytes] = []
    with pytest.raises(BadResponse):
        decode_photo(WLT[:100], lambda b: calls.append(b) or b"")  # type: ignore[func-returns-value]
    assert calls == []

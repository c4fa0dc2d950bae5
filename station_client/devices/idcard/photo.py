"""The ID card photo: 1024 bytes of WLT, a format only the reader vendors' decoders read.

The station keeps the WLT bytes exactly as read (they travel in
:attr:`IdentityPresented.photo`) and turns them into an image only when district IT has
configured the vendor's decoder. A decoder is any callable ``bytes -> bytes`` (WLT in,
image file bytes out — usually BMP); :class:`CommandPhotoDecoder` wraps the common case of
a vendor command-line tool, configured in settings as a command line such as
``/opt/vendor/wlt2bmp {wlt} {out}``.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from station_client.devices.errors import BadResponse, DeviceUnavailable

WLT_PHOTO_SIZE = 1024

#: WLT bytes in, image file bytes (BMP, PNG…) out.
PhotoDecoder = Callable[[bytes], bytes]


class NoPhotoDecoder(DeviceUnavailable):
    """No vendor decoder is configured, so the photo cannot be shown."""

    def __init__(self) -> None:
        super().__init__(
            "the ID card photo cannot be shown: no WLT photo decoder is configured — the "
            "photo is kept as read; ask district IT to set the reader vendor's decoder in "
            "settings (ID card reader → photo decoder)",
            "未配置身份证照片解码程序，无法显示照片（照片数据已保存）；"
            "请联系区信息科在设置中配置阅读器厂商的照片解码程序",
        )


def _decode_failed(detail: str) -> BadResponse:
    return BadResponse(
        f"the ID card photo could not be decoded ({detail}) — the photo is kept as read; "
        "if this happens for every card, ask district IT to check the photo decoder setting",
        "身份证照片解码失败（照片数据已保存）；如每张卡都失败，请联系区信息科检查照片解码程序设置",
    )


class CommandPhotoDecoder:
    """Runs a vendor decoder program once per photo.

    ``argv`` may contain ``{wlt}`` (replaced by a file holding the WLT bytes) and ``{out}``
    (a file the program writes the image to). Without ``{wlt}`` the WLT bytes go to the
    program's standard input; without ``{out}`` the image is read from its standard output.
    """

    def __init__(self, argv: Sequence[str], *, timeout: float = 10.0) -> None:
        if not argv:
            raise ValueError("photo decoder command is empty")
        self.argv = tuple(argv)
        self.timeout = timeout

    @classmethod
    def from_setting(cls, command_line: str) -> CommandPhotoDecoder:
        return cls(shlex.split(command_line))

    def __call__(self, wlt: bytes) -> bytes:
        with tempfile.TemporaryDirectory(prefix="renshe-wlt-") as work:
            wlt_path = Path(work) / "photo.wlt"
            out_path = Path(work) / "photo.bmp"
            wlt_path.write_bytes(wlt)
            argv = [
                a.replace("{wlt}", str(wlt_path)).replace("{out}", str(out_path)) for a in self.argv
            ]
            uses_stdin = not any("{wlt}" in a for a in self.argv)
            uses_stdout = not any("{out}" in a for a in self.argv)
            try:
                done = subprocess.run(
                    argv,
                    input=wlt if uses_stdin else None,
                    capture_output=True,
                    timeout=self.timeout,
                    check=False,
                )
            except FileNotFoundError as exc:
                raise _decode_failed(f"decoder program {self.argv[0]} not found") from exc
            except (OSError, subprocess.SubprocessError) as exc:
                raise _decode_failed(f"decoder program failed to run: {exc}") from exc
            if done.returncode != 0:
                raise _decode_failed(f"decoder exited with status {done.returncode}")
            if uses_stdout:
                image = done.stdout
            else:
                try:
                    image = out_path.read_bytes()
                except OSError as exc:
                    raise _decode_failed("decoder wrote no image") from exc
        if not image:
            raise _decode_failed("decoder produced an empty image")
        return image


def decoder_from_setting(command_line: str | None) -> PhotoDecoder | None:
    """The decoder configured in settings, or ``None`` when the setting is empty."""
    if command_line is None or not command_line.strip():
        return None
    return CommandPhotoDecoder.from_setting(command_line)


def decode_photo(wlt: bytes | None, decoder: PhotoDecoder | None) -> bytes:
    """The photo as an image file; :class:`NoPhotoDecoder` when none is configured."""
    if decoder is None:
        raise NoPhotoDecoder()
    if wlt is None or len(wlt) != WLT_PHOTO_SIZE:
        raise _decode_failed(f"expected {WLT_PHOTO_SIZE} bytes of WLT data")
    try:
        return decoder(wlt)
    except (BadResponse, DeviceUnavailable):
        raise
    except Exception as exc:  # a vendor library may raise anything; the clerk sees one message
        raise _decode_failed(f"{type(exc).__name__}: {exc}") from exc

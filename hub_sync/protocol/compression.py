"""Body compression (``Content-Encoding: gzip`` or ``zstd``) with a hard size cap.

Sync bodies are JSON and compress ten to twenty times, which matters on a village's
leased line. The receiving side must never trust the compressed size, though: ten
megabytes of zeros are a few hundred bytes of zstd, and a gigabyte is not much more.
So :func:`decode_body` decompresses as a stream and stops as soon as the output passes
``max_size``, never holding more than ``max_size + 64 KiB`` of output in memory, and
refuses zstd frames that ask for a larger window than :data:`ZSTD_MAX_WINDOW`.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Literal

import zstandard

from .errors import BodyError

Encoding = Literal["gzip", "zstd"]

ENCODINGS: tuple[Encoding, ...] = ("gzip", "zstd")
GZIP_LEVEL = 6
ZSTD_LEVEL = 3
# Level 3 uses at most a 2 MiB window; 8 MiB leaves room for higher levels while
# refusing frames crafted to make the hub allocate hundreds of megabytes.
ZSTD_MAX_WINDOW = 8 * 1024 * 1024
_CHUNK = 64 * 1024
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer, not raw zlib


def encode_body(data: bytes, encoding: Encoding | str | None) -> bytes:
    """Compress a body for sending (``None``: as is).

    ``encoding`` is what goes into ``Content-Encoding``; any name
    :func:`normalize_encoding` knows is accepted (plain ``str`` too, so a caller's
    ``"gzip" if big else None`` type-checks), anything else is ``bad_encoding``.
    gzip output carries no timestamp, so the same body always gives the same bytes
    and the same signed digest.
    """
    kind = normalize_encoding(encoding)
    if kind == "gzip":
        return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    if kind == "zstd":
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)
    return data


def normalize_encoding(encoding: str | None) -> Encoding | None:
    """The encoding named by a ``Content-Encoding`` header; ``bad_encoding`` if unknown."""
    name = (encoding or "").strip().lower()
    if name in ("", "identity"):
        return None
    if name in ("gzip", "x-gzip"):
        return "gzip"
    if name == "zstd":
        return "zstd"
    raise BodyError("bad_encoding", f"unsupported content encoding {encoding!r}")


def _too_large(max_size: int) -> BodyError:
    return BodyError("body_too_large", f"the body is larger than {max_size} bytes")


def _gunzip(data: bytes, max_size: int) -> bytes:
    out = bytearray()
    pending = data
    while pending:  # one pass per gzip member (concatenated members are valid gzip)
        inflater = zlib.decompressobj(wbits=_GZIP_WBITS)
        while not inflater.eof:
            room = max_size + 1 - len(out)
            try:
                chunk = inflater.decompress(pending, min(room, _CHUNK))
            except zlib.error as exc:
                raise BodyError("bad_encoding", f"not valid gzip: {exc}") from exc
            out += chunk
            if len(out) > max_size:
                raise _too_large(max_size)
            pending = inflater.unconsumed_tail
            if not chunk and not pending and not inflater.eof:
                raise BodyError("bad_encoding", "the gzip body is truncated")
        pending = inflater.unused_data
    return bytes(out)


def _unzstd(data: bytes, max_size: int) -> bytes:
    dctx = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
    out = bytearray()
    try:
        # Pass 1: stream with a cap, so a bomb is stopped after max_size + 1 bytes.
        with dctx.stream_reader(data, read_across_frames=True) as reader:
            while True:
                chunk = reader.read(min(max_size + 1 - len(out), _CHUNK))
                if not chunk:
                    break
                out += chunk
                if len(out) > max_size:
                    raise _too_large(max_size)
        # Pass 2: the stream reader ends quietly on a truncated frame; check every frame
        # is complete. Pass 1 bounded the output, so this cannot blow up either.
        pending = data
        while pending:
            frame = dctx.decompressobj()
            frame.decompress(pending)
            if not frame.eof:
                raise BodyError("bad_encoding", "the zstd body is truncated")
            pending = frame.unused_data
    except zstandard.ZstdError as exc:
        raise BodyError("bad_encoding", f"not valid zstd: {exc}") from exc
    return bytes(out)


def decode_body(data: bytes, encoding: str | None, *, max_size: int) -> bytes:
    """Decompress a received body, refusing more than ``max_size`` bytes of output.

    ``encoding`` is the ``Content-Encoding`` header as received (``None``, ``""`` or
    ``identity`` for none). Raises :class:`BodyError` ``body_too_large`` or
    ``bad_encoding`` (unknown encoding, corrupt or truncated data). An empty body is
    empty whatever encoding it is labelled with.
    """
    kind = normalize_encoding(encoding)
    if kind is None or not data:
        if len(data) > max_size:
            raise _too_large(max_size)
        return data
    if kind == "gzip":
        return _gunzip(data, max_size)
    return _unzstd(data, max_size)

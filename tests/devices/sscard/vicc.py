"""A virtual social-security card for ``vpcd``: the card side of the real PC/SC stack.

``vpcd`` (the reader driver inside ``pcscd``) listens on a TCP port; a virtual card
connects to it — that is inserting the card — and answers what the driver sends, each
message framed as a 2-byte big-endian length and a payload. A 1-byte payload is a
control: 0 power off, 1 power on, 2 reset, 4 "send your ATR"; anything longer is a
command APDU, answered with response data + SW1 SW2. Closing the socket removes the card.

:class:`SsseCard` answers like a card with the SSSE application: SELECT by DF name and
by file identifier, READ RECORD by record number (P2=04), by identifier (P2=00) and of
all records from P1 (P2=05), GET RESPONSE; in T=0 style it answers ``61xx`` or ``6Cxx``.
Its records are built by :mod:`.cards` independently of the code under test. Every APDU
is recorded, so tests can count them and check that no VERIFY (INS 20) was ever sent.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

SSSE_NAME = "sx1.sh.社会保障".encode("gbk")
T0_ATR = bytes.fromhex("3B6A0000") + b"SSSE-T0-01"  # TB1 TC1, no TD1: T=0 only
T1_HISTORICAL = b"SSSE-T1-01"
T1_ATR_BODY = bytes.fromhex("3B8A8001") + T1_HISTORICAL  # TD1: T=0 and TD2: T=1


def _t1_atr() -> bytes:
    check = 0
    for byte in T1_ATR_BODY[1:]:
        check ^= byte
    return T1_ATR_BODY + bytes([check])


Style = Literal["t1", "t0-61", "t0-6c"]


@dataclass
class SsseCard:
    """What the card holds and how it behaves."""

    ef05: list[bytes]
    ef06: list[bytes]
    style: Style = "t1"
    needs_psam: bool = False  # 3.0 card without PSAM authentication: 6982 on EF06
    read_all_supported: bool = True  # answers READ RECORD P2=05
    #: Drop off the reader (close the socket) instead of answering APDU number n (0-based).
    vanish_at: int | None = None
    #: Given an APDU, a raw answer to send instead of the normal one (or None).
    override: Callable[[bytes], bytes | None] | None = None
    apdus: list[bytes] = field(default_factory=list)
    _in_ssse: bool = False
    _current: list[bytes] | None = None
    _pending: bytes = b""

    @property
    def atr(self) -> bytes:
        return _t1_atr() if self.style == "t1" else T0_ATR

    def power_on(self) -> None:
        self._in_ssse = False
        self._current = None
        self._pending = b""

    def answer(self, apdu: bytes) -> bytes:
        if self.override is not None:
            forced = self.override(apdu)
            if forced is not None:
                return forced
        if len(apdu) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = apdu[:4]
        if cla != 0x00:
            return b"\x6e\x00"
        if ins == 0xA4:
            return self._select(p1, apdu)
        if ins == 0xB2:
            return self._case2(apdu, self._read_record(p1, p2))
        if ins == 0xC0:
            return self._get_response(apdu)
        return b"\x6d\x00"

    def _select(self, p1: int, apdu: bytes) -> bytes:
        body = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if p1 == 0x04:
            self._in_ssse = body == SSSE_NAME
            found = self._in_ssse
        else:
            files = {b"\xef\x05": self.ef05, b"\xef\x06": self.ef06}
            found = self._in_ssse and body in files
            if found:
                self._current = files[body]
        if not found:
            return b"\x6a\x82"
        if self.style == "t0-61":  # an FCI is waiting; the reader may skip it
            self._pending = b"\x6f\x03\x84\x01\x00"
            return bytes([0x61, len(self._pending)])
        return b"\x90\x00"

    def _read_record(self, p1: int, p2: int) -> bytes:
        records = self._current
        if records is None:
            return b"\x69\x86"
        if self.needs_psam and records is self.ef06:
            return b"\x69\x82"
        mode = p2 & 0x07
        if mode == 0x04:
            data = records[p1 - 1] if 1 <= p1 <= len(records) else b""
        elif mode == 0x05 and self.read_all_supported:
            data = b"".join(records[p1 - 1 :]) if 1 <= p1 <= len(records) else b""
        elif mode == 0x00:
            data = next((r for r in records if r[0] == p1), b"")
        else:
            return b"\x6a\x86"
        return data or b"\x6a\x83"

    def _case2(self, apdu: bytes, result: bytes) -> bytes:
        """Answer a command that returns data; ``result`` is data or a 2-byte error SW."""
        if len(result) == 2 and result[0] in (0x69, 0x6A):
            return result
        le = apdu[4] if len(apdu) == 5 else 0
        want = le or 256
        if self.style == "t0-6c" and want != len(result):
            return bytes([0x6C, len(result) & 0xFF])
        if self.style == "t0-61":
            self._pending = result
            return bytes([0x61, len(result) & 0xFF])
        if want < len(result):
            return bytes([0x6C, len(result) & 0xFF])
        return result + b"\x90\x00"

    def _get_response(self, apdu: bytes) -> bytes:
        if not self._pending:
            return b"\x69\x85"
        want = (apdu[4] if len(apdu) == 5 else 0) or 256
        chunk, self._pending = self._pending[:want], self._pending[want:]
        if self._pending:
            return chunk + bytes([0x61, len(self._pending) & 0xFF])
        return chunk + b"\x90\x00"


class VirtualCard:
    """Connects an :class:`SsseCard` to vpcd on ``port`` (insert) and drops it (remove)."""

    def __init__(self, card: SsseCard, port: int, host: str = "127.0.0.1") -> None:
        self.card = card
        self.port = port
        self.host = host
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def apdus(self) -> list[bytes]:
        return self.card.apdus

    def insert(self, timeout: float = 20.0) -> None:
        self.remove()
        self._socket = socket.create_connection((self.host, self.port), timeout=timeout)
        self._socket.settimeout(None)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._thread = threading.Thread(target=self._serve, args=(self._socket,), daemon=True)
        self._thread.start()

    def remove(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):  # already gone: vanished mid-read
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                header = _recv_exact(sock, 2)
                if header is None:
                    return
                payload = _recv_exact(sock, struct.unpack(">H", header)[0])
                if payload is None:
                    return
                if len(payload) == 1:
                    if payload[0] == 4:
                        _send(sock, self.card.atr)
                    elif payload[0] in (1, 2):
                        self.card.power_on()
                    continue
                index = len(self.card.apdus)
                self.card.apdus.append(payload)
                if self.card.vanish_at == index:
                    sock.shutdown(socket.SHUT_RDWR)
                    return
                _send(sock, self.card.answer(payload))
        except OSError:
            return  # removed while talking: that is the point of remove()


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        # vpcd writes the length and the payload separately: acknowledge at once, or
        # Nagle on its side and delayed ACKs on ours cost 40 ms per message.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)

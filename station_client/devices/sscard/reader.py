"""Reading a social-security card through ``pcscd`` (pyscard's PC/SC binding).

This is the driver boundary: PC/SC return codes and pyscard exceptions become
:class:`DeviceError` subclasses here, with a message the clerk can act on —

- ``pcscd`` not running, the reader unplugged or busy → :class:`DeviceUnavailable`;
- no card in the reader → :class:`NoCard`;
- the card taken out during the read → :class:`CardRemoved`;
- a card that does not answer properly → :class:`BadResponse`.

A transmit that fails or comes back empty is ambiguous: pulling the card out mid-command
looks exactly like that. The reader then asks ``pcscd`` whether the card is still there
(for up to ``removal_wait`` seconds, as the daemon may notice the removal a little later)
and reports :class:`CardRemoved` if it is gone, :class:`BadResponse` if it is not.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from smartcard import scard

from ..errors import BadResponse, CardRemoved, DeviceError, DeviceUnavailable
from ..events import IdentityPresented
from .session import CardFiles, identity_from_files, no_card, read_card_files

_MASK = 0xFFFFFFFF
#: pcscd gone: not running, stopped, or the link to it broke (RPC transport error).
_SERVICE_DOWN = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_F_COMM_ERROR}
_READER_GONE = {scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE}
_NO_CARD = {scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD}
_MUTE_CARD = {
    scard.SCARD_W_UNRESPONSIVE_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNSUPPORTED_CARD,
    scard.SCARD_E_PROTO_MISMATCH,
    scard.SCARD_E_CARD_UNSUPPORTED,
}


def _code(hresult: int) -> int:
    return hresult & _MASK


def service_unavailable() -> DeviceUnavailable:
    return DeviceUnavailable(
        "the smart-card service (pcscd) is not running — start it (systemctl start pcscd) "
        "or call district IT",
        "智能卡服务（pcscd）未运行，请启动该服务或联系区县技术人员",
    )


def reader_unavailable(reader: str | None) -> DeviceUnavailable:
    if reader is None:
        return DeviceUnavailable(
            "no smart-card reader is connected — plug in the social-security card reader",
            "未检测到社保卡读卡器，请检查读卡器USB连接",
        )
    return DeviceUnavailable(
        f"the card reader “{reader}” is not connected — plug it in again",
        f"社保卡读卡器（{reader}）未连接，请检查读卡器USB连接",
    )


def pcsc_error(hresult: int, reader: str | None = None) -> DeviceError:
    """The station's error for a PC/SC return code (outside a transmit)."""
    code = _code(hresult)
    if code in _SERVICE_DOWN:
        return service_unavailable()
    if code == scard.SCARD_W_SECURITY_VIOLATION:
        # pcscd shutting down, or (pcsc-lite 2 with polkit) not letting this user in.
        return DeviceUnavailable(
            "the smart-card service (pcscd) refused access — it may be stopping, or its "
            "polkit policy does not allow this user: retry, then call district IT",
            "智能卡服务（pcscd）拒绝访问（可能正在停止或权限策略不允许），请重试或联系区县技术人员",
        )
    if code in _READER_GONE or code == scard.SCARD_E_NO_READERS_AVAILABLE:
        return reader_unavailable(reader)
    if code in _NO_CARD:
        return no_card()
    if code in _MUTE_CARD:
        return BadResponse(
            "the card does not respond — check that it is a social-security card inserted "
            "chip first, then insert it again",
            "卡片无响应，请确认是社保卡且芯片方向正确后重新插卡",
        )
    if code == scard.SCARD_E_SHARING_VIOLATION:
        return DeviceUnavailable(
            "another program is using the card reader — close it and try again",
            "读卡器正被其他程序占用，请关闭其他读卡程序后重试",
        )
    return DeviceUnavailable(
        f"the card reader failed: {scard.SCardGetErrorMessage(hresult)} (0x{code:08X}) — "
        "unplug the reader, plug it in again and retry",
        f"读卡器故障（0x{code:08X}），请重新插拔读卡器后重试",
    )


@contextmanager
def pcsc_context() -> Iterator[int]:
    """A PC/SC context for the duration of the block."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise pcsc_error(hresult)
    try:
        yield context
    finally:
        scard.SCardReleaseContext(context)


def _list(context: int) -> list[str]:
    hresult, names = scard.SCardListReaders(context, [])
    if _code(hresult) == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hresult != scard.SCARD_S_SUCCESS:
        raise pcsc_error(hresult)
    return list(names)


def list_readers() -> list[str]:
    """Names of the PC/SC readers ``pcscd`` knows; raises DeviceUnavailable without it."""
    with pcsc_context() as context:
        return _list(context)


class _Transport:
    """One connected card; records when the last answer arrived."""

    def __init__(self, owner: PcscCardReader, context: int, card: int, protocol: int) -> None:
        self._owner = owner
        self._context = context
        self._card = card
        t0 = protocol == scard.SCARD_PROTOCOL_T0
        self._pci = scard.SCARD_PCI_T0 if t0 else scard.SCARD_PCI_T1

    def transmit(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self._card, self._pci, list(apdu))
        self._owner.last_response_at = time.perf_counter()
        code = _code(hresult)
        if code == scard.SCARD_W_REMOVED_CARD:
            raise CardRemoved("social-security card")
        if code in _SERVICE_DOWN or code in _READER_GONE:
            raise pcsc_error(hresult, self._owner.current)
        if hresult != scard.SCARD_S_SUCCESS or len(response) < 2:
            if self._owner.card_gone(self._context):
                raise CardRemoved("social-security card")
            if hresult != scard.SCARD_S_SUCCESS:
                raise BadResponse(
                    f"the card did not answer ({scard.SCardGetErrorMessage(hresult)}) — "
                    "take it out and insert it again",
                    "社保卡无应答，请取出后重新插卡",
                )
        return bytes(response)


class PcscCardReader:
    """Reads the card in one PC/SC reader: ``reader=None`` means the first one listed."""

    def __init__(
        self, reader: str | None = None, *, today: date | None = None, removal_wait: float = 2.0
    ) -> None:
        self.reader = reader
        self.today = today
        self.removal_wait = removal_wait
        #: ``time.perf_counter()`` when the card's last answer arrived (for the benchmark).
        self.last_response_at: float | None = None
        #: The reader of the latest read (``reader``, or the first one listed).
        self.current: str | None = None

    def read(self) -> IdentityPresented:
        return identity_from_files(self.read_files(), today=self.today)

    def read_files(self) -> CardFiles:
        with pcsc_context() as context:
            name = self._resolve(context)
            hresult, card, protocol = scard.SCardConnect(
                context,
                name,
                scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
            )
            if hresult != scard.SCARD_S_SUCCESS:
                raise pcsc_error(hresult, name)
            try:
                # One transaction: no other program's APDU can change the selected file
                # between our SELECT and READ RECORD (the connection is shared).
                hresult = scard.SCardBeginTransaction(card)
                if hresult != scard.SCARD_S_SUCCESS:
                    raise pcsc_error(hresult, name)
                try:
                    return read_card_files(_Transport(self, context, card, protocol))
                finally:
                    scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD)
            finally:
                # Leave the card as it is: nothing was unlocked, and unpowering it would
                # disturb other programs using it (hospital or bank software).
                scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)

    def _resolve(self, context: int) -> str:
        names = _list(context)
        if self.reader is None:
            if not names:
                raise reader_unavailable(None)
            self.current = names[0]
        elif self.reader in names:
            self.current = self.reader
        else:
            raise reader_unavailable(self.reader)
        return self.current

    def card_gone(self, context: int) -> bool:
        """Whether the card has left the reader, waiting up to ``removal_wait`` seconds
        for ``pcscd`` to notice (it polls some readers a few times a second)."""
        deadline = time.monotonic() + self.removal_wait
        known = scard.SCARD_STATE_UNAWARE  # first call: answer at once with the state
        while True:
            wait_ms = (
                0
                if known == scard.SCARD_STATE_UNAWARE
                else (max(0, int((deadline - time.monotonic()) * 1000)))
            )
            hresult, states = scard.SCardGetStatusChange(context, wait_ms, [(self.current, known)])
            if _code(hresult) == scard.SCARD_E_TIMEOUT:
                return False
            if hresult != scard.SCARD_S_SUCCESS or not states:
                return True  # the reader itself went away: the card is not readable
            state = states[0][1]
            if not state & scard.SCARD_STATE_PRESENT:
                return True
            if time.monotonic() >= deadline:
                return False
            known = state & ~scard.SCARD_STATE_CHANGED

"""The ID card reader driver: GA 467 commands over a :class:`Transport`.

One command at a time: flush whatever is left in the input (the tail of an answer we gave
up on), write the command, assemble the answer frame, check its status. Every failure is a
:class:`DeviceError` subclass:

- no byte at all within the time-out → :class:`DeviceUnavailable` (reader off or gone);
- noise only, a cut-off frame, a bad checksum, an unknown status → :class:`BadResponse`;
- status "no card" → :class:`NoCard`; "read failed" / "select failed" → :class:`CardRemoved`;
- SAM failures → :class:`DeviceUnavailable`;
- a card whose data is not a valid identity → :class:`InvalidIdentity`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from types import TracebackType

from station_client.devices.errors import BadResponse, DeviceUnavailable
from station_client.devices.events import IdentityPresented

from .frames import (
    Command,
    FrameAssembler,
    Response,
    decode_response,
    encode_request,
    garbage_error,
    truncated_error,
)
from .identity import identity_from_card
from .photo import WLT_PHOTO_SIZE
from .status import Status, error_for
from .text import TEXT_SIZE, CardText, decode_text
from .transport import DEFAULT_BAUDRATE, SerialTransport, Transport

#: Time-outs in seconds. Reading text and photo takes a real reader 0.5-1 s (the card
#: is slow, not the line: 1 295 bytes take 0.11 s at 115 200 baud).
COMMAND_TIMEOUT = 1.0
READ_TIMEOUT = 3.0


@dataclass(frozen=True)
class BaseMessage:
    """What "read base message" returns: the text block, decoded, and the WLT photo."""

    text: CardText
    photo: bytes


def decode_base_message(data: bytes) -> BaseMessage:
    """Split and decode the data of a read-base-message answer (text len, photo len, …)."""
    if len(data) < 4:
        raise _bad_base_message()
    text_length = int.from_bytes(data[0:2], "big")
    photo_length = int.from_bytes(data[2:4], "big")
    if (
        text_length != TEXT_SIZE
        or photo_length != WLT_PHOTO_SIZE
        or len(data) != 4 + text_length + photo_length
    ):
        raise _bad_base_message()
    text = decode_text(data[4 : 4 + text_length])
    return BaseMessage(text=text, photo=bytes(data[4 + text_length :]))


def _bad_base_message() -> BadResponse:
    return BadResponse(
        "the ID card reader's answer has the wrong size for text and photo — "
        "place the card again; if it persists, enter the details by hand",
        "身份证阅读器返回的文字/照片长度不正确，请重新放卡；如仍不行请手工录入",
    )


class IdCardReader:
    """A GA 467 reader. Not thread-safe: one poller thread owns it."""

    def __init__(
        self,
        transport: Transport,
        *,
        command_timeout: float = COMMAND_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.transport = transport
        self.command_timeout = command_timeout
        self.read_timeout = read_timeout
        #: ``time.perf_counter()`` when the last byte of the last answer was read.
        self.last_frame_at = 0.0

    @classmethod
    def open_serial(cls, port: str, *, baudrate: int = DEFAULT_BAUDRATE) -> IdCardReader:
        return cls(SerialTransport(port, baudrate=baudrate))

    @property
    def name(self) -> str:
        return self.transport.name

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> IdCardReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- one exchange ------------------------------------------------------------------

    def _receive(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        assembler = FrameAssembler()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if assembler.started:
                    raise truncated_error()
                if assembler.garbage:
                    raise garbage_error()
                raise DeviceUnavailable(
                    f"the ID card reader on {self.name} does not answer — check that it is "
                    "switched on and plugged in, or choose its port in settings",
                    f"身份证阅读器（{self.name}）无响应，请检查电源和连接线，或在设置中选择正确的串口",
                )
            chunk = self.transport.read(assembler.needed(), remaining)
            if not chunk:
                continue
            frame = assembler.feed(chunk)
            if frame is not None:
                self.last_frame_at = time.perf_counter()
                return frame

    def transact(self, command: Command, *, timeout: float | None = None) -> Response:
        """Send ``command`` and return the reader's answer, whatever its status."""
        self.transport.discard_input()
        self.transport.write(encode_request(command))
        return decode_response(self._receive(timeout or self.command_timeout))

    def _expect(self, command: Command, success: int, timeout: float | None = None) -> bytes:
        response = self.transact(command, timeout=timeout)
        if response.sw3 != success:
            raise error_for(response.sw3)
        return response.data

    # -- the commands ------------------------------------------------------------------

    def check_sam(self) -> None:
        """Raise unless the reader's security module reports itself ready."""
        self._expect(Command.SAM_STATUS, Status.SUCCESS)

    def reset_sam(self) -> None:
        self._expect(Command.RESET_SAM, Status.SUCCESS)

    def sam_id(self) -> str:
        """The security module's id as hex (for district IT; shown in diagnostics)."""
        return self._expect(Command.SAM_ID, Status.SUCCESS).hex().upper()

    def find_card(self) -> bool:
        """True when a card is in the field, False when there is none."""
        response = self.transact(Command.FIND_CARD)
        if response.sw3 == Status.CARD_FOUND:
            return True
        if response.sw3 == Status.FIND_FAILED:
            return False
        raise error_for(response.sw3)

    def select_card(self) -> None:
        self._expect(Command.SELECT_CARD, Status.SUCCESS)

    def read_base_message(self) -> BaseMessage:
        data = self._expect(Command.READ_BASE_MESSAGE, Status.SUCCESS, self.read_timeout)
        return decode_base_message(data)

    def read_identity(self, *, today: date | None = None) -> IdentityPresented:
        """Select the card found by :meth:`find_card` and read who it belongs to."""
        self.select_card()
        message = self.read_base_message()
        return identity_from_card(message.text, message.photo, today=today)

"""Malformed input never escapes as anything but BadResponse: thousands of random and
mutated frames and text blocks through the pure decoders, and a few hundred through the
real driver on a pty."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_client.devices.errors import BadResponse, DeviceUnavailable, InvalidIdentity
from station_client.devices.events import IdentityPresented
from station_client.devices.idcard.frames import (
    PREAMBLE,
    Command,
    FrameAssembler,
    Response,
    decode_response,
)
from station_client.devices.idcard.identity import identity_from_card
from station_client.devices.idcard.reader import BaseMessage, IdCardReader, decode_base_message
from station_client.devices.idcard.text import CardText, decode_text

from .emulator import READ, Fault, Person, ReaderEmulator, response, text_block

TEXT = text_block(Person(name="李䶮", valid_until="长期"))
PHOTO = bytes(range(256)) * 4
DATA = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + TEXT + PHOTO
FRAME = response(0x90, DATA)

PURE = settings(max_examples=3000, deadline=None)
CODE_UNITS = st.sampled_from(
    [0xD800, 0xDBFF, 0xDC00, 0x0000, 0x0007, 0x001F, 0xFFFF, 0xE000, 0x4E00, 0x0031, 0x0020]
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with bits flipped, bytes cut, inserted or deleted, a length rewritten."""
    frame = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "length", "insert", "delete"]))
        at = draw(st.integers(0, 4000)) % (len(frame) + 1)
        if op == "flip" and at < len(frame):
            frame[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del frame[at:]
        elif op == "length" and len(frame) >= 7:
            frame[5:7] = draw(st.integers(0, 0xFFFF)).to_bytes(2, "big")
        elif op == "insert":
            frame[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del frame[at : at + draw(st.integers(1, 8))]
    return bytes(frame)


@st.composite
def bad_ucs2(draw: st.DrawFn) -> bytes:
    """A real text block with some code units replaced by surrogates, controls, PUA…"""
    block = bytearray(TEXT)
    for _ in range(draw(st.integers(1, 6))):
        unit = draw(st.integers(0, 127))
        block[2 * unit : 2 * unit + 2] = draw(CODE_UNITS).to_bytes(2, "little")
    return bytes(block)


def _decode_all(frame: bytes) -> object:
    """Frame → response → text and photo → identity: what the driver does with an answer."""
    answer = decode_response(frame)
    if answer.sw3 != 0x90:
        return answer
    message = decode_base_message(answer.data)
    return identity_from_card(message.text, message.photo)


@PURE
@given(st.binary(max_size=1400))
def test_random_bytes_are_a_response_or_bad_response(data: bytes) -> None:
    with contextlib.suppress(BadResponse):
        assert isinstance(decode_response(data), Response)


@PURE
@given(st.binary(max_size=64).map(lambda tail: PREAMBLE + tail))
def test_random_bytes_after_a_preamble(data: bytes) -> None:
    with contextlib.suppress(BadResponse):
        assert isinstance(decode_response(data), Response)


@PURE
@given(mutated(FRAME))
def test_mutated_read_answers(frame: bytes) -> None:
    try:
        result = _decode_all(frame)
    except (BadResponse, InvalidIdentity):
        assert frame != FRAME
        return
    assert isinstance(result, Response | IdentityPresented)
    if frame == FRAME:  # the mutations cancelled out
        assert isinstance(result, IdentityPresented) and result.name == "李䶮"


@PURE
@given(st.integers(0, len(FRAME) - 1), st.integers(0, 7))
def test_every_single_bit_error_is_caught(at: int, bit: int) -> None:
    frame = bytearray(FRAME)
    frame[at] ^= 1 << bit
    with pytest.raises(BadResponse):
        decode_response(bytes(frame))


@PURE
@given(st.lists(st.binary(min_size=1, max_size=300), max_size=20))
def test_assembler_on_random_chunks(chunks: list[bytes]) -> None:
    assembler = FrameAssembler()
    try:
        for chunk in chunks:
            frame = assembler.feed(chunk)
            if frame is not None:
                assert frame.startswith(PREAMBLE)
                assert len(frame) == 7 + int.from_bytes(frame[5:7], "big")
                return
            assert assembler.needed() >= 1
    except BadResponse:
        pass


@PURE
@given(st.binary(min_size=256, max_size=256))
def test_random_text_blocks(block: bytes) -> None:
    with contextlib.suppress(BadResponse):
        assert isinstance(decode_text(block), CardText)


@PURE
@given(bad_ucs2())
def test_bad_ucs2_in_a_real_text_block(block: bytes) -> None:
    try:
        card = decode_text(block)
    except BadResponse:
        return
    # Anything that decodes has no control characters or surrogates left in it.
    for value in (card.name, card.address or "", card.issuer or "", card.id_number):
        assert all(ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF for ch in value)


@PURE
@given(st.binary(max_size=1400))
def test_random_base_message_data(data: bytes) -> None:
    with contextlib.suppress(BadResponse):
        assert isinstance(decode_base_message(data), BaseMessage)


# -- the same through the real driver and a pty ------------------------------------------


@pytest.fixture(scope="module")
def pty_reader() -> Iterator[tuple[ReaderEmulator, IdCardReader]]:
    emulator = ReaderEmulator()
    reader = IdCardReader.open_serial(emulator.port)
    try:
        yield emulator, reader
    finally:
        reader.close()
        emulator.close()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.one_of(mutated(FRAME), st.binary(min_size=1, max_size=64), mutated(response(0x9F))))
def test_malformed_answers_through_the_pty(
    pty_reader: tuple[ReaderEmulator, IdCardReader], answer: bytes
) -> None:
    emulator, reader = pty_reader
    emulator.place(Person())
    emulator.fail_next(READ, Fault("raw", raw=answer))
    try:
        result = reader.transact(Command.READ_BASE_MESSAGE, timeout=0.05)
    except BadResponse:
        return
    except DeviceUnavailable as exc:
        assert "does not answer" in exc.message_en  # nothing (yet) on the line
        return
    finally:
        emulator.settle()  # so no late byte of this answer leaks into the next example
    start = answer.find(PREAMBLE)
    assert result == decode_response(answer[start : start + 7 + 3 + len(result.data) + 1])
    if result.sw3 == 0x90:
        with contextlib.suppress(BadResponse):
            decode_base_message(result.data)

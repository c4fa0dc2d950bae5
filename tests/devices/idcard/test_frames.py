"""GA 467 frames: the bytes published reader SDKs send, and every way an answer can be
malformed."""

from __future__ import annotations

import pytest

from station_client.devices.errors import BadResponse
from station_client.devices.idcard.frames import (
    MAX_GARBAGE,
    Command,
    FrameAssembler,
    Response,
    decode_request,
    decode_response,
    encode_request,
    encode_response,
)

from .emulator import response


@pytest.mark.parametrize(
    ("command", "wire"),
    [
        (Command.SAM_STATUS, "AAAAAA9669000311FFED"),
        (Command.SAM_ID, "AAAAAA9669000312FFEE"),
        (Command.FIND_CARD, "AAAAAA96690003200122"),
        (Command.SELECT_CARD, "AAAAAA96690003200221"),
        (Command.READ_BASE_MESSAGE, "AAAAAA96690003300132"),
    ],
)
def test_commands_are_the_bytes_reader_sdks_send(command: Command, wire: str) -> None:
    assert encode_request(command).hex().upper() == wire
    assert decode_request(bytes.fromhex(wire)).command is command


def test_sam_ready_answer_decodes() -> None:
    assert decode_response(bytes.fromhex("AAAAAA96690004000090 94".replace(" ", ""))) == Response(
        0, 0, 0x90, b""
    )


def test_answer_with_data_round_trips_through_an_independent_encoder() -> None:
    frame = response(0x9F, b"\x00\x00\x00\x00")
    assert frame == encode_response(0x9F, bytes(4))
    assert decode_response(frame) == Response(0, 0, 0x9F, bytes(4))


def _messages(exc: pytest.ExceptionInfo[BadResponse]) -> str:
    return f"{exc.value.message_en} / {exc.value.message_zh}"


def test_wrong_checksum_is_bad_response_asking_to_place_card_again() -> None:
    frame = bytearray(response(0x90, b"abc"))
    frame[-1] ^= 0x01
    with pytest.raises(BadResponse) as exc:
        decode_response(bytes(frame))
    assert "checksum" in exc.value.message_en
    assert "重新放卡" in exc.value.message_zh


def test_flipped_data_bit_is_caught_by_the_checksum() -> None:
    frame = bytearray(response(0x90, b"abcdef"))
    frame[12] ^= 0x10
    with pytest.raises(BadResponse, match="checksum"):
        decode_response(bytes(frame))


@pytest.mark.parametrize("cut", [3, 7, 9, 12])
def test_truncated_frame_is_bad_response(cut: int) -> None:
    with pytest.raises(BadResponse) as exc:
        decode_response(response(0x90, b"abcdef")[:cut])
    assert "cut short" in _messages(exc) or "preamble" in _messages(exc)


def test_frame_longer_than_its_length_is_bad_response() -> None:
    with pytest.raises(BadResponse, match="longer than its length"):
        decode_response(response(0x90) + b"\x00")


def test_impossible_lengths_are_bad_response() -> None:
    with pytest.raises(BadResponse, match="impossible length"):
        decode_response(bytes.fromhex("AAAAAA9669000100") + bytes(4))
    with pytest.raises(BadResponse, match="impossible"):
        FrameAssembler().feed(bytes.fromhex("AAAAAA9669FFFF"))


def test_assembler_skips_noise_before_the_preamble_and_handles_split_reads() -> None:
    frame = response(0x90, b"payload")
    stream = b"\x00\xaa\xaa\x13\xaa" + frame  # noise that even looks like a preamble start
    assembler = FrameAssembler()
    out = None
    for i in range(len(stream)):
        assert out is None
        out = assembler.feed(stream[i : i + 1])
    assert out == frame
    assert assembler.garbage == 5


def test_assembler_never_asks_for_bytes_past_the_frame_end() -> None:
    frame = response(0x90, b"x" * 300)
    assembler = FrameAssembler()
    consumed = 0
    while True:
        need = assembler.needed()
        assert need >= 1
        got = assembler.feed(frame[consumed : consumed + need])
        consumed += need
        if got is not None:
            break
    assert consumed == len(frame)


def test_endless_noise_is_not_a_reader() -> None:
    assembler = FrameAssembler()
    with pytest.raises(BadResponse) as exc:
        for _ in range(MAX_GARBAGE // 100 + 2):
            assembler.feed(b"\x55" * 100)
    assert "设置" in exc.value.message_zh  # tells the clerk to choose the right port

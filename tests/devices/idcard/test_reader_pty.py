"""The real pyserial driver against the reader emulator on a pty: reading cards, and
every scripted fault giving the right DeviceError with a message the clerk can act on."""

from __future__ import annotations

import os
from datetime import date

import pytest

from station_client.devices.errors import (
    BadResponse,
    CardRemoved,
    DeviceError,
    DeviceUnavailable,
    InvalidIdentity,
)
from station_client.devices.events import IdentityPresented
from station_client.devices.idcard.reader import IdCardReader
from station_client.devices.idcard.status import SamFailure

from .emulator import FIND, READ, SAM_STATUS, SELECT, Fault, Person, ReaderEmulator


def _read(reader: IdCardReader) -> IdentityPresented:
    assert reader.find_card()
    return reader.read_identity()


def test_reads_a_card_with_every_field(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    person = Person()
    emulator.place(person)
    reader.check_sam()
    assert reader.find_card()
    identity = reader.read_identity()
    assert identity.id_number == person.id_number
    assert identity.name == "张三"
    assert identity.sex == "1"
    assert identity.ethnicity == "01"
    assert identity.birth_date == date(1985, 3, 12)
    assert identity.address == person.address
    assert identity.issuer == person.issuer
    assert identity.valid_from == date(2015, 1, 1)
    assert identity.valid_until == date(2035, 1, 1)
    assert identity.photo == person.photo and len(identity.photo) == 1024
    assert emulator.received == [SAM_STATUS, FIND, SELECT, READ]


def test_rare_name_long_address_and_long_term_validity(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    address = "新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县孙扎齐牛录乡二村七组"
    emulator.place(Person(name="李䶮\ue000", address=address, valid_until="长期"))
    identity = _read(reader)
    assert identity.name == "李䶮\ue000"
    assert identity.address == address
    assert identity.valid_until is None
    assert identity.extra["validity"] == "long_term"


def test_no_card(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    assert reader.find_card() is False


def test_invalid_id_number_is_invalid_identity(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    emulator.place(Person(id_number="320115198503120111"))
    with pytest.raises(InvalidIdentity, match="check character"):
        _read(reader)


def _fault_error(
    emulator: ReaderEmulator, reader: IdCardReader, command: tuple[int, int], fault: Fault
) -> DeviceError:
    emulator.place(Person())
    emulator.fail_next(command, fault)
    with pytest.raises(DeviceError) as exc:
        _read(reader)
    return exc.value


def test_wrong_checksum(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    error = _fault_error(emulator, reader, READ, Fault("bad_checksum"))
    assert type(error) is BadResponse
    assert "checksum" in error.message_en and "重新放卡" in error.message_zh


def test_truncated_frame_stops_mid_frame(emulator: ReaderEmulator) -> None:
    with IdCardReader.open_serial(emulator.port) as reader:
        reader.read_timeout = 0.5
        error = _fault_error(emulator, reader, READ, Fault("truncated"))
    assert type(error) is BadResponse
    assert "cut short" in error.message_en and "不完整" in error.message_zh


def test_garbage_before_the_preamble_is_skipped(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    emulator.place(Person())
    emulator.fail_next(READ, Fault("garbage", raw=b"\x00\xff\xaa\xaa\x13" * 20))
    assert _read(reader).id_number == Person().id_number


def test_garbage_only_is_not_a_reader(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.fail_next(SAM_STATUS, Fault("raw", raw=b"\x13\x37" * 30))
    with pytest.raises(BadResponse) as exc:
        reader.check_sam()
    assert "GA 467" in exc.value.message_en and "串口" in exc.value.message_zh


def test_card_removed_between_find_and_read(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    error = _fault_error(emulator, reader, READ, Fault("removed"))
    assert isinstance(error, CardRemoved)
    assert "removed" in error.message_en and "重新" in error.message_zh
    assert reader.find_card() is False  # and it is gone


def test_sam_failure(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.sam_status = 0x60
    with pytest.raises(SamFailure) as exc:
        reader.check_sam()
    assert isinstance(exc.value, DeviceUnavailable)
    assert "SAM" in exc.value.message_zh and "电源" in exc.value.message_zh


@pytest.mark.parametrize(
    ("sw3", "expected", "words"),
    [
        (0x31, BadResponse, "人工核验"),
        (0x40, BadResponse, "只将身份证"),
        (0x66, SamFailure, "区信息科"),
        (0x10, BadResponse, "连接线"),
        (0xEE, BadResponse, "0xEE"),
    ],
)
def test_status_bytes_map_to_errors(
    emulator: ReaderEmulator,
    reader: IdCardReader,
    sw3: int,
    expected: type[DeviceError],
    words: str,
) -> None:
    error = _fault_error(emulator, reader, READ, Fault("status", sw3=sw3))
    assert type(error) is expected
    assert words in error.message_zh


def test_slow_answer_within_the_time_out_is_read(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    emulator.place(Person())
    emulator.fail_next(READ, Fault("slow", delay=0.6))
    assert _read(reader).name == "张三"


def test_no_answer_means_the_reader_is_not_there(emulator: ReaderEmulator) -> None:
    with IdCardReader.open_serial(emulator.port) as reader:
        reader.command_timeout = 0.3
        emulator.fail_next(SAM_STATUS, Fault("silent"))
        with pytest.raises(DeviceUnavailable) as exc:
            reader.check_sam()
        assert "does not answer" in exc.value.message_en and "无响应" in exc.value.message_zh
        reader.check_sam()  # and the next command is answered normally


def test_byte_at_a_time_writer(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.byte_at_a_time = True
    emulator.place(Person(name="欧阳娜娜"))
    assert _read(reader).name == "欧阳娜娜"


def test_unplugged_reader(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    reader.check_sam()
    emulator.unplug()
    with pytest.raises(DeviceUnavailable) as exc:
        reader.find_card()
    assert "已断开" in exc.value.message_zh
    with pytest.raises(DeviceUnavailable) as reopen:
        IdCardReader.open_serial(emulator.port)
    assert "设置" in reopen.value.message_zh


def test_port_that_does_not_exist() -> None:
    missing = "/dev/ttyUSB-renshe-missing"
    assert not os.path.exists(missing)
    with pytest.raises(DeviceUnavailable) as exc:
        IdCardReader.open_serial(missing)
    assert missing in exc.value.message_en


def test_after_a_fault_the_next_card_reads_cleanly(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    _fault_error(emulator, reader, READ, Fault("bad_checksum"))
    assert _read(reader).name == "张三"

"""The serial (USB-CDC) scanner driver, reading a real pty through pyserial."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_client.devices.barcode.serial_scanner import LineSplitter, SerialScanner
from station_client.devices.errors import BadResponse
from station_client.devices.events import CodeScanned, DeviceState, DeviceStatus

from .pty_scanner import EventLog, PtyScanner

READY, ERROR, DISCONNECTED = DeviceState.READY, DeviceState.ERROR, DeviceState.DISCONNECTED


@pytest.fixture
def scanner_port(tmp_path: Path) -> Iterator[PtyScanner]:
    port = PtyScanner(tmp_path)
    yield port
    port.close()


@pytest.fixture
def events() -> EventLog:
    return EventLog()


@pytest.fixture
def driver(scanner_port: PtyScanner, events: EventLog) -> Iterator[SerialScanner]:
    scanner = SerialScanner(str(scanner_port.path), events, retry_interval=0.1)
    scanner.start()
    events.wait_state(READY)
    yield scanner
    scanner.stop()
    assert not any(t.name == scanner.device for t in threading.enumerate())


def texts(events: EventLog) -> list[str]:
    return [s.text for s in events.scans()]


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"])
def test_each_line_is_one_code(
    scanner_port: PtyScanner, driver: SerialScanner, events: EventLog, ending: bytes
) -> None:
    scanner_port.send(b"11010519491231002X" + ending + b"RS1|A|2025-000123|8" + ending)
    events.wait_scans(2)
    assert events.scans() == [
        CodeScanned("UNKNOWN", "11010519491231002X", f"serial:{scanner_port.path}"),
        CodeScanned("UNKNOWN", "RS1|A|2025-000123|8", f"serial:{scanner_port.path}"),
    ]
    assert events.states() == [READY]


def test_lines_split_across_writes_and_crlf_split_in_two(
    scanner_port: PtyScanner, driver: SerialScanner, events: EventLog
) -> None:
    scanner_port.send(b"6901234567892\r\n", pieces=15, pause=0.003)  # byte by byte
    scanner_port.send(b"ABC-123\r")
    scanner_port.send(b"\nXYZ\r\n")  # the LF of the previous CR LF comes in the next write
    events.wait_scans(3)
    assert texts(events) == ["6901234567892", "ABC-123", "XYZ"]


def test_empty_lines_are_not_codes(
    scanner_port: PtyScanner, driver: SerialScanner, events: EventLog
) -> None:
    scanner_port.send(b"\r\n\r\n\n\rONE\r\n\r\n")
    events.wait_scans(1)
    scanner_port.send(b"TWO\n")
    events.wait_scans(2)
    assert texts(events) == ["ONE", "TWO"]


def test_chinese_in_utf8_and_from_a_scanner_set_to_gbk(
    scanner_port: PtyScanner, driver: SerialScanner, events: EventLog
) -> None:
    scanner_port.send("张三 北京市海淀区\r\n".encode())
    scanner_port.send("李四 广东省广州市天河区\r\n".encode("gbk"))
    events.wait_scans(2)
    assert texts(events) == ["张三 北京市海淀区", "李四 广东省广州市天河区"]


def test_garbage_is_an_error_status_and_no_code_then_ready_again(
    scanner_port: PtyScanner, driver: SerialScanner, events: EventLog
) -> None:
    scanner_port.send(b"\xff\xfe\x00\x81\x7f\r\n")
    events.wait_state(ERROR)
    [error] = [s for s in events.statuses() if s.state is ERROR]
    assert error.reason is not None and "编码" in error.reason
    assert events.scans() == []
    scanner_port.send(b"GOOD\r\n")
    events.wait_scans(1)
    assert events.states() == [READY, ERROR, READY]
    assert texts(events) == ["GOOD"]


def test_endless_line_is_an_error_not_a_hang(
    scanner_port: PtyScanner, driver: SerialScanner, events: EventLog
) -> None:
    scanner_port.send(b"A" * 5000 + b"\r\nAFTER\r\n", pieces=10)
    events.wait_scans(1)
    assert texts(events) == ["AFTER"]
    assert ERROR in events.states()


def test_aim_identifiers_name_the_symbology(scanner_port: PtyScanner, events: EventLog) -> None:
    with SerialScanner(str(scanner_port.path), events, aim_ids=True):
        events.wait_state(READY)
        scanner_port.send(b"]Q1RS1|F|ABC|X\r]C011010519491231002X\r")
        events.wait_scans(2)
    assert [(s.symbology, s.text) for s in events.scans()] == [
        ("QRCODE", "RS1|F|ABC|X"),
        ("CODE128", "11010519491231002X"),
    ]


def test_unplugged_then_plugged_in_again(
    scanner_port: PtyScanner, driver: SerialScanner, events: EventLog
) -> None:
    scanner_port.send(b"BEFORE\r")
    events.wait_scans(1)
    scanner_port.unplug()
    events.wait_state(DISCONNECTED)
    [gone] = [s for s in events.statuses() if s.state is DISCONNECTED]
    assert gone == DeviceStatus(driver.device, DISCONNECTED, gone.reason)
    assert gone.reason is not None and "扫码枪" in gone.reason
    scanner_port.plug()
    events.wait_state(READY, occurrence=2)
    scanner_port.send(b"AFTER\r")
    events.wait_scans(2)
    assert texts(events) == ["BEFORE", "AFTER"]
    assert events.states() == [READY, DISCONNECTED, READY]


def test_port_missing_at_start_is_found_when_it_appears(
    scanner_port: PtyScanner, events: EventLog
) -> None:
    scanner_port.unplug()
    with SerialScanner(str(scanner_port.path), events, retry_interval=0.1):
        events.wait_state(DISCONNECTED)
        scanner_port.plug()
        events.wait_state(READY)
        scanner_port.send(b"HELLO\n")
        events.wait_scans(1)
    assert events.states() == [DISCONNECTED, READY]  # reported once, not every retry


def test_a_failing_sink_does_not_stop_the_scanner(scanner_port: PtyScanner) -> None:
    log = EventLog()

    def sink(event: object) -> None:
        log(event)  # type: ignore[arg-type]
        if isinstance(event, CodeScanned) and event.text == "FIRST":
            raise RuntimeError("bug in the sink")

    with SerialScanner(str(scanner_port.path), sink):
        log.wait_state(READY)
        scanner_port.send(b"FIRST\rSECOND\r")
        log.wait_scans(2)
    assert texts(log) == ["FIRST", "SECOND"]


def test_stop_ends_the_thread_promptly(scanner_port: PtyScanner, events: EventLog) -> None:
    scanner = SerialScanner(str(scanner_port.path), events)
    scanner.start()
    events.wait_state(READY)
    scanner.stop(timeout=5.0)
    assert not any(t.name == scanner.device for t in threading.enumerate())


# -- many lines, any chunking --------------------------------------------------------

line_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Co", "Cn", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda t: "\ufeff" not in t[:1])
endings = st.sampled_from([b"\r", b"\n", b"\r\n"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(line_text, endings), max_size=8), st.data())
def test_splitter_gives_the_same_lines_however_the_bytes_arrive(
    lines: list[tuple[str, bytes]], data: st.DataObject
) -> None:
    stream = b"".join(t.encode() + e for t, e in lines)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    splitter = LineSplitter()
    got: list[bytes | BadResponse] = []
    for start, end in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        got.extend(splitter.feed(stream[start:end]))
    assert got == [t.encode() for t, _ in lines]


def test_three_hundred_random_lines_through_the_pty(scanner_port: PtyScanner) -> None:
    log = EventLog()
    sent: list[str] = []

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(line_text, endings, st.integers(1, 4))
    def one_line(text: str, ending: bytes, pieces: int) -> None:
        sent.append(text)
        scanner_port.send(text.encode() + ending, pieces=pieces)
        log.wait_scans(len(sent))

    with SerialScanner(str(scanner_port.path), log):
        log.wait_state(READY)
        one_line()
    assert texts(log) == sent
    assert log.states() == [READY]

"""The poller thread on the real driver and a pty: one identity per card presentation,
status changes with reasons, and surviving every fault (including a sink that raises
and a reader unplugged and plugged back in)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from station_client.devices.events import DeviceEvent, DeviceState, EventSink, IdentityPresented
from station_client.devices.idcard import IdCardSettings, idcard_poller
from station_client.devices.idcard.poller import IdCardPoller
from station_client.devices.idcard.reader import IdCardReader

from .conftest import Events
from .emulator import FIND, READ, Fault, Person, ReaderEmulator

INTERVAL = 0.02


@pytest.fixture
def make_poller(emulator: ReaderEmulator, events: Events) -> Iterator[Callable[..., IdCardPoller]]:
    started: list[IdCardPoller] = []

    def make(
        connect: Callable[[], IdCardReader] | None = None, sink: EventSink | None = None
    ) -> IdCardPoller:
        poller = IdCardPoller(
            connect or (lambda: IdCardReader.open_serial(emulator.port)),
            sink or events,
            device=f"idcard:{emulator.port}",
            interval=INTERVAL,
            retry_interval=0.1,
        )
        started.append(poller.start())
        return poller

    yield make
    for poller in started:
        poller.stop()
        assert not poller.running


def _present(emulator: ReaderEmulator, events: Events, person: Person, nth: int) -> None:
    emulator.place(person)
    events.wait_identities(nth)
    # Let the card lie there for a good number of polls: nothing more must come.
    polls = emulator.count(FIND)
    events.wait_for(lambda: emulator.count(FIND) >= polls + 10)
    emulator.take_away()
    mark = len(events.all)
    polls = emulator.count(FIND)
    events.wait_for(lambda: emulator.count(FIND) >= polls + 3)
    assert all(not isinstance(e, IdentityPresented) for e in events.all[mark:])


@pytest.mark.parametrize("halts_card", [False, True], ids=["plain", "halting-reader"])
def test_one_identity_per_presentation(
    emulator: ReaderEmulator,
    events: Events,
    make_poller: Callable[..., IdCardPoller],
    halts_card: bool,
) -> None:
    emulator.halt_after_read = halts_card
    make_poller()
    events.wait_status(DeviceState.READY)
    first, second = Person(), Person(name="李四")
    _present(emulator, events, first, 1)
    _present(emulator, events, second, 2)
    _present(emulator, events, first, 3)  # the same card again is a new presentation
    assert [i.name for i in events.identities] == ["张三", "李四", "张三"]
    assert emulator.count(READ) == 3


def test_status_goes_ready_reading_ready(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    make_poller()
    events.wait_status(DeviceState.READY)
    emulator.place(Person())
    events.wait_identities(1)
    events.wait_for(lambda: events.statuses[-1].state is DeviceState.READY)
    states = [s.state for s in events.statuses]
    assert states == [DeviceState.READY, DeviceState.READING, DeviceState.READY]
    assert all(s.device == f"idcard:{emulator.port}" for s in events.statuses)


@pytest.mark.parametrize(
    ("fault", "reason_words"),
    [
        (Fault("bad_checksum"), "校验错误"),
        (Fault("removed"), "卡被取出"),
        (Fault("status", sw3=0x33), "人工核验"),
    ],
    ids=["checksum", "removed", "verify-failed"],
)
def test_fault_gives_error_with_reason_then_ready_again(
    emulator: ReaderEmulator,
    events: Events,
    make_poller: Callable[..., IdCardPoller],
    fault: Fault,
    reason_words: str,
) -> None:
    make_poller()
    events.wait_status(DeviceState.READY)
    emulator.fail_next(READ, fault)
    emulator.place(Person())
    error = events.wait_status(DeviceState.ERROR)
    assert error.reason is not None and reason_words in error.reason
    assert events.identities == []
    mark = len(events.all)
    emulator.take_away()  # the clerk takes the card off …
    events.wait_status(DeviceState.READY, after=mark)
    emulator.place(Person())  # … and places it again: now it reads
    assert events.wait_identities(1)[0].name == "张三"


def test_invalid_id_number_gives_no_event_and_says_why(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    make_poller()
    events.wait_status(DeviceState.READY)
    emulator.place(Person(id_number="320115198503120111"))
    error = events.wait_status(DeviceState.ERROR)
    assert error.reason is not None and "校验位错误" in error.reason
    polls = emulator.count(FIND)
    events.wait_for(lambda: emulator.count(FIND) >= polls + 10)
    assert events.identities == []
    assert emulator.count(READ) == 1  # not read over and over while it lies there


def test_truncated_answer_to_find_is_an_error_then_polling_goes_on(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    def connect() -> IdCardReader:
        reader = IdCardReader.open_serial(emulator.port)
        reader.command_timeout = 0.3
        return reader

    make_poller(connect)
    events.wait_status(DeviceState.READY)
    emulator.fail_next(FIND, Fault("truncated"))
    error = events.wait_status(DeviceState.ERROR)
    assert error.reason is not None and "不完整" in error.reason
    mark = len(events.all)
    events.wait_status(DeviceState.READY, after=mark)
    emulator.place(Person())
    events.wait_identities(1)


def test_sam_failure_is_error_until_the_sam_recovers(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    emulator.sam_status = 0x60
    make_poller()
    error = events.wait_status(DeviceState.ERROR)
    assert error.reason is not None and "SAM" in error.reason
    mark = len(events.all)
    emulator.sam_status = 0x90
    events.wait_status(DeviceState.READY, after=mark)
    emulator.place(Person())
    events.wait_identities(1)


def test_sink_that_raises_does_not_stop_the_poller(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    def failing_sink(event: DeviceEvent) -> None:
        events(event)
        raise RuntimeError("the UI fell over")

    poller = make_poller(sink=failing_sink)
    events.wait_status(DeviceState.READY)
    emulator.place(Person())
    events.wait_identities(1)
    emulator.take_away()
    events.wait_for(lambda: emulator.count(FIND) > 5)
    emulator.place(Person(name="李四"))
    assert [i.name for i in events.wait_identities(2)] == ["张三", "李四"]
    assert poller.running


def test_unplugged_reader_is_disconnected_then_found_again(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    current = {"port": emulator.port}
    replacement: list[ReaderEmulator] = []
    make_poller(lambda: IdCardReader.open_serial(current["port"]))
    events.wait_status(DeviceState.READY)
    emulator.unplug()
    gone = events.wait_status(DeviceState.DISCONNECTED)
    assert gone.reason is not None
    try:
        replacement.append(ReaderEmulator())  # plugged back in (a new tty, as after replug)
        current["port"] = replacement[0].port
        mark = len(events.all)
        events.wait_status(DeviceState.READY, after=mark)
        replacement[0].place(Person())
        assert events.wait_identities(1)[0].name == "张三"
    finally:
        for emu in replacement:
            emu.close()


def test_unexpected_exception_does_not_kill_the_thread(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    attempts: list[int] = []

    def connect() -> IdCardReader:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("a bug somewhere below the poller")
        return IdCardReader.open_serial(emulator.port)

    poller = make_poller(connect)
    error = events.wait_status(DeviceState.ERROR)
    assert error.reason is not None and "区信息科" in error.reason
    events.wait_status(DeviceState.READY)
    emulator.place(Person())
    events.wait_identities(1)
    assert poller.running


def test_poller_built_from_settings(emulator: ReaderEmulator, events: Events) -> None:
    settings = IdCardSettings(port=emulator.port, poll_interval=INTERVAL)
    with idcard_poller(settings, events) as poller:
        assert poller.device == f"idcard:{emulator.port}"
        events.wait_status(DeviceState.READY)
        emulator.place(Person())
        assert events.wait_identities(1)[0].id_number == Person().id_number


def test_reconnecting_does_not_announce_the_same_card_twice(
    emulator: ReaderEmulator, events: Events, make_poller: Callable[..., IdCardPoller]
) -> None:
    def connect() -> IdCardReader:
        reader = IdCardReader.open_serial(emulator.port)
        reader.command_timeout = 0.3
        return reader

    make_poller(connect)
    events.wait_status(DeviceState.READY)
    emulator.place(Person())
    events.wait_identities(1)
    mark = len(events.all)
    emulator.fail_next(FIND, Fault("silent"))  # the reader stops answering for a moment
    events.wait_status(DeviceState.DISCONNECTED, after=mark)
    events.wait_status(DeviceState.READY, after=mark)
    events.wait_for(lambda: emulator.count(READ) == 2)  # re-read after reconnecting …
    polls = emulator.count(FIND)
    events.wait_for(lambda: emulator.count(FIND) >= polls + 5)
    assert len(events.identities) == 1  # … but the same card is not announced again
    emulator.take_away()
    polls = emulator.count(FIND)
    events.wait_for(lambda: emulator.count(FIND) >= polls + 3)
    emulator.place(Person(name="李四"))
    assert [i.name for i in events.wait_identities(2)] == ["张三", "李四"]

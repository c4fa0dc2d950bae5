"""The hybrid logical clock: monotonic whatever the wall clock does, causal on receipt."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub_sync.protocol.errors import WireError
from hub_sync.protocol.hlc import (
    HLC,
    MAX_COUNTER,
    MAX_WALL_MS,
    HybridLogicalClock,
    node_for,
    wall_clock_ms,
)

NODE = "station1"
nodes = st.from_regex(r"[0-9A-Za-z_.:]{1,20}", fullmatch=True)
walls = st.integers(min_value=0, max_value=MAX_WALL_MS // 2)
stamps = st.builds(HLC, walls, st.integers(min_value=0, max_value=MAX_COUNTER - 1), nodes)


def _scripted(values: list[int]) -> Callable[[], int]:
    """A wall clock that reads ``values`` in turn, then keeps the last one."""
    it: Iterator[int] = iter(values)
    last = [0]

    def read() -> int:
        last[0] = next(it, last[0])
        return last[0]

    return read


def test_encode_and_parse() -> None:
    stamp = HLC(1_717_200_000_000, 7, "9a0b1c2d3e4f5a6b")
    assert stamp.encode() == "1717200000000-00007-9a0b1c2d3e4f5a6b"
    assert str(stamp) == stamp.encode()
    assert HLC.parse(stamp.encode()) == stamp
    assert len(HLC(MAX_WALL_MS, MAX_COUNTER, "n" * 20).encode()) <= 40  # fits Op.hlc


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1717200000000-00007",
        "171720000000-00007-node",  # 12 digits
        "1717200000000-7-node",
        "1717200000000-00007-",
        "1717200000000-00007-" + "n" * 21,
        "1717200000000-00007-has-dash",
        "1717200000000-00007-spa ce",
        "-717200000000-00007-node",
    ],
)
def test_parse_refuses_bad_text(text: str) -> None:
    with pytest.raises(WireError) as info:
        HLC.parse(text)
    assert info.value.code == "bad_hlc" and info.value.field == "hlc"


def test_parse_refuses_non_text() -> None:
    with pytest.raises(WireError):
        HLC.parse(12345)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("wall", "counter", "node"),
    [(-1, 0, "n"), (MAX_WALL_MS + 1, 0, "n"), (0, -1, "n"), (0, MAX_COUNTER + 1, "n"), (0, 0, "")],
)
def test_out_of_range_stamps(wall: int, counter: int, node: str) -> None:
    with pytest.raises(WireError):
        HLC(wall, counter, node)


def test_clock_refuses_bad_node() -> None:
    with pytest.raises(WireError):
        HybridLogicalClock("not a node")


@given(stamps, stamps)
def test_text_sorts_like_stamps(a: HLC, b: HLC) -> None:
    assert (a < b) == (a.encode() < b.encode())
    assert (a == b) == (a.encode() == b.encode())
    assert HLC.parse(a.encode()) == a


def test_follows_the_wall_clock_when_it_moves_on() -> None:
    clock = HybridLogicalClock(NODE, _scripted([100, 200]))
    assert clock.now() == HLC(100, 0, NODE)
    assert clock.now() == HLC(200, 0, NODE)
    assert clock.last == HLC(200, 0, NODE)
    assert clock.node == NODE


def test_counts_when_the_wall_clock_stands_still_or_steps_back() -> None:
    clock = HybridLogicalClock(NODE, _scripted([100, 100, 50, 101]))
    assert [clock.now() for _ in range(4)] == [
        HLC(100, 0, NODE),
        HLC(100, 1, NODE),
        HLC(100, 2, NODE),
        HLC(101, 0, NODE),
    ]


def test_observe_a_clock_ahead() -> None:
    clock = HybridLogicalClock(NODE, _scripted([100]))
    remote = HLC(500, 3, "hub")
    assert clock.observe(remote) == HLC(500, 4, NODE)
    assert clock.now() == HLC(500, 5, NODE)


def test_observe_a_clock_behind() -> None:
    clock = HybridLogicalClock(NODE, _scripted([1000]))
    assert clock.observe(HLC(500, 3, "hub")) == HLC(1000, 0, NODE)


def test_observe_same_wall_time_takes_the_larger_counter() -> None:
    clock = HybridLogicalClock(NODE, _scripted([100, 100, 100]))
    clock.now()
    clock.now()  # (100, 1)
    assert clock.observe(HLC(100, 9, "hub")) == HLC(100, 10, NODE)


def test_counter_overflow_moves_logical_time_on() -> None:
    clock = HybridLogicalClock(NODE, _scripted([100]))
    stamp = clock.observe(HLC(100, MAX_COUNTER, "hub"))
    assert stamp == HLC(101, 0, NODE)
    assert stamp > HLC(100, MAX_COUNTER, "hub")


def test_default_wall_clock_is_unix_milliseconds() -> None:
    assert wall_clock_ms() > 1_700_000_000_000
    assert HybridLogicalClock(NODE).now().wall_ms > 1_700_000_000_000


def test_node_for_station_uuid() -> None:
    assert node_for("0190A3B4-5C6D-7E8F-9A0B-1C2D3E4F5A6B") == "9a0b1c2d3e4f5a6b"
    with pytest.raises(WireError):
        node_for("not-a-uuid")


Event = tuple[str, int, HLC | None]
events = st.lists(
    st.one_of(
        st.tuples(st.just("now"), walls, st.none()),
        st.tuples(st.just("observe"), walls, stamps),
    ),
    min_size=1,
    max_size=60,
)


@given(events)
def test_monotonic_under_any_wall_clock_and_receipts(script: list[Event]) -> None:
    readings = [wall for _, wall, _ in script]
    clock = HybridLogicalClock(NODE, _scripted(readings))
    previous: HLC | None = None
    for kind, wall, remote in script:
        if kind == "now":
            stamp = clock.now()
            assert stamp.wall_ms >= wall  # never behind the wall clock
        else:
            assert remote is not None
            stamp = clock.observe(remote)
            assert stamp > remote  # causality: a receipt comes after the send
            assert stamp.wall_ms >= max(wall, remote.wall_ms)
        if previous is not None:
            assert stamp > previous
            assert stamp.encode() > previous.encode()
        previous = stamp


@given(stamps, walls)
def test_observe_is_after_the_remote_stamp(remote: HLC, wall: int) -> None:
    clock = HybridLogicalClock(NODE, lambda: wall)
    assert clock.observe(remote) > remote


@given(st.lists(walls, min_size=2, max_size=40))
def test_two_nodes_exchanging_messages_stay_causal(readings: list[int]) -> None:
    station = HybridLogicalClock("station", _scripted(readings))
    hub = HybridLogicalClock("hub", _scripted(list(reversed(readings))))
    sent = station.now()
    for _ in range(len(readings)):
        received = hub.observe(sent)
        assert received > sent
        reply = hub.now()
        sent_back = station.observe(reply)
        assert sent_back > reply > received > sent
        sent = station.now()
        assert sent > sent_back

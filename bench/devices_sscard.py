"""Benchmarks of the social-security card reader (issue #4, devices).

Through the real stack when this machine has it — a private ``pcscd`` with the ``vpcd``
driver and the virtual SSSE card of the tests — else through the demo simulator (which
shares the APDU, decoding and event code), and the detail says which and why.

- "sscard: APDUs for a full read": the most APDUs the card received for one read, over a
  T=1 card and T=0 cards answering ``61xx`` and ``6Cxx``;
- "sscard: last byte to identity event": from the return of the last transmit (the card's
  last answer byte is in) to the IdentityPresented reaching the sink — disconnect,
  decoding, ID check and event delivery; p95 over many reads.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from station_client.devices import DeviceEvent, IdentityPresented
from station_client.devices.sscard import sample_cards
from station_client.devices.sscard.session import StatusReporter, read_identity
from station_client.devices.sscard.simulator import SimulatedSsse

from .harness import Report, Result, p95

APDU_TARGET = 12
LATENCY_TARGET_MS = 10.0
T = TypeVar("T")


class _Stamped:
    """The sink: when the identity arrived."""

    def __init__(self) -> None:
        self.at: float | None = None

    def __call__(self, event: DeviceEvent) -> None:
        if isinstance(event, IdentityPresented):
            self.at = time.perf_counter()


def _real_stack(report: Report, reads: int) -> str | None:
    """Both benchmarks through pcscd; returns why not, if it cannot run here."""
    try:
        from tests.devices.sscard.cards import ABDU, Issue, ef05, ef06
        from tests.devices.sscard.pcscd import (
            READER,
            PcscdUnavailable,
            PrivatePcscd,
            claim_client_socket,
            wait_card,
        )
        from tests.devices.sscard.vicc import SsseCard, Style, VirtualCard
    except ImportError as exc:
        return f"the test card emulator is not importable ({exc})"
    claim_client_socket()  # before this process makes its first PC/SC call
    from station_client.devices.sscard.monitor import SocialSecurityCardMonitor

    work = Path(tempfile.mkdtemp(prefix="renshe-bench-pcscd-"))
    try:
        daemon = PrivatePcscd(work)
        daemon.start()
        daemon.wait_reader()
    except (PcscdUnavailable, AssertionError) as exc:
        shutil.rmtree(work, ignore_errors=True)
        return str(exc).splitlines()[0]
    sink = _Stamped()
    monitor = SocialSecurityCardMonitor(sink, READER)  # not started: read_now() only

    def with_card(style: Style, action: Callable[[SsseCard], T]) -> T:
        card = SsseCard(ef05(Issue()), ef06(ABDU, "2.00"), style=style)
        virtual = VirtualCard(card, daemon.port)
        virtual.insert()
        try:
            wait_card(True)
            return action(card)
        finally:
            virtual.remove()
            wait_card(False)

    def count(card: SsseCard) -> int:
        if monitor.read_now() is None:
            raise RuntimeError("the virtual card could not be read through pcscd")
        return len(card.apdus)

    try:
        styles: tuple[Style, ...] = ("t1", "t0-61", "t0-6c")
        counts = {style: with_card(style, count) for style in styles}
        timings = with_card("t0-61", lambda _: _latencies(monitor.read_now, monitor, sink, reads))
    finally:
        daemon.stop()
        shutil.rmtree(work, ignore_errors=True)
    worst = max(counts.values())
    report.add(
        Result(
            "sscard: APDUs for a full read",
            worst,
            "APDUs",
            APDU_TARGET,
            False,
            "real pcscd+vpcd, virtual card: "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
            + " (worst reported)",
        )
    )
    latencies, totals = timings
    _latency_result(report, latencies, totals, "real pcscd+vpcd, T=0 card answering 61xx")
    return None


class _Timing(Protocol):
    @property
    def last_response_at(self) -> float | None: ...


def _latencies(
    read: Callable[[], object], timing: _Timing, sink: _Stamped, reads: int
) -> tuple[list[float], list[float]]:
    latencies: list[float] = []
    totals: list[float] = []
    for _ in range(reads):
        sink.at = None
        start = time.perf_counter()
        if read() is None or sink.at is None:
            raise RuntimeError("a benchmark read failed")
        last = timing.last_response_at
        if last is None:
            raise RuntimeError("no answer from the card was timed")
        latencies.append((sink.at - last) * 1000)
        totals.append((sink.at - start) * 1000)
    return latencies, totals


def _latency_result(report: Report, latencies: list[float], totals: list[float], how: str) -> None:
    report.add(
        Result(
            "sscard: last byte to identity event",
            p95(latencies),
            "ms",
            LATENCY_TARGET_MS,
            False,
            f"p95 over {len(latencies)} reads, {how}; median {statistics.median(latencies):.3f}"
            f" ms; whole read median {statistics.median(totals):.2f} ms",
        )
    )


class _TimedCard:
    """A simulated card that notes when its last answer was returned."""

    def __init__(self) -> None:
        self.card = SimulatedSsse(sample_cards()[2])
        self.last_response_at: float | None = None

    def transmit(self, apdu: bytes) -> bytes:
        answer = self.card.transmit(apdu)
        self.last_response_at = time.perf_counter()
        return answer


def _simulator(report: Report, reads: int, why: str) -> None:
    counted = _TimedCard()
    read_identity(counted)
    report.add(
        Result(
            "sscard: APDUs for a full read",
            len(counted.card.apdus),
            "APDUs",
            APDU_TARGET,
            False,
            f"SIMULATOR (same APDU code, T=1-style card), not pcscd: {why}",
        )
    )
    sink = _Stamped()
    reporter = StatusReporter(sink)
    timed = _TimedCard()
    latencies, totals = _latencies(
        lambda: reporter.read("sscard:bench", lambda: read_identity(timed)), timed, sink, reads
    )
    _latency_result(report, latencies, totals, f"SIMULATOR, not pcscd: {why}")


def run(report: Report, quick: bool) -> None:
    print("social-security card reader (PC/SC)")
    reads = 50 if quick else 200
    why = _real_stack(report, reads)
    if why is not None:
        _simulator(report, reads, why)

"""Benchmarks of the barcode scanners (issue: devices).

- the keyboard-wedge detector over 10,000 sequences of people typing and 10,000 scanner
  bursts drawn from :mod:`station_client.devices.barcode.keystroke_models` (a fixed seed,
  so a run is reproducible): false scans and missed scans, both to be zero;
- a serial scanner behind a real pty pair: time from the scanner's last byte (the line
  end, written by the emulated scanner) to the CodeScanned event reaching the sink.
"""

from __future__ import annotations

import itertools
import os
import queue
import random
import statistics
import tempfile
import time
import tty
from pathlib import Path

from station_client.devices.barcode import keystroke_models as models
from station_client.devices.barcode.serial_scanner import SerialScanner
from station_client.devices.barcode.wedge import detect_scans
from station_client.devices.events import CodeScanned, DeviceEvent, DeviceState, DeviceStatus

from .harness import Report, Result, p95

SEQUENCES = 10_000
SEED = 20_251_128


def bench_wedge(report: Report) -> None:
    rng = random.Random(SEED)
    false_scans = sum(1 for _ in range(SEQUENCES) if detect_scans(models.human_typing(rng)))
    report.add(
        Result(
            "wedge: false scans in 10,000 human keystroke sequences",
            false_scans,
            "scans",
            0,
            False,
            "typists at 80-250 ms/key, fast stretches 30-60 ms, 2-3-key rollovers",
        )
    )
    missed = 0
    hiccups = 0
    start = time.perf_counter()
    for _ in range(SEQUENCES):
        text = models.scanner_text(rng)
        strokes = models.scanner_burst(rng, text, terminator=models.random_terminator(rng))
        hiccups += any(b.t_ms - a.t_ms > 15 for a, b in itertools.pairwise(strokes))
        missed += detect_scans(strokes) != [text]
    per_burst_us = (time.perf_counter() - start) / SEQUENCES * 1e6
    report.add(
        Result(
            "wedge: missed scans in 10,000 scanner bursts",
            missed,
            "scans",
            0,
            False,
            f"1-15 ms/key, {hiccups} bursts with a 16-40 ms hiccup; "
            f"{per_burst_us:.0f} µs per burst to generate and detect",
        )
    )


def bench_serial_latency(report: Report, quick: bool) -> None:
    lines = 50 if quick else 300
    arrived: queue.Queue[tuple[float, str]] = queue.Queue()
    ready: queue.Queue[None] = queue.Queue()

    def sink(event: DeviceEvent) -> None:
        if isinstance(event, CodeScanned):
            arrived.put((time.perf_counter(), event.text))
        elif isinstance(event, DeviceStatus) and event.state is DeviceState.READY:
            ready.put(None)

    master, slave = os.openpty()
    tty.setraw(slave)
    with tempfile.TemporaryDirectory(prefix="renshe-bench-scanner-") as tmp:
        link = Path(tmp) / "ttyACM-bench"
        link.symlink_to(os.ttyname(slave))
        scanner = SerialScanner(str(link), sink)
        scanner.start()
        try:
            ready.get(timeout=30)
            latencies = []
            for i in range(lines):
                code = f"11010519491231{i:04d}"
                sent = time.perf_counter()
                os.write(master, code.encode() + b"\r\n")  # the whole line, last byte included
                got_at, text = arrived.get(timeout=30)
                assert text == code, (text, code)
                latencies.append((got_at - sent) * 1000)
                time.sleep(0.01)  # a clerk does not scan 100 codes a second
        finally:
            scanner.stop()
            os.close(master)
            os.close(slave)
    report.add(
        Result(
            "barcode: last byte to code event (serial scanner)",
            p95(latencies),
            "ms",
            10,
            False,
            f"p95 of {lines} lines through a pty; median {statistics.median(latencies):.2f} ms",
        )
    )


def run(report: Report, quick: bool) -> None:
    print("barcode scanners (keyboard wedge, serial)")
    bench_wedge(report)
    bench_serial_latency(report, quick)

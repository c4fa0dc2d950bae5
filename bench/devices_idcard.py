"""ID card reader benchmark (issue #4, devices): from the last byte of the reader's
"read base message" answer arriving to the IdentityPresented reaching the sink.

The real driver and poller run on one end of a pty; on the other end a small server
answers with the product's simulated reader (real GA 467 frames). The time is taken from
``IdCardReader.last_frame_at`` (set when the frame's final byte has been read from the
port) to the moment the sink is called, so it covers frame checks, text decoding, ID
number validation, building the event and handing it over — not the serial line itself.
"""

from __future__ import annotations

import os
import select
import statistics
import threading
import time
import tty

from station_client.devices.events import DeviceEvent, IdentityPresented
from station_client.devices.idcard.frames import MIN_REQUEST_LENGTH, FrameAssembler
from station_client.devices.idcard.poller import IdCardPoller
from station_client.devices.idcard.reader import IdCardReader
from station_client.devices.idcard.simulator import SimulatedIdCardReader, sample_cards

from .harness import Report, Result, p95

TARGET_MS = 10.0


class _PtyReader:
    """The simulated reader served on the master side of a pty."""

    def __init__(self, device: SimulatedIdCardReader) -> None:
        self.device = device
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="bench-ga467", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        assembler = FrameAssembler(min_length=MIN_REQUEST_LENGTH)
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                time.sleep(0.01)
                continue
            for i in range(len(data)):
                frame = assembler.feed(data[i : i + 1])
                if frame is not None:
                    os.write(self.master, self.device.respond(frame))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        os.close(self.master)
        os.close(self._slave)


def _wait(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not (callable(condition) and condition()):
        if time.monotonic() > deadline:
            raise RuntimeError("ID card benchmark: the poller stopped making progress")
        time.sleep(0.001)


def run(report: Report, quick: bool) -> None:
    reads = 50 if quick else 200
    device = SimulatedIdCardReader()
    server = _PtyReader(device)
    readers: list[IdCardReader] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def connect() -> IdCardReader:
        reader = IdCardReader.open_serial(server.port)
        readers.append(reader)
        return reader

    def sink(event: DeviceEvent) -> None:
        if isinstance(event, IdentityPresented):
            delivered = time.perf_counter()
            with lock:
                latencies.append((delivered - readers[-1].last_frame_at) * 1000)

    def count() -> int:
        with lock:
            return len(latencies)

    cards = sample_cards()
    poller = IdCardPoller(connect, sink, device=f"idcard:{server.port}", interval=0.005)
    try:
        with poller:
            for n in range(reads):
                device.present(cards[n % len(cards)])
                _wait(lambda n=n: count() > n)
                device.remove()
                polls = device.requests
                _wait(lambda polls=polls: device.requests >= polls + 3)  # presentation ends
    finally:
        server.close()
    report.add(
        Result(
            "idcard: last byte to identity event",
            p95(latencies),
            "ms",
            TARGET_MS,
            False,
            f"p95 of {len(latencies)} reads through a pty; median "
            f"{statistics.median(latencies):.2f} ms, max {max(latencies):.2f} ms",
        )
    )


if __name__ == "__main__":
    run(Report(), quick=True)

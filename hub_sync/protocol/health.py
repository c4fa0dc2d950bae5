"""A station's health report to its hub (``POST /v1/health-report``).

The station tells district IT what only it can see: its outbox backlog, what waits for
a person (refused ops, records in conflict), its software and reference-data versions,
its clock and its card readers and scanners. The hub keeps the latest report of each
station for the fleet page and ``renshe-hub station list``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .messages import Message

MAX_DEVICES = 20
#: Bounds that keep every figure inside the hub's integer columns (int4 for counts).
MAX_COUNT = 2_000_000_000
MAX_OFFSET_MS = 10**12  # about 31 years either way
MAX_REFERENCE_VERSION = 2**53
DeviceStateName = Literal["disconnected", "connected", "ready", "reading", "error"]


class DeviceHealth(Message):
    """One device as the station last saw it (``station_client.devices.DeviceStatus``)."""

    device: Annotated[str, Field(min_length=1, max_length=80)]
    state: DeviceStateName
    reason: Annotated[str, Field(max_length=200)] | None = None


class HealthReport(Message):
    outbox_backlog: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    rejected_waiting: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    conflicts_waiting: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    client_version: Annotated[str, Field(min_length=1, max_length=40)]
    reference_version: Annotated[int, Field(ge=0, le=MAX_REFERENCE_VERSION)] | None = None
    #: The station's clock minus the hub's, in ms, as the station last learned it.
    clock_offset_ms: Annotated[int, Field(ge=-MAX_OFFSET_MS, le=MAX_OFFSET_MS)]
    devices: Annotated[list[DeviceHealth], Field(max_length=MAX_DEVICES)] = Field(
        default_factory=list
    )
    #: Codes of the freeze rules that hold (empty: new registrations allowed).
    frozen: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=10)] = Field(
        default_factory=list
    )


class HealthReceipt(Message):
    recorded: bool

"""Second-generation ID card readers (GA 467 over a serial port), and their simulator.

- :mod:`.frames` — GA 467 frame encoding and decoding; :mod:`.status` — status bytes;
- :mod:`.text` — the 256-byte UCS-2 text block; :mod:`.identity` — card → event;
- :mod:`.photo` — WLT photo bytes and the optional vendor decoder;
- :mod:`.transport`, :mod:`.reader` — the pyserial driver; :mod:`.ports` — finding the port;
- :mod:`.poller` — the background thread that turns cards into events;
- :mod:`.simulator` — a simulated reader for the demo and training mode.

:func:`idcard_poller` builds the poller the application runs from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_client.devices.errors import DeviceUnavailable
from station_client.devices.events import EventSink

from .photo import NoPhotoDecoder, PhotoDecoder, decode_photo, decoder_from_setting
from .poller import POLL_INTERVAL, RETRY_INTERVAL, IdCardPoller
from .ports import PortFinder, choose_port, detect_reader_port
from .reader import IdCardReader
from .simulator import SimFault, SimulatedIdCardReader, sample_cards, simulated_poller
from .transport import DEFAULT_BAUDRATE


@dataclass(frozen=True)
class IdCardSettings:
    """The ID card reader part of the station settings.

    ``port`` empty means "detect"; ``photo_decoder`` is the vendor decoder's command line
    (see :class:`.photo.CommandPhotoDecoder`), empty when none is installed.
    """

    port: str | None = None
    baudrate: int = DEFAULT_BAUDRATE
    poll_interval: float = POLL_INTERVAL
    photo_decoder: str | None = None

    def decoder(self) -> PhotoDecoder | None:
        """The configured photo decoder, or ``None`` (photos then stay WLT bytes)."""
        return decoder_from_setting(self.photo_decoder)


def idcard_poller(settings: IdCardSettings, sink: EventSink) -> IdCardPoller:
    """A poller (not started) for the reader the settings describe.

    Without a port in the settings the port is detected when the poller connects, not
    now, so a reader plugged in after the station started is found later on.
    """
    finder = PortFinder(settings.port, baudrate=settings.baudrate)
    last_open_failed = False

    def connect() -> IdCardReader:
        nonlocal last_open_failed
        port = finder.port(previous_failed=last_open_failed)
        try:
            reader = IdCardReader.open_serial(port, baudrate=settings.baudrate)
        except DeviceUnavailable:
            last_open_failed = True
            raise
        last_open_failed = False
        return reader

    return IdCardPoller(
        connect,
        sink,
        device=f"idcard:{finder.configured or 'auto'}",
        interval=settings.poll_interval,
        retry_interval=RETRY_INTERVAL,
    )


__all__ = [
    "IdCardPoller",
    "IdCardReader",
    "IdCardSettings",
    "NoPhotoDecoder",
    "PhotoDecoder",
    "PortFinder",
    "SimFault",
    "SimulatedIdCardReader",
    "choose_port",
    "decode_photo",
    "decoder_from_setting",
    "detect_reader_port",
    "idcard_poller",
    "sample_cards",
    "simulated_poller",
]

"""Barcode and QR code scanners, turned into :class:`~station_client.devices.CodeScanned`.

- :mod:`.wedge` — tells a keyboard-wedge scanner's key bursts from a person typing (plain
  Python; the Qt event filter in ``station_client.ui.wedge_filter`` drives it);
- :mod:`.serial_scanner` — scanners in USB-CDC (serial) mode, one code per line;
- :mod:`.image` — codes in pictures and camera frames (zbar via pyzbar; import it by
  name: loading pyzbar needs the zbar library, which the rest of the package does not);
- :mod:`.text` — bytes → text (UTF-8, then GB18030) and AIM symbology prefixes;
- :mod:`.payloads` — what a code is: station label, e-SSC, ID number, text;
- :mod:`.simulator` — a simulated scanner for the demo and training mode;
- :mod:`.keystroke_models` — timing models of scanners and typists (tests, bench).
"""

from .payloads import (
    CitizenIdCode,
    EsscCode,
    Payload,
    PlainText,
    StationCode,
    StationCodeKind,
    classify,
    encode_station_code,
    parse_station_code,
)
from .serial_scanner import SerialScanner
from .simulator import SimulatedScanner, demo_script
from .wedge import KeyStroke, Step, Verdict, WedgeConfig, WedgeDetector

__all__ = [
    "CitizenIdCode",
    "EsscCode",
    "KeyStroke",
    "Payload",
    "PlainText",
    "SerialScanner",
    "SimulatedScanner",
    "StationCode",
    "StationCodeKind",
    "Step",
    "Verdict",
    "WedgeConfig",
    "WedgeDetector",
    "classify",
    "demo_script",
    "encode_station_code",
    "parse_station_code",
]

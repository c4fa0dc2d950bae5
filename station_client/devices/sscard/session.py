"""Reading a social-security card: the APDU sequence, the identity, the events.

Shared by the PC/SC reader and the demo simulator, so a training session shows exactly
the messages the counter will.

The sequence (≤ 11 APDUs, 5 on a T=1 card)::

    00 A4 04 00 0F "sx1.sh.社会保障"   SELECT the SSSE by DF name
    00 A4 02 00 02 EF 05               SELECT EF05
    00 B2 01 05 00                     READ RECORD: records 1..last, concatenated
    00 A4 02 00 02 EF 06               SELECT EF06
    00 B2 01 05 00                     READ RECORD: records 1..last, concatenated

Reading "all records from P1" (ISO 7816-4 P2 = 05) gets a file in one command, where one
READ RECORD per item would take 14 plus the SELECTs. On T=0 each READ RECORD may add a
re-send (``6Cxx``) and up to two GET RESPONSEs (``61xx``): 3 + 2 × 4 = 11 at worst. A card
that refuses P2 = 05 (``6A86``, ``6A81``, ``6B00``…) is read item by item by record
identifier (P2 = 00, P1 = tag, Le exact), which works whatever the record order of its
layout — slower (≈ 20 APDUs) but it reads.

Published readers disagree on READ RECORD: some use P2 = 04 with record *numbers*, but
the number of an item differs between layouts (the 2.0 name extension is record 3 of
EF06, shifting sex to 4…); others use P2 = 00 with the record *identifier* as P1. This
code reads whole files from record 1 (numbers do not matter) and, in the fallback, by
identifier. Le counts the tag and length bytes too (``00 B2 08 00 14`` for the 18-byte
social security number), as the records come back in TLV form.

Never sent: VERIFY or any other PIN command. EF05 and EF06 need no PIN; the PIN belongs
to the cardholder and is only ever typed by them, never by this code.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from station_client.rules.errors import ValidationError
from station_client.rules.idnumber import validate_citizen_id

from ..errors import DeviceError, InvalidIdentity, NoCard
from ..events import (
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    EventSink,
    IdentityPresented,
    IdentitySource,
)
from . import apdu
from .layout import (
    EF05_ITEMS,
    EF06_ITEMS_V2,
    OPTIONAL_TAGS,
    HolderData,
    IssuerData,
    Item,
    decode_ef05,
    decode_ef06,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardFiles:
    """The two files as read: each a concatenation of TLV records."""

    ef05: bytes
    ef06: bytes


def _read_file(transport: apdu.Transport, fid: int, items: tuple[Item, ...]) -> bytes:
    name = f"EF{fid & 0xFF:02X}"
    apdu.exchange(transport, apdu.select_ef(fid))
    command = apdu.read_all_records(f"READ RECORD {name}")
    answer = apdu.transceive(transport, command)
    if answer.sw == apdu.SW_OK:
        return answer.data
    if answer.sw not in apdu.SW_MODE_UNSUPPORTED:
        raise apdu.status_error(answer.sw, command.what)
    log.info("card refused READ RECORD P2=05 (%04X): reading %s item by item", answer.sw, name)
    out = b""
    for item in items:
        command = apdu.read_record_by_identifier(item.tag, item.length, f"READ RECORD {name}")
        answer = apdu.transceive(transport, command)
        if answer.sw in apdu.SW_NOT_FOUND and item.tag in OPTIONAL_TAGS:
            continue  # e.g. no name extension on a 1.0 card
        if answer.sw != apdu.SW_OK:
            raise apdu.status_error(answer.sw, command.what)
        out += answer.data
    return out


def read_card_files(transport: apdu.Transport) -> CardFiles:
    """Select the SSSE and read EF05 and EF06 (see the module docstring for the APDUs)."""
    apdu.exchange(transport, apdu.select_ssse())
    ef05 = _read_file(transport, apdu.EF05, EF05_ITEMS)
    # Item by item, EF06 is read with the 2.0 items (a 1.0 card has no 4E and says so);
    # the decoder then checks what came back against the layout the card declares.
    ef06 = _read_file(transport, apdu.EF06, EF06_ITEMS_V2)
    return CardFiles(ef05, ef06)


def no_card() -> NoCard:
    return NoCard(
        "there is no card in the reader — insert the social-security card, chip first",
        "读卡器中没有卡，请插入社保卡（芯片朝向读卡器）",
    )


def _identity(issuer: IssuerData, holder: HolderData, today: date | None) -> IdentityPresented:
    try:
        citizen = validate_citizen_id(holder.social_security_number, today=today)
    except ValidationError as exc:
        raise InvalidIdentity(
            f"the social-security number on the card is not valid ({exc.message_en}) — "
            "the card cannot be used to identify the person: read the ID card instead",
            f"社保卡上的社会保障号码无效（{exc.message_zh}），请改读身份证",
        ) from exc
    name = holder.name + holder.name_extension
    if not holder.name:
        raise InvalidIdentity(
            "the card holds no name — read the ID card instead",
            "社保卡上没有姓名信息，请改读身份证",
        )
    extra = {
        "card_identification_code": issuer.card_identification_code,
        "card_type": issuer.card_type,
        "spec_version": issuer.spec_version,
    }
    if holder.birthplace is not None:
        extra["birthplace"] = holder.birthplace
    return IdentityPresented(
        source=IdentitySource.SOCIAL_SECURITY_CARD,
        id_number=citizen.number,
        name=name,
        sex=holder.sex,
        ethnicity=holder.ethnicity,
        birth_date=holder.birth_date,
        card_number=issuer.card_number,
        valid_from=issuer.issue_date,
        valid_until=issuer.expiry_date,
        issuer=issuer.issuer_code,
        extra=extra,
    )


def identity_from_files(files: CardFiles, *, today: date | None = None) -> IdentityPresented:
    """Decode both files and check the person; raises BadResponse or InvalidIdentity."""
    issuer = decode_ef05(files.ef05)
    holder = decode_ef06(files.ef06, issuer.layout)
    return _identity(issuer, holder, today)


def read_identity(transport: apdu.Transport, *, today: date | None = None) -> IdentityPresented:
    return identity_from_files(read_card_files(transport), today=today)


class StatusReporter:
    """Delivers events to a sink: status changes only once, and never raising.

    Used by the PC/SC monitor and the simulator alike, so both say the same things.
    """

    def __init__(self, sink: EventSink) -> None:
        self._sink = sink
        self._last: dict[str, tuple[DeviceState, str | None]] = {}
        self._lock = threading.Lock()

    def emit(self, event: DeviceEvent) -> None:
        try:
            self._sink(event)
        except Exception:  # a sink must not raise; if it does, the driver carries on
            log.exception("event sink raised on %r", event)

    def status(self, device: str, state: DeviceState, reason: str | None = None) -> None:
        with self._lock:
            if self._last.get(device) == (state, reason):
                return
            self._last[device] = (state, reason)
        self.emit(DeviceStatus(device, state, reason))

    def read(self, device: str, read: Callable[[], IdentityPresented]) -> IdentityPresented | None:
        """READING, then the identity and CONNECTED (card still in), or ERROR with the
        clerk's message. Returns the identity, or ``None`` after an error."""
        self.status(device, DeviceState.READING)
        try:
            identity = read()
        except DeviceError as exc:
            log.info("%s: %s", device, exc.message_en)
            self.status(device, DeviceState.ERROR, exc.message_zh)
            return None
        except Exception:  # a bug, not the card: say so, keep the driver alive
            log.exception("%s: reading the card failed unexpectedly", device)
            self.status(
                device, DeviceState.ERROR, "读卡程序异常，请重新插卡；如反复出现请联系技术人员"
            )
            return None
        self.emit(identity)
        self.status(device, DeviceState.CONNECTED)
        return identity

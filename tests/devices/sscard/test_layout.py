"""EF05/EF06 decoding against records written out from the specification tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from station_client.devices import BadResponse, IdentitySource, InvalidIdentity
from station_client.devices.sscard.layout import decode_ef05, decode_ef06
from station_client.devices.sscard.session import CardFiles, identity_from_files

from .cards import ABDU, LONG_NAME, YAN, ZHANG, Issue, Person, ef05, ef06, tlv


def files(person: Person = ZHANG, issue: Issue | None = None) -> CardFiles:
    issue = issue or Issue()
    return CardFiles(b"".join(ef05(issue)), b"".join(ef06(person, issue.version)))


@pytest.mark.parametrize("version", ["1.00", "2.00", "2.01", "3.00"])
def test_every_layout_decodes_to_the_same_identity(version: str) -> None:
    identity = identity_from_files(files(ZHANG, Issue(version=version)))
    assert identity.source is IdentitySource.SOCIAL_SECURITY_CARD
    assert (identity.id_number, identity.name, identity.sex) == ("11010519491231002X", "张堃", "2")
    assert identity.extra["spec_version"] == version


def test_name_extension_is_appended_and_names_outside_gbk_read() -> None:
    assert identity_from_files(files(ABDU)).name == LONG_NAME
    assert identity_from_files(files(YAN, Issue(version="3.00"))).name == "𠮷䶮"


def test_issuer_fields() -> None:
    issuer = decode_ef05(b"".join(ef05(Issue(version="3.00"))))
    assert issuer.card_identification_code == "110105D15600000599110145FFFFFFFF"
    assert (issuer.layout, issuer.card_type, issuer.card_number) == (3, "1", "A01234567")
    assert issuer.issuer_code == "110100000000"
    assert (issuer.issue_date, issuer.expiry_date) == (date(2019, 6, 1), date(2029, 6, 1))


def test_records_in_any_order_are_fine_but_every_byte_must_belong_to_one() -> None:
    records = ef06(ZHANG, "2.00")
    holder = decode_ef06(b"".join(reversed(records)), 2)
    assert holder.birthplace == "110105"
    with pytest.raises(BadResponse, match="truncated"):
        decode_ef06(b"".join(records) + b"\x0d", 2)


def test_undated_fields_are_none_not_an_error() -> None:
    undated = replace(Issue(), expires="00000000")
    assert identity_from_files(files(ZHANG, undated)).valid_until is None
    holder = decode_ef06(b"".join(ef06(replace(ZHANG, birth="FFFFFFFF"), "2.00")), 2)
    assert holder.birth_date is None


@pytest.mark.parametrize(
    ("what", "person", "issue", "message"),
    [
        ("date not BCD", ZHANG, Issue(issued="2019A601"), "not BCD"),
        ("impossible date", ZHANG, Issue(expires="20290230"), "not a date"),
        ("unknown version", ZHANG, Issue(version="4.00"), "spec version"),
        ("card number with punctuation", ZHANG, Issue(number=b"A0123-567"), "card number"),
        ("sex code", replace(ZHANG, sex=b"M"), Issue(), "sex"),
        ("ethnicity code", replace(ZHANG, ethnicity=0x39), Issue(), "ethnicity"),
        ("invalid GBK", replace(ZHANG, name=b"\xd5\xc5\xff\x30"), Issue(), "not valid text"),
        ("control character", replace(ZHANG, name=b"\xd5\xc5\x07"), Issue(), "control"),
        ("name extension on 1.0", replace(ZHANG, name_ext=b""), Issue(version="1.00"), "4E"),
    ],
)
def test_malformed_items_are_bad_responses(
    what: str, person: Person, issue: Issue, message: str
) -> None:
    ef06_records = ef06(person, issue.version)
    if what == "name extension on 1.0":
        ef06_records.append(tlv(0x4E, b"", 20))
    card = CardFiles(b"".join(ef05(issue)), b"".join(ef06_records))
    with pytest.raises(BadResponse, match=message) as caught:
        identity_from_files(card)
    assert "重新插卡" in caught.value.message_zh


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (lambda r: r[:-1], "missing birth date"),
        (lambda r: [*r, r[0]], "record 08 twice"),
        (lambda r: [*r, tlv(0x01, bytes(16))], "unexpected record 01"),
        (lambda r: [tlv(0x0D, b"\x19\x49\x12"), *r[:-1]], "birth date has 3 bytes"),
        (lambda r: [tlv(0x09, bytes(31)), *r[:1], *r[2:]], "name has 31 bytes"),
    ],
)
def test_malformed_files_are_bad_responses(records: object, message: str) -> None:
    changed = records(ef06(ZHANG, "2.00"))  # type: ignore[operator]
    with pytest.raises(BadResponse, match=message):
        decode_ef06(b"".join(changed), 2)


def test_an_invalid_social_security_number_is_invalid_identity() -> None:
    for wrong in ("110105194912310021", "11010519491231", "990105194912310028"):
        with pytest.raises(InvalidIdentity) as caught:
            identity_from_files(files(replace(ZHANG, ssn=wrong)))
        assert "社会保障号码" in caught.value.message_zh


def test_a_15_digit_number_is_upgraded() -> None:
    identity = identity_from_files(files(replace(ZHANG, ssn="110105491231002")))
    assert identity.id_number == "11010519491231002X"


def test_a_card_without_a_name_is_invalid_identity() -> None:
    with pytest.raises(InvalidIdentity, match="no name"):
        identity_from_files(files(replace(ZHANG, name=b"")))

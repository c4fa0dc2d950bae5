"""What each role sees of a person's data."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_client.rules import (
    Field,
    Role,
    Sex,
    fields_visible,
    make_citizen_id,
    mask_address,
    mask_citizen_id,
    mask_name,
    mask_phone,
    present,
)

ID = "11010519491231002X"
PHONE = "13812345678"
NAME = "欧阳娜娜"
ADDRESS = "北京市东城区东华门街道南池子大街1号"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (ID, "110105********002X"),
        ("110105 19491231 002x", "110105********002X"),
        ("110105491231002", "*************02"),  # old 15-digit: only the last 2 shown
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_citizen_id(value: str, masked: str) -> None:
    assert mask_citizen_id(value) == masked


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 1, 1)),
    serial=st.integers(0, 499),
    sex=st.sampled_from(Sex),
)
def test_masked_id_never_shows_birth_date(born: date, serial: int, sex: Sex) -> None:
    masked = mask_citizen_id(make_citizen_id("110105", born, serial, sex))
    assert masked[6:14] == "********"
    assert len(masked) == 18


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (PHONE, "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 138-1234-5678", "+86138****5678"),
        ("010-12345678", "010-****5678"),
        ("0755-1234567", "0755-***4567"),
        ("01012345678", "010****5678"),
        ("07551234567", "0755***4567"),
        ("12345678", "****5678"),
        ("12333", "***33"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        (NAME, "欧阳**"),
        ("欧阳修", "欧阳*"),
        ("欧阳", "欧*"),  # too short to be a compound surname plus a given name
        ("李", "*"),
        ("阿依古丽·买买提", "阿***·***"),
        (" 张三 ", "张*"),
        ("", ""),
    ],
)
def test_mask_name(value: str, masked: str) -> None:
    assert mask_name(value) == masked


def test_mask_address_hides_everything_below_district() -> None:
    assert mask_address(ADDRESS) == "北京市东城区****"
    assert mask_address("某村") == "某****"
    assert mask_address("") == ""


def test_policy() -> None:
    everything = frozenset(Field)
    assert fields_visible(Role.CLERK) == everything
    assert fields_visible(Role.SUPERVISOR) == everything
    assert fields_visible(Role.DISTRICT_ADMIN) == {Field.NAME}
    assert fields_visible(Role.DISTRICT_IT) == frozenset()


PERSON = {Field.CITIZEN_ID: ID, Field.PHONE: PHONE, Field.NAME: NAME, Field.ADDRESS: ADDRESS}


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_station_staff_see_everything(role: Role) -> None:
    assert {f: present(f, v, role) for f, v in PERSON.items()} == PERSON


def test_district_admin_sees_names_only() -> None:
    shown = {f: present(f, v, Role.DISTRICT_ADMIN) for f, v in PERSON.items()}
    assert shown == {
        Field.CITIZEN_ID: "110105********002X",
        Field.PHONE: "138****5678",
        Field.NAME: NAME,
        Field.ADDRESS: "北京市东城区****",
    }


def test_district_it_sees_nothing() -> None:
    shown = {f: present(f, v, Role.DISTRICT_IT) for f, v in PERSON.items()}
    assert shown[Field.NAME] == "欧阳**"
    for field, value in PERSON.items():
        assert shown[field] != value


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("field", list(Field))
def test_missing_value_is_blank(field: Field, role: Role) -> None:
    assert present(field, None, role) == ""

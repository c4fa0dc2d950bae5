"""Masking personal data on screen and in exports (个人信息去标识化显示).

Station clerks and supervisors serve people face to face and need the full data. District
administrators supervise the work and need to recognise a person by name but not their
ID number or phone. District IT maintains the system and needs no personal data at all.
Masks keep just enough to tell records apart (region and last digits of an ID number,
carrier prefix and last digits of a mobile number, the surname).
"""

import re
from enum import StrEnum

from station_client.rules.codes import Role

_MASK = "*"
_WHITESPACE = re.compile(r"\s+")
_MOBILE = re.compile(r"(\+86|0086|86)?(1\d{10})")
_LANDLINE_SPLIT = re.compile(r"(0\d{2,3})([-\s])(\d{7,8})")
_LANDLINE_COMPACT = re.compile(r"0\d{9,11}")
_LOCAL = re.compile(r"\d{7,8}")
_NAME_SEPARATORS = frozenset("·•・. ")

#: Common two-character surnames (复姓); the rest of the name is masked after them.
_COMPOUND_SURNAMES_TEXT = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 "
    "澹台 申屠 太史 端木 独孤 南宫 西门 百里 呼延 赫连 闻人 万俟 公冶 宗政 濮阳 淳于 "
    "单于 太叔 仲孙 司空 亓官 司寇 子车 颛孙 壤驷 公良 漆雕 乐正 拓跋 夹谷 谷梁 段干 "
    "公西 梁丘 左丘 东郭 第五 "
)
COMPOUND_SURNAMES: frozenset[str] = frozenset(_COMPOUND_SURNAMES_TEXT.split())


class Field(StrEnum):
    """Personal-data fields subject to masking."""

    CITIZEN_ID = "citizen_id"
    PHONE = "phone"
    NAME = "name"
    ADDRESS = "address"


_VISIBLE: dict[Role, frozenset[Field]] = {
    Role.CLERK: frozenset(Field),
    Role.SUPERVISOR: frozenset(Field),
    Role.DISTRICT_ADMIN: frozenset({Field.NAME}),
    Role.DISTRICT_IT: frozenset(),
}


def _keep_last(value: str, keep: int) -> str:
    if len(value) <= keep:
        return _MASK * len(value)
    return _MASK * (len(value) - keep) + value[-keep:]


def mask_citizen_id(value: str) -> str:
    """``110101********123X``: division code and last 4 kept; other lengths: last 2 only."""
    number = _WHITESPACE.sub("", value).upper()
    if len(number) == 18:
        return number[:6] + _MASK * 8 + number[-4:]
    return _keep_last(number, 2)


def mask_phone(value: str) -> str:
    """Mobile ``138****5678``; landline ``010-****5678`` (area code and last 4 kept)."""
    text = value.strip()
    compact = re.sub(r"[\s\-()（）]", "", text)
    mobile = _MOBILE.fullmatch(compact)
    if mobile:
        prefix, number = mobile.group(1) or "", mobile.group(2)
        return f"{prefix}{number[:3]}****{number[-4:]}"
    split = _LANDLINE_SPLIT.fullmatch(text)
    if split:
        area, sep, local = split.groups()
        return f"{area}{sep}{_keep_last(local, 4)}"
    if _LANDLINE_COMPACT.fullmatch(compact):
        # Beijing 010 and the 02x cities have 3-digit area codes, all others 4 digits.
        area_len = 3 if compact[1] in "12" else 4
        local = compact[area_len:]
        if _LOCAL.fullmatch(local):
            return compact[:area_len] + _keep_last(local, 4)
    if _LOCAL.fullmatch(compact):
        return _keep_last(compact, 4)
    return _keep_last(compact, 2)


def mask_name(value: str) -> str:
    """``张*``, ``欧阳**``: surname kept, each other character masked (separators kept)."""
    name = value.strip()
    if len(name) <= 1:
        return _MASK * len(name)
    keep = 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1
    rest = "".join(c if c in _NAME_SEPARATORS else _MASK for c in name[keep:])
    return name[:keep] + rest


def mask_address(value: str) -> str:
    """Keep the start (province/city/district, at most 6 characters), hide the rest.

    The mask has a fixed length so that it does not reveal how detailed the address is.
    """
    address = value.strip()
    if not address:
        return ""
    return address[: min(6, len(address) // 2)] + _MASK * 4


_MASKERS = {
    Field.CITIZEN_ID: mask_citizen_id,
    Field.PHONE: mask_phone,
    Field.NAME: mask_name,
    Field.ADDRESS: mask_address,
}


def fields_visible(role: Role) -> frozenset[Field]:
    """Fields ``role`` sees unmasked."""
    return _VISIBLE[role]


def present(field: Field, value: str | None, role: Role) -> str:
    """``value`` as ``role`` may see it: unmasked, masked, or "" when there is none."""
    if value is None:
        return ""
    if field in fields_visible(role):
        return value
    return _MASKERS[field](value)

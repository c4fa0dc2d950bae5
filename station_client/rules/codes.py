"""Small national code tables the rules need (values are the official codes)."""

from enum import StrEnum


class Sex(StrEnum):
    """Sex, GB/T 2261.1 codes (the same parity rule is encoded in citizen ID numbers)."""

    MALE = "1"
    FEMALE = "2"


class Role(StrEnum):
    """Who is using the software; decides what personal data is shown unmasked."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    DISTRICT_ADMIN = "district_admin"
    DISTRICT_IT = "district_it"


class StationLevel(StrEnum):
    """Administrative level of a service point (区 / 街道乡镇 / 社区村)."""

    DISTRICT = "district"
    TOWN = "town"
    VILLAGE = "village"

"""Errors raised by the business rules.

A rule that refuses a value says *which field* is wrong and *why*, in both the clerk's
language (Chinese) and English, so the UI can show the message as is and logs stay
readable for district IT.
"""

from station_client.errors import StationError


class RuleError(StationError):
    """A business rule could not be applied."""


class ValidationError(RuleError):
    """A value entered or received does not satisfy a rule.

    ``field`` is the machine name of the field (e.g. ``"citizen_id"``), ``reason`` a short
    machine code (``"check_character"``, ``"birth_date"``, ``"division"``, ``"length"``,
    ``"format"``, ``"unknown_code"``, ``"age"`` …) that callers may branch on; the two
    messages are for people.
    """

    def __init__(self, field: str, reason: str, message_zh: str, message_en: str) -> None:
        self.field = field
        self.reason = reason
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{field}: {message_en} / {message_zh}")

    def __str__(self) -> str:
        return f"{self.field}: {self.message_en} / {self.message_zh}"

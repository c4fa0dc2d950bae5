"""A card that answers from a script, for the pure APDU layer (no pcscd needed)."""

from __future__ import annotations

from collections.abc import Iterable


class ScriptedCard:
    """Answers each APDU with the next scripted raw answer; records what it was sent."""

    def __init__(self, answers: Iterable[bytes]) -> None:
        self.answers = list(answers)
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        if not self.answers:
            raise AssertionError(f"unexpected APDU {apdu.hex()}")
        return self.answers.pop(0)


def ok(data: bytes = b"") -> bytes:
    return data + b"\x90\x00"

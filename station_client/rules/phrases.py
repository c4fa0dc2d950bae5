"""Words for the clerk that rules and the store make, kept apart from their values.

A :class:`Phrase` is a Chinese text with ``{name}`` placeholders and the values that fill
them. :attr:`Phrase.zh` is the finished Chinese; a screen in another language looks the
text up in its translations (the Chinese text is the key, as in Qt's own ``.ts`` files)
and fills in the same values — so the layers below the UI need no Qt and no English
copies of their words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    """``text_zh`` with its ``values`` as (name, value) pairs (hashable, unlike a dict)."""

    text_zh: str
    values: tuple[tuple[str, int | str], ...] = ()

    @property
    def zh(self) -> str:
        return self.text_zh.format(**dict(self.values))


def phrase(text_zh: str, **values: int | str) -> Phrase:
    return Phrase(text_zh, tuple(values.items()))

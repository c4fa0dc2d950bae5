"""Search tokens for names: characters, pinyin initials and full pinyin.

These run inside SQLite (registered as SQL functions) so the full-text index stays
right whatever code path writes a person or employer.
"""

from __future__ import annotations

import itertools
import os
from functools import lru_cache

# Names are read one character at a time, so pypinyin's phrase dictionary is never used;
# loading it (and copying the dictionaries) is most of pypinyin's import time and memory.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
from pypinyin import Style, pinyin

# Polyphonic surnames (单 Shan, 曾 Zeng, 解 Xie…) make more than one reading plausible;
# index a few readings so a clerk's initials find the person either way.
_MAX_READINGS = 6


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def name_chars(text: str | None) -> str:
    """Each CJK character its own token, so a 2-character query matches as a phrase."""
    if not text:
        return ""
    out: list[str] = []
    word = ""
    for ch in text:
        if _is_cjk(ch):
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        elif ch.isalnum():
            word += ch.lower()
        elif word:
            out.append(word)
            word = ""
    if word:
        out.append(word)
    return " ".join(out)


@lru_cache(maxsize=32768)
def _readings(ch: str) -> tuple[str, ...]:
    """Up to three pinyin readings of one character, most common first. Cached per
    character (names are mostly unique, their characters are not), so indexing a
    person costs dictionary look-ups, not pinyin conversions."""
    if not _is_cjk(ch):
        return (ch.lower(),) if ch.isalnum() else ()
    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(r.lower() for r in (found[0] if found else []) if r))[:3]


@lru_cache(maxsize=32768)
def _initials(ch: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r[0] for r in _readings(ch)))


def _combine(choices: list[tuple[str, ...]]) -> str:
    if all(len(c) == 1 for c in choices):  # the usual case: one reading per character
        return "".join(c[0] for c in choices)
    readings = ("".join(p) for p in itertools.islice(itertools.product(*choices), _MAX_READINGS))
    return " ".join(dict.fromkeys(readings))


def initials(text: str | None) -> str:
    """Pinyin initials, several readings for polyphonic characters: '单峰' → 'df cf sf'."""
    if not text:
        return ""
    return _combine([c for ch in text if (c := _initials(ch))])


def full_pinyin(text: str | None) -> str:
    """Whole-name pinyin tokens ('lizhangjiang lichangjiang'), for prefixes like 'lichang'."""
    if not text:
        return ""
    return _combine([r for ch in text if (r := _readings(ch))])


def register(dbapi_connection: object) -> None:
    create = dbapi_connection.create_function  # type: ignore[attr-defined]
    create("renshe_chars", 1, name_chars, deterministic=True)
    create("renshe_initials", 1, initials, deterministic=True)
    create("renshe_pinyin", 1, full_pinyin, deterministic=True)

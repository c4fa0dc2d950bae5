"""Search tokens for names: characters, pinyin initials and full pinyin.

These run inside SQLite (registered as SQL functions) so the full-text index stays
right whatever code path writes a person or employer.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from pypinyin import Style, pinyin

# Polyphonic surnames (单 Shan, 曾 Zeng, 解 Xie…) make more than one reading plausible;
# index a few readings so a clerk's initials find the person either way.
_MAX_READINGS = 6


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=65536)
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
    """Pinyin readings of one character, most common first; cached per character so
    bulk loads cost dictionary look-ups, not pinyin conversions."""
    if not _is_cjk(ch):
        return (ch.lower(),) if ch.isalnum() else ()
    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(r.lower() for r in (found[0] if found else []) if r))


@lru_cache(maxsize=65536)
def initials(text: str | None) -> str:
    """Pinyin initials, several readings for polyphonic characters: '单峰' → 'df sf cf'."""
    if not text:
        return ""
    choices = [list(dict.fromkeys(r[0] for r in rs))[:3] for ch in text if (rs := _readings(ch))]
    readings = ["".join(p) for p in itertools.islice(itertools.product(*choices), _MAX_READINGS)]
    return " ".join(dict.fromkeys(r for r in readings if r))


@lru_cache(maxsize=65536)
def full_pinyin(text: str | None) -> str:
    """Whole-name pinyin tokens ('lizhangjiang lichangjiang'), for prefixes like 'lichang'."""
    if not text:
        return ""
    choices = [rs[:3] for ch in text if (rs := _readings(ch))]
    readings = ["".join(p) for p in itertools.islice(itertools.product(*choices), _MAX_READINGS)]
    return " ".join(dict.fromkeys(r for r in readings if r))


def register(dbapi_connection: object) -> None:
    create = dbapi_connection.create_function  # type: ignore[attr-defined]
    create("renshe_chars", 1, name_chars, deterministic=True)
    create("renshe_initials", 1, initials, deterministic=True)
    create("renshe_pinyin", 1, full_pinyin, deterministic=True)

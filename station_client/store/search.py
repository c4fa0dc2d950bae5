"""Finding people and employers: FTS5 on names and pinyin, B-tree ranges on numbers.

The full-text tables are contentless and keyed by the base table's rowid; triggers
keep them current for every write, pulled or local, using the name tokenisers that
``textindex`` registers on each connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, text

from . import textindex

_INDEXED = {"persons": "person_search", "employers": "employer_search"}


_ROW = "renshe_chars({p}.name), renshe_initials({p}.name), renshe_pinyin({p}.name)"


def insert_trigger_sql(base: str) -> str:
    fts = _INDEXED[base]
    return f"""CREATE TRIGGER search_{base}_insert AFTER INSERT ON {base}
BEGIN
  INSERT INTO {fts} (rowid, chars, initials, pinyin) VALUES (NEW.rowid, {_ROW.format(p="NEW")});
END"""


def index_rows_sql(base: str) -> str:
    """Index the rows after rowid ``:after`` in one statement (bulk loads, rebuilds)."""
    fts = _INDEXED[base]
    return (
        f"INSERT INTO {fts} (rowid, chars, initials, pinyin) "
        f"SELECT rowid, {_ROW.format(p=base)} FROM {base} WHERE rowid > :after"
    )


def indexed_table(base: str) -> bool:
    return base in _INDEXED


def create_search_sql() -> list[str]:
    stmts: list[str] = []
    for base, fts in _INDEXED.items():
        # Prefix indexes of 2 and 3 letters make "zs…" / "zha…" fast; one letter alone
        # is not searched (it would list half the district).
        stmts.append(
            f"CREATE VIRTUAL TABLE {fts} USING fts5(chars, initials, pinyin, content='', "
            "contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
        )
        stmts += [
            insert_trigger_sql(base),
            f"""CREATE TRIGGER search_{base}_update AFTER UPDATE OF name ON {base}
BEGIN
  DELETE FROM {fts} WHERE rowid = OLD.rowid;
  INSERT INTO {fts} (rowid, chars, initials, pinyin) VALUES (NEW.rowid, {_ROW.format(p="NEW")});
END""",
            f"""CREATE TRIGGER search_{base}_delete AFTER DELETE ON {base}
BEGIN
  DELETE FROM {fts} WHERE rowid = OLD.rowid;
END""",
        ]
    return stmts


def drop_search_sql() -> list[str]:
    stmts = []
    for base, fts in _INDEXED.items():
        stmts += [
            f"DROP TRIGGER IF EXISTS search_{base}_{op}" for op in ("insert", "update", "delete")
        ]
        stmts.append(f"DROP TABLE IF EXISTS {fts}")
    return stmts


@dataclass(frozen=True)
class PersonHit:
    id: str
    name: str
    citizen_id: str
    sex: str
    birth_date: date | str
    phone: str | None
    conflict: bool


@dataclass(frozen=True)
class EmployerHit:
    id: str
    name: str
    uscc: str


_DIGITS = re.compile(r"[0-9]{2,17}[0-9Xx]?")
_USCC_PREFIX = re.compile(r"[0-9A-HJ-NP-RTUWXY]{2,18}")
_LETTERS = re.compile(r"[A-Za-z]{2,40}")
_PERSON_COLS = "p.id, p.name, p.citizen_id, p.sex, p.birth_date, p.phone, p.conflict"


def _prefix_bounds(prefix: str) -> dict[str, str]:
    # '~' sorts after every digit and letter, so [p, p~) is "starts with p" on an index.
    return {"lo": prefix, "hi": prefix + "~"}


def _fts_query(q: str) -> str | None:
    if q.isascii() and q.isalpha() and not _LETTERS.fullmatch(q):
        return None  # a single letter: too little to search on
    if _LETTERS.fullmatch(q):
        word = q.lower()
        return f"initials : {word}* OR pinyin : {word}*"
    tokens = textindex.name_chars(q).split()
    if not tokens:
        return None
    # A phrase of the characters in order; the last one may be a prefix of a word.
    phrase = " + ".join('"' + t.replace('"', '""') + '"' for t in tokens)
    return f"chars : {phrase}*" if tokens[-1].isascii() else f"chars : {phrase}"


def search_persons(conn: Connection, query: str, limit: int = 20) -> list[PersonHit]:
    """Persons by ID-number prefix, phone prefix, name, pinyin or pinyin initials."""
    q = query.strip().replace(" ", "")
    if not q:
        return []
    if _DIGITS.fullmatch(q):
        sql = text(
            f"SELECT {_PERSON_COLS} FROM persons p "
            "WHERE p.citizen_id >= :lo AND p.citizen_id < :hi AND p.deleted = 0 LIMIT :n"
        )
        rows = list(conn.execute(sql, {**_prefix_bounds(q.upper()), "n": limit}))
        if len(rows) < limit and q.isdigit():
            sql = text(
                f"SELECT {_PERSON_COLS} FROM persons p WHERE p.phone >= :lo AND p.phone < :hi "
                f"AND p.deleted = 0 LIMIT :n"
            )
            seen = {r.id for r in rows}
            more = conn.execute(sql, {**_prefix_bounds(q), "n": limit - len(rows)})
            rows += [r for r in more if r.id not in seen]
    else:
        match = _fts_query(q)
        if match is None:
            return []
        sql = text(
            f"SELECT {_PERSON_COLS} FROM persons p WHERE p.rowid IN "
            f"(SELECT rowid FROM person_search WHERE person_search MATCH :m LIMIT :k) "
            f"AND p.deleted = 0 LIMIT :n"
        )
        rows = list(conn.execute(sql, {"m": match, "k": limit * 2, "n": limit}))
    hits = [
        PersonHit(r.id, r.name, r.citizen_id, r.sex, r.birth_date, r.phone, bool(r.conflict))
        for r in rows
    ]
    # The exact match, if any, first: a clerk who typed the whole number wants that one.
    hits.sort(key=lambda h: h.citizen_id != q.upper() and h.name != q)
    return hits


def search_employers(conn: Connection, query: str, limit: int = 20) -> list[EmployerHit]:
    """Employers by credit-code prefix, name, pinyin or pinyin initials."""
    q = query.strip().replace(" ", "")
    if not q:
        return []
    if _USCC_PREFIX.fullmatch(q.upper()) and any(c.isdigit() for c in q):
        sql = text(
            "SELECT e.id, e.name, e.uscc FROM employers e WHERE e.uscc >= :lo AND e.uscc < :hi "
            "AND e.deleted = 0 LIMIT :n"
        )
        rows = list(conn.execute(sql, {**_prefix_bounds(q.upper()), "n": limit}))
    else:
        match = _fts_query(q)
        if match is None:
            return []
        sql = text(
            "SELECT e.id, e.name, e.uscc FROM employers e WHERE e.rowid IN "
            "(SELECT rowid FROM employer_search WHERE employer_search MATCH :m LIMIT :k) "
            "AND e.deleted = 0 LIMIT :n"
        )
        rows = list(conn.execute(sql, {"m": match, "k": limit * 2, "n": limit}))
    return [EmployerHit(r.id, r.name, r.uscc) for r in rows]

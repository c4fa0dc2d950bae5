"""Bringing a station database to the current schema with Alembic.

Alembic is imported only when a store has to be migrated (or a developer asks for its
config): at the counter, opening an up-to-date store is the rule, and importing Alembic
and its dialect modules cost about half a second of every start. Whether a store is up
to date is read straight from ``alembic_version`` and compared with the head of the
scripts found by reading their ``revision``/``down_revision`` lines (a test checks this
agrees with Alembic's own answer).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

    from hub_sync.migrating import Migrations

SCRIPTS = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*(?:\"([^\"]*)\"|None)", re.MULTILINE)


def _migrations() -> Migrations:
    from hub_sync.migrating import Migrations

    return Migrations(SCRIPTS)


def upgrade(engine: Engine, revision: str = "head") -> None:
    _migrations().upgrade(engine, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None: never migrated)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest revision of the station's scripts: the one no other script follows."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for script in (SCRIPTS / "versions").glob("*.py"):
        found = dict(
            (key, value) for key, value in _REVISION.findall(script.read_text(encoding="utf-8"))
        )
        if found.get("revision"):
            revisions.add(found["revision"])
        if found.get("down_revision"):
            followed.add(found["down_revision"])
    heads = revisions - followed
    if len(heads) != 1:  # a branch: let Alembic say what is wrong
        return _migrations().head_revision()
    return heads.pop()


def alembic_config() -> Config:
    """For `alembic revision --autogenerate` run by a developer."""
    return _migrations().config()

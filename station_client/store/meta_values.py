"""Plain key/value settings in ``station_meta`` (inside the encrypted database).

The layers above keep their own keys here: the sync agent its identity and cursor
(:mod:`station_client.sync.meta`), the login its password verifiers
(:mod:`.password_check`). One way to read and write them, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from .local_schema import station_meta


def get(session: Session, key: str) -> str | None:
    return session.scalar(select(station_meta.c.value).where(station_meta.c.key == key))


def get_all(session: Session, *keys: str) -> dict[str, str]:
    rows = session.execute(select(station_meta).where(station_meta.c.key.in_(keys)))
    return {r.key: r.value for r in rows}


def put(session: Session, values: Mapping[str, str | int | None]) -> None:
    """Set (or, for ``None``, remove) keys, in the caller's transaction."""
    for key, value in values.items():
        if value is None:
            session.execute(delete(station_meta).where(station_meta.c.key == key))
            continue
        stmt = insert(station_meta).values(key=key, value=str(value))
        session.execute(
            stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value})
        )

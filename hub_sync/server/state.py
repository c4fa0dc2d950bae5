"""The hub's epoch and change-log counter (``hub_state``)."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, select, update

from .tables import hub_state


def epoch(conn: Connection) -> str:
    return str(
        conn.execute(select(hub_state.c.text_value).where(hub_state.c.key == "epoch")).scalar_one()
    )


def horizon_seq(conn: Connection) -> int:
    q = select(hub_state.c.int_value).where(hub_state.c.key == "horizon_seq")
    return int(conn.execute(q).scalar_one())


def take_sequence(conn: Connection, count: int) -> int:
    """Reserve ``count`` server sequence numbers; returns the first.

    The UPDATE locks the counter row until this transaction ends, so a later pushing
    transaction waits here and commits after this one: change-log rows appear in
    sequence order and no pull can step over one still being written.
    """
    row = conn.execute(
        update(hub_state)
        .where(hub_state.c.key == "change_seq")
        .values(int_value=hub_state.c.int_value + count)
        .returning(hub_state.c.int_value)
    ).scalar_one()
    return int(row) - count + 1


def current_sequence(conn: Connection) -> int:
    q = select(hub_state.c.int_value).where(hub_state.c.key == "change_seq")
    return int(conn.execute(q).scalar_one())


def start_new_epoch(conn: Connection) -> str:
    """After a restore from backup: every station's cursor becomes stale and resyncs."""
    new = str(uuid.uuid4())
    conn.execute(update(hub_state).where(hub_state.c.key == "epoch").values(text_value=new))
    return new


def set_horizon(conn: Connection, seq: int) -> None:
    conn.execute(update(hub_state).where(hub_state.c.key == "horizon_seq").values(int_value=seq))

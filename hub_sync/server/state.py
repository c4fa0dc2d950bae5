"""The hub's epoch and change-log counter (``hub_state``)."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, bindparam, select, update

from .tables import hub_state

# Built once: every request reads the epoch and the counter.
_EPOCH = select(hub_state.c.text_value).where(hub_state.c.key == "epoch")
_HORIZON = select(hub_state.c.int_value).where(hub_state.c.key == "horizon_seq")
_CURRENT = select(hub_state.c.int_value).where(hub_state.c.key == "change_seq")
_TAKE = (
    update(hub_state)
    .where(hub_state.c.key == "change_seq")
    .values(int_value=hub_state.c.int_value + bindparam("count"))
    .returning(hub_state.c.int_value)
)


def epoch(conn: Connection) -> str:
    return str(conn.execute(_EPOCH).scalar_one())


def horizon_seq(conn: Connection) -> int:
    return int(conn.execute(_HORIZON).scalar_one())


def take_sequence(conn: Connection, count: int) -> int:
    """Reserve ``count`` server sequence numbers; returns the first.

    The UPDATE locks the counter row until this transaction ends, so a later pushing
    transaction waits here and commits after this one: change-log rows appear in
    sequence order and no pull can step over one still being written.
    """
    row = conn.execute(_TAKE, {"count": count}).scalar_one()
    return int(row) - count + 1


_SNAPSHOT = select(hub_state.c.key, hub_state.c.text_value, hub_state.c.int_value).where(
    hub_state.c.key.in_(["epoch", "horizon_seq", "change_seq"])
)


def snapshot(conn: Connection) -> tuple[str, int, int]:
    """(epoch, horizon_seq, current_sequence) read together, in one statement."""
    found = {key: (text, number) for key, text, number in conn.execute(_SNAPSHOT)}
    return str(found["epoch"][0]), int(found["horizon_seq"][1]), int(found["change_seq"][1])


def current_sequence(conn: Connection) -> int:
    return int(conn.execute(_CURRENT).scalar_one())


def start_new_epoch(conn: Connection) -> str:
    """After a restore from backup: every station's cursor becomes stale and resyncs."""
    new = str(uuid.uuid4())
    conn.execute(update(hub_state).where(hub_state.c.key == "epoch").values(text_value=new))
    return new


def set_horizon(conn: Connection, seq: int) -> None:
    conn.execute(update(hub_state).where(hub_state.c.key == "horizon_seq").values(int_value=seq))

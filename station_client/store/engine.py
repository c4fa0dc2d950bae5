"""Opening the encrypted station database (SQLCipher through SQLAlchemy's
``sqlite+pysqlcipher`` dialect)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from . import textindex
from .errors import CannotOpenStore, StoreKeyError

# One connection per unit of work, from a queue, usable by any thread (the UI's workers,
# the sync agent, the device threads). SQLAlchemy's default for this driver
# (SingletonThreadPool) closes other threads' connections — even mid-query — once more
# than five threads have used the store.
_POOL: dict[str, Any] = {
    "poolclass": QueuePool,
    "pool_size": 5,
    "max_overflow": 10,
    "connect_args": {"check_same_thread": False},
}

DB_FILE = "station.db"
CACHE_SIZE = -16384  # KiB: 16 MiB of decrypted pages per connection


def _raw_key(key: bytes) -> str:
    # SQLCipher's raw-key form: no passphrase KDF on every open, nothing printable.
    return f"x'{key.hex()}'"


def check_key(path: Path, key: bytes | None) -> None:
    """Open once with the key and read the schema, translating failure into our errors."""
    conn = sqlcipher3.connect(str(path))
    try:
        if key is not None:
            conn.execute(f'PRAGMA key = "{_raw_key(key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as e:
        if key is not None and "not a database" in str(e):
            raise StoreKeyError(
                f"cannot open the station database {path}: wrong key or not a station database",
                "无法打开本站数据库：密钥错误或文件不是本站数据库",
            ) from e
        raise CannotOpenStore(
            f"cannot open the station database {path}: {e}", "无法打开本站数据库"
        ) from e
    finally:
        conn.close()


def _configure(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed change survives power loss, not only a killed process.
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA busy_timeout = 10000")
    cur.execute("PRAGMA temp_store = MEMORY")  # no decrypted temp pages on disk
    cur.execute(f"PRAGMA cache_size = {CACHE_SIZE}")
    cur.close()
    # Driver-level transactions off: SQLAlchemy's "begin" event issues BEGIN itself.
    dbapi_conn.isolation_level = None
    textindex.register(dbapi_conn)


def _begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock up front: no deadlock between two writers that both
    # started as readers (the UI's store worker and the sync agent).
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path, key: bytes | None, *, must_exist: bool = True) -> Engine:
    """An engine whose every connection is keyed, tuned and given the search functions.

    ``key=None`` opens a plain (unencrypted) SQLite file with the same library; only the
    benchmarks use that, to measure what encryption costs.
    """
    if must_exist and not path.exists():
        raise CannotOpenStore(
            f"cannot open the station database: {path} does not exist",
            "无法打开本站数据库：数据库文件不存在",
        )
    check_key(path, key)
    if key is None:
        engine = create_engine(f"sqlite:///{path}", module=sqlcipher3, **_POOL)
    else:
        engine = create_engine(f"sqlite+pysqlcipher://:{_raw_key(key)}@/{path}", **_POOL)
    event.listen(engine, "connect", _configure)
    event.listen(engine, "begin", _begin)
    return engine

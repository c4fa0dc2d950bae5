"""The station store: one encrypted database, opened with a key from the key ring."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from itertools import islice
from typing import Any

from collections.abc import Iterable, Mapping

from sqlalchemy import Engine, insert, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hub_sync.model import metadata as model_metadata
from hub_sync.model import utc_now
from station_client.reference import ReferenceBundle

from . import migrate, search
from .engine import DB_FILE, make_engine
from .errors import CannotOpenStore, StoreError
from .keys import KeyRing
from .local_schema import capture_control
from .records import EmployerRegistry, PersonRegistry


class Store:
    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        reference: Callable[[], ReferenceBundle],
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self.clock = clock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.persons = PersonRegistry(reference, clock)
        self.employers = EmployerRegistry(reference, clock)

    # -- opening ---------------------------------------------------------------
    @classmethod
    def create(
        cls,
        data_dir: Path,
        machine_secret: bytes,
        reference: Callable[[], ReferenceBundle],
        *,
        recovery_code: str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> Store:
        """A new, empty, encrypted store at the current schema."""
        db = data_dir / DB_FILE
        if db.exists():
            raise StoreError(f"a station database already exists at {db}", "本站数据库已存在")
        data_dir.mkdir(parents=True, exist_ok=True)
        key = KeyRing(data_dir).create(machine_secret, recovery_code)
        engine = make_engine(db, key, must_exist=False)
        migrate.upgrade(engine)
        return cls(engine, data_dir, reference, clock)

    @classmethod
    def open(
        cls,
        data_dir: Path,
        secret: bytes,
        reference: Callable[[], ReferenceBundle],
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> Store:
        """Open an existing store; never creates one. Brings its schema up to date."""
        db = data_dir / DB_FILE
        if not db.exists():
            raise CannotOpenStore(
                f"cannot open the station database: none at {db}",
                "无法打开本站数据库：未找到数据库文件",
            )
        engine = make_engine(db, KeyRing(data_dir).unlock(secret))
        if migrate.current_revision(engine) != migrate.head_revision():
            migrate.upgrade(engine)
        return cls(engine, data_dir, reference, clock)

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything in it commits together or not at all."""
        with self._sessions() as session:
            try:
                with session.begin():
                    yield session
            except SQLAlchemyError as e:
                raise StoreError(f"the station database refused the change: {getattr(e, 'orig', None) or e}",
                                 "本站数据库未能保存此次修改") from e

    @contextmanager
    def applying_pulled(self) -> Iterator[Session]:
        """A transaction whose writes are not captured: changes that came from the hub."""
        with self.transaction() as session:
            session.execute(update(capture_control).where(capture_control.c.id == 1).values(suppressed=1))
            yield session
            session.flush()
            session.execute(update(capture_control).where(capture_control.c.id == 1).values(suppressed=0))

    def bulk_insert(
        self,
        table: str,
        rows: Iterable[Mapping[str, Any]],
        *,
        capture: bool = False,
        batch_size: int = 5000,
    ) -> int:
        """Insert many rows in one transaction (an initial download, a sample district).

        ``capture=False`` treats them as coming from the hub: no outbox entries.
        """
        tbl = model_metadata.tables[table]
        count = 0
        with self.transaction() if capture else self.applying_pulled() as session:
            deferred = search.indexed_table(table)
            if deferred:
                # Index the new rows in one statement at the end rather than row by row:
                # same result, a fraction of the cost. DDL is transactional in SQLite.
                after = session.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}")).scalar_one()
                session.execute(text(f"DROP TRIGGER search_{table}_insert"))
            it = iter(rows)
            while chunk := [dict(r) for r in islice(it, batch_size)]:
                session.execute(insert(tbl), chunk)
                count += len(chunk)
            if deferred:
                session.execute(text(search.index_rows_sql(table)), {"after": after})
                session.execute(text(search.insert_trigger_sql(table)))
        return count

"""The station store: one encrypted database, opened with a key from the key ring."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hub_sync.model import utc_now
from station_client.reference import ReferenceBundle

from . import bulk, migrate
from .engine import DB_FILE, make_engine
from .errors import CannotOpenStore, StoreError
from .keys import KeyRing
from .local_schema import capture_control
from .matching import JobMatching
from .records import EmployerRegistry, PersonRegistry
from .tickets import ServiceDesk


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
        self.reference = reference  # the installed reference bundle (code tables, catalogue)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.persons = PersonRegistry(reference, clock)
        self.employers = EmployerRegistry(reference, clock)
        self.tickets = ServiceDesk(self, reference, clock)
        self.matching = JobMatching(clock)

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
                raise StoreError(
                    f"the station database refused the change: {getattr(e, 'orig', None) or e}",
                    "本站数据库未能保存此次修改",
                ) from e

    @contextmanager
    def applying_pulled(self) -> Iterator[Session]:
        """A transaction whose writes are not captured: changes that came from the hub."""
        with self.transaction() as session:
            session.execute(
                update(capture_control).where(capture_control.c.id == 1).values(suppressed=1)
            )
            yield session
            session.flush()
            session.execute(
                update(capture_control).where(capture_control.c.id == 1).values(suppressed=0)
            )

    def bulk_insert(
        self,
        table: str,
        rows: Iterable[Mapping[str, Any]],
        *,
        capture: bool = False,
    ) -> int:
        """Insert many rows in one transaction (an initial download, a sample district).

        ``capture=False`` treats them as coming from the hub: no outbox entries.
        """
        return self.bulk_load({table: rows}, capture=capture)[table]

    def bulk_load(
        self, tables: Mapping[str, Iterable[Mapping[str, Any]]], *, capture: bool = False
    ) -> dict[str, int]:
        """Several tables in one transaction: all of them arrive, or none does."""
        with self.transaction() if capture else self.applying_pulled() as session:
            conn = session.connection()
            return {
                name: bulk.load_table(conn, name, rows, capture=capture)
                for name, rows in tables.items()
            }

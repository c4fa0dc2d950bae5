"""Migrated databases for tests, made by copying a template instead of migrating each.

Migrating a hub database with Alembic costs ~0.6 s (more on PostgreSQL) and a station
store ~0.5 s; hundreds of tests need one. So the schema is migrated once into a template
and every test still gets a database of its own, fresh and cleaned up as before:

* hub on PostgreSQL: a template database ``renshe_tpl_<hash>`` (``IS_TEMPLATE``, no
  connections allowed), named by a hash of the migrations and the code they import, so a
  changed migration makes a new template (and stale ones are dropped). It is built under
  an advisory lock into a scratch name and renamed when complete: parallel workers and
  parallel test runs share it, and an interrupted build never leaves a half-migrated
  template. A test's database is ``CREATE DATABASE … TEMPLATE renshe_tpl_<hash>``.
* hub on SQLite: a migrated file per test process, copied.
* station store: a store migrated once per test process; each new store is a copy
  re-keyed with a random key of its own (``PRAGMA rekey``), its key sealed with the
  test's secret, so stores still never share a key.

:func:`prepare_hub_database` fills an *empty* test database from the template (a
database with tables in it is left alone: the caller migrates it as before);
``RENSHE_TEST_NO_TEMPLATES=1`` turns every shortcut off.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import psycopg
import sqlcipher3
from sqlalchemy import Engine

from hub_sync import db
from station_client.reference import ReferenceBundle
from station_client.store import Store
from station_client.store.engine import DB_FILE, make_engine
from station_client.store.keys import KeyRing, KeySlot

ROOT = Path(__file__).resolve().parents[1]
ENABLED = os.environ.get("RENSHE_TEST_NO_TEMPLATES", "") in ("", "0")

#: What the hub schema a migration run makes depends on.
HUB_SCHEMA_SOURCES = [
    ROOT / "hub_sync" / "migrations",
    ROOT / "hub_sync" / "model",
    ROOT / "hub_sync" / "db.py",
    ROOT / "hub_sync" / "migrating.py",
    ROOT / "hub_sync" / "server" / "tables.py",
]
_PG_TEMPLATE_PREFIX = "renshe_tpl_"
_PG_LOCK = 0x52454E5348  # pg_advisory_lock key of the template build ("RENSH")

_lock = threading.Lock()
_workdir: Path | None = None
_sqlite_template: Path | None = None
_pg_templates: dict[str, str] = {}  # server URL -> template name
_station_template: tuple[Path, bytes] | None = None


def worker_tag() -> str:
    """This test process's pytest-xdist worker ("gw0", "gw1", …), "main" without xdist:
    part of the name of every PostgreSQL database a test makes."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def sources_hash(sources: list[Path]) -> str:
    digest = hashlib.sha256()
    for source in sources:
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def use_directory(directory: Path) -> None:
    """Keep this process's template files in ``directory`` (the session's temporary
    directory, which pytest prunes) rather than in one removed at exit."""
    global _workdir
    with _lock:
        if _workdir is None:
            _workdir = directory


def _scratch() -> Path:
    """The directory of this process's templates."""
    global _workdir
    if _workdir is None:
        _workdir = Path(tempfile.mkdtemp(prefix="renshe-test-templates-"))
        atexit.register(shutil.rmtree, _workdir, True)
    return _workdir


# -- hub on SQLite -----------------------------------------------------------------------


def _sqlite_hub_template() -> Path:
    global _sqlite_template
    with _lock:
        if _sqlite_template is None:
            path = _scratch() / f"hub-{sources_hash(HUB_SCHEMA_SOURCES)[:16]}.db"
            engine = db.make_engine(f"sqlite:///{path}")
            try:
                db.upgrade(engine)
            finally:
                engine.dispose()  # the last connection checkpoints and removes the WAL
            assert not path.with_name(path.name + "-wal").exists()
            _sqlite_template = path
        return _sqlite_template


def _sqlite_path(url: str) -> Path | None:
    rest = url.removeprefix("sqlite:///")
    if rest == url or not rest or rest.startswith(":memory:") or "?" in rest:
        return None
    return Path(rest)


# -- hub on PostgreSQL -------------------------------------------------------------------


def _split(url: str) -> tuple[str, str]:
    base, name = url.split("?", 1)[0].rsplit("/", 1)
    return base, name


def _admin_url(url: str) -> str:
    """The admin database of the test server (RENSHE_TEST_PG_URL's) on ``url``'s server."""
    admin = os.environ.get("RENSHE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    return f"{_split(url)[0]}/{_split(admin)[1]}"


def _pg_template(admin_url: str) -> str:
    """The name of the migrated template database on this server, built if need be."""
    with _lock:
        if admin_url in _pg_templates:
            return _pg_templates[admin_url]
        name = _PG_TEMPLATE_PREFIX + sources_hash(HUB_SCHEMA_SOURCES)[:20]
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_advisory_lock(%s)", (_PG_LOCK,))
            try:
                found = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
                ).fetchone()
                if found is None:
                    _build_pg_template(admin, admin_url, name)
            finally:
                admin.execute("SELECT pg_advisory_unlock(%s)", (_PG_LOCK,))
        _pg_templates[admin_url] = name
        return name


def _build_pg_template(admin: psycopg.Connection, admin_url: str, name: str) -> None:
    building = f"renshe_tplbuild_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{building}"')
    try:
        engine = db.make_engine(f"{_split(admin_url)[0]}/{building}")
        try:
            db.upgrade(engine)
        finally:
            engine.dispose()
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true')
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    # Templates of other versions of the migrations; one in use by another run stays.
    stale = admin.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
        (_PG_TEMPLATE_PREFIX + "%", name),
    ).fetchall()
    for (old,) in stale:
        try:
            admin.execute(f'ALTER DATABASE "{old}" WITH IS_TEMPLATE false')
            admin.execute(f'DROP DATABASE "{old}"')
        except psycopg.Error:
            pass


_EMPTY = """
SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public')
     + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public')
     + (SELECT count(*) FROM pg_namespace
        WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%')
"""


def _pg_is_empty(url: str) -> bool:
    """Nothing made in the database yet: no table, sequence, type or schema."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(_EMPTY).fetchone()
    return row is not None and row[0] == 0


def _pg_replace_with_template(url: str) -> bool:
    """Drop the empty database ``url`` names and make it again as a copy of the
    template. False (nothing changed) if it is in use or not ours to drop."""
    admin_url = _admin_url(url)
    _base, name = _split(url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchone()
    if row is None or row[0] or not _pg_is_empty(url):
        return False  # in use (DROP DATABASE would wait for it) or not empty
    for attempt in range(2):
        template = _pg_template(admin_url)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            try:
                admin.execute(f'DROP DATABASE "{name}"')  # fails while someone is connected
            except psycopg.Error:
                return False
            try:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return True
            except psycopg.Error:
                admin.execute(f'CREATE DATABASE "{name}"')  # put back what was dropped
                if attempt:
                    raise
                with _lock:  # the template went (dropped by a run of newer migrations)
                    _pg_templates.pop(admin_url, None)
    return False


def prepare_hub_database(url: str) -> bool:
    """Make an empty (or absent SQLite) hub test database a migrated copy of the template;
    True if done — the database is then at the head revision — False if left alone."""
    if not ENABLED:
        return False
    path = _sqlite_path(url)
    if path is not None:
        if path.exists() or path.with_name(path.name + "-wal").exists():
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_sqlite_hub_template(), path)
        return True
    if url.startswith(("postgresql://", "postgresql+psycopg://")):
        return _pg_replace_with_template("postgresql://" + url.split("://", 1)[1])
    return False


def migrated_hub_engine(url: str, **engine_options: object) -> Engine:
    """An engine on the test's hub database at the head revision, as ``db.upgrade``
    leaves it: copied from the template when the database is new."""
    fresh = prepare_hub_database(url)
    engine = db.make_engine(url, **engine_options)  # type: ignore[arg-type]
    if not fresh:
        db.upgrade(engine)
    return engine


# -- station store -----------------------------------------------------------------------


def _raw(key: bytes) -> str:
    return f"\"x'{key.hex()}'\""


def _station_store_template(reference: ReferenceBundle) -> tuple[Path, bytes]:
    """A migrated, empty store (its database file) and its key."""
    global _station_template
    with _lock:
        if _station_template is None:
            directory = _scratch() / "station"
            secret = secrets.token_bytes(32)
            Store.create(directory, secret, lambda: reference).close()
            path = directory / DB_FILE
            assert not path.with_name(path.name + "-wal").exists()
            _station_template = (path, KeyRing(directory).unlock(secret))
        return _station_template


def create_store(
    directory: Path,
    secret: bytes,
    reference: ReferenceBundle,
    *,
    clock: Callable[[], datetime],
    recovery_code: str | None = None,
) -> Store:
    """What ``Store.create`` makes — a new, empty, encrypted store at the current schema
    with its own random key sealed with ``secret`` (and ``recovery_code``) — from the
    template. Anything unusual (an existing store there) goes to ``Store.create``."""

    def bundle() -> ReferenceBundle:
        return reference

    if not ENABLED or (directory / DB_FILE).exists() or KeyRing(directory).exists():
        return Store.create(directory, secret, bundle, clock=clock, recovery_code=recovery_code)
    template, template_key = _station_store_template(reference)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / DB_FILE
    shutil.copyfile(template, path)
    key = secrets.token_bytes(32)
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = {_raw(template_key)}")
        conn.execute(f"PRAGMA rekey = {_raw(key)}")
    finally:
        conn.close()
    slots = [KeySlot.seal("machine", secret, key)]
    if recovery_code:
        slots.append(KeySlot.seal("recovery", recovery_code.encode("utf-8"), key))
    KeyRing(directory)._write(slots)  # the key file exactly as KeyRing.create writes it
    return Store(make_engine(path, key), directory, bundle, clock)

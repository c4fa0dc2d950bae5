"""Running an Alembic history on a caller's engine (used by the hub and the station)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


class Migrations:
    """One Alembic script directory; its env.py takes the connection from the caller."""

    def __init__(self, script_location: Path) -> None:
        self.script_location = script_location

    def config(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(self.script_location))
        return cfg

    def upgrade(self, engine: Engine, revision: str = "head") -> None:
        with engine.begin() as conn:
            cfg = self.config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    def current_revision(self, engine: Engine) -> str | None:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self.config()).get_current_head()

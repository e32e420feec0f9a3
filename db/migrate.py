"""Bring a database to the newest schema with Alembic (the only way the schema changes)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def is_current(engine: sa.Engine) -> bool:
    """True when the database is at the newest revision."""
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def upgrade_if_needed(engine: sa.Engine) -> bool:
    """Migrate to head unless already there; True when something was applied."""
    if is_current(engine):
        return False
    upgrade(engine.url.render_as_string(hide_password=False))
    return True


def migration_module(revision: str) -> ModuleType:
    """A migration's module, e.g. "0021": its statements reused where the kept facts are
    computed again (bench/generate.py loads its copies with the triggers off)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision(revision)
    assert script is not None and script.module is not None, revision
    return script.module

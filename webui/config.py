"""Configuration read from the environment (MIEUX_*), one class per use."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import sqlalchemy as sa

from db.engine import database_url


class ConfigError(RuntimeError):
    """A setting the application cannot start with; its message says which and why."""


class MissingSecretKey(ConfigError):
    """Production needs its own key: a generated one would change with the machine."""


def sqlite_folder(url: str) -> Path | None:
    """The folder of a SQLite database file (which must exist: a typo in the path should
    not create folders), or None for any other database."""
    try:
        found = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise ConfigError(f"MIEUX_DATABASE_URL is not a database URL: {url!r}") from None
    if found.get_backend_name() != "sqlite" or found.database in (None, "", ":memory:"):
        return None
    folder = Path(str(found.database)).resolve().parent
    if not folder.is_dir():
        raise ConfigError(f"The SQLite database's folder does not exist: {folder}")
    return folder


def key_folder(url: str) -> Path:
    """Where a development key is kept: MIEUX_INSTANCE_DIR if set, else beside the SQLite
    file. Never the current folder by chance: a server database (PostgreSQL) has no file
    to sit beside, so it needs MIEUX_SECRET_KEY or MIEUX_INSTANCE_DIR."""
    if os.environ.get("MIEUX_INSTANCE_DIR"):
        return Path(os.environ["MIEUX_INSTANCE_DIR"])
    folder = sqlite_folder(url)
    if folder is not None:
        return folder
    raise MissingSecretKey(
        "The database is not a SQLite file: set MIEUX_SECRET_KEY, or MIEUX_INSTANCE_DIR "
        "(a folder where a generated development key is kept)."
    )


def _secret_key(url: str) -> str:
    """MIEUX_SECRET_KEY; in development (the default), a key generated once beside the
    database; with MIEUX_ENV=production, the key must be given."""
    if os.environ.get("MIEUX_SECRET_KEY"):
        return os.environ["MIEUX_SECRET_KEY"]
    if os.environ.get("MIEUX_ENV", "development") == "production":
        raise MissingSecretKey("MIEUX_ENV=production: set MIEUX_SECRET_KEY (a long random text).")
    instance = key_folder(url)
    path = instance / "secret_key"
    try:
        if not path.exists():
            instance.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()
    except OSError as error:
        raise ConfigError(f"Cannot keep the development key at {path}: {error.strerror}") from None


class Config:
    def __init__(self) -> None:
        self.DATABASE_URL = database_url()
        sqlite_folder(self.DATABASE_URL)
        self.SECRET_KEY = _secret_key(self.DATABASE_URL)
        self.TESTING = False


class TestConfig(Config):
    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, database_url: str) -> None:
        self.DATABASE_URL = database_url
        self.SECRET_KEY = "test-secret"
        self.TESTING = True
        self.WTF_CSRF_ENABLED = False

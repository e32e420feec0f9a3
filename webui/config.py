"""Configuration read from the environment (MIEUX_*), one class per use."""

from __future__ import annotations

import os
import secrets
import tempfile
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


def upload_folder(url: str) -> Path | None:
    """MIEUX_UPLOAD_DIR, else `uploads/` beside the SQLite database (or under
    MIEUX_INSTANCE_DIR): never under the web root, which only holds webui/static/. None with
    a server database and neither variable: then uploads are refused, saying what to set
    (the scheduler and the commands need no upload folder)."""
    given = os.environ.get("MIEUX_UPLOAD_DIR")
    if given:
        return Path(given)
    try:
        return key_folder(url) / "uploads"
    except MissingSecretKey:
        return None


# Uploads larger than the upload_max_mb setting are refused by the workflow with a clear message;
# this hard cap (the setting's own upper bound) stops a huge body before it is even parsed.
MAX_CONTENT_LENGTH = 500 * 1024 * 1024 + 64 * 1024


class Config:
    def __init__(self) -> None:
        self.DATABASE_URL = database_url()
        sqlite_folder(self.DATABASE_URL)
        self.SECRET_KEY = _secret_key(self.DATABASE_URL)
        self.TESTING = False
        self.UPLOAD_DIR = upload_folder(self.DATABASE_URL)
        self.MAX_CONTENT_LENGTH = MAX_CONTENT_LENGTH


class TestConfig(Config):
    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, database_url: str) -> None:
        self.DATABASE_URL = database_url
        self.SECRET_KEY = "test-secret"
        self.TESTING = True
        self.WTF_CSRF_ENABLED = False
        # Each test application its own folder: PostgreSQL tests have no database folder.
        # (made by the first upload: tests that upload nothing leave nothing behind).
        self.UPLOAD_DIR = Path(tempfile.gettempdir()) / f"mieux-uploads-{secrets.token_hex(8)}"
        self.MAX_CONTENT_LENGTH = MAX_CONTENT_LENGTH

"""Configuration read from the environment (MIEUX_*), one class per use."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import sqlalchemy as sa

from db.engine import database_url


class MissingSecretKey(RuntimeError):
    """Production needs its own key: a generated one would change with the machine."""


def key_folder(url: str) -> Path:
    """Where a development key is kept: beside the SQLite file, else under instance/."""
    found = sa.engine.make_url(url)
    if found.get_backend_name() == "sqlite" and found.database not in (None, "", ":memory:"):
        return Path(str(found.database)).resolve().parent
    return Path("instance")


def _secret_key(url: str) -> str:
    """MIEUX_SECRET_KEY; in development (the default), a key generated once beside the
    database; with MIEUX_ENV=production, the key must be given."""
    if os.environ.get("MIEUX_SECRET_KEY"):
        return os.environ["MIEUX_SECRET_KEY"]
    if os.environ.get("MIEUX_ENV", "development") == "production":
        raise MissingSecretKey("MIEUX_ENV=production: set MIEUX_SECRET_KEY (a long random text).")
    instance = key_folder(url)
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    def __init__(self) -> None:
        self.DATABASE_URL = database_url()
        self.SECRET_KEY = _secret_key(self.DATABASE_URL)
        self.TESTING = False


class TestConfig(Config):
    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, database_url: str) -> None:
        self.DATABASE_URL = database_url
        self.SECRET_KEY = "test-secret"
        self.TESTING = True
        self.WTF_CSRF_ENABLED = False

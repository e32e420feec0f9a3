"""Configuration read from the environment (MIEUX_*), one class per use."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from db.engine import database_url


def _secret_key(instance: Path) -> str:
    """MIEUX_SECRET_KEY, else a key generated once and kept under instance/."""
    if os.environ.get("MIEUX_SECRET_KEY"):
        return os.environ["MIEUX_SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    def __init__(self) -> None:
        self.DATABASE_URL = database_url()
        self.SECRET_KEY = _secret_key(Path("instance"))
        self.TESTING = False


class TestConfig(Config):
    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, database_url: str) -> None:
        self.DATABASE_URL = database_url
        self.SECRET_KEY = "test-secret"
        self.TESTING = True
        self.WTF_CSRF_ENABLED = False

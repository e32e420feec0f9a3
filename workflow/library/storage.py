"""Where uploaded files' bytes are kept, behind a small interface (a folder today).

Files are stored under a random key, never under the name the user gave, in a
folder outside the web root (MIEUX_UPLOAD_DIR, chosen by the adapters): the
web server never serves it, only the download views after their checks.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Protocol


class FileStore(Protocol):
    def put(self, content: bytes) -> str:
        """Keep `content`; its new random key."""

    def get(self, key: str) -> bytes:
        """The content kept under `key` (FileNotFoundError if none)."""

    def delete(self, key: str) -> None:
        """Forget `key` (nothing if it is not kept)."""


class FolderStore:
    """Files in a folder, spread over sub-folders by the key's first two characters."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if len(key) != 32 or not all(c in "0123456789abcdef" for c in key):
            raise FileNotFoundError(key)  # never a path built from anything but our own keys
        return self.root / key[:2] / key

    def put(self, content: bytes) -> str:
        key = secrets.token_hex(16)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written beside, then renamed: a reader never sees half a file.
        partial = path.with_suffix(".part")
        with open(partial, "xb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o600)
        partial.replace(path)
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> list[str]:
        """Every key kept (the tests use it to see that a refusal stored nothing)."""
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.glob("*/*") if p.suffix != ".part")

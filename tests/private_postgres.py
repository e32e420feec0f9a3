"""A private PostgreSQL server for a test that stops and restarts it (the suite's shared
server, from scripts/postgres.sh, must not be disturbed). Same set-up as that script:
initdb as a non-root user, 127.0.0.1 only, no fsync."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import IN_CI


def bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        message = "PostgreSQL is not installed (/usr/lib/postgresql/*/bin)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found[-1]


class PrivatePostgres:
    def __init__(self) -> None:
        self.bin = bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="mieux-pg-private."))
        self.owner = "postgres" if os.geteuid() == 0 else None
        if self.owner:
            shutil.chown(self.dir, self.owner)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.as_owner(
            str(self.bin / "initdb"),
            "-D",
            str(self.dir / "data"),
            "-U",
            "mieux",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://mieux@127.0.0.1:{self.port}/postgres"

    def as_owner(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.owner, "--"] if self.owner else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self.as_owner(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.dir / "data"),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        self.as_owner(
            str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop"
        )

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

"""Issue 12's defects of the `mieux` command, as a person meets them: a real process each.

Every bad input or unreachable resource ends with one clear line on stderr and
a non-zero exit, before anything is announced; nothing is written into the
folder the command was started from.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.e2e.test_cli import free_port

CLOSED_PG = "postgresql+psycopg://mieux@127.0.0.1:{port}/mieux"


def run(
    cwd: Path, *args: str, stdin: str = "a long password\n", **env: str
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MIEUX_")}
    return subprocess.run(
        [sys.executable, "-m", "mieux", *args],
        input=stdin,
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """The command failed with `code` and said why in one line, with no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Serving" not in result.stdout
    return lines[0]


def test_help_shows_only_our_options_and_writes_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    assert "--env-file" not in result.stdout and "--app" not in result.stdout
    assert "--debug" not in result.stdout
    assert "serve" in result.stdout and "backup" in result.stdout
    assert list(tmp_path.iterdir()) == []  # no instance/, no database, no key


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "Error: MIEUX_DATABASE_URL is not a database URL: 'nonsense'"),
        ("foo://x/y", "Error: MIEUX_DATABASE_URL names a kind of database this program cannot"),
        ("sqlite:////no/such/folder/x.sqlite3", "Error: The SQLite database's folder does not"),
    ],
)
def test_a_bad_database_url_is_one_line(tmp_path: Path, url: str, message: str) -> None:
    line = one_line(run(tmp_path, "serve", MIEUX_DATABASE_URL=url, MIEUX_SECRET_KEY="k"))
    assert line.startswith(message), line
    assert not (tmp_path / "instance").exists()


def test_an_unreachable_database_is_one_line_naming_it(tmp_path: Path) -> None:
    url = CLOSED_PG.format(port=free_port())
    for command in (["serve"], ["init-db"], ["demo"]):
        line = one_line(run(tmp_path, *command, MIEUX_DATABASE_URL=url, MIEUX_SECRET_KEY="k"))
        assert line.startswith("Error: The database postgresql+psycopg://mieux@127.0.0.1:")
        assert "Connection refused" in line
    assert list(tmp_path.iterdir()) == []


def test_a_server_database_needs_a_key_or_a_folder_never_the_current_one(
    tmp_path: Path, pg_url: str
) -> None:
    unreachable = CLOSED_PG.format(port=free_port())
    line = one_line(run(tmp_path, "init-db", MIEUX_DATABASE_URL=unreachable))
    assert line == (
        "Error: The database is not a SQLite file: set MIEUX_SECRET_KEY, or "
        "MIEUX_INSTANCE_DIR (a folder where a generated development key is kept)."
    )
    keys = tmp_path.parent / f"{tmp_path.name}-keys"
    done = run(tmp_path, "init-db", MIEUX_DATABASE_URL=pg_url, MIEUX_INSTANCE_DIR=str(keys))
    assert done.returncode == 0, done.stderr
    assert len((keys / "secret_key").read_text()) == 64
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def sqlite_env(tmp_path: Path, sqlite_template: Path) -> dict[str, str]:
    database = tmp_path / "served.sqlite3"
    database.write_bytes(sqlite_template.read_bytes())
    return {"MIEUX_DATABASE_URL": f"sqlite:///{database}", "MIEUX_SECRET_KEY": "k"}


def test_serve_on_a_port_in_use_is_one_line(tmp_path: Path, sqlite_env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line(run(tmp_path, "serve", "--port", str(port), **sqlite_env))
    assert line == f"Error: Cannot serve on 127.0.0.1:{port}: Address already in use."


@pytest.mark.parametrize(
    ("host", "reason"),
    [("no-such-host.invalid", "unknown host"), ("192.0.2.1", "Cannot assign requested address")],
)
def test_serve_on_a_bad_host_is_one_line(
    tmp_path: Path, sqlite_env: dict[str, str], host: str, reason: str
) -> None:
    line = one_line(run(tmp_path, "serve", "--host", host, "--no-scheduler", **sqlite_env))
    assert line == f"Error: Cannot serve on {host}:5000: {reason}."


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(
    tmp_path: Path, sqlite_env: dict[str, str], port: str
) -> None:
    result = run(tmp_path, "serve", "--port", port, **sqlite_env)
    assert result.returncode == 2 and "Serving" not in result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: Invalid value for '--port'"), result.stderr
    assert "Traceback" not in result.stderr


def test_demo_that_clashes_says_which_user_and_leaves_nothing(
    tmp_path: Path, sqlite_env: dict[str, str]
) -> None:
    added = run(
        tmp_path, "user", "add", "psc2", "--role", "staff", "--password-stdin", **sqlite_env
    )
    assert added.returncode == 0, added.stderr
    line = one_line(run(tmp_path, "demo", **sqlite_env))
    assert line == (
        "Error: Nothing was loaded: The user 'psc2' is already there (staff), but the demo "
        "needs it as psc: load the demo into another database."
    )
    engine = sa.create_engine(sqlite_env["MIEUX_DATABASE_URL"])
    with engine.connect() as connection:
        users = list(connection.scalars(sa.text("SELECT username FROM users")))
    engine.dispose()
    assert users == ["psc2"]  # officer, officer2 and psc1 came first, and are gone

"""The `mieux` command as a person runs it: a real process, a real SQLite file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from workflow.lifecycles import LIFECYCLES


def mieux(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MIEUX_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    return subprocess.run(
        [sys.executable, "-m", "mieux", *args],
        input=stdin,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def states(tmp_path: Path, table: str) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with engine.connect() as connection:
        found = set(connection.scalars(sa.text(f"SELECT DISTINCT state FROM {table}")))
    engine.dispose()
    return found


def test_init_db_then_user_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    assert "newest schema" in mieux(tmp_path, "init-db").stdout
    added = mieux(
        tmp_path,
        "user",
        "add",
        "ana",
        "--role",
        "staff",
        "--role",
        "psc",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Added user ana" in added.stdout and "staff, psc" in added.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "chief"], "role: Give one or more roles"),
        (["--role", "expert"], "email: Focal point and expert users need an e-mail"),
        (["--role", "focal_point", "--email", "a@"], "email: 'a@' is not an e-mail address"),
        (["--role", "staff", "--email", "no-at-sign"], "email: 'no-at-sign' is not an e-mail"),
        (["--role", "staff", "--full-name", "F" * 201], "full_name: Use at most 200 characters"),
        (["--role", "staff", "--full-name", "Ana\tMaria"], "full_name: Use visible characters"),
    ],
)
def test_user_add_refuses_bad_input_with_one_clear_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = mieux(
        tmp_path, "user", "add", "bob", *args, "--password-stdin", stdin="a long password\n"
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_user_add_refuses_a_taken_username_saying_it_once(tmp_path: Path) -> None:
    first = mieux(
        tmp_path,
        "user",
        "add",
        "ana",
        "--role",
        "staff",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert first.returncode == 0, first.stderr
    again = mieux(
        tmp_path,
        "user",
        "add",
        "ana",
        "--role",
        "staff",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert again.returncode == 1
    assert again.stderr.strip() == "Error: username: A user named 'ana' already exists."


def test_the_demo_covers_every_state_and_loading_it_twice_changes_nothing(
    tmp_path: Path,
) -> None:
    first = mieux(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "22 cases loaded" in first.stdout and "officer" in first.stdout
    assert "mieux-demo-pass" in first.stdout
    for table, kind in (("requests", "request"), ("actions", "action"), ("activities", "activity")):
        expected = set(LIFECYCLES[kind].states)
        assert states(tmp_path, table) == expected, table
    again = mieux(tmp_path, "demo")
    assert "0 cases loaded, 22 already there" in again.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_the_given_port_with_the_scheduler_running(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "MIEUX_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mieux", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        # A loaded CI machine may take many seconds to start Python and migrate.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert '<h1 class="govuk-heading-l">Log in</h1>' in page  # "/" asks for a login
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as reply:
            assert reply.read().decode().strip() == '{"status":"ok"}'
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Scheduler started" in output and f"127.0.0.1:{port}" in output


def test_user_add_prompts_for_the_password_twice_and_refuses_a_mismatch(tmp_path: Path) -> None:
    mismatch = mieux(
        tmp_path, "user", "add", "eve", "--role", "staff", stdin="first password\nsecond password\n"
    )
    assert mismatch.returncode != 0
    assert "do not match" in (mismatch.stdout + mismatch.stderr)
    added = mieux(
        tmp_path,
        "user",
        "add",
        "eve",
        "--role",
        "admin",
        stdin="a long password\na long password\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Added user eve" in added.stdout


def test_production_refuses_to_start_without_its_secret_key(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "MIEUX_ENV": "production",
        "MIEUX_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    env.pop("MIEUX_SECRET_KEY", None)
    answer = subprocess.run(
        [sys.executable, "-m", "mieux", "init-db"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert answer.returncode == 1
    assert answer.stderr.strip() == (
        "Error: MIEUX_ENV=production: set MIEUX_SECRET_KEY (a long random text)."
    )
    assert not (tmp_path / "prod.sqlite3").exists()


def test_in_development_the_generated_key_is_kept_beside_the_database(tmp_path: Path) -> None:
    where = tmp_path / "data"
    where.mkdir()
    env = {**os.environ, "MIEUX_DATABASE_URL": f"sqlite:///{where / 'dev.sqlite3'}"}
    env.pop("MIEUX_SECRET_KEY", None)
    env.pop("MIEUX_ENV", None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for _ in range(2):
        answer = subprocess.run(
            [sys.executable, "-m", "mieux", "init-db"],
            env=env,
            cwd=elsewhere,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert answer.returncode == 0, answer.stderr
    key = (where / "secret_key").read_text()
    assert len(key) == 64
    assert not (elsewhere / "instance").exists()
    assert oct((where / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_check_deadlines_prints_one_line_per_reminder_and_refuses_a_bad_date(
    tmp_path: Path,
) -> None:
    added = mieux(
        tmp_path,
        "user",
        "add",
        "root",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert added.returncode == 0, added.stderr
    # 1 July 2027, after the reminder hour: the half-year's digest to the admin (no manager set).
    ran = mieux(tmp_path, "check-deadlines", "--now", "2027-07-01T08:00", "--dry-run")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["digest\tprogramme:0\tuser:1\t2027-07-01/2027-H1"]
    assert "1 reminder(s) due" in ran.stderr and "dry run: nothing written" in ran.stderr
    written = mieux(tmp_path, "check-deadlines", "--now", "2027-07-01T08:00")
    assert "1 reminder(s) due" in written.stderr and "1 new in the outbox" in written.stderr
    again = mieux(tmp_path, "check-deadlines", "--now", "2027-07-01T09:00")
    assert "0 new in the outbox" in again.stderr  # once, whatever the number of scans
    before_the_hour = mieux(tmp_path, "check-deadlines", "--now", "2027-07-01T06:59+00:00")
    assert before_the_hour.returncode == 0 and before_the_hour.stdout == ""
    bad = mieux(tmp_path, "check-deadlines", "--now", "July")
    assert bad.returncode != 0 and "not an ISO date-time" in bad.stderr

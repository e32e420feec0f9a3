"""`mieux backup PATH` and `mieux restore PATH`: the database and the upload folder.

A backup is a folder: `manifest.json` (kind of database, schema revision,
time), the database (`database.sqlite3`, a consistent copy by SQLite's online
backup API, safe while the application writes; or `database.pgdump`, pg_dump's
custom format, itself one consistent snapshot), and `uploads/` when
MIEUX_UPLOAD_DIR exists. Restoring refuses a database that already holds data
unless --force, and brings the restored database to the newest schema.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from db.migrate import upgrade_if_needed
from webui import services

MANIFEST = "manifest.json"
FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Tables a person fills; reference data and settings come with every migrated database.
PEOPLES_DATA = ("users", "experts", "requests", "actions", "activities", "history")


def upload_folder() -> Path | None:
    found = os.environ.get("MIEUX_UPLOAD_DIR")
    return Path(found) if found else None


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the database (and MIEUX_UPLOAD_DIR, if it exists) into the new folder PATH."""
    engine = services(current_app).engine
    kind = _kind(engine)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise click.ClickException(f"{path} already exists and is not an empty folder.")
    path.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        _sqlite_copy(_sqlite_file(engine), path / FILES[kind])
    else:
        _pg_tool(
            engine,
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={path / FILES[kind]}",
        )
    uploads = upload_folder()
    copied = uploads is not None and uploads.is_dir()
    if copied:
        shutil.copytree(uploads, path / "uploads")  # type: ignore[arg-type]
    with engine.connect() as connection:
        revision = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    manifest = {
        "kind": kind,
        "revision": revision,
        "uploads": copied,
        "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    what = " and the upload folder" if copied else ""
    click.echo(f"Backed up the {kind} database{what} to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore(path: Path, force: bool) -> None:
    """Replace the database (and MIEUX_UPLOAD_DIR) with the backup in folder PATH."""
    engine = services(current_app).engine
    kind = _kind(engine)
    manifest = _manifest(path)
    if manifest["kind"] != kind:
        raise click.ClickException(
            f"{path} holds a {manifest['kind']} backup; this database is {kind}."
        )
    held = _rows_of_people(engine)
    if held and not force:
        raise click.ClickException(
            f"The database is not empty ({held}): give --force to replace it with the backup."
        )
    uploads = upload_folder()
    if manifest["uploads"] and uploads is None:
        raise click.ClickException("The backup has uploads: set MIEUX_UPLOAD_DIR to restore them.")
    if (
        manifest["uploads"]
        and uploads
        and uploads.exists()
        and any(uploads.iterdir())
        and not force
    ):
        raise click.ClickException(f"{uploads} is not empty: give --force to replace it.")
    if kind == "sqlite":
        _sqlite_copy(path / FILES[kind], _sqlite_file(engine))
    else:
        _pg_restore(engine, path / FILES[kind])
    engine.dispose()  # connections opened before the restore may hold the old schema's caches
    upgrade_if_needed(engine)
    if manifest["uploads"] and uploads is not None:
        shutil.rmtree(uploads, ignore_errors=True)
        shutil.copytree(path / "uploads", uploads)
    click.echo(f"Restored the {kind} database from {path} (taken {manifest['taken_at']}).")


def _kind(engine: sa.Engine) -> str:
    kind = engine.dialect.name
    if kind not in FILES:
        raise click.ClickException(f"Cannot back up a {kind} database (SQLite or PostgreSQL).")
    return kind


def _manifest(path: Path) -> dict[str, object]:
    try:
        found = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError):
        raise click.ClickException(f"{path} is not a backup made by `mieux backup`.") from None
    if not isinstance(found, dict) or found.get("kind") not in FILES:
        raise click.ClickException(f"{path / MANIFEST} is not a backup's manifest.")
    if not (path / FILES[found["kind"]]).is_file():
        raise click.ClickException(f"{path} lacks {FILES[found['kind']]}.")
    return found


def _rows_of_people(engine: sa.Engine) -> str:
    """What the database holds beyond its reference data ('' when nothing), e.g. '3 users'."""
    with engine.connect() as connection:
        counts = {t: connection.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in PEOPLES_DATA}
    return ", ".join(f"{n} {t}" for t, n in counts.items() if n)


def _sqlite_file(engine: sa.Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise click.ClickException("An in-memory SQLite database cannot be backed up.")
    return database


def _sqlite_copy(source: Path | str, target: Path | str) -> None:
    """SQLite's online backup: a consistent copy even while other connections write."""
    with sqlite3.connect(source) as read, sqlite3.connect(target) as write:
        read.backup(write)
    read.close()
    write.close()


def _pg_tool(
    engine: sa.Engine, tool: str, *args: str, stdin: str | None = None, connect: bool = True
) -> str:
    """Run a PostgreSQL client (the version matching the server) on the engine's database;
    its standard output, or one line saying why it failed."""
    url = engine.url
    env = {**os.environ, "PGPASSWORD": url.password} if url.password else dict(os.environ)
    target = url.set(drivername="postgresql", password=None).render_as_string()
    done = subprocess.run(
        [str(_pg_binary(engine, tool)), *([f"--dbname={target}"] if connect else []), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise click.ClickException(f"{tool} failed: {lines[0] if lines else done.returncode}")
    return done.stdout


def _pg_restore(engine: sa.Engine, dump: Path) -> None:
    """Replace the whole schema in one transaction: drop everything, then load the dump's
    SQL (tables of a newer schema do not survive; a failure leaves the database as it was).
    Then ANALYZE, in the same transaction: restored tables have no statistics until
    autovacuum's first pass, and planned without them some statements read every row
    where an index would do (docs/decisions.md, migration 0026)."""
    script = _pg_tool(
        engine, "pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump), connect=False
    )
    _pg_tool(
        engine,
        "psql",
        "--single-transaction",
        "--quiet",
        "--no-psqlrc",
        "--set=ON_ERROR_STOP=1",
        stdin="DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n" + script + "\nANALYZE;\n",
    )


def _pg_binary(engine: sa.Engine, tool: str) -> Path:
    """The tool of the server's major version, else the newest one installed (pg_dump reads
    older servers, not newer ones)."""
    with engine.connect() as connection:
        major = int(str(connection.scalar(sa.text("SHOW server_version_num")))) // 10000
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), key=lambda p: int(p.parent.parent.name)
    )
    for candidate in installed:
        if int(candidate.parent.parent.name) >= major:
            return candidate
    found = shutil.which(tool)
    if found is None:
        raise click.ClickException(f"{tool} for PostgreSQL {major} is not installed.")
    return Path(found)

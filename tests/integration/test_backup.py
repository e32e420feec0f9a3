"""`mieux backup` then `mieux restore` gives back every table and every uploaded file, on
SQLite and PostgreSQL; a database that holds data is replaced only with --force (issue 12)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from db.engine import make_engine
from mieux.cli import cli
from tests.conftest import fresh_postgres
from tests.support import Scenario
from tests.tables import every_row
from webui import create_app, services
from webui.config import TestConfig


@pytest.fixture
def other_url(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second freshly migrated database of the same kind, to restore into."""
    if db_url.startswith("sqlite"):
        copy = tmp_path / "other.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), copy)
        yield f"sqlite:///{copy}"
    else:
        yield from fresh_postgres(request.getfixturevalue("postgres_template"))


def invoke(url: str, *args: str) -> Any:
    app = create_app(TestConfig(url))
    try:
        return app.test_cli_runner().invoke(cli, list(args))
    finally:
        services(app).engine.dispose()


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_round_trip_gives_back_every_table_and_file(
    db_url: str,
    other_url: str,
    world: Scenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world.submitted_action(activities=2)
    world.request(summary="A second Request, still received.")
    uploads = tmp_path / "uploads"
    (uploads / "actions" / "1").mkdir(parents=True)
    (uploads / "actions" / "1" / "fiche.pdf").write_bytes(b"%PDF-1.7 \x00\xff fiche")
    (uploads / "cv.txt").write_text("Curriculum vitae\n")
    monkeypatch.setenv("MIEUX_UPLOAD_DIR", str(uploads))
    source, target = make_engine(db_url), make_engine(other_url)
    before, uploaded = every_row(source), files(uploads)

    made = invoke(db_url, "backup", str(tmp_path / "backup"))
    assert made.exit_code == 0, made.output
    assert "Backed up the" in made.output and "and the upload folder" in made.output
    shutil.rmtree(uploads)
    restored = invoke(other_url, "restore", str(tmp_path / "backup"))
    assert restored.exit_code == 0, restored.output
    assert every_row(target) == before
    assert files(uploads) == uploaded
    if target.dialect.name == "postgresql":  # analyzed: the planner has the rows' statistics
        with target.connect() as connection:
            analyzed = connection.scalar(
                sa.text("SELECT count(*) FROM pg_stats WHERE tablename = 'history'")
            )
        assert analyzed

    world.request(summary="Written after the backup.")  # the source moves on
    refused = invoke(other_url, "restore", str(tmp_path / "backup"))
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines()[-1].startswith("Error: The database is not empty (")
    assert "give --force to replace it" in refused.output
    with target.begin() as connection:  # a change the forced restore must undo
        connection.execute(sa.text("DELETE FROM history"))
    forced = invoke(other_url, "restore", "--force", str(tmp_path / "backup"))
    assert forced.exit_code == 0, forced.output
    assert every_row(target) == before
    source.dispose()
    target.dispose()


def test_restore_refuses_a_folder_that_is_not_a_backup(db_url: str, tmp_path: Path) -> None:
    result = invoke(db_url, "restore", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path} is not a backup made by `mieux backup`."
    made = invoke(db_url, "backup", str(tmp_path / "b"))
    again = invoke(db_url, "backup", str(tmp_path / "b"))
    assert made.exit_code == 0 and again.exit_code == 1
    assert (
        again.output.strip()
        == f"Error: {tmp_path / 'b'} already exists and is not an empty folder."
    )

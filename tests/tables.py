"""Every table's rows, to compare a database before and after (a failed load, a restore)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Base


def every_row(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Each table of the schema (alembic's own included) with its rows in a stable order."""
    tables = [*Base.metadata.sorted_tables]
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in tables:
            rows = connection.execute(sa.select(table)).all()
            found[table.name] = sorted((tuple(r) for r in rows), key=repr)
        found["alembic_version"] = list(
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
        )
    return found


def counts(engine: sa.Engine) -> dict[str, int]:
    return {name: len(rows) for name, rows in every_row(engine).items()}

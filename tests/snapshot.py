"""What a database holds, in one query: to show that a refused call stored nothing."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

VERSIONED = ("requests", "actions", "activities", "experts")


def snapshotter(engine: sa.Engine) -> Callable[[], dict[str, int]]:
    """A function giving each table's row count and the sum of each object's versions (an
    update bumps it): equal before and after a call means the call stored nothing."""
    tables = sorted(sa.inspect(engine).get_table_names())
    counts = [sa.select(sa.func.count()).select_from(sa.table(t)).scalar_subquery() for t in tables]
    versions = [
        sa.select(sa.func.coalesce(sa.func.sum(sa.column("version")), 0))
        .select_from(sa.table(t))
        .scalar_subquery()
        for t in VERSIONED
    ]
    query = sa.select(*counts, *versions)
    names = tables + [f"sum of {t}.version" for t in VERSIONED]

    def snapshot() -> dict[str, int]:
        with engine.connect() as connection:
            return dict(zip(names, connection.execute(query).one(), strict=True))

    return snapshot


def changes(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}

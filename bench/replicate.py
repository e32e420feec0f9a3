"""Copies of a generated block of Actions, made by the database itself.

Building every row in Python is what made 100,000 Actions take most of an
hour. The generator builds one block (say 1,000 Actions with their Requests,
activities, experts, votes and history) in Python, then each table copies
its block rows K times in one INSERT ... SELECT, every id shifted by the
block's size times the copy's number: copy k of Action a is Action
a + k * (Actions in the block), its Request, activities, experts and history
shifted alike. Users (staff, PSC members, focal points) are shared by every
copy, as they are in a programme. Ids inside the history's JSON (the
Request an Action was created from, the experts an Activity was scheduled
with) are shifted too, so each copy reads as its own.

On PostgreSQL the copied tables' keys (primary, unique and foreign) and
indexes are dropped during the load and made again after it: one sort per
index and one validating join per foreign key, not a lookup per row. The
triggers that keep the figures' facts (migration 0021) are off meanwhile (each
would look up a row per copied row, in tables without their keys), and the
facts are computed from scratch after, by the migration's own statements.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from db.migrate import migration_module
from db.models import Base

SHARED = frozenset({"users", "user_roles"})
OBJECT_TABLES = {"request": "requests", "action": "actions", "activity": "activities"}


def replicate(
    connection: sa.Connection, tables: list[str], sizes: dict[str, int], copies: int
) -> dict[str, int]:
    """Add `copies` copies of the block rows of `tables` (every row they hold now); `sizes`:
    the block's rows of each table with an id (its ids are 1..size). The rows added."""
    postgres = connection.dialect.name == "postgresql"
    connection.exec_driver_sql("CREATE TEMPORARY TABLE bench_copies (k INTEGER PRIMARY KEY)")
    connection.execute(
        sa.text("INSERT INTO bench_copies (k) VALUES (:k)"),
        [{"k": k} for k in range(1, copies + 1)],
    )
    added: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in tables and table.name not in SHARED:
            columns = ", ".join(f'"{c.name}"' for c in table.c)
            select = ", ".join(_shifted(table, c, sizes, postgres) for c in table.c)
            result = connection.exec_driver_sql(
                f'INSERT INTO "{table.name}" ({columns}) SELECT {select} '
                f'FROM "{table.name}" AS t CROSS JOIN bench_copies AS g'
            )
            added[table.name] = result.rowcount
    connection.exec_driver_sql("DROP TABLE bench_copies")
    return added


def _shifted(table: sa.Table, column: sa.Column[object], sizes: dict[str, int], pg: bool) -> str:
    """The SQL of `column` in copy g.k."""
    name = f't."{column.name}"'
    if column.primary_key and column.name == "id":
        return f"{name} + g.k * {sizes[table.name]}"
    for fk in column.foreign_keys:
        target = fk.column.table.name
        if target in sizes and target not in SHARED:
            return f"{name} + g.k * {sizes[target]}"
    if table.name == "experts" and column.name in ("name", "email"):
        number = f"(t.id + g.k * {sizes['experts']})"
        if column.name == "name":
            return f"'Expert ' || {number}"
        return f"'expert' || {number} || '@example.org'"
    if table.name == "history":
        return _history(column.name, name, sizes, pg)
    return name


def _history(column: str, name: str, sizes: dict[str, int], pg: bool) -> str:
    if column == "object_id":
        whens = " ".join(
            f"WHEN '{kind}' THEN {sizes.get(table, 0)}" for kind, table in OBJECT_TABLES.items()
        )
        return f"{name} + g.k * CASE t.object_kind {whens} END"
    if column == "action_id":
        return f"{name} + g.k * {sizes['actions']}"
    if column != "data":
        return name
    request = ("request_id",), sizes["requests"]
    expert = ("expert_ids", 0), sizes["experts"]
    return (
        f"CASE WHEN t.trigger = 'create' AND t.object_kind = 'action' "
        f"THEN {_json_add(name, *request, pg)} "
        f"WHEN t.trigger = 'schedule' THEN {_json_add(name, *expert, pg)} "
        f"ELSE {name} END"
    )


def _json_add(name: str, path: tuple[str | int, ...], size: int, pg: bool) -> str:
    """The JSON document with the number at `path` shifted by g.k * size."""
    if pg:
        keys = "{" + ",".join(str(p) for p in path) + "}"
        value = f"(({name})::jsonb #>> '{keys}')::int + g.k * {size}"
        return f"jsonb_set(({name})::jsonb, '{keys}', to_jsonb({value}))::json"
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return f"json_set({name}, '{where}', json_extract({name}, '{where}') + g.k * {size})"


@contextmanager
def without_keys_and_indexes(connection: sa.Connection, tables: list[str]) -> Iterator[None]:
    """PostgreSQL: the tables' keys and indexes dropped while the block runs, made again (and
    validated) after; elsewhere, nothing."""
    if connection.dialect.name != "postgresql":
        yield
        return
    names = [t for t in tables if t not in SHARED]
    constraints = connection.execute(
        sa.text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype IN ('f', 'p', 'u') "
            "AND (conrelid::regclass::text = ANY(:names) "
            "OR contype = 'f' AND confrelid::regclass::text = ANY(:names)) ORDER BY contype"
        ),
        {"names": names},
    ).all()
    indexes = connection.execute(
        sa.text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(:names) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        ),
        {"names": names},
    ).all()
    # Foreign keys first (to these tables too), then the keys they rest on; made again in the
    # reverse order: primary and unique keys, then the foreign keys, each validated at once.
    for table, name, _ in constraints:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    # Sort in memory what fits: each index is built by one sort of its table.
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        connection.exec_driver_sql(definition)
    for table, name, definition in reversed(constraints):
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


@contextmanager
def without_triggers(connection: sa.Connection) -> Iterator[None]:
    """PostgreSQL: no trigger fires within (the figures' facts are refilled after)."""
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    yield
    if postgres:
        connection.exec_driver_sql("SET LOCAL session_replication_role = origin")


def refill_facts(connection: sa.Connection) -> None:
    """The facts and counts the database keeps, computed again from every row by the
    statements of the migrations that keep them: PostgreSQL loads the copies without their
    triggers; SQLite's fired a row of `tallies` per copied row, folded here into one a count."""
    if connection.dialect.name == "postgresql":
        # Statistics first: the planner would take the freshly loaded tables for empty ones
        # (nested loops over a million activities: 20 s at 10,000 Actions instead of 2.6).
        connection.exec_driver_sql(
            "ANALYZE actions, requests, activities, activity_experts, experts"
        )
        migration_module("0021").fill_facts(connection.exec_driver_sql, postgres=True)
    migration_module("0022").fill_tallies(
        connection.exec_driver_sql, connection.dialect.name == "postgresql"
    )

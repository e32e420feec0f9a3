"""Figures (PostgreSQL): an expert's `deployed` is recounted from their own links, through
the links' index, whatever the statistics say.

Migration 0021's triggers recount `experts.deployed` of the experts an activity or a
link touches with `EXISTS (links of the expert on a held activity)`. PostgreSQL may
turn such an EXISTS into a hashed subplan: every link on a held activity, joined and
hashed once, then probed per expert. It does so when its statistics say the links are
few; planned on a table analyzed while nearly empty (a new site, a restore, the
benchmark's database), that subplan joins every link with every held activity at
each recount. EXPLAIN ANALYZE of a `mark_held` after 150 of the benchmark's paths:
3.3 ms of its 4.4 ms write, growing with the square of the links. A scalar subquery
(`(SELECT 1 ... LIMIT 1) IS NOT NULL`, the same truth) is never hashed: it reads the
expert's own links by `ix_activity_experts_expert_id`, whatever the statistics.

The functions are 0025's `figures_activity` and 0024's `figures_assignment`, with that
expression replaced. SQLite's triggers are unchanged (its planner reads the index).

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

from alembic import op

from db.migrate import migration_module

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def by_index(expert: str) -> str:
    """0021's `deployed(expert)`, as a scalar subquery PostgreSQL cannot hash."""
    f = migration_module("0021")
    return (
        "((SELECT 1 FROM activity_experts d JOIN activities a ON a.id = d.activity_id"
        f" WHERE d.expert_id = {expert} AND a.state IN {f.HELD} LIMIT 1) IS NOT NULL)"
    )


def _functions() -> list[str]:
    """The functions that recount `deployed`, as 0025 and 0024 left them."""
    [activity] = [s for s in migration_module("0025")._functions() if "figures_activity()" in s]
    [assignment] = [
        s for s in migration_module("0024")._postgres(True) if "figures_assignment()" in s
    ]
    return [activity, assignment]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        deployed = migration_module("0021").deployed("experts.id")
        for statement in _functions():
            assert deployed in statement  # the expression 0021 wrote
            op.execute(statement.replace(deployed, by_index("experts.id")))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _functions():
            op.execute(statement)

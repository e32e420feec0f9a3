"""Figures: an expert linked to an activity not held moves no kept fact.

Migration 0021 keeps, for each expert, whether they are deployed (assigned to a held
activity), and the (Action, expert) pairs of those deployments. Its triggers on
`activity_experts` recounted both for every link written or removed. Most links are
written by `schedule` and the Fiche's drafting, on activities not held yet: the
recount cannot change anything then (EXPLAIN ANALYZE of a `schedule` on PostgreSQL:
0.14 ms and 0.07 ms of its write's 0.64 ms). Now a link added to an activity that
exists and is not held is skipped at once.

Only an added link: PostgreSQL runs these triggers at the end of the statement, and a
fire's write is one statement (the Activity, its Action, its links). A link removed in
a statement that also moves its activity out of the held states was a deployment, and
the activity's own trigger recounts only the experts it still has: that link's trigger
must recount its expert. An added link deploys no one unless its activity is held when
the statement ends, whatever else the statement does. A change of the activity's own
state recounts its experts in 0021's activity triggers.

Revision ID: 0024
Revises: 0023
"""

import re
from collections.abc import Sequence

from alembic import op

from db.migrate import migration_module

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's link triggers on an INSERT, by name; PostgreSQL's two functions (one serves
# activities too).
SQLITE_INSERTS = ("figures_assignment_insert", "figures_pairs_assign")
POSTGRES_FUNCTIONS = ("figures_assignment", "figures_pairs")


def idle(held_states: str) -> str:
    """Whether the new link NEW is to an activity that exists and is not held."""
    return (
        "EXISTS (SELECT 1 FROM activities i WHERE i.id = NEW.activity_id"
        f" AND i.state NOT IN {held_states})"
    )


def _skip_idle(held_states: str) -> str:
    """PL/pgSQL: return at once from a trigger on an added link that moves no kept fact."""
    return (
        "  IF TG_OP = 'INSERT' THEN\n"
        f"    IF {idle(held_states)} THEN RETURN NULL; END IF;\n"
        "  END IF;\n"
    )


def _postgres(narrowed: bool) -> list[str]:
    figures = migration_module("0021")
    statements = []
    for name in POSTGRES_FUNCTIONS:
        [statement] = [s for s in figures.POSTGRES if f"CREATE FUNCTION {name}()" in s]
        statement = statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        if narrowed:
            skip = _skip_idle(figures.HELD)
            if name == "figures_pairs":  # the branch for links, not the one for activities
                anchor = "  ELSE\n    IF TG_OP <> 'INSERT' THEN"
                assert anchor in statement, name
                statement = statement.replace(anchor, "  ELSE\n" + skip + anchor[len("  ELSE\n") :])
            else:
                assert "BEGIN\n" in statement, name
                statement = statement.replace("BEGIN\n", "BEGIN\n" + skip, 1)
        statements.append(statement)
    return statements


def _sqlite(narrowed: bool) -> list[str]:
    figures = migration_module("0021")
    statements = []
    for name in SQLITE_INSERTS:
        [statement] = [s for s in figures.SQLITE if f"CREATE TRIGGER {name} " in s]
        if narrowed:
            head, body = re.split(r"\sBEGIN\s", statement, maxsplit=1)
            statement = f"{head} WHEN NOT {idle(figures.HELD)} BEGIN {body}"
        statements += [f"DROP TRIGGER {name}", statement]
    return statements


def _recreate(narrowed: bool) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _postgres(narrowed) if postgres else _sqlite(narrowed):
        op.execute(statement)


def upgrade() -> None:
    _recreate(narrowed=True)


def downgrade() -> None:
    _recreate(narrowed=False)

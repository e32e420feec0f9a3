"""Figures: the activity triggers of migration 0021 fire only when a kept fact can move.

`figures_activity_update` (each Action's first day held, the experts' deployed
flag) fired on every change of an activity's state, and `figures_tally_update`
(activities not cancelled, participants of those held) too. Most moves change
neither: scheduling (planned to scheduled), a report submitted or accepted (held
to held). Each such fire recounted both facts for nothing, about 1 ms of a
`schedule` on PostgreSQL (EXPLAIN ANALYZE: 0.6-0.8 ms and 0.25 ms), a third of
what SpiffWorkflow takes for the whole step. Their WHEN now names the changes
that matter:

- first day held and deployed: the activity is held before or after, and its
  being held, its first day or its Action changes;
- tally: its being cancelled or held changes, or its type, Action or participants.

The functions and the other triggers are unchanged.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Callable, Sequence

from alembic import op

from db.migrate import migration_module

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def narrowed_conditions(held: Callable[[str], str]) -> tuple[str, str]:
    """The new WHEN of figures_activity_update and of figures_tally_update (PostgreSQL's
    spelling); `held` is 0021's: whether a row's state is a held one."""
    held_changes = f"{held('OLD')} IS DISTINCT FROM {held('NEW')}"
    activity_moved = (
        f"({held('OLD')} OR {held('NEW')}) AND ({held_changes}"
        " OR OLD.actual_start IS DISTINCT FROM NEW.actual_start"
        " OR OLD.action_id IS DISTINCT FROM NEW.action_id)"
    )
    others = ("type_code", "action_id", "participants_total", "participants_women")
    tally_moved = " OR ".join(
        (
            "(OLD.state = 'cancelled') IS DISTINCT FROM (NEW.state = 'cancelled')",
            held_changes,
            *(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in (*others, "participants_men")),
        )
    )
    return activity_moved, tally_moved


def _recreate(narrowed: bool) -> None:
    """Each trigger of NARROWED dropped and created again: as 0021 wrote it, or narrowed."""
    # Loaded here, not at import: alembic imports every revision to read the chain.
    figures = migration_module("0021")
    activity_moved, tally_moved = narrowed_conditions(figures.held)
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, before, after in (
        ("figures_activity_update", figures.ACTIVITY_MOVED, activity_moved),
        ("figures_tally_update", figures.TALLY_MOVED, tally_moved),
    ):
        if not postgres:
            before, after = (c.replace("IS DISTINCT FROM", "IS NOT") for c in (before, after))
        [statement] = [
            s
            for s in (figures.POSTGRES if postgres else figures.SQLITE)
            if f"CREATE TRIGGER {name} " in s
        ]
        assert f"({before})" in statement, name  # 0021's statement, as it was written
        op.execute(f"DROP TRIGGER {name} ON activities" if postgres else f"DROP TRIGGER {name}")
        op.execute(statement.replace(f"({before})", f"({after})") if narrowed else statement)


def upgrade() -> None:
    _recreate(narrowed=True)


def downgrade() -> None:
    _recreate(narrowed=False)

"""Figures (PostgreSQL): an activity's update recounts each kept fact once, and only where
it can move.

Migration 0021's functions, run after an update of an activity, recounted the first
day held and the tally of the Action before and after the update, the same Action
twice when it did not change (nearly always); and the deployment pairs were added for
the Action after and pruned for the Action before and after, whatever the move. EXPLAIN
ANALYZE of a `mark_held` on PostgreSQL: 0.32 ms, 0.14 ms and 0.12 ms of its write's
0.78 ms. Now:

- the first day held and the tally of the Action after the update are recounted only
  when it is not the Action before (or, for the tally, the type changed);
- the pairs are added when the activity is held after the update, and pruned (for the
  Action before) when it was held before: a move into the held states adds
  deployments and cannot end one, a move out of them the reverse, and an activity moved
  to another Action deployed no one there before. The prune of the Action after the
  update, which 0021 also ran, can remove nothing the prune of the Action before does
  not.

SQLite's triggers are unchanged (in-process, they cost a fraction of this).

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

from alembic import op

from db.migrate import migration_module

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _functions() -> list[str]:
    """0021's activity, tally and pairs functions, each recounting once where it can move."""
    f = migration_module("0021")
    activity = f"""CREATE OR REPLACE FUNCTION figures_activity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {f.set_first_held("id = OLD.action_id", True)};
  END IF;
  IF TG_OP = 'INSERT' THEN
    {f.set_first_held("id = NEW.action_id", True)};
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.action_id IS DISTINCT FROM OLD.action_id THEN
      {f.set_first_held("id = NEW.action_id", True)};
    END IF;
    IF {f.held("OLD")} IS DISTINCT FROM {f.held("NEW")} THEN
      {f.set_deployed(f.of_activity("NEW.id"), "IS DISTINCT FROM")};
    END IF;
  END IF;
  RETURN NULL;
END $$"""
    tally = f"""CREATE OR REPLACE FUNCTION figures_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {f.set_tally("OLD.action_id", "OLD.type_code")};
  END IF;
  IF TG_OP = 'INSERT' THEN
    {f.set_tally("NEW.action_id", "NEW.type_code")};
  ELSIF TG_OP = 'UPDATE' THEN
    IF (NEW.action_id, NEW.type_code) IS DISTINCT FROM (OLD.action_id, OLD.type_code) THEN
      {f.set_tally("NEW.action_id", "NEW.type_code")};
    END IF;
  END IF;
  RETURN NULL;
END $$"""
    [pairs] = [s for s in f.POSTGRES if "CREATE FUNCTION figures_pairs()" in s]
    before = (
        "  ELSIF TG_TABLE_NAME = 'activities' THEN\n"
        f"    {f.add_pairs('NEW.action_id', f.of_activity('NEW.id'))};\n"
        f"    {f.prune_pairs('OLD.action_id', f.of_activity('NEW.id'))};\n"
        f"    {f.prune_pairs('NEW.action_id', f.of_activity('NEW.id'))};\n"
    )
    after = (
        "  ELSIF TG_TABLE_NAME = 'activities' THEN\n"
        f"    IF {f.held('NEW')} THEN\n"
        f"      {f.add_pairs('NEW.action_id', f.of_activity('NEW.id'))};\n"
        "    END IF;\n"
        f"    IF {f.held('OLD')} THEN\n"
        f"      {f.prune_pairs('OLD.action_id', f.of_activity('NEW.id'))};\n"
        "    END IF;\n"
    )
    assert before in pairs  # 0021's function, as it was written
    pairs = pairs.replace(before, after).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    # 0024 returns at once from the branch for links added to an activity not held.
    links = migration_module("0024")
    [narrowed] = [s for s in links._postgres(True) if "figures_pairs()" in s]
    skip = links._skip_idle(f.HELD)
    assert skip in narrowed
    anchor = "  ELSE\n    IF TG_OP <> 'INSERT' THEN"
    assert anchor in pairs
    pairs = pairs.replace(anchor, "  ELSE\n" + skip + anchor[len("  ELSE\n") :])
    return [activity, tally, pairs]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _functions():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        f = migration_module("0021")
        for name in ("figures_activity", "figures_tally"):
            [statement] = [s for s in f.POSTGRES if f"CREATE FUNCTION {name}()" in s]
            op.execute(statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
        [pairs] = [s for s in migration_module("0024")._postgres(True) if "figures_pairs()" in s]
        op.execute(pairs)  # as 0024 left it

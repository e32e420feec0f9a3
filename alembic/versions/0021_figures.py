"""Figures: the facts the dashboard's heavy figures need, kept by the database itself.

`activity_tallies`: per Action and activity type, the activities not cancelled
and the participants of those held, so that the figures over every Action read
one row per Action and type rather than every activity.

`held_deployments`: the experts deployed on each Action (assigned to one of its
activities held), for the deployed experts' figures within a phase, region or
span, which otherwise join every assignment with its activity.

`actions.first_held_days`: the days from the receipt of the Action's Request to
its first activity held (the smallest `actual_start` of its activities in a held
state), for the rapid-reaction figure, which otherwise joins every activity and
every Request. `experts.deployed`: whether the
expert is assigned to an activity in a held state, for the deployed experts'
figures over everything, which otherwise join every assignment with its activity.

Triggers keep them, on SQLite and PostgreSQL, so the fire sends no statement
more: they run inside the statements that change activities or their experts,
and write a row only when the fact changes. The held states are those tagged
`booked_on_actual_dates` (workflow/activity/states.py); a test checks that the
list below still matches them.

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HELD_STATES = ("held", "report_submitted", "completed")
HELD = "(" + ", ".join(f"'{s}'" for s in HELD_STATES) + ")"


FIGURE_INDEXES = (
    ("ix_actions_figures", "actions", ("state", "id", "request_id", "first_held_days")),
    ("ix_requests_figures", "requests", ("received_on", "state", "id")),
    ("ix_experts_figures", "experts", ("type", "gender", "member_state_code", "deployed", "id")),
)


def first_held(postgres: bool) -> str:
    """Days from receipt to the first activity held of the Action of the row `actions` (an
    SQL expression; NULL before one is held): whole days, as `date - date` on PostgreSQL."""
    first = (
        f"(SELECT min(h.actual_start) FROM activities h"
        f" WHERE h.action_id = actions.id AND h.state IN {HELD})"
    )
    received = "(SELECT r.received_on FROM requests r WHERE r.id = actions.request_id)"
    if postgres:
        return f"({first} - {received})"
    return f"CAST(julianday({first}) - julianday({received}) AS INTEGER)"


def deployed(expert: str) -> str:
    """Whether Expert `expert` is assigned to a held activity (an SQL expression)."""
    return (
        f"EXISTS (SELECT 1 FROM activity_experts d JOIN activities a ON a.id = d.activity_id"
        f" WHERE d.expert_id = {expert} AND a.state IN {HELD})"
    )


def set_first_held(where: str, postgres: bool) -> str:
    """Recompute `first_held_days` of the Actions `where` says, writing only a change."""
    days, differs = first_held(postgres), "IS DISTINCT FROM" if postgres else "IS NOT"
    return (
        f"UPDATE actions SET first_held_days = {days}"
        f" WHERE {where} AND first_held_days {differs} {days}"
    )


def set_deployed(experts: str, differs: str) -> str:
    """Recompute `deployed` for the experts whose id is in `experts` (an SQL list)."""
    return (
        f"UPDATE experts SET deployed = {deployed('experts.id')}"
        f" WHERE id IN {experts} AND deployed {differs} {deployed('experts.id')}"
    )


def add_pairs(action: str, experts: str) -> str:
    """Record the experts `experts` deployed on Action `action` where they now are."""
    return (
        "INSERT INTO held_deployments (action_id, expert_id)"
        " SELECT DISTINCT a.action_id, d.expert_id FROM activity_experts d"
        " JOIN activities a ON a.id = d.activity_id"
        f" WHERE a.action_id = {action} AND d.expert_id IN {experts} AND a.state IN {HELD}"
        " ON CONFLICT (action_id, expert_id) DO NOTHING"
    )


def prune_pairs(action: str, experts: str = "") -> str:
    """Forget the experts (all when `experts` is empty) no longer deployed on `action`."""
    only = f" AND expert_id IN {experts}" if experts else ""
    return (
        f"DELETE FROM held_deployments WHERE action_id = {action}{only} AND NOT EXISTS"
        " (SELECT 1 FROM activity_experts d JOIN activities a ON a.id = d.activity_id"
        " WHERE a.action_id = held_deployments.action_id"
        f" AND d.expert_id = held_deployments.expert_id AND a.state IN {HELD})"
    )


def action_of(activity: str) -> str:
    return f"(SELECT action_id FROM activities WHERE id = {activity})"


def of_activity(activity: str) -> str:
    return f"(SELECT expert_id FROM activity_experts WHERE activity_id = {activity})"


def set_tally(action: str, kind: str) -> str:
    """Recount the tally of Action `action`'s activities of type `kind` from its rows."""
    participants = ", ".join(
        f"coalesce(sum(participants_{n}) FILTER (WHERE state IN {HELD}), 0)"
        for n in ("total", "women", "men")
    )
    columns = ("activities", "participants_total", "participants_women", "participants_men")
    return (
        f"INSERT INTO activity_tallies (action_id, type_code, {', '.join(columns)})"
        f" SELECT {action}, {kind}, count(*) FILTER (WHERE state <> 'cancelled'), {participants}"
        f" FROM activities WHERE action_id = {action} AND type_code = {kind}"
        f" ON CONFLICT (action_id, type_code) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in columns)
        + " WHERE "  # write nothing when nothing changed (a fire's reschedule, say)
        + " OR ".join(f"activity_tallies.{c} <> excluded.{c}" for c in columns)
    )


def held(row: str) -> str:
    return f"({row}.state IN {HELD})"


# Which changes of an activity move a fact: its state, its first day, its Action.
ACTIVITY_MOVED = (
    "OLD.state IS DISTINCT FROM NEW.state OR OLD.actual_start IS DISTINCT FROM NEW.actual_start"
    " OR OLD.action_id IS DISTINCT FROM NEW.action_id"
)
# Which move its tally: its state, type, Action or participants.
TALLY_MOVED = " OR ".join(
    f"OLD.{c} IS DISTINCT FROM NEW.{c}"
    for c in (
        "state",
        "type_code",
        "action_id",
        "participants_total",
        "participants_women",
        "participants_men",
    )
)

# Which move an expert's deployment on an Action: held or not, or another Action.
PAIRS_MOVED = (
    f"{held('OLD')} IS DISTINCT FROM {held('NEW')} OR OLD.action_id IS DISTINCT FROM NEW.action_id"
)

POSTGRES = [
    f"""CREATE FUNCTION figures_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {set_first_held("id = OLD.action_id", True)};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {set_first_held("id = NEW.action_id", True)};
  END IF;
  IF TG_OP = 'UPDATE' AND {held("OLD")} IS DISTINCT FROM {held("NEW")} THEN
    {set_deployed(of_activity("NEW.id"), "IS DISTINCT FROM")};
  END IF;
  RETURN NULL;
END $$""",
    f"""CREATE TRIGGER figures_activity_insert AFTER INSERT ON activities FOR EACH ROW
WHEN {held("NEW")} EXECUTE FUNCTION figures_activity()""",
    f"""CREATE TRIGGER figures_activity_update AFTER UPDATE ON activities FOR EACH ROW
WHEN ({ACTIVITY_MOVED}) EXECUTE FUNCTION figures_activity()""",
    f"""CREATE TRIGGER figures_activity_delete AFTER DELETE ON activities FOR EACH ROW
WHEN {held("OLD")} EXECUTE FUNCTION figures_activity()""",
    f"""CREATE FUNCTION figures_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {set_first_held("request_id = NEW.id", True)};
  RETURN NULL;
END $$""",
    """CREATE TRIGGER figures_received AFTER UPDATE ON requests FOR EACH ROW
WHEN (OLD.received_on IS DISTINCT FROM NEW.received_on) EXECUTE FUNCTION figures_received()""",
    f"""CREATE FUNCTION figures_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {set_tally("OLD.action_id", "OLD.type_code")};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {set_tally("NEW.action_id", "NEW.type_code")};
  END IF;
  RETURN NULL;
END $$""",
    """CREATE TRIGGER figures_tally AFTER INSERT OR DELETE ON activities FOR EACH ROW
EXECUTE FUNCTION figures_tally()""",
    f"""CREATE TRIGGER figures_tally_update AFTER UPDATE ON activities FOR EACH ROW
WHEN ({TALLY_MOVED}) EXECUTE FUNCTION figures_tally()""",
    f"""CREATE FUNCTION figures_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {set_deployed("(OLD.expert_id)", "IS DISTINCT FROM")};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {set_deployed("(NEW.expert_id)", "IS DISTINCT FROM")};
  END IF;
  RETURN NULL;
END $$""",
    """CREATE TRIGGER figures_assignment AFTER INSERT OR UPDATE OR DELETE ON activity_experts
FOR EACH ROW EXECUTE FUNCTION figures_assignment()""",
    f"""CREATE FUNCTION figures_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'activities' AND TG_OP = 'DELETE' THEN
    {prune_pairs("OLD.action_id")};
  ELSIF TG_TABLE_NAME = 'activities' THEN
    {add_pairs("NEW.action_id", of_activity("NEW.id"))};
    {prune_pairs("OLD.action_id", of_activity("NEW.id"))};
    {prune_pairs("NEW.action_id", of_activity("NEW.id"))};
  ELSE
    IF TG_OP <> 'INSERT' THEN
      {prune_pairs(action_of("OLD.activity_id"), "(OLD.expert_id)")};
    END IF;
    IF TG_OP <> 'DELETE' THEN
      {add_pairs(action_of("NEW.activity_id"), "(NEW.expert_id)")};
    END IF;
  END IF;
  RETURN NULL;
END $$""",
    f"""CREATE TRIGGER figures_pairs_update AFTER UPDATE ON activities FOR EACH ROW
WHEN ({PAIRS_MOVED}) EXECUTE FUNCTION figures_pairs()""",
    f"""CREATE TRIGGER figures_pairs_delete AFTER DELETE ON activities FOR EACH ROW
WHEN {held("OLD")} EXECUTE FUNCTION figures_pairs()""",
    """CREATE TRIGGER figures_pairs AFTER INSERT OR UPDATE OR DELETE ON activity_experts
FOR EACH ROW EXECUTE FUNCTION figures_pairs()""",
]

SQLITE = [
    f"""CREATE TRIGGER figures_activity_insert AFTER INSERT ON activities
WHEN {held("NEW")} BEGIN {set_first_held("id = NEW.action_id", False)}; END""",
    f"""CREATE TRIGGER figures_activity_update AFTER UPDATE ON activities
WHEN ({ACTIVITY_MOVED.replace("IS DISTINCT FROM", "IS NOT")}) BEGIN
  {set_first_held("id = OLD.action_id", False)};
  {set_first_held("id = NEW.action_id", False)};
END""",
    f"""CREATE TRIGGER figures_activity_held AFTER UPDATE OF state ON activities
WHEN {held("OLD")} IS NOT {held("NEW")} BEGIN
  {set_deployed(of_activity("NEW.id"), "IS NOT")};
END""",
    f"""CREATE TRIGGER figures_activity_delete AFTER DELETE ON activities
WHEN {held("OLD")} BEGIN {set_first_held("id = OLD.action_id", False)}; END""",
    f"""CREATE TRIGGER figures_received AFTER UPDATE OF received_on ON requests
WHEN OLD.received_on IS NOT NEW.received_on BEGIN
  {set_first_held("request_id = NEW.id", False)};
END""",
    f"""CREATE TRIGGER figures_tally_insert AFTER INSERT ON activities
BEGIN {set_tally("NEW.action_id", "NEW.type_code")}; END""",
    f"""CREATE TRIGGER figures_tally_update AFTER UPDATE ON activities
WHEN ({TALLY_MOVED.replace("IS DISTINCT FROM", "IS NOT")}) BEGIN
  {set_tally("OLD.action_id", "OLD.type_code")};
  {set_tally("NEW.action_id", "NEW.type_code")};
END""",
    f"""CREATE TRIGGER figures_tally_delete AFTER DELETE ON activities
BEGIN {set_tally("OLD.action_id", "OLD.type_code")}; END""",
    f"""CREATE TRIGGER figures_assignment_insert AFTER INSERT ON activity_experts
BEGIN {set_deployed("(NEW.expert_id)", "IS NOT")}; END""",
    f"""CREATE TRIGGER figures_assignment_update AFTER UPDATE ON activity_experts BEGIN
  {set_deployed("(OLD.expert_id)", "IS NOT")};
  {set_deployed("(NEW.expert_id)", "IS NOT")};
END""",
    f"""CREATE TRIGGER figures_assignment_delete AFTER DELETE ON activity_experts
BEGIN {set_deployed("(OLD.expert_id)", "IS NOT")}; END""",
    f"""CREATE TRIGGER figures_pairs_update AFTER UPDATE ON activities
WHEN ({PAIRS_MOVED.replace("IS DISTINCT FROM", "IS NOT")}) BEGIN
  {add_pairs("NEW.action_id", of_activity("NEW.id"))};
  {prune_pairs("OLD.action_id", of_activity("NEW.id"))};
  {prune_pairs("NEW.action_id", of_activity("NEW.id"))};
END""",
    f"""CREATE TRIGGER figures_pairs_delete AFTER DELETE ON activities
WHEN {held("OLD")} BEGIN {prune_pairs("OLD.action_id")}; END""",
    f"""CREATE TRIGGER figures_pairs_assign AFTER INSERT ON activity_experts BEGIN
  {add_pairs(action_of("NEW.activity_id"), "(NEW.expert_id)")};
END""",
    f"""CREATE TRIGGER figures_pairs_reassign AFTER UPDATE ON activity_experts BEGIN
  {prune_pairs(action_of("OLD.activity_id"), "(OLD.expert_id)")};
  {add_pairs(action_of("NEW.activity_id"), "(NEW.expert_id)")};
END""",
    f"""CREATE TRIGGER figures_pairs_unassign AFTER DELETE ON activity_experts BEGIN
  {prune_pairs(action_of("OLD.activity_id"), "(OLD.expert_id)")};
END""",
]


def fill_facts(execute: Callable[[str], object], postgres: bool) -> None:
    """Compute every kept fact from the rows, from scratch: here, and in bench/generate.py,
    which loads its copies with the triggers off (a lookup per copied row) and refills after."""
    execute("DELETE FROM activity_tallies")
    execute("DELETE FROM held_deployments")
    execute(f"UPDATE actions SET first_held_days = {first_held(postgres)}")
    execute(f"UPDATE experts SET deployed = {deployed('experts.id')}")
    execute(
        "INSERT INTO held_deployments SELECT DISTINCT a.action_id, d.expert_id"
        " FROM activity_experts d JOIN activities a ON a.id = d.activity_id"
        f" WHERE a.state IN {HELD}"
    )
    execute(
        "INSERT INTO activity_tallies SELECT action_id, type_code,"
        " count(*) FILTER (WHERE state <> 'cancelled'), "
        + ", ".join(
            f"coalesce(sum(participants_{n}) FILTER (WHERE state IN {HELD}), 0)"
            for n in ("total", "women", "men")
        )
        + " FROM activities GROUP BY action_id, type_code"
    )


def upgrade() -> None:
    op.add_column("actions", sa.Column("first_held_days", sa.Integer(), nullable=True))
    op.add_column(
        "experts",
        sa.Column("deployed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "activity_tallies",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("type_code", sa.String(length=40), nullable=False),
        sa.Column("activities", sa.Integer(), nullable=False),
        sa.Column("participants_total", sa.Integer(), nullable=False),
        sa.Column("participants_women", sa.Integer(), nullable=False),
        sa.Column("participants_men", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_activity_tallies_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["type_code"],
            ["activity_types.code"],
            name=op.f("fk_activity_tallies_type_code_activity_types"),
        ),
        sa.PrimaryKeyConstraint("action_id", "type_code", name=op.f("pk_activity_tallies")),
    )
    op.create_table(
        "held_deployments",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_held_deployments_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts.id"],
            name=op.f("fk_held_deployments_expert_id_experts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "expert_id", name=op.f("pk_held_deployments")),
    )
    # The deployed flag is recomputed per expert: their assignments, from the index.
    op.create_index(
        "ix_activity_experts_expert_id", "activity_experts", ["expert_id", "activity_id"]
    )
    # The figures over every row read these narrow indexes, not the wide tables
    # (index-only scans; EXPLAIN at 100,000 Actions: a scan of the 65 MB of actions).
    for name, table, columns in FIGURE_INDEXES:
        op.create_index(name, table, list(columns))
    postgres = op.get_bind().dialect.name == "postgresql"
    fill_facts(op.execute, postgres)
    for statement in POSTGRES if postgres else SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER figures_assignment ON activity_experts")
        op.execute("DROP TRIGGER figures_received ON requests")
        op.execute("DROP FUNCTION figures_received()")
        op.execute("DROP TRIGGER figures_tally ON activities")
        op.execute("DROP TRIGGER figures_tally_update ON activities")
        op.execute("DROP FUNCTION figures_tally()")
        op.execute("DROP TRIGGER figures_pairs ON activity_experts")
        op.execute("DROP TRIGGER figures_pairs_update ON activities")
        op.execute("DROP TRIGGER figures_pairs_delete ON activities")
        op.execute("DROP FUNCTION figures_pairs()")
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER figures_activity_{name} ON activities")
        op.execute("DROP FUNCTION figures_assignment()")
        op.execute("DROP FUNCTION figures_activity()")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER figures_activity_{name}")
            op.execute(f"DROP TRIGGER figures_assignment_{name}")
        op.execute("DROP TRIGGER figures_activity_held")
        op.execute("DROP TRIGGER figures_received")
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER figures_tally_{name}")
        for name in ("update", "delete", "assign", "reassign", "unassign"):
            op.execute(f"DROP TRIGGER figures_pairs_{name}")
    for name, table, _columns in FIGURE_INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("held_deployments")
    op.drop_table("activity_tallies")
    op.drop_index("ix_activity_experts_expert_id", table_name="activity_experts")
    with op.batch_alter_table("experts") as batch:
        batch.drop_column("deployed")
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("first_held_days")

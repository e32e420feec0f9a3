"""Tallies: counts the home page and the figures read instead of counting every row.

The number of Requests, Actions and Activities in each state, and of Actions by
thematic area, topic, country and region (with the closed ones by area and
topic), kept by triggers as rows of changes (+1, -1) in `tallies`, summed when
read and folded into one row per count by the scheduler. Triggers only ever
append, so concurrent fires never wait on a shared counter row (nor deadlock on
two); a reader sums the few rows written since the last folding.

An Action counts once in a region however many of its countries lie there: a
link to a country adds the region only when the Action has no other country in
it. Those triggers run BEFORE the row is written, when a statement's earlier
rows are visible but not the row itself (on PostgreSQL, AFTER row triggers see
the whole statement, and two countries of one region inserted together would
each find the other); the same holds for a country moved to another region.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = (("requests", "request"), ("actions", "action"), ("activities", "activity"))
LINKS = (("action_areas", "area", "area_code"), ("action_topics", "topic", "topic_code"))
CLOSED = "'closed'"
INSERT = "INSERT INTO tallies (figure, key, n, part)"


def closed_of(action: str) -> str:
    """1 when Action `action` is closed, else 0 (an SQL expression; 0 once it is deleted)."""
    return f"(SELECT count(*) FROM actions WHERE id = {action} AND state = {CLOSED})"


def link_change(figure: str, key: str, row: str, sign: int) -> str:
    """An area's or a topic's Actions (and closed ones) moved by the link `row`."""
    return (
        f"{INSERT} SELECT '{figure}', {row}.{key}, {sign}, {sign} * {closed_of(row + '.action_id')}"
    )


def closing(link: str, figure: str, key: str, action: str, sign: str) -> str:
    """The closed Actions of each area (or topic) of `action` moved by `sign`."""
    return f"{INSERT} SELECT '{figure}', {key}, 0, {sign} FROM {link} WHERE action_id = {action}"


def alone_in_region(action: str, region: str, not_this: str) -> str:
    """No country of Action `action` but the link `not_this` (an SQL condition on `o`) lies in
    `region`: the Action enters or leaves the region with this link."""
    return (
        "NOT EXISTS (SELECT 1 FROM action_countries o JOIN countries oc ON oc.code = o.country_code"
        f" WHERE o.action_id = {action} AND oc.region_code = {region} AND NOT ({not_this}))"
    )


def country_change(row: str, sign: int, also_not: str = "") -> str:
    """A country's Actions moved by the link `row`, and its region's when it is the Action's
    only country there (the link itself, and `also_not`, not counted as another)."""
    this = f"o.action_id = {row}.action_id AND o.country_code = {row}.country_code"
    if also_not:
        this = f"({this}) OR ({also_not})"
    region = (
        f"{INSERT} SELECT 'region', c.region_code, {sign}, 0 FROM countries c"
        f" WHERE c.code = {row}.country_code AND c.region_code IS NOT NULL"
        f" AND {alone_in_region(row + '.action_id', 'c.region_code', this)}"
    )
    return f"{INSERT} VALUES ('country', {row}.country_code, {sign}, 0); {region}"


def region_move(row: str, sign: int) -> str:
    """Country `row` (OLD: leaving its region, NEW: entering one): each of its Actions with
    no other country in that region leaves or enters it."""
    alone = alone_in_region("l.action_id", f"{row}.region_code", f"o.country_code = {row}.code")
    return (
        f"{INSERT} SELECT 'region', {row}.region_code, {sign}, 0 FROM action_countries l"
        f" WHERE l.country_code = {row}.code AND {row}.region_code IS NOT NULL AND {alone}"
    )


def expert_row(row: str, sign: int) -> str:
    """An expert `row` counted (by type, gender and Member State) and, when deployed, as one."""
    key = f"{row}.type || '|' || {row}.gender || '|' || coalesce({row}.member_state_code, '')"
    deployed = f"CASE WHEN {row}.deployed THEN {sign} ELSE 0 END"
    return f"{INSERT} VALUES ('expert', {key}, {sign}, {deployed})"


def activity_tally(row: str, sign: int) -> str:
    """An Action's tally of one activity type `row` (migration 0021) added to the programme's:
    activities by type, participants by gender."""
    rows = [f"('activity_type', {row}.type_code, {sign} * {row}.activities, 0)"] + [
        f"('participants', '{n}', {sign} * {row}.participants_{n}, 0)"
        for n in ("total", "women", "men")
    ]
    return f"{INSERT} VALUES {', '.join(rows)}"


def when_set(figure: str, key: str, sign: int) -> str:
    """`key` counted under `figure` unless NULL."""
    return f"{INSERT} SELECT '{figure}', {key}, {sign}, 0 WHERE {key} IS NOT NULL"


def first_held(row: str) -> str:
    return f"CAST({row}.first_held_days AS TEXT)"


Trigger = tuple[str, str, str, str, str | None, list[str]]


def per_row(name: str, table: str, when: str, change: Callable[[str, int], str]) -> list[Trigger]:
    """A count moved by each row of `table`: added, taken away, or both when `when` holds."""
    return [
        (f"{name}_insert", "AFTER", "INSERT", table, None, [change("NEW", 1)]),
        (f"{name}_delete", "AFTER", "DELETE", table, None, [change("OLD", -1)]),
        (f"{name}_update", "AFTER", "UPDATE", table, when, [change("OLD", -1), change("NEW", 1)]),
    ]


def triggers(differs: str, year: Callable[[str], str]) -> list[Trigger]:
    """(name, BEFORE/AFTER, event, table, condition, statements) of each trigger; `differs`
    the dialect's null-safe inequality, `year` its year of a date as text."""
    found: list[Trigger] = []
    for table, figure in STATES:
        found += per_row(
            f"tallies_{table}",
            table,
            f"OLD.state {differs} NEW.state",
            lambda row, sign, figure=figure: (
                f"{INSERT} VALUES ('{figure}', {row}.state, {sign}, 0)"
            ),
        )
    found += per_row(
        "tallies_received",
        "requests",
        f"{year('OLD.received_on')} {differs} {year('NEW.received_on')}",
        lambda row, sign: (
            f"{INSERT} VALUES ('request_year', {year(row + '.received_on')}, {sign}, 0)"
        ),
    )
    found += per_row(
        "tallies_first_held",
        "actions",
        f"OLD.first_held_days {differs} NEW.first_held_days",
        lambda row, sign: when_set("first_held", first_held(row), sign),
    )
    moved = " OR ".join(
        f"OLD.{c} {differs} NEW.{c}" for c in ("type", "gender", "member_state_code", "deployed")
    )
    found += per_row("tallies_experts", "experts", moved, expert_row)
    found += per_row("tallies_activity_tallies", "activity_tallies", None, activity_tally)
    closes = f"(OLD.state = {CLOSED}) <> (NEW.state = {CLOSED})"
    sign = f"CASE WHEN NEW.state = {CLOSED} THEN 1 ELSE -1 END"
    found += [
        ("tallies_actions_closing", "AFTER", "UPDATE", "actions", closes,
         [closing(link, figure, key, "NEW.id", sign) for link, figure, key in LINKS]),
        # Before the row goes (and the cascade with it), while its links are there to read.
        ("tallies_actions_gone", "BEFORE", "DELETE", "actions", f"OLD.state = {CLOSED}",
         [closing(link, figure, key, "OLD.id", "-1") for link, figure, key in LINKS]),
    ]  # fmt: skip
    for link, figure, key in LINKS:
        found += [
            (f"tallies_{link}_insert", "AFTER", "INSERT", link, None,
             [link_change(figure, key, "NEW", 1)]),
            (f"tallies_{link}_delete", "AFTER", "DELETE", link, None,
             [link_change(figure, key, "OLD", -1)]),
            (f"tallies_{link}_update", "AFTER", "UPDATE", link, None,
             [link_change(figure, key, "OLD", -1), link_change(figure, key, "NEW", 1)]),
        ]  # fmt: skip
    old_row = "o.action_id = OLD.action_id AND o.country_code = OLD.country_code"
    found += [
        ("tallies_action_countries_insert", "BEFORE", "INSERT", "action_countries", None,
         [country_change("NEW", 1)]),
        ("tallies_action_countries_delete", "BEFORE", "DELETE", "action_countries", None,
         [country_change("OLD", -1)]),
        ("tallies_action_countries_update", "BEFORE", "UPDATE", "action_countries", None,
         [country_change("OLD", -1), country_change("NEW", 1, also_not=old_row)]),
        ("tallies_countries_region", "BEFORE", "UPDATE", "countries",
         f"OLD.region_code {differs} NEW.region_code",
         [region_move("OLD", -1), region_move("NEW", 1)]),
    ]  # fmt: skip
    return found


def create_triggers(execute: Callable[[str], object], postgres: bool) -> None:
    for name, timing, event, table, when, statements in triggers(
        "IS DISTINCT FROM" if postgres else "IS NOT", year_of(postgres)
    ):
        body = ";\n  ".join(statements)
        condition = f"WHEN ({when})" if when else ""
        if postgres:
            # A BEFORE trigger returns the row, or the write is skipped.
            row = "NULL" if timing == "AFTER" else ("OLD" if event == "DELETE" else "NEW")
            execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n  {body};\n  RETURN {row};\nEND $$"
            )
            execute(
                f"CREATE TRIGGER {name} {timing} {event} ON {table} FOR EACH ROW {condition}"
                f" EXECUTE FUNCTION {name}()"
            )
        else:
            head = f"CREATE TRIGGER {name} {timing} {event} ON {table} {condition}"
            execute(f"{head} BEGIN\n  {body};\nEND")


def year_of(postgres: bool) -> Callable[[str], str]:
    """The dialect's year of a date, as text."""
    if postgres:
        return lambda day: f"to_char({day}, 'YYYY')"
    return lambda day: f"strftime('%Y', {day})"


def fill_tallies(execute: Callable[[str], object], postgres: bool) -> None:
    """Every count from the rows, from scratch, one row each: here, and in bench/generate.py,
    which loads its copies with the triggers off."""
    execute("DELETE FROM tallies")
    for table, figure in STATES:
        execute(f"{INSERT} SELECT '{figure}', state, count(*), 0 FROM {table} GROUP BY state")
    year = year_of(postgres)("received_on")
    execute(f"{INSERT} SELECT 'request_year', {year}, count(*), 0 FROM requests GROUP BY {year}")
    days = first_held("actions")
    execute(
        f"{INSERT} SELECT 'first_held', {days}, count(*), 0 FROM actions"
        f" WHERE first_held_days IS NOT NULL GROUP BY {days}"
    )
    expert = "type || '|' || gender || '|' || coalesce(member_state_code, '')"
    execute(
        f"{INSERT} SELECT 'expert', {expert}, count(*),"
        f" count(*) FILTER (WHERE deployed) FROM experts GROUP BY {expert}"
    )
    execute(
        f"{INSERT} SELECT 'activity_type', type_code, sum(activities), 0 FROM activity_tallies"
        " GROUP BY type_code"
    )
    for n in ("total", "women", "men"):
        execute(
            f"{INSERT} SELECT 'participants', '{n}', coalesce(sum(participants_{n}), 0), 0"
            " FROM activity_tallies"
        )
    for link, figure, key in LINKS:
        execute(
            f"{INSERT} SELECT '{figure}', l.{key}, count(*),"
            f" count(*) FILTER (WHERE a.state = {CLOSED})"
            f" FROM {link} l JOIN actions a ON a.id = l.action_id GROUP BY l.{key}"
        )
    execute(
        f"{INSERT} SELECT 'country', country_code, count(*), 0 FROM action_countries"
        " GROUP BY country_code"
    )
    execute(
        f"{INSERT} SELECT 'region', region_code, count(*), 0 FROM (SELECT DISTINCT l.action_id,"
        " c.region_code FROM action_countries l JOIN countries c ON c.code = l.country_code"
        " WHERE c.region_code IS NOT NULL) AS pairs GROUP BY region_code"
    )


def upgrade() -> None:
    op.create_table(
        "tallies",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("figure", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tallies")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    fill_tallies(op.execute, postgres)
    create_triggers(op.execute, postgres)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, _timing, _event, table, _when, _statements in triggers("", year_of(postgres)):
        op.execute(f"DROP TRIGGER {name} ON {table}" if postgres else f"DROP TRIGGER {name}")
        if postgres:
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("tallies")

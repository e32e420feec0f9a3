"""A fire sends a bounded number of statements; settings are read again only when changed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from tests.support import EVALUATION, Scenario


@contextmanager
def counted(engine: sa.Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE; PostgreSQL's is implicit
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_the_approval_path_sends_a_bounded_number_of_statements(
    engine: sa.Engine, world: Scenario
) -> None:
    action = world.action(activities=1)
    world.fire("action", action.id, "validate_fiche", by=world.focal)  # loads the settings once
    activity = world.get(type(action), action.id).activities[0]
    held = {
        "actual_start": "2026-11-18",
        "actual_end": "2026-11-20",
        "participants": {"total": 20, "women": 12, "men": 8},
    }
    evaluation = EVALUATION
    with counted(engine) as statements:
        world.fire("action", action.id, "validate_fiche", by=world.focal)
        world.fire("action", action.id, "submit_to_psc")
        for member in world.psc:
            world.vote(action.id, member, "approve")
        world.fire("activity", activity.id, "schedule", data={"expert_ids": [world.expert.id]})
        world.fire("activity", activity.id, "mark_held", data=held)
        world.fire(
            "activity",
            activity.id,
            "submit_report",
            data={"report": "R.", "participant_feedback": "F."},
        )
        world.fire("activity", activity.id, "accept_report")
        world.fire("action", action.id, "complete_implementation")
        world.fire("action", action.id, "close", data={"evaluation": evaluation})
    assert world.get(type(action), action.id).state == "closed"
    # 11 steps: per step one query reads the actor (with roles and the settings' stamp) and
    # the object (an Activity with its Action, both locked), then the checks' reads and the
    # writes. Before issue 11: 115 (the actor's roles, the settings, the owner's roles, the
    # electorate twice, the votes with their members each read on their own), then 97 with
    # the event notices of issue 9, three statements a recipient.
    # Each of the three events (vote opened, PSC decision, activity scheduled) writes its
    # notices whatever the number of recipients (3 or 4 here): on SQLite in three statements
    # (outbox rows, the older ones superseded, the in-app notices), on PostgreSQL in one
    # statement of three data-modifying CTEs (workflow/events/store.py).
    outbox = [s for s in statements if "INSERT INTO outbox" in s]
    notices = [s for s in statements if "INSERT INTO notifications" in s]
    superseded = [s for s in statements if "UPDATE outbox" in s]
    assert len(outbox) == len(notices) == len(superseded) == 3, "\n".join(outbox + notices)
    if engine.dialect.name == "postgresql":
        assert outbox == notices == superseded  # the same three statements
    else:
        assert not set(outbox) & set(notices)
    # SQLite 60 (the deciding vote writes two history rows, the vote's and the decision's,
    # one INSERT each); PostgreSQL 53, each event's three statements folded into one.
    bound = {"sqlite": 60, "postgresql": 54}[engine.dialect.name]
    assert len(statements) <= bound, f"{len(statements)}:\n" + "\n".join(statements)


def test_each_act_reads_the_settings_stamp_and_rereads_only_a_changed_one(
    engine: sa.Engine, world: Scenario
) -> None:
    request = world.request_in_review()
    settings = "FROM settings"
    with counted(engine) as statements:
        world.fire("request", request.id, "ask_information")
        world.fire("request", request.id, "information_received")
    assert sum(settings in s for s in statements) == 0  # kept since the last act
    # Another process changes a setting: the stamp changes with it, every process rereads.
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE settings SET value = '100' WHERE key = 'rapid_reaction_days'")
        )
        connection.execute(
            sa.text("UPDATE cache_stamps SET stamp = 'other' WHERE name = 'settings'")
        )
    with counted(engine) as statements:
        world.fire("request", request.id, "accept")
    assert sum(settings in s for s in statements) == 1
    action = world.get(type(request), request.id).action
    assert (action.rapid_reaction_due_on - request.received_on).days == 100


def test_a_fire_writes_its_effects_history_rows_with_its_own_in_one_insert(
    engine: sa.Engine, world: Scenario
) -> None:
    action = world.action(activities=3)
    with counted(engine) as statements:
        world.fire("action", action.id, "cancel", data={"reason": "Dropped."})
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO HISTORY")]
    assert len(inserts) == 1, "\n".join(inserts)
    rows = world.history("action", action.id)
    assert [(r.trigger, r.from_state, r.to_state) for r in rows][-1] == (
        "cancel",
        "fiche_drafting",
        "cancelled",
    )
    for activity in world.get(type(action), action.id).activities:
        last = world.history("activity", activity.id)[-1]
        assert (last.trigger, last.to_state, last.data["reason"]) == (
            "cancel",
            "cancelled",
            "Dropped.",
        )
        assert last.action_id == action.id and last.at == rows[-1].at

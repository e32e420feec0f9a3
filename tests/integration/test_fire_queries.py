"""A fire sends a bounded number of statements; settings are read again only when changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from db.models import Action, Activity, PscVote
from tests.integration.notice_support import outbox
from tests.support import EVALUATION, Scenario
from workflow.activity.assignment import LINK_WRITES
from workflow.engine.unit_of_work import UnitOfWork


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
        assert all("INSERT INTO history" in s for s in outbox)  # with the history rows
    else:
        assert not set(outbox) & set(notices)
    # SQLite 59; PostgreSQL 51, each event's three statements folded into one and the
    # expert links written in one. The deciding vote's history row goes with the decision's
    # (one INSERT, 60 and 54 before); `schedule` reads neither the old expert list nor the
    # experts' accounts on their own (PostgreSQL 54 -> 51). `submit_to_psc` loads the
    # activities and focal points it checks with the Action (its `loads`): 56 and 49. On
    # PostgreSQL an event's statement writes the fire's history rows too: 46. A fire's
    # changed rows are written in Core, on PostgreSQL in one statement (`schedule`'s
    # Activity and Action): 45; and `schedule`'s expert links with them: 44; and
    # `submit_to_psc`'s electorate with its Action: 43. On PostgreSQL a fire's write is
    # held and sent in the statement of its history rows and notices: 34; and a vote's row
    # with its Action's write: 30 (29 once `schedule`'s write took its bookings check);
    # `schedule`'s experts read and locked with the act: 55 and 28; on PostgreSQL the
    # electorate and the round's votes read with the act too (`ReadWithAct`): 24; and
    # `complete_implementation`'s guards read with its write (`RowsGuard`): 23 (on SQLite
    # a query each instead of the activities' load: 56).
    bound = {"sqlite": 56, "postgresql": 23}[engine.dialect.name]
    assert len(statements) == bound, f"{len(statements)}:\n" + "\n".join(statements)


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
    # One statement writes the history rows (on PostgreSQL, the decision's notices too).
    inserts = [s for s in statements if "INSERT INTO HISTORY" in s.upper()]
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


def test_scheduling_writes_only_the_expert_links_that_change_and_reads_no_old_list(
    engine: sa.Engine, world: Scenario, uow_factory: Callable[[], UnitOfWork]
) -> None:
    action = world.approved_action(activities=1)
    activity = world.get(Action, action.id).activities[0]
    kept = world.new_expert("kept@example.org", "Kept Expert")  # no account: told by e-mail
    carl = world.user("carl", "expert", email="carl@example.org")
    added = world.new_expert("carl@example.org", "Carl Added")  # told in the application
    dropped = world.expert
    world.edit("activity", activity.id, {"expert_ids": [dropped.id, kept.id]}, comment="Both.")
    with counted(engine) as statements:
        world.fire("activity", activity.id, "schedule", data={"expert_ids": [added.id, kept.id]})
    wanted = sorted([kept.id, added.id])
    assert [e.id for e in world.get(Activity, activity.id).experts] == wanted
    assert world.history("activity", activity.id)[-1].data["expert_ids"] == wanted
    # The links: the dropped one deleted, the new one inserted, the kept one untouched; the
    # old list is not read (the one read of the links is the bookings guard's: on SQLite a
    # SELECT of its own, on PostgreSQL in the write's statement).
    links = [s for s in statements if "activity_experts" in s]
    reads = [s for s in links if s.lstrip().startswith("SELECT")]
    writes = [s for s in links if s not in reads]
    assert len(writes) == {"postgresql": 1, "sqlite": 2}[engine.dialect.name], "\n".join(writes)
    guard = reads if engine.dialect.name == "sqlite" else writes
    assert len(guard) == 1 and "activities.id !=" in guard[0], "\n".join(links)
    assert len(reads) == {"postgresql": 0, "sqlite": 1}[engine.dialect.name]
    # Built once with bound ids, not a multi-row VALUES: SQLAlchemy keeps them compiled.
    assert all(s._generate_cache_key() is not None for s in LINK_WRITES[engine.dialect.name])
    # The experts' accounts come with their locked rows: no query of their own.
    assert not [s for s in statements if "lower(users.email) IN" in s]
    told = outbox(uow_factory, "activity_scheduled")
    assert sorted((r.recipient, r.recipient_user_id) for r in told) == sorted(
        [("kept@example.org", None), (str(carl.id), carl.id)]
    )
    # PostgreSQL: the actor, the object and the experts, read and locked in one statement
    # (`LockedWith`: the experts after the object's rows); then the bookings read with the
    # write, the links, the history and the notices. SQLite: the same act, then each
    # read and write a statement of its own (12 and 10 before; 11 and 8; 11 and 3).
    assert len(statements) == {"sqlite": 9, "postgresql": 2}[engine.dialect.name], statements


def test_the_deciding_vote_writes_its_row_with_the_decision_s_in_one_insert(
    engine: sa.Engine, world: Scenario
) -> None:
    action = world.submitted_action(activities=2)
    world.vote(action.id, world.psc[0], "approve")  # decides nothing: its row is written
    with counted(engine) as statements:
        world.vote(action.id, world.psc[1], "reject", "Not a priority.")
    # One statement writes the history rows (on PostgreSQL, the decision's notices too).
    inserts = [s for s in statements if "INSERT INTO HISTORY" in s.upper()]
    assert len(inserts) == 1, "\n".join(inserts)
    rows = world.history("action", action.id)
    assert [(r.trigger, r.actor_id, r.from_state, r.to_state) for r in rows[-3:]] == [
        ("vote", world.psc[0].id, "psc_review", "psc_review"),
        ("vote", world.psc[1].id, "psc_review", "psc_review"),
        ("psc_reject", None, "psc_review", "rejected"),
    ]
    assert rows[-2].data == {"round": 1, "decision": "reject"}
    assert rows[-2].comment == "Not a priority." and rows[-2].at == rows[-1].at
    for activity in world.get(Action, action.id).activities:  # the decision's effects' rows
        last = world.history("activity", activity.id)[-1]
        assert (last.trigger, last.to_state, last.at) == ("cancel", "cancelled", rows[-1].at)
        assert rows[-2].id < last.id < rows[-1].id  # in the order written: vote, effects, decision


def test_a_vote_is_its_act_and_one_write_on_postgresql(engine: sa.Engine, world: Scenario) -> None:
    action = world.submitted_action(activities=1)
    first, *others, last = world.psc
    world.clock.advance(dt.timedelta(minutes=1))  # the vote changes the Action's updated_at
    with counted(engine) as statements:
        world.vote(action.id, first, "approve")  # decides nothing
    for member in others:
        world.vote(action.id, member, "approve")
    with counted(engine) as deciding:
        world.vote(action.id, last, "approve")  # decides: approved
    if engine.dialect.name == "postgresql":
        # The act with the round's state, then the vote's row, the Action's version and
        # the history row in one statement, with the round read again (`ReadWithAct`);
        # the deciding vote's with its decision's write.
        assert len(statements) == 2, statements
        assert "psc_electors" in statements[0] and "FOR UPDATE" in statements[0]
        assert written(statements) == [statements[1]]
        wanted = ("psc_votes", "UPDATE actions", "history", "psc_electors")
        assert all(t in statements[1] for t in wanted)
        assert len(deciding) == 2
        [write] = written(deciding)
        assert all(t in write for t in (*wanted, "outbox"))
    assert world.get(Action, action.id).state == "implementation"
    with world.uow() as uow:
        query = sa.select(PscVote.member_id).where(PscVote.action_id == action.id)
        assert sorted(uow.session.scalars(query)) == sorted(m.id for m in world.psc)
    triggers = [r.trigger for r in world.history("action", action.id)]
    assert triggers[-len(world.psc) - 1 :] == ["vote"] * len(world.psc) + ["psc_approve"]


def written(statements: list[str]) -> list[str]:
    """The statements that write (INSERT, UPDATE, DELETE, or WITH ... of them)."""
    verbs = ("INSERT", "UPDATE", "DELETE", "WITH")
    return [s for s in statements if s.lstrip().upper().startswith(verbs)]


def test_a_fire_s_long_write_is_converted_by_psycopg_once(
    engine: sa.Engine, world: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deciding vote's write is one statement of some 6,700 characters and 67
    parameters, above psycopg's default limits for keeping a statement's conversion
    (db/engine.py): the engine raises them, so the second decision finds it kept."""
    if engine.dialect.name != "postgresql":
        return
    from psycopg import _queries

    first, second = world.submitted_action(activities=1), world.submitted_action(activities=1)
    for member in world.psc[:-1]:
        world.vote(first.id, member, "approve")
        world.vote(second.id, member, "approve")
    with counted(engine) as statements:
        world.vote(first.id, world.psc[-1], "approve")  # decides: the long write
    [write] = [s for s in statements if len(s) > 4096]
    converted: list[bytes] = []  # what psycopg converts without its cache

    def uncached(query: bytes, encoding: str) -> Any:
        converted.append(query)
        return _queries._query2pg.__wrapped__(query, encoding)  # type: ignore[attr-defined]

    monkeypatch.setattr(_queries, "_query2pg_nocache", uncached)
    world.vote(second.id, world.psc[-1], "approve")
    assert world.get(Action, second.id).state == "implementation"
    assert converted == [], [len(q) for q in converted]
    assert len(write) <= _queries.MAX_CACHED_STATEMENT_LENGTH

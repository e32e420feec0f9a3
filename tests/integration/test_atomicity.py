"""A fire happens whole, with its history row, or not at all; a stale fire changes nothing."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from db.engine import make_engine, make_session_factory
from db.models import Action, Activity, Expert, HistoryEntry, Request, activity_experts
from tests.conftest import NOW
from tests.support import Scenario
from workflow.activity.lifecycle import ACTIVITY
from workflow.engine import fire as workflow_engine
from workflow.engine import resolve
from workflow.engine.acts import context
from workflow.engine.clock import FixedClock
from workflow.engine.context import FireContext
from workflow.engine.errors import GuardFailed, Stale, ValidationFailed
from workflow.engine.unit_of_work import UnitOfWork
from workflow.expert.services import create_expert
from workflow.lifecycles import fire_transition
from workflow.read.loading import act_on, load_visible
from workflow.request.lifecycle import REQUEST


class Boom(RuntimeError):
    pass


def explode(obj: object, ctx: FireContext) -> None:
    raise Boom("effect failed")


@pytest.fixture
def broken_accept(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`accept` with an effect that raises after the Action was created and the state moved."""
    accept = REQUEST.transitions["accept"]
    broken = dataclasses.replace(accept, effects=(*accept.effects, explode))
    monkeypatch.setitem(REQUEST.transitions, "accept", broken)
    yield


def test_an_effect_that_raises_mid_fire_leaves_state_and_history_unchanged(
    world: Scenario, broken_accept: None
) -> None:
    request = world.request_in_review()
    history_before, actions_before = world.count(HistoryEntry), world.count(Action)
    with pytest.raises(Boom):
        world.fire("request", request.id, "accept")
    after = world.get(Request, request.id)
    assert (after.state, after.version, after.action) == ("eligibility_review", 2, None)
    assert (world.count(HistoryEntry), world.count(Action)) == (history_before, actions_before)


def test_a_guard_that_raises_leaves_everything_unchanged(
    world: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = world.request_in_review()
    accept = REQUEST.transitions["accept"]
    monkeypatch.setitem(
        REQUEST.transitions, "accept", dataclasses.replace(accept, guards=(*accept.guards, explode))
    )
    before = world.count(HistoryEntry)
    with pytest.raises(Boom):
        world.fire("request", request.id, "accept")
    assert world.get(Request, request.id).state == "eligibility_review"
    assert world.count(HistoryEntry) == before


def test_a_fire_with_an_old_version_is_refused_and_changes_nothing(world: Scenario) -> None:
    request = world.request()
    world.fire("request", request.id, "start_screening", version=request.version)
    before = world.count(HistoryEntry)
    with pytest.raises(Stale, match="changed by someone else"):
        world.fire("request", request.id, "withdraw", version=request.version, data={"reason": "x"})
    assert world.get(Request, request.id).state == "eligibility_review"
    assert world.count(HistoryEntry) == before


def test_two_sessions_firing_at_once_give_one_winner_and_one_stale(db_url: str) -> None:
    """PostgreSQL queues B on A's row lock; SQLite on A's IMMEDIATE write lock."""
    eng = make_engine(db_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    request = world.request()
    results: list[object] = []

    # Session A locks the Request and fires, but has not committed yet.
    first = world.uow()
    with first:
        ctx = context(first, world.staff.id)
        obj = load_visible(first.session, Request, request.id, world.staff, lock=True)
        workflow_engine.fire(REQUEST, obj, "start_screening", ctx, None, request.version)

        def second() -> None:
            try:
                results.append(
                    world.fire(
                        "request",
                        request.id,
                        "withdraw",
                        version=request.version,
                        data={"reason": "dup"},
                    )
                )
            except Stale as error:
                results.append(error)

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # B is now waiting on A's row lock
        assert thread.is_alive() and results == []
        first.commit()
    thread.join(10)
    assert len(results) == 1 and isinstance(results[0], Stale)
    with factory() as session:
        rows = session.scalars(
            sa.select(HistoryEntry.trigger).where(
                HistoryEntry.object_kind == "request", HistoryEntry.object_id == request.id
            )
        )
        assert list(rows) == ["create", "start_screening"]
        assert session.get(Request, request.id).state == "eligibility_review"  # type: ignore[union-attr]
    eng.dispose()


@pytest.mark.postgres_only
def test_many_clients_firing_one_transition_at_one_version_give_one_winner(pg_url: str) -> None:
    """Six connections fire the same transition at the same version, released together:
    one wins, the five others get the version conflict, and one history row is written."""
    eng = make_engine(pg_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    request = world.request()
    racers = 6
    together = threading.Barrier(racers, timeout=10)
    results: list[object] = []

    def fire() -> None:
        uow = world.uow()
        together.wait()
        try:
            results.append(
                fire_transition(
                    uow,
                    "request",
                    request.id,
                    "start_screening",
                    world.staff.id,
                    version=request.version,
                )
            )
        except Exception as error:
            results.append(error)

    threads = [threading.Thread(target=fire) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(results) == racers and len(refused) == racers - 1, results
    assert all(isinstance(r, Stale) for r in refused), refused
    assert all(f"you sent {request.version}" in str(r) for r in refused)
    with factory() as session:
        rows = session.scalars(
            sa.select(HistoryEntry.trigger).where(
                HistoryEntry.object_kind == "request", HistoryEntry.object_id == request.id
            )
        )
        assert list(rows) == ["create", "start_screening"]
        won = session.get(Request, request.id)
        assert won is not None and won.version == request.version + 1
    eng.dispose()


@pytest.mark.postgres_only
def test_an_update_from_a_session_that_read_an_old_version_is_refused(pg_url: str) -> None:
    """Without a version sent, the version column still refuses a lost update."""
    eng = make_engine(pg_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    request = world.request()
    with factory() as a, factory() as b:
        mine, theirs = a.get(Request, request.id), b.get(Request, request.id)
        assert mine is not None and theirs is not None
        mine.summary = "A's summary"
        a.commit()
        theirs.summary = "B's summary"
        with pytest.raises(sa.orm.exc.StaleDataError):
            b.commit()
    assert world.get(Request, request.id).summary == "A's summary"
    eng.dispose()


@pytest.mark.postgres_only
def test_new_experts_with_one_email_at_once_give_one_expert_and_422s(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All pass the e-mail check before any commits: the unique index refuses the others."""
    eng = make_engine(pg_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    racers = 4
    together = threading.Barrier(racers, timeout=10)
    lookup = resolve.thematic_areas

    def after_the_check(*args: Any, **kw: Any) -> Any:
        together.wait()  # every racer has found the e-mail free
        return lookup(*args, **kw)

    monkeypatch.setattr(resolve, "thematic_areas", after_the_check)
    payload = {
        "name": "Jan Novak",
        "email": "jan.novak@example.org",
        "nationality": "CZ",
        "type": "eu_government",
        "gender": "male",
    }
    results: list[object] = []

    def create() -> None:
        try:
            create_expert(world.uow(), world.staff.id, payload)
            results.append("created")
        except Exception as error:
            results.append(error)

    threads = [threading.Thread(target=create) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    refusals = [r for r in results if r != "created"]
    assert results.count("created") == 1, results
    assert all(isinstance(r, ValidationFailed) for r in refusals), refusals
    assert {r.reasons[0].code for r in refusals if isinstance(r, ValidationFailed)} == {"email"}
    with factory() as session:
        assert (
            session.scalar(
                sa.select(sa.func.count(Expert.id)).where(Expert.email == "jan.novak@example.org")
            )
            == 1
        )
    eng.dispose()


def test_two_schedules_of_one_expert_at_once_book_the_expert_once(db_url: str) -> None:
    """Two activities of two Actions scheduled with one expert on the same dates, at once:
    the second waits for the expert's row lock (PostgreSQL; SQLite for the write lock),
    then finds the first's booking -- on PostgreSQL read in its write's own statement --
    and is refused whole: one booking, one history row, the second still planned."""
    eng = make_engine(db_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    one, two = (world.get(Action, world.approved_action(1).id).activities[0] for _ in range(2))
    data = {"expert_ids": [world.expert.id]}
    results: list[object] = []

    first = world.uow()
    with first:
        ctx, activity = act_on(first, Activity, one.id, world.staff.id, lock=True)
        workflow_engine.fire(ACTIVITY, activity, "schedule", ctx, data)

        def second() -> None:
            try:
                results.append(world.fire("activity", two.id, "schedule", data=data))
            except GuardFailed as refused:
                results.append(refused)

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # the second now waits on a lock the first holds
        assert thread.is_alive() and results == []
        first.commit()
    thread.join(10)
    [refused] = results
    assert isinstance(refused, GuardFailed)
    assert [r.code for r in refused.reasons] == ["expert_double_booked"]
    assert f"(activity {one.id})" in refused.reasons[0].message
    with factory() as session:
        booked = session.scalars(
            sa.select(activity_experts.c.activity_id).where(
                activity_experts.c.expert_id == world.expert.id
            )
        )
        assert list(booked) == [one.id]
        assert session.get_one(Activity, two.id).state == "planned"
        schedules = session.scalars(
            sa.select(HistoryEntry.object_id).where(HistoryEntry.trigger == "schedule")
        )
        assert list(schedules) == [one.id]
    eng.dispose()


def test_a_schedule_locks_its_action_and_activity_before_the_experts(pg_url: str) -> None:
    """`schedule` reads and locks its experts in the act's own statement (`LockedWith`), in
    the order every act locks: the Action, the Activity, then the experts. While it waits
    for an expert another transaction holds, its Action and Activity are already locked
    (else a fire holding the Action and waiting for the expert, as `mark_held` does when
    its triggers count the expert deployed, could deadlock with it)."""
    eng = make_engine(pg_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    activity = world.get(Action, world.approved_action(1).id).activities[0]
    data = {"expert_ids": [world.expert.id]}
    results: list[object] = []

    def schedule() -> None:
        results.append(world.fire("activity", activity.id, "schedule", data=data))

    def locked(table: str, row_id: int) -> bool:
        with eng.connect() as other:
            try:
                other.exec_driver_sql(
                    f"SELECT 1 FROM {table} WHERE id = {row_id} FOR UPDATE NOWAIT"
                )
            except sa.exc.OperationalError as error:
                assert "could not obtain lock" in str(error)
                return True
            return False

    with eng.connect() as holder:  # holds the expert's row, as a schedule elsewhere would
        holder.execute(sa.select(Expert.id).where(Expert.id == world.expert.id).with_for_update())
        thread = threading.Thread(target=schedule)
        thread.start()
        time.sleep(0.5)  # the schedule now waits for the expert
        assert thread.is_alive() and results == []
        assert locked("actions", activity.action_id) and locked("activities", activity.id)
        holder.rollback()
    thread.join(10)
    assert [type(r).__name__ for r in results] == ["Activity"]
    assert world.get(Activity, activity.id).state == "scheduled"
    assert not locked("experts", world.expert.id)  # released with the commit
    eng.dispose()

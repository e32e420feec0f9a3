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
from db.models import (
    Action,
    Activity,
    Expert,
    HistoryEntry,
    PscElector,
    PscVote,
    Request,
    User,
    activity_experts,
)
from tests.conftest import NOW
from tests.support import Scenario
from workflow.action.votes import cast_vote
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


class Paused(UnitOfWork):
    """A unit of work that waits for `gate` before it commits: its act holds its locks
    meanwhile, so that another act can be made to wait for them."""

    def __init__(self, factory: Any, gate: threading.Event) -> None:
        super().__init__(factory, FixedClock(NOW))
        self.gate = gate

    def commit(self) -> None:
        assert self.gate.wait(10)
        super().commit()


def _one_after_the_other(first: Any, second: Any) -> list[BaseException]:
    """`first` in a thread, held at its commit; then `second`, which waits for first's
    locks; then `first` lets go. What they raised."""
    errors: list[BaseException] = []

    def run(act: Any) -> None:
        try:
            act()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(act,)) for act in (first, second)]
    threads[0].start()
    time.sleep(0.5)  # the first holds the Action's lock, at its commit
    threads[1].start()
    time.sleep(0.5)  # the second now waits for it, its snapshot taken
    assert all(thread.is_alive() for thread in threads)
    gate.set()
    for thread in threads:
        thread.join(10)
    return errors


gate = threading.Event()


def test_a_deciding_vote_that_waited_for_another_vote_counts_it(pg_url: str) -> None:
    """The round's votes are read with the vote's act (`ReadWithAct`), on a snapshot taken
    before its lock is granted. The second member's vote commits while the third's waits:
    the third read the round without it, the check with its write sees the difference,
    and the vote is cast again, reading after the lock -- it decides the round."""
    gate.clear()
    eng = make_engine(pg_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    action = world.submitted_action(activities=1)
    one, two, three = world.psc
    world.vote(action.id, one, "approve")
    errors = _one_after_the_other(
        lambda: cast_vote(Paused(factory, gate), action.id, two.id, "approve"),
        lambda: world.vote(action.id, three, "approve"),
    )
    assert errors == []
    assert world.get(Action, action.id).state == "implementation"
    rows = world.history("action", action.id)
    assert [(r.trigger, r.actor_id) for r in rows[-4:]] == [
        ("vote", one.id),
        ("vote", two.id),
        ("vote", three.id),
        ("psc_approve", None),
    ]
    eng.dispose()


def test_a_submission_that_waited_for_a_change_reads_the_electorate_after_it(
    pg_url: str,
) -> None:
    """The electorate is read with `submit_to_psc`'s act (`ReadWithAct`). A transaction that
    holds the Action deactivates a PSC member while the submission waits for the Action:
    the submission read the electorate before that, the check with its write sees the
    difference, and it is fired again, reading after the lock."""
    gate.clear()
    eng = make_engine(pg_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    dana = world.user("dana", "psc")
    action = world.action(1)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    leaving = world.psc[0]

    def deactivate() -> None:
        with eng.connect() as connection:
            connection.execute(sa.select(Action.id).where(Action.id == action.id).with_for_update())
            connection.execute(sa.update(User).where(User.id == leaving.id).values(active=False))
            assert gate.wait(10)
            connection.commit()

    submit = lambda: world.fire("action", action.id, "submit_to_psc")  # noqa: E731
    assert _one_after_the_other(deactivate, submit) == []
    assert world.get(Action, action.id).state == "psc_review"
    with factory() as session:
        electors = session.scalars(
            sa.select(PscElector.user_id).where(PscElector.action_id == action.id)
        )
        assert sorted(electors) == sorted([*(m.id for m in world.psc[1:]), dana.id])
    eng.dispose()


def test_a_second_click_on_vote_that_waited_for_the_first_is_refused(pg_url: str) -> None:
    """One member's vote sent twice at once: the second waits for the first's lock, read the
    round before the first vote was in, is cast again after the lock and refused, as
    already voted; one vote is kept."""
    gate.clear()
    eng = make_engine(pg_url)
    factory = make_session_factory(eng)
    world = Scenario(lambda: UnitOfWork(factory, FixedClock(NOW)), FixedClock(NOW))
    action = world.submitted_action(activities=1)
    member = world.psc[0]
    [refused] = _one_after_the_other(
        lambda: cast_vote(Paused(factory, gate), action.id, member.id, "approve"),
        lambda: world.vote(action.id, member, "approve"),
    )
    assert isinstance(refused, GuardFailed)
    assert [r.code for r in refused.reasons] == ["already_voted"]
    with factory() as session:
        votes = session.scalars(sa.select(PscVote.member_id).where(PscVote.action_id == action.id))
        assert list(votes) == [member.id]
    assert [r.trigger for r in world.history("action", action.id)].count("vote") == 1
    eng.dispose()

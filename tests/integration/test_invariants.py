"""Random fires by random users on random objects keep the workflow's invariants.

A Hypothesis rule-based state machine drives the workflow's services (as the UI and
the API do) with any trigger, any user, any object and plausible or wrong data, and
after every step checks what must always hold (docs/lifecycles.md):
an Action in implementation or later had a unanimous round (or the silence
procedure); a closed Action has its evaluation; every state change has exactly one
history row, and replaying the history gives the current state; no expert is
double-booked; versions only grow. Each run starts from a copy of one seeded
database, built once per database kind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from db.engine import make_engine, make_session_factory
from db.models import Action, Activity, Expert, HistoryEntry, PscVote, activity_experts
from tests.conftest import NOW, fresh_postgres, postgres_url_or_skip
from tests.support import EVALUATION as CLOSING_EVALUATION
from tests.support import Scenario
from workflow import services
from workflow.action.votes import apply_silence_procedure, cast_vote
from workflow.activity.services import add_activity
from workflow.services import (
    LIFECYCLES,
    MODELS,
    ActionState,
    ActivityState,
    FixedClock,
    UnitOfWork,
    WorkflowError,
)

RUNS, STEPS = 30, 25
# The seeded users' roles, in the order of Seeded.users.
ROLES_OF = ("staff", "staff", "psc", "psc", "psc", "focal_point", "expert", "admin")
TRIGGERS = {kind: sorted(lc.transitions) for kind, lc in LIFECYCLES.items()}
APPROVED_OR_LATER = {
    ActionState.IMPLEMENTATION,
    ActionState.SUSPENDED,
    ActionState.EVALUATION,
    ActionState.CLOSED,
}
# Activities whose dates book their experts, and which dates (lifecycles.md, double-booking).
BOOKED_BY_PLAN = {ActivityState.SCHEDULED}
BOOKED_BY_FACT = {ActivityState.HELD, ActivityState.REPORT_SUBMITTED, ActivityState.COMPLETED}
EVALUATION = {"evaluation": CLOSING_EVALUATION}


@dataclass(frozen=True)
class Seeded:
    """A database with the world's users and objects, to copy for each run."""

    kind: str  # sqlite | postgresql
    source: str  # the SQLite file, or the PostgreSQL template database's name
    users: tuple[int, ...]
    experts: tuple[int, ...]


def seed(url: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Objects in most states, so that 25 steps reach the late ones (votes, close)."""
    engine = make_engine(url)
    clock = FixedClock(NOW)
    world = Scenario(lambda: UnitOfWork(make_session_factory(engine), clock), clock)
    second = world.new_expert("second@example.org", "Second Expert")
    world.request()
    world.request_in_review()
    world.action(activities=2)
    world.submitted_action(activities=1)
    approved = world.approved_action(activities=3)
    world.scheduled_activity(approved, 0)
    world.held_activity(approved, 1)
    ending = world.approved_action(activities=1)
    activity = ending.activities[0].id
    held = {"actual_start": "2026-10-01", "actual_end": "2026-10-03"}
    held["participants"] = {"total": 9, "women": 5, "men": 4}  # type: ignore[assignment]
    world.fire("activity", activity, "schedule", data={"expert_ids": [second.id]})
    world.fire("activity", activity, "mark_held", data=held)
    report = {"report": "Held.", "participant_feedback": "Useful."}
    world.fire("activity", activity, "submit_report", data=report)
    world.fire("activity", activity, "accept_report")
    world.fire("action", ending.id, "complete_implementation")
    world.setting("silence_procedure", True)
    users = (world.staff, world.staff2, *world.psc, world.focal, world.expert_user, world.admin)
    engine.dispose()
    return tuple(u.id for u in users), (world.expert.id, second.id)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        users, experts = seed(f"sqlite:///{path}")
        yield Seeded("sqlite", str(path), users, experts)
        return
    for url in fresh_postgres(request.getfixturevalue("postgres_template")):
        users, experts = seed(url)
        yield Seeded("postgresql", sa.engine.make_url(url).database or "", users, experts)


def copy_of(seeded: Seeded, folder: Path) -> tuple[str, Any]:
    """A fresh database from the seeded one, and how to drop it."""
    if seeded.kind == "sqlite":
        path = folder / f"run-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(seeded.source, path)
        return f"sqlite:///{path}", path.unlink
    admin = make_engine(postgres_url_or_skip(), isolation_level="AUTOCOMMIT")
    name = f"mieux_run_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{seeded.source}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return admin.url.set(database=name).render_as_string(hide_password=False), drop


class Workflow(RuleBasedStateMachine):
    seeded: Seeded
    folder: Path

    def __init__(self) -> None:
        super().__init__()
        url, self.drop = copy_of(self.seeded, self.folder)
        self.engine = make_engine(url)
        self.clock = FixedClock(NOW)
        factory = make_session_factory(self.engine)
        self.uow = lambda: UnitOfWork(factory, self.clock)
        self.versions: dict[tuple[str, int], int] = {}
        self.record_versions()

    def teardown(self) -> None:
        self.engine.dispose()
        self.drop()

    # helpers

    def ids(self, kind: str) -> list[int]:
        with self.engine.connect() as connection:
            return list(connection.scalars(sa.select(MODELS[kind].id).order_by(MODELS[kind].id)))

    def pick(self, kind: str, index: int) -> int | None:
        found = self.ids(kind)
        return found[index % len(found)] if found else None

    def state_of(self, kind: str, object_id: int) -> str:
        with self.engine.connect() as connection:
            model = MODELS[kind]
            return str(connection.scalar(sa.select(model.state).where(model.id == object_id)))

    def today(self) -> dt.date:
        return self.clock.now().date()

    def data_for(self, kind: str, trigger: str, variant: int) -> Any:
        """Plausible data for the trigger, a few variants (some overlap, some are wrong)."""
        today = self.today()
        experts = list(self.seeded.experts)
        if variant == 3:
            return {"unknown": 1}  # wrong: refused, nothing changes
        if trigger in ("decline",):
            return {"reasons": "Outside the mandate."}
        if trigger in ("withdraw", "cancel", "suspend"):
            return {"reason": "A reason."}
        if trigger == "close":
            return EVALUATION
        if trigger == "submit_report":
            return {"report": "Held.", "participant_feedback": "Useful."}
        if trigger == "schedule":
            start = dt.date(2027, 3, 1) + dt.timedelta(days=2 * variant)
            chosen = experts[: variant % 2 + 1] if variant < 2 else experts[1:]
            return {
                "planned_start": start.isoformat(),
                "planned_end": (start + dt.timedelta(days=3)).isoformat(),
                "expert_ids": chosen,
            }
        if trigger == "mark_held":
            start = today - dt.timedelta(days=4 - variant)
            return {
                "actual_start": start.isoformat(),
                "actual_end": (start + dt.timedelta(days=2)).isoformat(),
                "participants": {"total": 10, "women": 5, "men": 5},
            }
        return None

    # rules

    FIRE = {
        "index": st.integers(0, 9),
        "choice": st.integers(0, 99),
        "user": st.integers(0, len(ROLES_OF) - 1),
        "variant": st.integers(0, 3),
        "plausible": st.integers(0, 4),
    }

    # One rule per kind, so that most steps fire (Hypothesis picks rules evenly).
    @rule(**FIRE)
    def fire_on_a_request(self, **drawn: int) -> None:
        self.fire("request", **drawn)

    @rule(**FIRE)
    def fire_on_an_action(self, **drawn: int) -> None:
        self.fire("action", **drawn)

    @rule(**FIRE)
    def fire_on_an_activity(self, **drawn: int) -> None:
        self.fire("activity", **drawn)

    def fire(
        self, kind: str, index: int, choice: int, user: int, variant: int, plausible: int
    ) -> None:
        """Any trigger by anyone; four times in five, one the object's state offers, fired
        by a user holding one of its roles (else the runs rarely leave the first states)."""
        object_id = self.pick(kind, index)
        assert object_id is not None
        lifecycle = LIFECYCLES[kind]
        offered = lifecycle.from_state(self.state_of(kind, object_id))
        if plausible and offered:
            transition = offered[choice % len(offered)]
            holders = [i for i, role in enumerate(ROLES_OF) if role in transition.roles]
            trigger, actor = transition.trigger, (holders or [user])[user % len(holders or [1])]
        else:
            trigger, actor = TRIGGERS[kind][choice % len(TRIGGERS[kind])], user
        before = self.history_count(kind, object_id, trigger)
        try:
            services.fire_transition(
                self.uow(),
                kind,
                object_id,
                trigger,
                self.seeded.users[actor],
                data=self.data_for(kind, trigger, variant),
                comment="A step.",
            )
        except WorkflowError:
            assert self.history_count(kind, object_id, trigger) == before
        else:
            assert self.history_count(kind, object_id, trigger) == before + 1

    @rule(index=st.integers(0, 9), member=st.integers(2, 7), decision=st.integers(0, 3))
    def vote(self, index: int, member: int, decision: int) -> None:
        action_id = self.pick("action", index)
        assert action_id is not None
        choice = ("approve", "approve", "request_changes", "reject")[decision]
        with contextlib.suppress(WorkflowError):  # refusals are expected; invariants judge
            cast_vote(self.uow(), action_id, self.seeded.users[member], choice, "Because.")

    @rule(index=st.integers(0, 9), planned=st.booleans())
    def add_an_activity(self, index: int, planned: bool) -> None:
        action_id = self.pick("action", index)
        assert action_id is not None
        payload = {"type": "workshop", "title": "Added", "place": "Accra"}
        if planned:
            payload |= {"planned_start": "2027-03-02", "planned_end": "2027-03-04"}
        with contextlib.suppress(WorkflowError):
            add_activity(self.uow(), action_id, self.seeded.users[0], payload)

    @rule(days=st.integers(1, 15), index=st.integers(0, 9))
    def time_passes_and_the_silence_procedure_applies(self, days: int, index: int) -> None:
        self.clock.at = self.clock.at + dt.timedelta(days=days)
        action_id = self.pick("action", index)
        assert action_id is not None
        apply_silence_procedure(self.uow(), action_id)

    # invariants

    def history_count(self, kind: str, object_id: int, trigger: str) -> int:
        query = sa.select(sa.func.count()).where(
            HistoryEntry.object_kind == kind,
            HistoryEntry.object_id == object_id,
            HistoryEntry.trigger == trigger,
        )
        with self.engine.connect() as connection:
            return connection.scalar(query) or 0

    def record_versions(self) -> None:
        with self.engine.connect() as connection:
            for kind, model in MODELS.items():
                for object_id, version in connection.execute(sa.select(model.id, model.version)):
                    self.versions[(kind, object_id)] = version

    @invariant()
    def versions_only_grow(self) -> None:
        before = dict(self.versions)
        self.record_versions()
        shrunk = {
            key: (v, self.versions[key]) for key, v in before.items() if self.versions[key] < v
        }
        assert not shrunk

    @invariant()
    def replaying_the_history_gives_the_current_state(self) -> None:
        """Each row starts where the previous one ended: so every change has exactly one row."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(
                    HistoryEntry.object_kind,
                    HistoryEntry.object_id,
                    HistoryEntry.trigger,
                    HistoryEntry.from_state,
                    HistoryEntry.to_state,
                )
                .where(HistoryEntry.object_kind.in_(list(MODELS)))
                .order_by(HistoryEntry.id)
            ).all()
            current = {
                (kind, object_id): state
                for kind, model in MODELS.items()
                for object_id, state in connection.execute(sa.select(model.id, model.state))
            }
        replayed: dict[tuple[str, int], str] = {}
        for kind, object_id, trigger, from_state, to_state in rows:
            key = (kind, object_id)
            state = replayed.get(key, LIFECYCLES[kind].initial.value)
            assert from_state in (None, state), (key, trigger, from_state, state)
            replayed[key] = to_state
        for key, state in current.items():
            assert replayed.get(key, LIFECYCLES[key[0]].initial.value) == state, key

    @invariant()
    def an_approved_action_had_a_unanimous_round_or_the_silence_procedure(self) -> None:
        with self.engine.connect() as connection:
            actions = connection.execute(
                sa.select(Action.id, Action.state, Action.evaluation, Action.psc_round)
            ).all()
            for action_id, state, evaluation, psc_round in actions:
                if state == ActionState.CLOSED:
                    assert evaluation, f"closed Action {action_id} has no evaluation"
                if state not in APPROVED_OR_LATER:
                    continue
                approvals = connection.scalars(
                    sa.select(HistoryEntry.data).where(
                        HistoryEntry.object_kind == "action",
                        HistoryEntry.object_id == action_id,
                        HistoryEntry.trigger == "psc_approve",
                    )
                ).all()
                assert len(approvals) == 1, (action_id, approvals)
                tally = approvals[0]
                silent = set(tally.get("counted_as_approving", []))
                votes = dict(
                    connection.execute(
                        sa.select(PscVote.member_id, PscVote.decision).where(
                            PscVote.action_id == action_id, PscVote.round == tally["round"]
                        )
                    ).all()
                )
                assert tally["round"] == psc_round
                assert tally["electorate"] > 0
                assert tally["approve"] == tally["electorate"]
                assert tally["reject"] == tally["request_changes"] == 0
                assert not silent & set(votes)
                assert set(votes.values()) <= {"approve"}
                assert len(votes) + len(silent) == tally["electorate"]

    @invariant()
    def no_expert_is_double_booked(self) -> None:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(
                    Expert.id,
                    Activity.id,
                    Activity.state,
                    Activity.planned_start,
                    Activity.planned_end,
                    Activity.actual_start,
                    Activity.actual_end,
                )
                .select_from(activity_experts)
                .join(Expert, Expert.id == activity_experts.c.expert_id)
                .join(Activity, Activity.id == activity_experts.c.activity_id)
            ).all()
        booked: dict[int, list[tuple[dt.date, dt.date, int]]] = {}
        for expert, activity, state, p_start, p_end, a_start, a_end in rows:
            if state in BOOKED_BY_PLAN:
                booked.setdefault(expert, []).append((p_start, p_end, activity))
            elif state in BOOKED_BY_FACT:
                booked.setdefault(expert, []).append((a_start, a_end, activity))
        for expert, ranges in booked.items():
            ranges.sort()
            for (_, end, first), (start, _, second) in itertools.pairwise(ranges):
                assert start > end, f"expert {expert}: activities {first} and {second} overlap"


def test_random_fires_by_random_users_keep_every_invariant(seeded: Seeded, tmp_path: Path) -> None:
    Workflow.seeded, Workflow.folder = seeded, tmp_path
    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=RUNS,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )

"""The fire's cost against the same writes by hand and against SpiffWorkflow, side by side.

One approval path of 11 steps (validate_fiche, submit_to_psc, three PSC votes
-- the third decides `psc_approve` --, the activity's schedule, mark_held,
submit_report, accept_report, complete_implementation, close) is run on
`objects` Actions of one activity each, by three contenders in turn on the
same database:

- ours: through the services, one unit of work per step (load the actor and
  the object, check role, data, state and guards, effects, history, commit);
- by hand: the same rows written with the SQLAlchemy ORM, no checks at all;
- SpiffWorkflow: the same path as BPMN (bench/spiff.py), its state loaded,
  stepped, serialized and saved in the database each step.

Each step is timed (p50, p95) and every statement sent is counted.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bench import spiff
from bench.generate import EVALUATION, NOW, generate
from db.engine import make_engine, make_session_factory
from db.models import (
    Action,
    Activity,
    Expert,
    FocalPoint,
    HistoryEntry,
    PscElector,
    PscVote,
    User,
)
from workflow import services
from workflow.services import ActionState, ActivityState, FixedClock, UnitOfWork

Step = Callable[[], object]
# After every generated date: the activities are held by then.
CLOCK = NOW + dt.timedelta(days=400)
HELD = {
    "participants": {"total": 20, "women": 11, "men": 9},
}
REPORT = {"report": "Held as planned.", "participant_feedback": "Useful."}


@dataclass
class Figures:
    """One contender's step times (seconds) and statements per path; `by_step` holds the
    times of each of the 11 steps, `step_statements` the statements of each step per path."""

    steps: list[float]
    statements: float
    by_step: list[list[float]] = field(default_factory=list)
    step_statements: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.steps) * 1000

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.steps, n=20)[-1] * 1000


@dataclass
class Path:
    """One Action of the benchmark and the people who act on it."""

    action: int
    activity: int
    focal: int
    expert: int
    start: dt.date


class Counter:
    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, *args: object) -> None:
        self.count += 1


def paths(factory: sessionmaker[Session], first: int, count: int) -> list[Path]:
    """`count` drafted Actions from id `first`, with their focal point's user and an expert."""
    with factory() as session:
        focal_users = dict(session.execute(sa.select(User.email, User.id)).all())
        experts = list(session.scalars(sa.select(Expert.id).order_by(Expert.id)))
        rows = session.execute(
            sa.select(Action.id, sa.func.min(Activity.id), sa.func.min(FocalPoint.email))
            .join(Activity, Activity.action_id == Action.id)
            .join(FocalPoint, FocalPoint.action_id == Action.id)
            .where(Action.id >= first, Action.id < first + count)
            .group_by(Action.id)
            .order_by(Action.id)
        ).all()
    # Each expert holds one activity every ten days: no double booking, ever.
    start = dt.date(2027, 1, 4)
    return [
        Path(
            a,
            b,
            focal_users[email],
            experts[n % len(experts)],
            start + dt.timedelta(days=10 * (n // len(experts))),
        )
        for n, (a, b, email) in enumerate(rows)
    ]


def ours(factory: sessionmaker[Session], users: dict[str, int], p: Path) -> list[Step]:
    clock = FixedClock(CLOCK)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory, clock)

    def fire(kind: str, trigger: str, who: int, **kw: object) -> Step:
        oid = p.action if kind == "action" else p.activity
        return lambda: services.fire_transition(uow(), kind, oid, trigger, who, **kw)

    staff = users["staff"]
    end = p.start + dt.timedelta(days=2)
    dates = {"planned_start": p.start.isoformat(), "planned_end": end.isoformat()}
    held = {"actual_start": p.start.isoformat(), "actual_end": end.isoformat(), **HELD}
    return [
        fire("action", "validate_fiche", p.focal),
        fire("action", "submit_to_psc", staff),
        *(
            (lambda m=member: services.cast_vote(uow(), p.action, m, "approve"))
            for member in users["psc"]  # type: ignore[attr-defined]
        ),
        fire("activity", "schedule", staff, data={**dates, "expert_ids": [p.expert]}),
        fire("activity", "mark_held", staff, data=held),
        fire("activity", "submit_report", staff, data=REPORT),
        fire("activity", "accept_report", staff),
        fire("action", "complete_implementation", staff),
        fire("action", "close", staff, data={"evaluation": EVALUATION}),
    ]


def by_hand(factory: sessionmaker[Session], users: dict[str, int], p: Path) -> list[Step]:
    """The rows our path writes, written directly: no actor, role, data or guard checks."""
    today = CLOCK.date()
    end = p.start + dt.timedelta(days=2)

    def history(
        s: Session, kind: str, oid: int, trigger: str, before: str, after: str, actor: int | None
    ) -> None:
        s.add(
            HistoryEntry(
                object_kind=kind,
                object_id=oid,
                action_id=p.action,
                trigger=trigger,
                from_state=before,
                to_state=after,
                actor_id=actor,
                at=CLOCK,
                data={},
            )
        )

    def on_action(change: Callable[[Session, Action], None]) -> Step:
        def step() -> None:
            with factory() as s:
                action = s.get(Action, p.action, with_for_update=True)
                assert action is not None
                change(s, action)
                action.updated_at = CLOCK
                s.commit()

        return step

    def on_activity(change: Callable[[Session, Activity], None]) -> Step:
        def step() -> None:
            with factory() as s:
                s.execute(sa.select(Action.id).where(Action.id == p.action).with_for_update())
                activity = s.get(Activity, p.activity, with_for_update=True)
                assert activity is not None
                change(s, activity)
                activity.action.updated_at = CLOCK
                s.commit()

        return step

    def move(s: Session, obj: Action | Activity, trigger: str, to: str, actor: int | None) -> None:
        kind = "action" if isinstance(obj, Action) else "activity"
        history(s, kind, obj.id, trigger, obj.state, to, actor)
        obj.state = to

    staff, psc = users["staff"], users["psc"]

    def validate(s: Session, a: Action) -> None:
        a.partner_validated_by, a.partner_validated_on = "Focal", today
        move(s, a, "validate_fiche", a.state, p.focal)

    def submit(s: Session, a: Action) -> None:
        a.psc_round, a.psc_submitted_on = 1, today
        a.psc_deadline = today + dt.timedelta(days=10)
        s.add_all(PscElector(action_id=a.id, round=1, user_id=m) for m in psc)  # type: ignore[attr-defined]
        move(s, a, "submit_to_psc", ActionState.PSC_REVIEW, staff)

    def vote(member: int, last: bool) -> Callable[[Session, Action], None]:
        def change(s: Session, a: Action) -> None:
            s.add(
                PscVote(
                    action_id=a.id, round=1, member_id=member, decision="approve", cast_at=CLOCK
                )
            )
            history(s, "action", a.id, "vote", a.state, a.state, member)
            if last:
                a.psc_deadline = None
                move(s, a, "psc_approve", ActionState.IMPLEMENTATION, None)

        return change

    def schedule(s: Session, b: Activity) -> None:
        b.planned_start, b.planned_end = p.start, end
        b.experts = [s.get_one(Expert, p.expert)]
        move(s, b, "schedule", ActivityState.SCHEDULED, staff)

    def held(s: Session, b: Activity) -> None:
        b.actual_start, b.actual_end = p.start, end
        b.participants_total, b.participants_women, b.participants_men = 20, 11, 9
        b.report_due_on = end + dt.timedelta(days=30)
        move(s, b, "mark_held", ActivityState.HELD, staff)

    def report(s: Session, b: Activity) -> None:
        b.report, b.participant_feedback = REPORT["report"], REPORT["participant_feedback"]
        move(s, b, "submit_report", ActivityState.REPORT_SUBMITTED, staff)

    def accept(s: Session, b: Activity) -> None:
        b.report_due_on = None
        move(s, b, "accept_report", ActivityState.COMPLETED, staff)

    def complete(s: Session, a: Action) -> None:
        a.evaluation_due_on = today + dt.timedelta(days=60)
        move(s, a, "complete_implementation", ActionState.EVALUATION, staff)

    def close(s: Session, a: Action) -> None:
        a.evaluation, a.evaluation_due_on = EVALUATION, None
        move(s, a, "close", ActionState.CLOSED, staff)

    members = list(psc)  # type: ignore[call-overload]
    return [
        on_action(validate),
        on_action(submit),
        *(on_action(vote(m, n == len(members) - 1)) for n, m in enumerate(members)),
        on_activity(schedule),
        on_activity(held),
        on_activity(report),
        on_activity(accept),
        on_action(complete),
        on_action(close),
    ]


def run_interleaved(
    contenders: dict[str, tuple[Callable[[Any], list[Step]], list[Any]]],
    counter: Counter,
    settle: Callable[[], None] = lambda: None,
) -> dict[str, Figures]:
    """Path n of each contender in turn, so that a busy machine slows them all alike. The
    first path of each warms up (mappers, statement caches, the settings) and is not
    counted; `settle` is called, untimed, after it and after every 50th path."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    by_step: dict[str, list[list[float]]] = {name: [] for name in contenders}
    sent: dict[str, list[int]] = {name: [] for name in contenders}
    count = min(len(items) for _, items in contenders.values())
    for n in range(count):
        for name, (steps_of, items) in contenders.items():
            for k, step in enumerate(steps_of(items[n])):
                before = counter.count
                start = time.perf_counter()
                step()
                took = time.perf_counter() - start
                if n:
                    if k == len(by_step[name]):
                        by_step[name].append([])
                        sent[name].append(0)
                    times[name].append(took)
                    by_step[name][k].append(took)
                    sent[name][k] += counter.count - before
        if n % 50 == 0:
            settle()
    paths = max(count - 1, 1)
    return {
        name: Figures(
            times[name], sum(sent[name]) / paths, by_step[name], [c / paths for c in sent[name]]
        )
        for name in contenders
    }


def bench_fire(url: str, objects: int) -> dict[str, Figures]:
    """The three contenders on `objects` paths each, in one database at `url` (empty)."""
    generate(url, objects * 2, mix={ActionState.FICHE_DRAFTING: 1}, activities=1)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    counter = Counter(engine)
    with factory() as session:
        staff = session.scalar(sa.select(User.id).where(User.username == "staff1"))
        psc = list(
            session.scalars(sa.select(User.id).where(User.username.like("psc%")).order_by(User.id))
        )
        # Each Action is submitted by its owner (who, like every drafter, may not vote).
        owners = dict(session.execute(sa.select(Action.id, Action.owner_id)).all())
    ours_paths = paths(factory, 1, objects)
    hand_paths = paths(factory, objects + 1, objects)

    def staff_for(p: Path) -> dict[str, object]:
        return {"staff": owners[p.action] or staff, "psc": psc}

    instances = spiff.new_instances(engine, objects)

    def analyze() -> None:
        # The paths fill tables the generated database had empty or nearly (the outbox,
        # the expert links), minutes of a site's life in seconds. Planned on statistics
        # of empty tables, PostgreSQL scans where a site would read an index: the UPDATE
        # superseding an event's older notices read every pending row (0.3 ms at 800
        # rows, growing with each path) instead of the event's key. A running site's
        # autovacuum analyzes a table each time it grows by a tenth (and 50 rows): here
        # ANALYZE after the first path and every 50th, untimed, for every contender
        # (PostgreSQL; SQLite keeps no statistics by itself).
        if engine.dialect.name != "postgresql":
            return
        with engine.connect() as connection:
            connection.execute(sa.text("ANALYZE"))
            connection.commit()

    results = run_interleaved(
        {
            "ours": (lambda p: ours(factory, staff_for(p), p), ours_paths),
            "by hand (ORM)": (lambda p: by_hand(factory, staff_for(p), p), hand_paths),
            "SpiffWorkflow": (spiff.path(factory), instances),
        },
        counter,
        analyze,
    )
    engine.dispose()
    return results

"""The programme's figures read from the facts kept by triggers (migration 0021) and folded from
one query per table are the figures computed the straightforward way, one GROUP BY per
figure over the rows themselves (tests/figures_reference.py), for every kind of user and
filter, after any write to the rows the facts come from -- on both databases."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.generate import generate
from db.actions import action_areas, action_countries, action_topics
from db.activities import activity_experts
from db.engine import make_engine, make_session_factory
from db.migrate import migration_module
from db.models import Action, Activity, Country, Expert, Request, User, tallies
from tests.figures_reference import reference_figures
from tests.support import Scenario
from workflow.action.states import ActionState
from workflow.activity.states import ActivityState
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.figures import HELD
from workflow.read.stats import statistics_for
from workflow.read.tallies import fold, kept_counts, state_counts
from workflow.request.states import RequestState

EXPERT_TYPES = ("eu_government", "non_eu_government", "non_governmental")
GENDERS = ("female", "male", "other", "undisclosed")
LINKS = {
    "area": (action_areas, "area_code", "code FROM thematic_areas"),
    "topic": (action_topics, "topic_code", "code FROM topics"),
    "country": (
        action_countries,
        "country_code",
        "code FROM countries WHERE region_code IS NOT NULL",
    ),
}
SPANS = [(dt.date(2021, 1, 1), dt.date(2023, 6, 30)), (None, dt.date(2022, 12, 31))]


def test_the_migration_s_held_states_are_the_lifecycle_s() -> None:
    assert set(migration_module("0021").HELD_STATES) == {s.value for s in HELD}


def a_day(rnd: random.Random) -> dt.date:
    return dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randrange(7 * 365))


def held_days(rnd: random.Random) -> dict[str, Any]:
    start = rnd.choice([None, a_day(rnd)])
    end = None if start is None else start + dt.timedelta(days=rnd.randrange(4))
    return {"actual_start": start, "actual_end": end}


def one(session: Session, column: Any, rnd: random.Random) -> Any:
    return rnd.choice(session.scalars(sa.select(column)).all())


def mutate(session: Session, rnd: random.Random) -> str:
    """One write of any kind to the rows the figures come from, as any writer could make it
    (not only the fire: the triggers must hold whoever writes)."""
    activities = Activity.__table__
    what = rnd.choice(
        ["state", "state", "start", "participants", "type", "unassign", "assign", "expert",
         "action", "received", "delete", "insert", "area", "topic", "country", "region",
         "request", "drop"]
    )  # fmt: skip
    activity = one(session, Activity.id, rnd)
    where = activities.c.id == activity
    if what == "state":
        change: dict[str, Any] = {"state": rnd.choice(list(ActivityState)).value}
    elif what == "start":
        change = held_days(rnd)
    elif what == "participants":
        change = {
            f"participants_{k}": rnd.choice([None, rnd.randrange(40)])
            for k in ("total", "women", "men")
        }
    elif what == "type":
        change = {"type_code": one(session, sa.text("code FROM activity_types"), rnd)}
    elif what in ("unassign", "assign"):
        link = activity_experts
        if what == "unassign":
            pair = session.execute(sa.select(link).order_by(sa.func.random()).limit(1)).first()
            if pair:
                session.execute(link.delete().where(link.c.activity_id == pair[0]))
        else:
            expert = one(session, Expert.id, rnd)
            taken = link.c.activity_id == activity, link.c.expert_id == expert
            if session.execute(sa.select(link).where(*taken)).first() is None:
                session.execute(link.insert().values(activity_id=activity, expert_id=expert))
        return what
    elif what == "expert":
        member_state = rnd.choice([None, "FR", "DE", "CZ"])
        kind, gender = rnd.choice(EXPERT_TYPES), rnd.choice(GENDERS)
        chosen = one(session, Expert.id, rnd)
        session.execute(
            sa.update(Expert)
            .where(Expert.id == chosen)
            .values(type=kind, gender=gender, member_state_code=member_state)
        )
        return what
    elif what == "action":
        state, chosen = rnd.choice(list(ActionState)).value, one(session, Action.id, rnd)
        session.execute(sa.update(Action).where(Action.id == chosen).values(state=state))
        return what
    elif what == "received":
        chosen = one(session, Request.id, rnd)
        day = a_day(rnd)
        session.execute(sa.update(Request).where(Request.id == chosen).values(received_on=day))
        return what
    elif what in LINKS:
        link, key, codes = LINKS[what]
        chosen = one(session, Action.id, rnd)
        session.execute(link.delete().where(link.c.action_id == chosen))
        # Several at once, two or three of one region: in one statement.
        picked = {one(session, sa.text(codes), rnd) for _ in range(rnd.randrange(4))}
        if what == "country" and picked:
            picked |= set(rnd.sample(in_region_of(session, min(picked)), 2))
        if picked:  # one multi-row INSERT: the triggers see the rows inserted before
            session.execute(link.insert().values([{"action_id": chosen, key: c} for c in picked]))
        return what
    elif what == "region":  # the admin moves a country (or several) to another region
        region = rnd.choice([None, *session.scalars(sa.text("SELECT code FROM regions"))])
        countries = {one(session, action_countries.c.country_code, rnd) for _ in range(2)}
        session.execute(
            sa.update(Country).where(Country.code.in_(countries)).values(region_code=region)
        )
        return what
    elif what == "request":
        state, chosen = rnd.choice(list(RequestState)).value, one(session, Request.id, rnd)
        session.execute(sa.update(Request).where(Request.id == chosen).values(state=state))
        return what
    elif what == "drop":  # an Action deleted whole (its links by cascade), closed or not
        return drop_action(session, one(session, Action.id, rnd), rnd)
    elif what == "delete":
        nested = session.begin_nested()
        try:
            link = activity_experts
            session.execute(link.delete().where(link.c.activity_id == activity))
            session.execute(activities.delete().where(where))
            nested.commit()
        except sa.exc.IntegrityError:  # another row refers to it: left alone
            nested.rollback()
        return what
    else:  # insert: a copy of an activity, held or not, in another Action maybe
        row = dict(session.execute(sa.select(activities).where(where)).mappings().one())
        row |= {
            "id": session.scalar(sa.select(sa.func.max(activities.c.id))) + 1,
            "action_id": one(session, Action.id, rnd),
            "state": rnd.choice(list(ActivityState)).value,
            **held_days(rnd),
        }
        session.execute(activities.insert().values(**row))
        return what
    session.execute(activities.update().where(where).values(**change))
    return what


def in_region_of(session: Session, country: str) -> list[str]:
    region = session.scalar(sa.select(Country.region_code).where(Country.code == country))
    return list(session.scalars(sa.select(Country.code).where(Country.region_code == region)))


def drop_action(session: Session, action: int, rnd: random.Random) -> str:
    session.execute(sa.update(Action).where(Action.id == action).values(state=rnd.choice(
        [ActionState.CLOSED.value, ActionState.IMPLEMENTATION.value])))  # fmt: skip
    activities = sa.select(Activity.id).where(Activity.action_id == action)
    session.execute(activity_experts.delete().where(activity_experts.c.activity_id.in_(activities)))
    session.execute(sa.delete(Activity).where(Activity.action_id == action))
    session.execute(sa.delete(Action).where(Action.id == action))  # its links by cascade
    return "drop"


def filters(session: Session) -> list[dict[str, Any]]:
    regions = session.scalars(sa.text("SELECT code FROM regions ORDER BY code")).all()
    phases = session.scalars(sa.text("SELECT code FROM phases ORDER BY code")).all()
    return (
        [{}]
        + [{"region": r} for r in regions]
        + [{"phase": p} for p in phases]
        + [{"span": s} for s in SPANS]
        + [{"phase": phases[-1], "region": regions[0], "span": SPANS[0]}]
    )


def check_every_view(session: Session) -> int:
    """Compare the figures with the reference for each kind of user and filter; how many."""
    names = ["staff1", "psc1", "focal1", "focal2", "expert1", "expert2"]
    users = session.scalars(sa.select(User).where(User.username.in_(names))).all()
    compared = 0
    views = filters(session)
    for user in users:
        for view in views if user.username in ("staff1", "focal1") else views[:3]:
            fast = statistics_for(session, user, **view)
            assert fast == reference_figures(session, user, **view), (user.username, view)
            compared += 1
    return compared


def counted_states(session: Session) -> dict[str, dict[str, int]]:
    """The number of Requests, Actions and Activities in each state, counted from the rows."""
    return {
        kind: dict(session.execute(sa.select(m.state, sa.func.count()).group_by(m.state)).all())
        for kind, m in (("request", Request), ("action", Action), ("activity", Activity))
    }


def test_the_fast_figures_are_the_reference_s_whatever_is_written(db_url: str) -> None:
    generate(db_url, actions=24, block=8)  # three copies of a block, loaded without triggers
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    rnd = random.Random(20261202)
    try:
        with factory() as session:
            assert check_every_view(session) >= 40  # the facts of bulk-written rows
            assert state_counts(session) == counted_states(session)
            done = {mutate(session, rnd) for _ in range(150)}
            session.commit()
        changes = fold(UnitOfWork(factory))  # the scheduler folds the rows of changes
        with factory() as session:
            rows = session.scalar(sa.select(sa.func.count()).select_from(tallies))
            counts = kept_counts(session)
            assert changes > rows == sum(len(keys) for keys in counts.values())  # one a count
            done |= {mutate(session, rnd) for _ in range(150)}
            session.flush()
            check_every_view(session)  # the facts after any write, folded or not
            assert state_counts(session) == counted_states(session)
            assert len(done) == 17, " ".join(sorted(done))  # every kind of write was made
            held = session.scalar(
                sa.select(sa.func.count()).where(Expert.deployed)  # the facts are there
            )
            assert held and session.scalar(
                sa.select(sa.func.count()).where(Action.first_held_days.is_not(None))
            )
    finally:
        engine.dispose()


Facts = dict[str, set[tuple[Any, ...]]]
# A tally row counting nothing is no fact (a type whose activities all moved away).
COUNTS_SOMETHING = "activities + participants_total + participants_women + participants_men > 0"


def read_facts(session: Session, queries: dict[str, str]) -> Facts:
    return {name: set(map(tuple, session.execute(sa.text(q)))) for name, q in queries.items()}


def kept_facts(session: Session) -> Facts:
    """The facts the triggers keep (migration 0021), as rows."""
    tally = "action_id, type_code, activities, participants_total, participants_women, " + (
        "participants_men"
    )
    return read_facts(
        session,
        {
            "tallies": f"SELECT {tally} FROM activity_tallies WHERE {COUNTS_SOMETHING}",
            "first held": "SELECT id, first_held_days FROM actions",
            "deployed": "SELECT id FROM experts WHERE deployed",
            "pairs": "SELECT action_id, expert_id FROM held_deployments",
        },
    )


def recomputed_facts(session: Session, postgres: bool) -> Facts:
    """The same facts computed from the rows themselves, with 0021's own expressions."""
    facts = migration_module("0021")
    held = f"state IN {facts.HELD}"
    sums = ", ".join(
        f"coalesce(sum(participants_{n}) FILTER (WHERE {held}), 0) AS participants_{n}"
        for n in ("total", "women", "men")
    )
    tallies = (
        "SELECT action_id, type_code, count(*) FILTER (WHERE state <> 'cancelled')"
        f" AS activities, {sums} FROM activities GROUP BY action_id, type_code"
    )
    return read_facts(
        session,
        {
            "tallies": f"SELECT * FROM ({tallies}) AS t WHERE {COUNTS_SOMETHING}",
            "first held": f"SELECT id, {facts.first_held(postgres)} FROM actions",
            "deployed": f"SELECT id FROM experts WHERE {facts.deployed('experts.id')}",
            "pairs": "SELECT DISTINCT a.action_id, d.expert_id FROM activity_experts d"
            f" JOIN activities a ON a.id = d.activity_id WHERE a.{held}",
        },
    )


def test_the_kept_facts_follow_each_write_at_once(db_url: str) -> None:
    """After every single write, not only at the end (a later write on the same Action
    recounts its facts and would hide a write that a trigger missed)."""
    generate(db_url, actions=48, block=8)  # enough that the drops leave Actions to write
    engine = make_engine(db_url)
    postgres = engine.dialect.name == "postgresql"
    rnd = random.Random(2026120202)
    try:
        with make_session_factory(engine)() as session:
            moved = []
            for _ in range(300):
                what = mutate(session, rnd)
                moved.append(what)
                kept, recomputed = (
                    kept_facts(session),
                    recomputed_facts(session, postgres),
                )
                for name in kept:
                    assert kept[name] == recomputed[name], (name, moved[-5:])
            assert {"state", "start", "participants", "type", "insert", "delete"} <= set(moved)
    finally:
        engine.dispose()


def test_fires_keep_each_expert_s_deployment_as_it_moves(
    world: Scenario, engine: sa.Engine, session_factory: Any
) -> None:
    """Through the fires themselves (on PostgreSQL one statement each, the triggers run at
    its end): scheduled, nobody is deployed; held, the expert is, on that Action, and
    stays so when the report comes in; the kept facts match the rows after every step."""
    action = world.approved_action(activities=1)
    activity = world.get(Action, action.id).activities[0]
    postgres = engine.dialect.name == "postgresql"

    def deployed() -> tuple[set[int], set[tuple[int, int]]]:
        with session_factory() as session:
            kept, recomputed = kept_facts(session), recomputed_facts(session, postgres)
            assert kept == recomputed
            experts = session.scalars(sa.select(Expert.id).where(Expert.deployed.is_(True)))
            pairs = session.execute(sa.text("SELECT action_id, expert_id FROM held_deployments"))
            return set(experts), {(a, e) for a, e in pairs if a == action.id}

    assert deployed() == (set(), set())
    world.fire("activity", activity.id, "schedule", data={"expert_ids": [world.expert.id]})
    assert deployed() == (set(), set())
    held = {
        "actual_start": "2026-11-18",
        "actual_end": "2026-11-20",
        "participants": {"total": 20, "women": 12, "men": 8},
    }
    world.fire("activity", activity.id, "mark_held", data=held)
    assert deployed() == ({world.expert.id}, {(action.id, world.expert.id)})
    report = {"report": "Held as planned.", "participant_feedback": "Useful."}
    world.fire("activity", activity.id, "submit_report", data=report)  # still held
    assert deployed() == ({world.expert.id}, {(action.id, world.expert.id)})

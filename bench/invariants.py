"""The lifecycle invariants of a database, checked with the workflow's own definitions and guards.

bench/generate.py writes rows in bulk, bypassing `fire`; this says whether
what it wrote is what the workflow could have made:

- every object's state is one of its lifecycle's states, and its history is
  a walk along the lifecycle's transitions (each row's trigger leads from its
  `from_state` to its `to_state`, each row starts where the one before ended,
  the last ends in the object's state; `create` starts in the initial state,
  edits and votes keep the state);
- the guards that let an object where it is still hold: an accepted Request
  passes `accept`'s guards, a submitted Fiche `submit_to_psc`'s (but the
  electorate, fixed at submission, is checked as its stored rows), an Action
  in evaluation or closed `complete_implementation`'s, and every Activity
  whose experts are booked passes `schedule`'s guards (no double booking).

It reads everything: for the small databases of tests, not for 100,000 Actions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, HistoryEntry, PscElector, Request
from workflow.admin.settings import load_settings
from workflow.engine.context import FireContext
from workflow.engine.definition import name_of
from workflow.lifecycles import LIFECYCLES, MODELS
from workflow.services import ActionState, ActivityState, RequestState

# Rows that record an act without a transition: the state stays.
STATE_KEEPING = frozenset({"edit", "vote"})
SUBMITTED = (
    ActionState.PSC_REVIEW,
    ActionState.IMPLEMENTATION,
    ActionState.SUSPENDED,
    ActionState.EVALUATION,
    ActionState.CLOSED,
)


def violations(session: Session, now: dt.datetime) -> list[str]:
    """Every broken invariant, one line each; [] when the data is sound."""
    found: list[str] = []
    histories: dict[tuple[str, int], list[HistoryEntry]] = defaultdict(list)
    for row in session.scalars(sa.select(HistoryEntry).order_by(HistoryEntry.id)):
        histories[(row.object_kind, row.object_id)].append(row)
    for kind, model in MODELS.items():
        for obj in session.scalars(sa.select(model)):
            found += walk_problems(kind, obj, histories[(kind, obj.id)])
    ctx = FireContext(session, None, now, load_settings(session))
    found += guard_problems(ctx)
    return found


def walk_problems(kind: str, obj: Any, rows: list[HistoryEntry]) -> list[str]:
    lifecycle, name = LIFECYCLES[kind], f"{kind} {obj.id}"
    try:
        lifecycle.state(obj.state)
    except ValueError:
        return [f"{name}: unknown state {obj.state!r}"]
    if not rows or rows[0].trigger != "create" or rows[0].to_state != lifecycle.initial:
        return [f"{name}: its history does not start with its creation in {lifecycle.initial}"]
    problems, state = [], rows[0].to_state
    for row in rows[1:]:
        if row.from_state != state:
            problems.append(f"{name}: row {row.id} starts in {row.from_state}, not {state}")
        transition = lifecycle.transition(row.trigger)
        if transition is None:
            if row.trigger not in STATE_KEEPING or row.to_state != row.from_state:
                problems.append(f"{name}: row {row.id} '{row.trigger}' is no transition")
        elif row.from_state not in transition.sources or row.to_state != transition.dest:
            problems.append(
                f"{name}: row {row.id} '{row.trigger}' cannot go {row.from_state}->{row.to_state}"
            )
        state = row.to_state
    if state != obj.state:
        problems.append(f"{name}: history ends in {state}, the object is {obj.state}")
    return problems


def guard_problems(ctx: FireContext) -> list[str]:
    """The guards of the transitions that brought each object where it is, on its data now."""
    session, problems = ctx.session, []

    def check(obj: Any, kind: str, trigger: str, skip: tuple[str, ...] = ()) -> None:
        transition = LIFECYCLES[kind].transitions[trigger]
        for guard in transition.guards:
            if name_of(guard) in skip:
                continue
            for reason in guard(obj, ctx):
                problems.append(f"{kind} {obj.id} ({obj.state}): {trigger}: {reason.message}")

    for request in session.scalars(
        sa.select(Request).where(Request.state == RequestState.ACCEPTED)
    ):
        check(request, "request", "accept")
    for action in session.scalars(sa.select(Action).where(Action.state.in_(SUBMITTED))):
        # The electorate was fixed at submission; who may vote today is not the question.
        check(action, "action", "submit_to_psc", skip=("electorate_large_enough",))
        electors = session.scalar(
            sa.select(sa.func.count()).where(
                PscElector.action_id == action.id, PscElector.round == action.psc_round
            )
        )
        if (electors or 0) < ctx.settings.psc_min_voters:
            problems.append(f"action {action.id}: {electors} electors")
        if action.state in (ActionState.EVALUATION, ActionState.CLOSED):
            check(action, "action", "complete_implementation")
    booked = ActivityState.tagged("booked_on_planned_dates") + ActivityState.tagged(
        "booked_on_actual_dates"
    )
    for activity in session.scalars(sa.select(Activity).where(Activity.state.in_(booked))):
        check(activity, "activity", "schedule", skip=("action_allows_schedule",))
        held = activity.state in ActivityState.tagged("booked_on_actual_dates")
        if held and not (activity.actual_end and activity.actual_end <= ctx.today):
            problems.append(f"activity {activity.id}: held without past actual dates")
    return problems

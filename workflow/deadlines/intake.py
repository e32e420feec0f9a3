"""The rules of the first months: the eligibility decision and the rapid-reaction clock.

The rapid-reaction clock runs from receipt: while the Request is open its owner
is told (day `received_on` + the settings); once accepted, the Action's stored
`rapid_reaction_due_on` (moved by suspensions) drives it. It stops when met (an
Activity held with `actual_start` on or before that day), when the Request is
declined or withdrawn, and while the Action is suspended or once it is over.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, Request
from workflow.action.states import ActionState
from workflow.activity.states import ActivityState
from workflow.admin.settings import Settings
from workflow.deadlines import Due
from workflow.deadlines.recipients import owner, programme_manager
from workflow.deadlines.window import Window, dues
from workflow.request.states import RequestState

OPEN_REQUEST = RequestState.tagged("open")
HELD = ActivityState.tagged("booked_on_actual_dates")
CLOCK_STOPPED = (*ActionState.tagged("terminal"), ActionState.SUSPENDED)


def eligibility(session: Session, window: Window, settings: Settings) -> list[Due]:
    """`eligibility`: the decision is due on `eligibility_due_on` and not taken yet."""
    rows = session.execute(
        sa.select(Request.id, Request.owner_id, Request.eligibility_due_on).where(
            Request.eligibility_due_on.between(window.first, window.last),
            Request.state.in_(OPEN_REQUEST),
        )
    )
    return [
        due
        for rid, owner_id, day in rows
        for due in dues("eligibility", ("request", rid), owner(owner_id), day.isoformat(), day, {})
    ]


def rapid_reaction(session: Session, window: Window, settings: Settings) -> list[Due]:
    """`rapid_reaction_warning` and `rapid_reaction_missed`, of open Requests and Actions."""
    manager = programme_manager(session, settings)
    found = []
    for rule, offset in request_days(settings):
        query = sa.select(Request.id, Request.owner_id, Request.received_on).where(
            Request.received_on.between(*window.shifted(-offset)),
            Request.state.in_(OPEN_REQUEST),
        )
        for rid, owner_id, received in session.execute(query):
            day = received + dt.timedelta(days=offset)
            deadline = received + dt.timedelta(days=settings.rapid_reaction_days)
            facts = {
                "received_on": received.isoformat(),
                "rapid_reaction_due_on": deadline.isoformat(),
            }
            found += dues(rule, ("request", rid), owner(owner_id) + manager, str(day), day, facts)
    for rule, offset in action_days(settings):
        for aid, owner_id, due_on in session.execute(_open_actions(window, offset)):
            day = due_on + dt.timedelta(days=offset)
            facts = {"rapid_reaction_due_on": due_on.isoformat()}
            found += dues(rule, ("action", aid), owner(owner_id) + manager, str(day), day, facts)
    return found


def request_days(settings: Settings) -> tuple[tuple[str, int], ...]:
    """Each rule's reminder day, in days after receipt."""
    return (
        ("rapid_reaction_warning", settings.rapid_reaction_warning_day),
        ("rapid_reaction_missed", settings.rapid_reaction_days + 1),
    )


def action_days(settings: Settings) -> tuple[tuple[str, int], ...]:
    """Each rule's reminder day, in days after the Action's stored due date."""
    return (
        (
            "rapid_reaction_warning",
            settings.rapid_reaction_warning_day - settings.rapid_reaction_days,
        ),
        ("rapid_reaction_missed", 1),
    )


def rapid_reaction_met() -> sa.Exists:
    """The Action's clock is met: an Activity held with `actual_start` on or before the day."""
    return sa.exists().where(
        Activity.action_id == Action.id,
        Activity.state.in_(HELD),
        Activity.actual_start <= Action.rapid_reaction_due_on,
    )


def _open_actions(window: Window, offset: int) -> sa.Select[int, int, dt.date]:
    """Actions whose reminder day falls in the window, the clock running and not met."""
    return sa.select(Action.id, Action.owner_id, Action.rapid_reaction_due_on).where(
        Action.rapid_reaction_due_on.between(*window.shifted(-offset)),
        Action.state.not_in(CLOCK_STOPPED),
        ~rapid_reaction_met(),
    )

"""The Activity's rules: experts confirmed before the start, and the report.

Report reminders: due - 3 (`report_due`), due + 1 and due + 8 (`report_overdue`),
due + 15 and every 7 days after (`report_escalation`, also to the programme
manager). Each scan computes the newest reminder day on or before the window's
last day; the occurrence is that day plus the current due date, so a returned
report (a new due date) starts a new series. They go on while the Action is
suspended, and stop once the report is submitted (the Activity leaves `held`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity
from db.models import activity_experts as deployments
from workflow.action.states import ActionState
from workflow.activity.states import ActivityState
from workflow.admin.settings import Settings
from workflow.deadlines import Due
from workflow.deadlines.recipients import experts_of_activities, owner, programme_manager
from workflow.deadlines.window import Window, dues

BEFORE_DUE, FIRST_OVERDUE, EVERY, ESCALATE_FROM = 3, 1, 7, 15


def experts_unconfirmed(session: Session, window: Window, settings: Settings) -> list[Due]:
    """`experts_unconfirmed`: a planned Activity without experts on planned_start -
    experts_confirmed_days, that day moved by the Action's suspensions; none while the
    Action is suspended (its clock stands; resuming moves the day past the pause)."""
    lead = settings.experts_confirmed_days
    rows = session.execute(
        sa.select(Activity.id, Activity.planned_start, Action.owner_id, Action.suspension_days)
        .join(Action, Action.id == Activity.action_id)
        .where(
            Activity.state == ActivityState.PLANNED,
            Action.state != ActionState.SUSPENDED,
            # Not `first + lead`: a suspension moves the day later by up to its length. But
            # never earlier: the day is at least start - lead, so a start after `last + lead`
            # is not due yet (the bound keeps the scan to the Activities near their start).
            Activity.planned_start.between(window.first, window.last + dt.timedelta(days=lead)),
            ~sa.exists().where(deployments.c.activity_id == Activity.id),
        )
    )
    found: list[Due] = []
    for aid, start, owner_id, paused in rows:
        assert start is not None  # selected on it
        day = start - dt.timedelta(days=lead) + dt.timedelta(days=paused)
        if day in window:
            facts = {"planned_start": start.isoformat()}
            found += dues(
                "experts_unconfirmed", ("activity", aid), owner(owner_id), str(day), day, facts
            )
    return found


def reports(session: Session, window: Window, settings: Settings) -> list[Due]:
    """`report_due`, `report_overdue` and `report_escalation` of the held Activities."""
    rows = session.execute(
        sa.select(Activity.id, Activity.report_due_on, Action.owner_id)
        .join(Action, Action.id == Activity.action_id)
        .where(
            Activity.state == ActivityState.HELD,
            Activity.report_due_on <= window.last + dt.timedelta(days=BEFORE_DUE),
        )
    ).all()
    manager = programme_manager(session, settings) if rows else []
    reminders = {}
    for aid, due_on, owner_id in rows:
        assert due_on is not None  # selected on it
        reminder = report_reminder(due_on, window.last)
        if reminder is not None and reminder[1] in window:
            reminders[aid] = (reminder, due_on, owner_id)
    # The experts of every Activity reminded, at once: the scan's cost follows what is due.
    experts = experts_of_activities(session, list(reminders))
    found: list[Due] = []
    for aid, ((rule, day), due_on, owner_id) in reminders.items():
        people = experts.get(aid, []) + owner(owner_id)
        people += manager if rule == "report_escalation" else []
        facts = {"report_due_on": due_on.isoformat()}
        occurrence = f"{day.isoformat()}/due-{due_on.isoformat()}"
        found += dues(rule, ("activity", aid), people, occurrence, day, facts)
    return found


def report_reminder(due_on: dt.date, last: dt.date) -> tuple[str, dt.date] | None:
    """The newest report reminder (rule, day) on or before `last`, if any."""
    late = (last - due_on).days
    if late < -BEFORE_DUE:
        return None
    if late < FIRST_OVERDUE:
        return "report_due", due_on - dt.timedelta(days=BEFORE_DUE)
    step = FIRST_OVERDUE + (late - FIRST_OVERDUE) // EVERY * EVERY
    rule = "report_escalation" if step >= ESCALATE_FROM else "report_overdue"
    return rule, due_on + dt.timedelta(days=step)

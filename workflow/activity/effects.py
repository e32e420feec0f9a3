"""Effects of the Activity lifecycle: the schedule, the held dates, the report and its due dates."""

from __future__ import annotations

import datetime as dt

from db.models import Activity
from workflow.action.effects import (
    clear_partner_validation,
)
from workflow.action.states import ActionState
from workflow.activity.assignment import assign
from workflow.activity.guards import (
    experts_of,
    schedule_dates,
    schedule_expert_ids,
)
from workflow.activity.shapes import MarkHeldData, SubmitReportData
from workflow.engine.context import FireContext
from workflow.events.action import ask_partner_validation


def fix_schedule(activity: Activity, ctx: FireContext) -> None:
    """Effect of `schedule`: set the planned dates and the assigned experts."""
    activity.planned_start, activity.planned_end = schedule_dates(activity, ctx)
    experts = experts_of(ctx, schedule_expert_ids(activity, ctx))
    assign(ctx.session, activity, experts, ctx.along)  # written with the Activity
    ctx.record.update(
        planned_start=str(activity.planned_start),
        planned_end=str(activity.planned_end),
        expert_ids=[e.id for e in activity.experts],
    )


def record_held(activity: Activity, ctx: FireContext) -> None:
    """Effect of `mark_held`: record the actual dates and participants; set the report due date."""
    assert isinstance(ctx.data, MarkHeldData)
    activity.actual_start, activity.actual_end = ctx.data.actual_start, ctx.data.actual_end
    people = ctx.data.participants
    activity.participants_total = people.total
    activity.participants_women, activity.participants_men = people.women, people.men
    due = ctx.data.actual_end + dt.timedelta(days=ctx.settings.report_due_days)
    activity.report_due_on = due
    ctx.record["report_due_on"] = due.isoformat()


def record_report(activity: Activity, ctx: FireContext) -> None:
    """Effect of `submit_report`: store the report and the participants' feedback."""
    assert isinstance(ctx.data, SubmitReportData)
    activity.report = ctx.data.report
    activity.participant_feedback = ctx.data.participant_feedback


def new_report_due_date(activity: Activity, ctx: FireContext) -> None:
    """Effect of `return_report`: set a new report due date (settings)."""
    due = ctx.today + dt.timedelta(days=ctx.settings.report_return_days)
    activity.report_due_on = due
    ctx.record["report_due_on"] = due.isoformat()


def report_accepted(activity: Activity, ctx: FireContext) -> None:
    """Effect of `accept_report`: clear the report due date (nothing is due any more)."""
    activity.report_due_on = None  # nothing is due any more: the deadline scan skips it


def keep_reason(activity: Activity, ctx: FireContext) -> None:
    """Effect of `cancel`: keep the reason on the activity."""
    activity.cancel_reason = ctx.value("reason")


def void_partner_validation(activity: Activity, ctx: FireContext) -> None:
    """Cancelling an activity while the Fiche is drafted changes what the partner signed."""
    if activity.action.state == ActionState.FICHE_DRAFTING:
        clear_partner_validation(activity.action)
        ctx.afterwards.append(lambda: ask_partner_validation(activity.action, ctx))


def touch_action(activity: Activity, ctx: FireContext) -> None:
    """Every Activity fire bumps its Action's version: the Action changed with it."""
    activity.action.updated_at = ctx.now

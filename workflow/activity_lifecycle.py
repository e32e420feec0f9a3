"""The Activity lifecycle: planned, scheduled, held, reported, completed (lifecycles.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa

from db.models import Activity, Expert
from workflow import access
from workflow.action_lifecycle import clear_partner_validation
from workflow.activity_guards import (
    action_allows,
    dates_fixed,
    dates_ordered,
    experts_available,
    experts_known,
    has_expert,
    held_in_the_past,
    lock_experts,
    no_double_booking,
    schedule_dates,
    schedule_expert_ids,
)
from workflow.context import FireContext
from workflow.lifecycle import Guard, Lifecycle, State, Transition
from workflow.schemas import MarkHeldData, ReasonData, ScheduleData, SubmitReportData


def assigned_expert(activity: Activity, ctx: FireContext) -> bool:
    """Role check of `submit_report`: the actor is an expert assigned to the activity."""
    return ctx.actor is not None and access.is_assigned(ctx.session, activity, ctx.actor)


def fix_schedule(activity: Activity, ctx: FireContext) -> None:
    """Effect of `schedule`: set the planned dates and the assigned experts."""
    activity.planned_start, activity.planned_end = schedule_dates(activity, ctx)
    ids = schedule_expert_ids(activity, ctx)
    activity.experts = list(
        ctx.session.scalars(sa.select(Expert).where(Expert.id.in_(ids)).order_by(Expert.id))
    )
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
    if activity.action.state == "fiche_drafting":
        clear_partner_validation(activity.action)


def touch_action(activity: Activity, ctx: FireContext) -> None:
    """Every Activity fire bumps its Action's version: the Action changed with it."""
    activity.action.updated_at = ctx.now


def _guards(trigger: str, *more: Guard) -> Sequence[Guard]:
    return (action_allows(trigger), *more)


STAFF_OR_ASSIGNED_EXPERT = {"staff": None, "expert": assigned_expert}

ACTIVITY = Lifecycle(
    "activity",
    states=[
        State("planned", "Planned"),
        State("scheduled", "Scheduled"),
        State("held", "Held"),
        State("report_submitted", "Report submitted"),
        State("completed", "Completed", terminal=True),
        State("cancelled", "Cancelled", terminal=True),
    ],
    transitions=[
        Transition(
            "schedule",
            "Schedule",
            ("planned",),
            "scheduled",
            data=ScheduleData,
            data_checks=(experts_known, dates_ordered),
            prepare=(lock_experts,),
            guards=_guards("schedule", dates_fixed, has_expert, no_double_booking),
            warnings=(experts_available,),
            effects=(fix_schedule, touch_action),
        ),
        Transition(
            "reschedule",
            "Back to planning",
            ("scheduled",),
            "planned",
            guards=_guards("reschedule"),
            effects=(touch_action,),
        ),
        Transition(
            "mark_held",
            "Mark as held",
            ("scheduled",),
            "held",
            data=MarkHeldData,
            guards=_guards("mark_held", held_in_the_past),
            effects=(record_held, touch_action),
        ),
        Transition(
            "submit_report",
            "Submit the report",
            ("held",),
            "report_submitted",
            roles=STAFF_OR_ASSIGNED_EXPERT,
            data=SubmitReportData,
            guards=_guards("submit_report"),
            effects=(record_report, touch_action),
        ),
        Transition(
            "return_report",
            "Return the report",
            ("report_submitted",),
            "held",
            comment_required=True,
            guards=_guards("return_report"),
            effects=(new_report_due_date, touch_action),
        ),
        Transition(
            "accept_report",
            "Accept the report",
            ("report_submitted",),
            "completed",
            guards=_guards("accept_report"),
            effects=(report_accepted, touch_action),
        ),
        Transition(
            "cancel",
            "Cancel",
            ("planned", "scheduled"),
            "cancelled",
            data=ReasonData,
            guards=_guards("cancel"),
            effects=(keep_reason, void_partner_validation, touch_action),
        ),
    ],
    initial="planned",
    editable={
        "planned": frozenset(
            {"type", "title", "place", "planned_start", "planned_end"} | {"expert_ids"}
        )
    },
)

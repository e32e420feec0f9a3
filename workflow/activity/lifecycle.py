"""The Activity lifecycle: planned, scheduled, held, reported, completed (docs/lifecycles.md)."""

from __future__ import annotations

from collections.abc import Sequence

from db.models import Activity
from workflow.activity import effects
from workflow.activity.guards import (
    EXPERTS_WITH_ACT,
    action_allows,
    dates_fixed,
    dates_ordered,
    experts_available,
    experts_known,
    has_expert,
    held_in_the_past,
    lock_experts,
    no_double_booking,
)
from workflow.activity.shapes import MarkHeldData, ScheduleData, SubmitReportData
from workflow.activity.states import ActivityState
from workflow.engine.context import FireContext
from workflow.engine.definition import Guard, Lifecycle, Transition
from workflow.engine.shapes import (
    ReasonData,
)
from workflow.events import activity as notices
from workflow.read import access


def assigned_expert(activity: Activity, ctx: FireContext) -> bool:
    """Role check of `submit_report`: the actor is an expert assigned to the activity."""
    return ctx.actor is not None and access.is_assigned(ctx.session, activity, ctx.actor)


def _guards(trigger: str, *more: Guard) -> Sequence[Guard]:
    return (action_allows(trigger), *more)


STAFF_OR_ASSIGNED_EXPERT = {"staff": None, "expert": assigned_expert}


ACTIVITY = Lifecycle(
    "activity",
    states=ActivityState,
    transitions=[
        Transition(
            "schedule",
            "Schedule",
            (ActivityState.PLANNED,),
            ActivityState.SCHEDULED,
            data=ScheduleData,
            data_checks=(experts_known, dates_ordered),
            prepare=(lock_experts,),
            locks_with_act=EXPERTS_WITH_ACT,
            guards=_guards("schedule", dates_fixed, has_expert, no_double_booking),
            warnings=(experts_available,),
            effects=(effects.fix_schedule, effects.touch_action, notices.scheduled),
        ),
        Transition(
            "reschedule",
            "Back to planning",
            (ActivityState.SCHEDULED,),
            ActivityState.PLANNED,
            guards=_guards("reschedule"),
            effects=(effects.touch_action,),
        ),
        Transition(
            "mark_held",
            "Mark as held",
            (ActivityState.SCHEDULED,),
            ActivityState.HELD,
            data=MarkHeldData,
            guards=_guards("mark_held", held_in_the_past),
            effects=(effects.record_held, effects.touch_action),
        ),
        Transition(
            "submit_report",
            "Submit the report",
            (ActivityState.HELD,),
            ActivityState.REPORT_SUBMITTED,
            roles=STAFF_OR_ASSIGNED_EXPERT,
            data=SubmitReportData,
            guards=_guards("submit_report"),
            effects=(effects.record_report, effects.touch_action, notices.report_submitted),
        ),
        Transition(
            "return_report",
            "Return the report",
            (ActivityState.REPORT_SUBMITTED,),
            ActivityState.HELD,
            comment_required=True,
            guards=_guards("return_report"),
            effects=(effects.new_report_due_date, effects.touch_action, notices.report_returned),
        ),
        Transition(
            "accept_report",
            "Accept the report",
            (ActivityState.REPORT_SUBMITTED,),
            ActivityState.COMPLETED,
            guards=_guards("accept_report"),
            effects=(effects.report_accepted, effects.touch_action),
        ),
        Transition(
            "cancel",
            "Cancel",
            (ActivityState.PLANNED, ActivityState.SCHEDULED),
            ActivityState.CANCELLED,
            data=ReasonData,
            guards=_guards("cancel"),
            effects=(effects.keep_reason, effects.void_partner_validation, effects.touch_action),
        ),
    ],
    initial=ActivityState.PLANNED,
    editable={
        ActivityState.PLANNED: frozenset(
            {"type", "title", "place", "planned_start", "planned_end"} | {"expert_ids"}
        )
    },
)

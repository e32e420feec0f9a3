"""Guards of the Action lifecycle: is the Fiche complete, is implementation over?"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Action, Activity
from workflow.action import psc
from workflow.activity.states import ActivityState
from workflow.engine.context import FireContext
from workflow.engine.definition import RowsGuard, checks
from workflow.engine.errors import Reason, listed


def live_activities(action: Action) -> list[Activity]:
    """The Action's activities that are not cancelled."""
    return [a for a in action.activities if a.state != ActivityState.CANCELLED]


@checks("The Action Fiche is complete (objectives, context, activities with periods)")
def fiche_complete(action: Action, ctx: FireContext) -> list[Reason]:
    """The Action Fiche has what the PSC needs to decide."""
    reasons = []
    if not action.objectives.strip():
        reasons.append(Reason("no_objectives", "The Action Fiche has no objectives."))
    if not action.context.strip():
        reasons.append(
            Reason("no_context", "The Action Fiche does not describe the partner's context.")
        )
    reasons += _activity_count(action, ctx)
    undated = [a.title for a in live_activities(action) if not (a.planned_start and a.planned_end)]
    if undated:
        reasons.append(
            Reason(
                "activity_without_period",
                f"These activities have no tentative period: {', '.join(undated)}.",
            )
        )
    if not action.focal_points:
        reasons.append(Reason("no_focal_point", "The Action Fiche has no focal point."))
    return reasons


def _activity_count(action: Action, ctx: FireContext) -> list[Reason]:
    count, settings = len(live_activities(action)), ctx.settings
    if count < settings.min_activities:
        return [
            Reason(
                "too_few_activities",
                f"The Action Fiche has {count} activities; at least "
                f"{settings.min_activities} are needed.",
            )
        ]
    if count > settings.max_activities:
        return [
            Reason(
                "too_many_activities",
                f"The Action Fiche has {count} activities; at most "
                f"{settings.max_activities} are allowed.",
            )
        ]
    return []


@checks("The partner's focal point has validated the Fiche since its last change")
def validated_by_partner(action: Action, ctx: FireContext) -> list[Reason]:
    """Guard `not_validated_by_partner`: a focal point validated the Fiche since its last edit."""
    if action.partner_validated_on is not None:
        return []
    return [
        Reason(
            "not_validated_by_partner",
            "The partner's focal point has not validated the Fiche since its last change.",
        )
    ]


@checks("Enough PSC members can vote on it")
def electorate_large_enough(action: Action, ctx: FireContext) -> list[Reason]:
    """Guard `psc_electorate_too_small`: at least `psc_min_voters` PSC members may vote."""
    voters = psc.electorate_to_fix(ctx, action)
    needed = ctx.settings.psc_min_voters
    if len(voters) >= needed:
        return []
    return [
        Reason(
            "psc_electorate_too_small",
            f"Only {len(voters)} PSC members may vote on this Fiche (neither its owner nor its "
            f"drafters may); at least {needed} are needed.",
        )
    ]


def _of_action(name: str) -> Any:
    """A `RowsGuard`'s parameters: the Action's id, as `name`."""

    def params(action: Action, ctx: FireContext) -> dict[str, Any]:
        return {name: action.id}

    return params


# One query each: a fire on PostgreSQL reads them with its write, on the snapshot taken
# after the Action's lock (an activity moves under that lock), one statement less.
_OPEN = (
    sa.select(Activity.title)
    .where(
        Activity.action_id == sa.bindparam("open_of_action", type_=sa.Integer),
        Activity.state.not_in([state.value for state in ActivityState if state.terminal]),
    )
    .order_by(Activity.id)
)
_COMPLETED = (
    sa.select(Activity.id)
    .where(
        Activity.action_id == sa.bindparam("completed_of_action", type_=sa.Integer),
        Activity.state == ActivityState.COMPLETED.value,
    )
    .limit(1)
)

# Guard `activities_open`: every activity of the Action is completed or cancelled.
activities_closed = RowsGuard(
    "activities_closed",
    "Every activity is completed or cancelled",
    _OPEN,
    _of_action("open_of_action"),
    lambda rows: listed(
        "activities_open",
        "These activities are neither completed nor cancelled",
        [title for (title,) in rows],
    ),
)

# Guard `nothing_completed`: at least one activity of the Action is completed.
nothing_completed = RowsGuard(
    "nothing_completed",
    "At least one activity was completed",
    _COMPLETED,
    _of_action("completed_of_action"),
    lambda rows: (
        []
        if rows
        else [Reason("nothing_completed", "No activity of this Action has been completed.")]
    ),
)


def usual_activity_count(action: Action, ctx: FireContext) -> list[Reason]:
    """A warning: an Action normally has 6 or 7 activities (settings)."""
    count, settings = len(live_activities(action)), ctx.settings
    if settings.usual_activities_min <= count <= settings.usual_activities_max:
        return []
    return [
        Reason(
            "unusual_activity_count",
            f"The Fiche has {count} activities; an Action normally has "
            f"{settings.usual_activities_min} or {settings.usual_activities_max}.",
        )
    ]

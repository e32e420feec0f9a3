"""Adding an Activity to an Action (the Activity's lifecycle starts in `planned`)."""

from __future__ import annotations

from typing import Any

from db.models import Action, Activity, ActivityType
from workflow.action.effects import clear_partner_validation
from workflow.action.guards import live_activities
from workflow.action.states import ActionState
from workflow.activity.shapes import ActivityInput
from workflow.activity.states import ActivityState
from workflow.engine import history, resolve
from workflow.engine.acts import acting, commit
from workflow.engine.errors import GuardFailed, InvalidTransition, Reason
from workflow.engine.unit_of_work import UnitOfWork
from workflow.events.action import ask_partner_validation
from workflow.read.loading import load_visible, require_role


def add_activity(uow: UnitOfWork, action_id: int, actor_id: int, raw: Any) -> Activity:
    """Add a planned Activity; the Action is locked and its version bumped."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        action: Action = load_visible(uow.session, Action, action_id, actor, lock=True)
        require_role(actor, "staff", "add an activity")
        data = resolve.parse(ActivityInput, raw)
        kind = resolve.rows_by_key(
            uow.session, ActivityType, ActivityType.code, [data.type], "type"
        )[0]
        experts = resolve.experts(uow.session, data.expert_ids)
        _check_action_accepts(action, ctx.settings.max_activities)
        activity = Activity(
            state=ActivityState.PLANNED,
            created_at=ctx.now,
            updated_at=ctx.now,
            action=action,
            type_code=kind.code,
            experts=experts,
            **data.model_dump(include={"title", "place", "planned_start", "planned_end"}),
        )
        uow.session.add(activity)
        if action.state == ActionState.FICHE_DRAFTING:
            clear_partner_validation(action)
        action.updated_at = ctx.now
        history.write(
            ctx, activity, "create", before=None, data={"title": activity.title, "type": kind.code}
        )
        ask_partner_validation(action, ctx)  # after the Activity is written
        commit(uow, "action")
        return activity


def _check_action_accepts(action: Action, most: int) -> None:
    if action.state not in ActionState.tagged("takes_activities"):
        reason = Reason(
            "action_not_active",
            f"Activities can be added only while the Fiche is drafted or the Action implemented "
            f"(it is {action.state.replace('_', ' ')}).",
        )
        raise InvalidTransition(reason.message, [reason])
    count = len(live_activities(action))
    if count >= most:
        reason = Reason(
            "too_many_activities",
            f"The Action already has {count} activities; at most {most} are allowed.",
        )
        raise GuardFailed(reason.message, [reason])

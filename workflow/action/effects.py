"""Effects on Activities that other lifecycles share (cancelling what is still open)."""

from __future__ import annotations

import datetime as dt
from typing import cast

import sqlalchemy as sa

from db.models import Action, FocalPoint, PscElector, User
from workflow.action import psc
from workflow.action.shapes import (
    CloseData,
)
from workflow.activity.states import ActivityState
from workflow.engine import history
from workflow.engine.context import FireContext
from workflow.read import access

# A Core INSERT on the connection: no autoflush of the Action mid-fire (one UPDATE of it,
# one version bump).
_INSERT_ELECTORS = sa.insert(cast(sa.Table, PscElector.__table__))
# PostgreSQL: the electorate as one statement sent with the fire's write (its parameters
# named apart from the Action's columns): the electors' accounts as the source.
_ELECTORS_ALONG = sa.insert(cast(sa.Table, PscElector.__table__)).from_select(
    ["action_id", "round", "user_id"],
    sa.select(
        sa.bindparam("electors_action", type_=sa.Integer),
        sa.bindparam("electors_round", type_=sa.Integer),
        User.id,
    ).where(User.id.in_(sa.bindparam("electors", expanding=True))),
)


def cancel_open_activities(action: Action, ctx: FireContext) -> None:
    """`cancel` and `psc_reject`: the planned and scheduled Activities go too, with the reason."""
    reason = ctx.value("reason")
    for activity in action.activities:
        if activity.state not in ActivityState.tagged("open"):
            continue
        from_state, activity.state = activity.state, ActivityState.CANCELLED
        activity.cancel_reason = reason
        history.write(
            ctx,
            activity,
            "cancel",
            before=from_state,
            data={"reason": reason, "by_action": action.state},
        )


def record_partner_validation(action: Action, ctx: FireContext) -> None:
    """Effect of `validate_fiche`: record the focal point's sign-off (who, today) of the Fiche."""
    assert ctx.actor is not None  # validate_fiche is fired by a linked focal point
    focal_point = actors_focal_point(action, ctx)
    action.partner_validated_by = focal_point.name if focal_point else ctx.actor.full_name
    action.partner_validated_on = ctx.today
    ctx.record["partner_validated_by"] = action.partner_validated_by


def actors_focal_point(action: Action, ctx: FireContext) -> FocalPoint | None:
    """The Action's focal point the actor is, read once per act (the role check and the
    effect of `validate_fiche` both ask)."""
    return access.actors_focal_point(ctx, action.id)


def open_psc_round(action: Action, ctx: FireContext) -> None:
    """Fix the round's electorate and its deadline."""
    action.psc_round = max(action.psc_round, 1)
    action.psc_submitted_on = ctx.today
    action.psc_deadline = ctx.today + dt.timedelta(days=ctx.settings.psc_vote_days)
    voters = psc.electorate_to_fix(ctx, action)
    connection = ctx.session.connection()
    if voters and connection.dialect.name == "postgresql":  # with the Action's UPDATE
        electors = {"electors_action": action.id, "electors_round": action.psc_round}
        ctx.along.append((_ELECTORS_ALONG, electors | {"electors": list(voters)}))
    elif voters:  # one INSERT of every elector (Core: nothing for the unit of work to plan)
        rows = [{"action_id": action.id, "round": action.psc_round, "user_id": v} for v in voters]
        connection.execute(_INSERT_ELECTORS, rows)
    ctx.record.update(round=action.psc_round, electorate=voters)


def close_psc_round(action: Action, ctx: FireContext) -> None:
    """Effect: the PSC round is over, so clear its vote deadline."""
    action.psc_deadline = None


def next_psc_round(action: Action, ctx: FireContext) -> None:
    """Changes requested: back to drafting, the partner must validate again."""
    action.psc_round += 1
    action.psc_deadline = None
    clear_partner_validation(action)


def clear_partner_validation(action: Action) -> None:
    """Clear the partner's sign-off of the Action Fiche: the focal point must validate again."""
    action.partner_validated_by = None
    action.partner_validated_on = None


def keep_reason(action: Action, ctx: FireContext) -> None:
    """Effect of `suspend`, `cancel` and `psc_reject`: keep the reason on the Action."""
    action.closing_reason = ctx.value("reason")


def pause_clocks(action: Action, ctx: FireContext) -> None:
    """Effect of `suspend`: remember the day, so `resume` knows how long the clocks stood."""
    action.suspended_on = ctx.today


def resume_clocks(action: Action, ctx: FireContext) -> None:
    """Effect of `resume`: the rapid-reaction and experts-confirmed clocks move by the pause."""
    if action.suspended_on is None:  # suspended before the column existed
        return
    paused = max((ctx.today - action.suspended_on).days, 0)
    action.rapid_reaction_due_on += dt.timedelta(days=paused)
    action.suspension_days += paused
    action.suspended_on = None
    ctx.record.update(paused_days=paused, rapid_reaction_due_on=str(action.rapid_reaction_due_on))


def start_evaluation(action: Action, ctx: FireContext) -> None:
    """Effect of `complete_implementation`: set the evaluation due date (settings)."""
    action.evaluation_due_on = ctx.today + dt.timedelta(days=ctx.settings.evaluation_days)


def record_evaluation(action: Action, ctx: FireContext) -> None:
    """Effect of `close`: store the evaluation (DAC ratings, feedback, good practice)."""
    assert isinstance(ctx.data, CloseData)
    action.evaluation = ctx.data.evaluation.model_dump(mode="json")
    action.evaluation_due_on = None

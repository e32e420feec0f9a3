"""Effects on Activities that other lifecycles share (cancelling what is still open)."""

from __future__ import annotations

from db.models import Action
from workflow import history
from workflow.context import FireContext

OPEN_ACTIVITY_STATES = ("planned", "scheduled")


def cancel_open_activities(action: Action, ctx: FireContext) -> None:
    """`cancel` and `psc_reject`: the planned and scheduled Activities go too, with the reason."""
    reason = ctx.value("reason")
    for activity in action.activities:
        if activity.state not in OPEN_ACTIVITY_STATES:
            continue
        from_state, activity.state = activity.state, "cancelled"
        activity.cancel_reason = reason
        history.record(
            ctx.session,
            activity,
            "cancel",
            from_state=from_state,
            to_state="cancelled",
            actor=ctx.actor,
            at=ctx.now,
            comment=ctx.comment,
            data={"reason": reason, "by_action": action.state},
        )

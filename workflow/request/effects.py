"""Effects of the Request lifecycle: accepting creates the Action; closing keeps the reason."""

from __future__ import annotations

import datetime as dt

from db.models import Action, Request
from workflow.action.states import ActionState
from workflow.engine import history
from workflow.engine.context import FireContext

TITLE_SUMMARY_CHARS = 80


def create_action(request: Request, ctx: FireContext) -> None:
    """`accept`: the Action, in `fiche_drafting`, carrying the Request's scope and owner."""
    action = Action(
        request=request,
        state=ActionState.FICHE_DRAFTING,
        created_at=ctx.now,
        updated_at=ctx.now,
        title=f"{request.requester_name}: {request.summary[:TITLE_SUMMARY_CHARS]}",
        owner_id=request.owner_id,
        countries=list(request.countries),
        thematic_areas=list(request.thematic_areas),
        topics=list(request.topics),
        rapid_reaction_due_on=request.received_on
        + dt.timedelta(days=ctx.settings.rapid_reaction_days),
    )
    ctx.session.add(action)
    ctx.session.flush()
    ctx.record["action_id"] = action.id
    history.write(ctx, action, "create", before=None, data={"request_id": request.id})


def keep_reason(request: Request, ctx: FireContext) -> None:
    """Effect of `decline` and `withdraw`: keep the stated reason(s) on the Request."""
    request.closing_reason = ctx.value("reasons") or ctx.value("reason")

"""The Request lifecycle: from receipt to an eligibility decision (lifecycles.md)."""

from __future__ import annotations

import datetime as dt

from db.models import Action, Request
from workflow import eligibility, history
from workflow.context import FireContext
from workflow.lifecycle import Lifecycle, State, Transition
from workflow.schemas import DeclineData, ReasonData

OPEN_STATES = ("received", "eligibility_review", "awaiting_information")
TITLE_SUMMARY_CHARS = 80


def create_action(request: Request, ctx: FireContext) -> None:
    """`accept`: the Action, in `fiche_drafting`, carrying the Request's scope and owner."""
    action = Action(
        request=request,
        state="fiche_drafting",
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
    history.record(
        ctx.session,
        action,
        "create",
        from_state=None,
        to_state=action.state,
        actor=ctx.actor,
        at=ctx.now,
        data={"request_id": request.id},
    )


def keep_reason(request: Request, ctx: FireContext) -> None:
    """Effect of `decline` and `withdraw`: keep the stated reason(s) on the Request."""
    request.closing_reason = ctx.value("reasons") or ctx.value("reason")


REQUEST = Lifecycle(
    "request",
    states=[
        State("received", "Received"),
        State("eligibility_review", "In eligibility review"),
        State("awaiting_information", "Awaiting information"),
        State("accepted", "Accepted", terminal=True),
        State("declined", "Declined", terminal=True),
        State("withdrawn", "Withdrawn", terminal=True),
    ],
    transitions=[
        Transition("start_screening", "Start screening", ("received",), "eligibility_review"),
        Transition(
            "ask_information",
            "Ask for information",
            ("eligibility_review",),
            "awaiting_information",
        ),
        Transition(
            "information_received",
            "Information received",
            ("awaiting_information",),
            "eligibility_review",
        ),
        Transition(
            "accept",
            "Accept",
            ("eligibility_review",),
            "accepted",
            guards=(
                eligibility.countries_eligible,
                eligibility.requester_eligible,
                eligibility.has_thematic_area,
                eligibility.areas_in_scope,
                eligibility.endorsed,
            ),
            effects=(create_action,),
        ),
        Transition(
            "decline",
            "Decline",
            ("eligibility_review",),
            "declined",
            data=DeclineData,
            effects=(keep_reason,),
        ),
        Transition(
            "withdraw",
            "Withdraw",
            OPEN_STATES,
            "withdrawn",
            data=ReasonData,
            effects=(keep_reason,),
        ),
    ],
    initial="received",
    editable={state: frozenset({"*"}) for state in OPEN_STATES},
)

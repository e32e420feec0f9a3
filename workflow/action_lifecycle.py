"""The Action lifecycle: the Fiche, the PSC's decision, implementation, evaluation."""

from __future__ import annotations

import datetime as dt

from db.models import Action, PscElector
from workflow import access, psc
from workflow.action_guards import (
    activities_closed,
    electorate_large_enough,
    fiche_complete,
    nothing_completed,
    usual_activity_count,
    validated_by_partner,
)
from workflow.activity_effects import cancel_open_activities
from workflow.context import FireContext
from workflow.lifecycle import Lifecycle, State, Transition
from workflow.schemas import CloseData, ReasonData


def linked_focal_point(action: Action, ctx: FireContext) -> bool:
    """Role check of `validate_fiche`: the actor is a focal point linked to the Action."""
    return (
        ctx.actor is not None
        and access.linked_focal_point(ctx.session, action.id, ctx.actor) is not None
    )


def record_partner_validation(action: Action, ctx: FireContext) -> None:
    """Effect of `validate_fiche`: record the focal point's sign-off (who, today) of the Fiche."""
    assert ctx.actor is not None  # validate_fiche is fired by a linked focal point
    focal_point = access.linked_focal_point(ctx.session, action.id, ctx.actor)
    action.partner_validated_by = focal_point.name if focal_point else ctx.actor.full_name
    action.partner_validated_on = ctx.today
    ctx.record["partner_validated_by"] = action.partner_validated_by


def open_psc_round(action: Action, ctx: FireContext) -> None:
    """Fix the round's electorate and its deadline."""
    action.psc_round = max(action.psc_round, 1)
    action.psc_submitted_on = ctx.today
    action.psc_deadline = ctx.today + dt.timedelta(days=ctx.settings.psc_vote_days)
    voters = psc.eligible_voters(ctx.session, action, ctx.actor)
    ctx.session.add_all(
        PscElector(action_id=action.id, round=action.psc_round, user_id=v) for v in voters
    )
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


def start_evaluation(action: Action, ctx: FireContext) -> None:
    """Effect of `complete_implementation`: set the evaluation due date (settings)."""
    action.evaluation_due_on = ctx.today + dt.timedelta(days=ctx.settings.evaluation_days)


def record_evaluation(action: Action, ctx: FireContext) -> None:
    """Effect of `close`: store the evaluation (DAC ratings, feedback, good practice)."""
    assert isinstance(ctx.data, CloseData)
    action.evaluation = ctx.data.evaluation.model_dump(mode="json")
    action.evaluation_due_on = None


ACTION = Lifecycle(
    "action",
    states=[
        State("fiche_drafting", "Drafting the Action Fiche"),
        State("psc_review", "In PSC review"),
        State("implementation", "In implementation"),
        State("suspended", "Suspended"),
        State("evaluation", "In evaluation"),
        State("closed", "Closed", terminal=True),
        State("rejected", "Rejected by the PSC", terminal=True),
        State("cancelled", "Cancelled", terminal=True),
    ],
    transitions=[
        Transition(
            "submit_to_psc",
            "Submit to the PSC",
            ("fiche_drafting",),
            "psc_review",
            guards=(fiche_complete, validated_by_partner, electorate_large_enough),
            warnings=(usual_activity_count,),
            effects=(open_psc_round,),
        ),
        Transition(
            "validate_fiche",
            "Validate the Fiche (partner)",
            ("fiche_drafting",),
            "fiche_drafting",
            roles={"focal_point": linked_focal_point},
            effects=(record_partner_validation,),
        ),
        Transition(
            "psc_approve",
            "PSC approval",
            ("psc_review",),
            "implementation",
            roles={},
            system_only=True,
            effects=(close_psc_round,),
        ),
        Transition(
            "psc_request_changes",
            "PSC requests changes",
            ("psc_review",),
            "fiche_drafting",
            roles={},
            system_only=True,
            effects=(next_psc_round,),
        ),
        Transition(
            "psc_reject",
            "PSC rejection",
            ("psc_review",),
            "rejected",
            roles={},
            system_only=True,
            data=ReasonData,  # the rejecting member's comment, for the Action and its activities
            effects=(keep_reason, close_psc_round, cancel_open_activities),
        ),
        Transition(
            "suspend",
            "Suspend",
            ("implementation",),
            "suspended",
            data=ReasonData,
            effects=(keep_reason,),
        ),
        Transition("resume", "Resume", ("suspended",), "implementation"),
        Transition(
            "complete_implementation",
            "Complete implementation",
            ("implementation",),
            "evaluation",
            guards=(activities_closed, nothing_completed),
            effects=(start_evaluation,),
        ),
        Transition(
            "close",
            "Close",
            ("evaluation",),
            "closed",
            data=CloseData,
            effects=(record_evaluation,),
        ),
        Transition(
            "cancel",
            "Cancel",
            ("fiche_drafting", "psc_review", "suspended"),
            "cancelled",
            data=ReasonData,
            effects=(keep_reason, close_psc_round, cancel_open_activities),
        ),
    ],
    initial="fiche_drafting",
    editable={
        "fiche_drafting": frozenset(
            {"title", "objectives", "context", "countries", "thematic_areas", "topics"}
            | {"focal_points", "owner_id"}
        ),
        "implementation": frozenset({"focal_points", "owner_id"}),
        "suspended": frozenset({"focal_points", "owner_id"}),
    },
)

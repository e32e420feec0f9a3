"""The Action lifecycle: the Fiche, the PSC's decision, implementation, evaluation."""

from __future__ import annotations

from db.models import Action
from workflow.action import effects, psc
from workflow.action.guards import (
    activities_closed,
    electorate_large_enough,
    fiche_complete,
    nothing_completed,
    usual_activity_count,
    validated_by_partner,
)
from workflow.action.shapes import (
    CloseData,
)
from workflow.action.states import ActionState
from workflow.engine.context import FireContext
from workflow.engine.definition import Lifecycle, Transition
from workflow.engine.shapes import (
    ReasonData,
)
from workflow.events import action as notices


def linked_focal_point(action: Action, ctx: FireContext) -> bool:
    """Role check of `validate_fiche`: the actor is a focal point linked to the Action."""
    return ctx.actor is not None and effects.actors_focal_point(action, ctx) is not None


ACTION = Lifecycle(
    "action",
    states=ActionState,
    transitions=[
        Transition(
            "submit_to_psc",
            "Submit to the PSC",
            (ActionState.FICHE_DRAFTING,),
            ActionState.PSC_REVIEW,
            guards=(fiche_complete, validated_by_partner, electorate_large_enough),
            warnings=(usual_activity_count,),
            effects=(effects.open_psc_round, notices.vote_opened),
            loads=("activities", "focal_points"),  # what fiche_complete reads
            reads_with_act=(psc.ELECTORATE_WITH_ACT,),
        ),
        Transition(
            "validate_fiche",
            "Validate the Fiche (partner)",
            (ActionState.FICHE_DRAFTING,),
            ActionState.FICHE_DRAFTING,
            roles={"focal_point": linked_focal_point},
            effects=(effects.record_partner_validation,),
        ),
        Transition(
            "psc_approve",
            "PSC approval",
            (ActionState.PSC_REVIEW,),
            ActionState.IMPLEMENTATION,
            roles={},
            system_only=True,
            effects=(effects.close_psc_round, notices.psc_decided("psc_approve")),
        ),
        Transition(
            "psc_request_changes",
            "PSC requests changes",
            (ActionState.PSC_REVIEW,),
            ActionState.FICHE_DRAFTING,
            roles={},
            system_only=True,
            effects=(
                notices.psc_decided("psc_request_changes"),
                effects.next_psc_round,
                notices.ask_partner_validation_later,
            ),
        ),
        Transition(
            "psc_reject",
            "PSC rejection",
            (ActionState.PSC_REVIEW,),
            ActionState.REJECTED,
            roles={},
            system_only=True,
            data=ReasonData,  # the rejecting member's comment, for the Action and its activities
            effects=(
                effects.keep_reason,
                effects.close_psc_round,
                effects.cancel_open_activities,
                notices.psc_decided("psc_reject"),
            ),
        ),
        Transition(
            "suspend",
            "Suspend",
            (ActionState.IMPLEMENTATION,),
            ActionState.SUSPENDED,
            data=ReasonData,
            effects=(effects.keep_reason, effects.pause_clocks),
        ),
        Transition(
            "resume",
            "Resume",
            (ActionState.SUSPENDED,),
            ActionState.IMPLEMENTATION,
            effects=(effects.resume_clocks,),
        ),
        Transition(
            "complete_implementation",
            "Complete implementation",
            (ActionState.IMPLEMENTATION,),
            ActionState.EVALUATION,
            guards=(activities_closed, nothing_completed),
            effects=(effects.start_evaluation,),
        ),
        Transition(
            "close",
            "Close",
            (ActionState.EVALUATION,),
            ActionState.CLOSED,
            data=CloseData,
            effects=(effects.record_evaluation,),
        ),
        Transition(
            "cancel",
            "Cancel",
            (ActionState.FICHE_DRAFTING, ActionState.PSC_REVIEW, ActionState.SUSPENDED),
            ActionState.CANCELLED,
            data=ReasonData,
            effects=(effects.keep_reason, effects.close_psc_round, effects.cancel_open_activities),
        ),
    ],
    initial=ActionState.FICHE_DRAFTING,
    editable={
        ActionState.FICHE_DRAFTING: frozenset(
            {"title", "objectives", "context", "countries", "thematic_areas", "topics"}
            | {"focal_points", "owner_id"}
        ),
        ActionState.IMPLEMENTATION: frozenset({"focal_points", "owner_id"}),
        ActionState.SUSPENDED: frozenset({"focal_points", "owner_id"}),
    },
)

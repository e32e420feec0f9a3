"""The states of an Action (docs/lifecycles.md), with the tags other code asks about."""

from __future__ import annotations

from workflow.engine.states import StateEnum


class ActionState(StateEnum):
    """Tags: `takes_activities` (activities are added and edited), `implementing`
    (implementation, suspended or not: edits need a comment), `terminal`."""

    FICHE_DRAFTING = "fiche_drafting", "Drafting the Action Fiche", "takes_activities"
    PSC_REVIEW = "psc_review", "In PSC review"
    IMPLEMENTATION = "implementation", "In implementation", "takes_activities", "implementing"
    SUSPENDED = "suspended", "Suspended", "implementing"
    EVALUATION = "evaluation", "In evaluation"
    CLOSED = "closed", "Closed", "terminal"
    REJECTED = "rejected", "Rejected by the PSC", "terminal"
    CANCELLED = "cancelled", "Cancelled", "terminal"

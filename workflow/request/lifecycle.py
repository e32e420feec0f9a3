"""The Request lifecycle: from receipt to an eligibility decision (docs/lifecycles.md)."""

from __future__ import annotations

from workflow.engine.definition import Lifecycle, Transition
from workflow.engine.shapes import ReasonData
from workflow.request import effects
from workflow.request import guards as eligibility
from workflow.request.shapes import DeclineData
from workflow.request.states import RequestState

REQUEST = Lifecycle(
    "request",
    states=RequestState,
    transitions=[
        Transition(
            "start_screening",
            "Start screening",
            (RequestState.RECEIVED,),
            RequestState.ELIGIBILITY_REVIEW,
        ),
        Transition(
            "ask_information",
            "Ask for information",
            (RequestState.ELIGIBILITY_REVIEW,),
            RequestState.AWAITING_INFORMATION,
        ),
        Transition(
            "information_received",
            "Information received",
            (RequestState.AWAITING_INFORMATION,),
            RequestState.ELIGIBILITY_REVIEW,
        ),
        Transition(
            "accept",
            "Accept",
            (RequestState.ELIGIBILITY_REVIEW,),
            RequestState.ACCEPTED,
            guards=(
                eligibility.countries_eligible,
                eligibility.requester_eligible,
                eligibility.has_thematic_area,
                eligibility.areas_in_scope,
                eligibility.endorsed,
            ),
            effects=(effects.create_action,),
        ),
        Transition(
            "decline",
            "Decline",
            (RequestState.ELIGIBILITY_REVIEW,),
            RequestState.DECLINED,
            data=DeclineData,
            effects=(effects.keep_reason,),
        ),
        Transition(
            "withdraw",
            "Withdraw",
            RequestState.tagged("open"),
            RequestState.WITHDRAWN,
            data=ReasonData,
            effects=(effects.keep_reason,),
        ),
    ],
    initial=RequestState.RECEIVED,
    editable={state: frozenset({"*"}) for state in RequestState.tagged("open")},
)

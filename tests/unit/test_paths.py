"""path_to: the walk to a state is read from the lifecycle's transitions."""

from __future__ import annotations

import pytest

from workflow.services import LIFECYCLES, ActionState, ActivityState, NoPath, RequestState, path_to


@pytest.mark.parametrize(
    ("kind", "start", "target", "path"),
    [
        ("request", RequestState.RECEIVED, RequestState.RECEIVED, []),
        ("request", RequestState.RECEIVED, RequestState.WITHDRAWN, ["withdraw"]),
        ("request", RequestState.RECEIVED, RequestState.ACCEPTED, ["start_screening", "accept"]),
        (
            "request",
            RequestState.RECEIVED,
            RequestState.AWAITING_INFORMATION,
            ["start_screening", "ask_information"],
        ),
        ("action", ActionState.FICHE_DRAFTING, ActionState.CANCELLED, ["cancel"]),
        (
            "action",
            ActionState.FICHE_DRAFTING,
            ActionState.CLOSED,
            ["submit_to_psc", "psc_approve", "complete_implementation", "close"],
        ),
        (
            "action",
            ActionState.SUSPENDED,
            ActionState.EVALUATION,
            ["resume", "complete_implementation"],
        ),
        (
            "activity",
            ActivityState.PLANNED,
            ActivityState.COMPLETED,
            ["schedule", "mark_held", "submit_report", "accept_report"],
        ),
    ],
)
def test_the_shortest_path_in_declaration_order(
    kind: str, start: str, target: str, path: list[str]
) -> None:
    lifecycle = LIFECYCLES[kind]
    assert path_to(lifecycle, lifecycle.state(start), lifecycle.state(target)) == path


def test_avoided_triggers_are_never_taken() -> None:
    lifecycle = LIFECYCLES["action"]
    with pytest.raises(NoPath):
        path_to(
            lifecycle, ActionState.FICHE_DRAFTING, ActionState.EVALUATION, avoid={"psc_approve"}
        )


def test_an_unreachable_state_is_a_clear_error() -> None:
    with pytest.raises(NoPath, match="No activity path from 'completed' to 'planned'"):
        path_to(LIFECYCLES["activity"], ActivityState.COMPLETED, ActivityState.PLANNED)


def test_every_state_is_reachable_from_the_initial_one() -> None:
    for lifecycle in LIFECYCLES.values():
        for state in lifecycle.states:
            path = path_to(lifecycle, lifecycle.initial, state)
            assert (path == []) == (state == lifecycle.initial)

"""One Request from `received` to its Action `closed`, then its history read back row by row."""

from __future__ import annotations

import datetime as dt

from db.models import Action, HistoryEntry, Request
from tests.support import EVALUATION, Scenario


def rows(world: Scenario, kind: str, obj_id: int) -> list[tuple[object, ...]]:
    def actor(entry: HistoryEntry) -> str | None:
        return entry.actor.username if entry.actor else None

    return [(e.trigger, e.from_state, e.to_state, actor(e)) for e in world.history(kind, obj_id)]


def test_a_request_goes_all_the_way_to_a_closed_action_and_its_history_tells_it(
    world: Scenario,
) -> None:
    request = world.request_in_review()
    world.clock.advance(dt.timedelta(days=1))
    world.fire("request", request.id, "accept", comment="Eligible: MIEUX+, DCI/NDICI.")
    action_id = world.get(Request, request.id).action.id
    world.edit(
        "action",
        action_id,
        {
            "objectives": "Identify victims.",
            "context": "NRM since 2014.",
            "focal_points": [
                {"name": "Somchai P.", "institution": "MoL", "email": "focal.thailand@example.org"}
            ],
        },
    )
    activity = world.add_activity(
        action_id, 1, planned_start="2026-12-01", planned_end="2026-12-03"
    )
    world.fire("action", action_id, "validate_fiche", by=world.focal)
    world.fire("action", action_id, "submit_to_psc")
    for member in world.psc:
        world.vote(action_id, member, "approve")
    world.fire("activity", activity.id, "schedule", data={"expert_ids": [world.expert.id]})
    world.clock.advance(dt.timedelta(days=10))  # 2026-12-08: the workshop has taken place
    held = {
        "actual_start": "2026-12-01",
        "actual_end": "2026-12-03",
        "participants": {"total": 31, "women": 17, "men": 14},
    }
    world.fire("activity", activity.id, "mark_held", data=held)
    world.fire(
        "activity",
        activity.id,
        "submit_report",
        by=world.expert_user,
        data={"report": "Workshop held.", "participant_feedback": "4.5/5"},
    )
    world.fire("activity", activity.id, "accept_report")
    world.fire("action", action_id, "complete_implementation")
    world.fire("action", action_id, "close", data={"evaluation": EVALUATION})

    closed = world.get(Action, action_id)
    assert closed.state == "closed"
    assert closed.evaluation == EVALUATION
    assert rows(world, "request", request.id) == [
        ("create", None, "received", "alice"),
        ("start_screening", "received", "eligibility_review", "alice"),
        ("accept", "eligibility_review", "accepted", "alice"),
    ]
    assert rows(world, "action", action_id) == [
        ("create", None, "fiche_drafting", "alice"),
        ("edit", "fiche_drafting", "fiche_drafting", "alice"),
        ("validate_fiche", "fiche_drafting", "fiche_drafting", "somchai"),
        ("submit_to_psc", "fiche_drafting", "psc_review", "alice"),
        ("vote", "psc_review", "psc_review", "psc1"),
        ("vote", "psc_review", "psc_review", "psc2"),
        ("vote", "psc_review", "psc_review", "psc3"),
        ("psc_approve", "psc_review", "implementation", None),
        ("complete_implementation", "implementation", "evaluation", "alice"),
        ("close", "evaluation", "closed", "alice"),
    ]
    assert rows(world, "activity", activity.id) == [
        ("create", None, "planned", "alice"),
        ("schedule", "planned", "scheduled", "alice"),
        ("mark_held", "scheduled", "held", "alice"),
        ("submit_report", "held", "report_submitted", "marie"),
        ("accept_report", "report_submitted", "completed", "alice"),
    ]
    request_rows = world.history("request", request.id)
    assert request_rows[2].comment == "Eligible: MIEUX+, DCI/NDICI."
    assert request_rows[2].data == {"action_id": action_id}
    assert request_rows[2].at == dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    action_rows = world.history("action", action_id)
    assert action_rows[1].data["objectives"] == ["", "Identify victims."]
    assert action_rows[7].data["approve"] == 3
    activity_rows = world.history("activity", activity.id)
    assert activity_rows[2].data["report_due_on"] == "2027-01-02"
    assert all(r.at.tzinfo is not None for r in request_rows + action_rows + activity_rows)


def test_objects_carry_the_service_clock_s_times(world: Scenario) -> None:
    request = world.request()
    world.clock.advance(dt.timedelta(hours=3))
    world.fire("request", request.id, "start_screening")
    stored = world.get(Request, request.id)
    assert stored.created_at == dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    assert stored.updated_at == dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)

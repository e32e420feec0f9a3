"""A program drives one Request to a closed Action over HTTP only, then reads the history."""

from __future__ import annotations

from typing import Any

from tests.e2e.api_client import ApiClient
from tests.support import FOCAL_EMAIL, Scenario, activity_payload, request_payload

EVALUATION = {
    "dac": dict.fromkeys(
        ("relevance", "effectiveness", "efficiency", "sustainability", "impact", "coherence"), 3
    )
    | {"eu_added_value": 4},
    "partner_feedback": "The referral guide is used by labour inspectors.",
    "expert_feedback": "Motivated counterparts.",
    "lessons_learned": "Involve the police from the first workshop.",
    "good_practice": ["ownership", "expertise"],
}


def _draft_the_fiche(api: ApiClient, world: Scenario, action_id: int) -> dict[str, Any]:
    action = api.ok(api.get(f"/actions/{action_id}", world.staff))
    fiche = {
        "version": action["version"],
        "objectives": "Labour inspectors identify victims of trafficking.",
        "context": "A national referral mechanism exists since 2014.",
        "focal_points": [
            {"name": "Somchai P.", "institution": "Ministry of Labour", "email": FOCAL_EMAIL}
        ],
    }
    action = api.ok(api.patch(f"/actions/{action_id}", world.staff, fiche))
    assert action["focal_points"][0]["email"] == FOCAL_EMAIL
    for n in (1, 2):
        activity = api.ok(
            api.post(f"/actions/{action_id}/activities", world.staff, activity_payload(n)), 201
        )
        assert activity["state"] == "planned" and activity["action_id"] == action_id
    return api.ok(api.get(f"/actions/{action_id}", world.staff))


def _run_the_activities(api: ApiClient, world: Scenario, action: dict[str, Any]) -> None:
    first, second = (
        api.ok(api.get(f"/activities/{i}", world.staff)) for i in action["activity_ids"]
    )
    api.fire("activities", second, "cancel", world.staff, data={"reason": "Merged with 1."})
    first = api.fire(
        "activities", first, "schedule", world.staff, data={"expert_ids": [world.expert.id]}
    )
    assert first["state"] == "scheduled" and first["expert_ids"] == [world.expert.id]
    held = {
        "actual_start": "2026-11-18",
        "actual_end": "2026-11-20",
        "participants": {"total": 20, "women": 12, "men": 8},
    }
    first = api.fire("activities", first, "mark_held", world.staff, data=held)
    assert first["report_due_on"] == "2026-12-20"
    report = {"report": "Two days on indicators.", "participant_feedback": "Useful."}
    first = api.fire("activities", first, "submit_report", world.expert_user, data=report)
    first = api.fire("activities", first, "accept_report", world.staff)
    assert first["state"] == "completed"
    assert first["participants"] == {"total": 20, "women": 12, "men": 8}


def test_a_program_takes_a_request_to_a_closed_action_over_http(
    api: ApiClient, world: Scenario
) -> None:
    staff = world.staff
    request = api.ok(api.post("/requests", staff, request_payload()), 201)
    assert request["state"] == "received" and request["owner"]["username"] == staff.username
    request = api.fire("requests", request, "start_screening", staff)
    request = api.fire("requests", request, "accept", staff, comment="Eligible.")
    action_id = request["action_id"]
    action = _draft_the_fiche(api, world, action_id)

    action = api.fire("actions", action, "validate_fiche", world.focal)
    assert action["partner_validated_by"] == "Somchai P."
    assert action["partner_validated_on"] == "2026-11-27"
    action = api.fire("actions", action, "submit_to_psc", staff)
    assert (action["state"], action["psc_round"]) == ("psc_review", 1)
    for member in world.psc:
        action = api.ok(api.post(f"/actions/{action_id}/votes", member, {"decision": "approve"}))
    assert action["state"] == "implementation"
    assert [v["member"]["username"] for v in action["votes"]] == ["psc1", "psc2", "psc3"]

    _run_the_activities(api, world, action)
    action = api.ok(api.get(f"/actions/{action_id}", staff))
    action = api.fire("actions", action, "complete_implementation", staff)
    action = api.fire("actions", action, "close", staff, data={"evaluation": EVALUATION})
    assert action["state"] == "closed"
    assert action["evaluation"]["dac"]["eu_added_value"] == 4

    history = api.ok(api.get(f"/actions/{action_id}/history", staff))
    assert [h["trigger"] for h in history] == [
        "create",
        "edit",
        "validate_fiche",
        "submit_to_psc",
        "vote",
        "vote",
        "vote",
        "psc_approve",
        "complete_implementation",
        "close",
    ]
    assert history[0]["from_state"] is None and history[-1]["to_state"] == "closed"
    assert history[7]["actor"] is None and history[7]["data"]["approve"] == 3
    assert history[2]["actor"]["username"] == world.focal.username
    requests = api.ok(api.get(f"/requests/{request['id']}/history", staff))
    assert [(h["trigger"], h["comment"]) for h in requests][-1] == ("accept", "Eligible.")
    activity = api.ok(api.get(f"/activities/{action['activity_ids'][0]}/history", staff))
    assert [h["to_state"] for h in activity] == [
        "planned",
        "scheduled",
        "held",
        "report_submitted",
        "completed",
    ]
    assert activity[3]["actor"]["username"] == world.expert_user.username

"""The Action's guards: a complete Fiche before the PSC, finished work before evaluation."""

from __future__ import annotations

import pytest

from db.models import Action
from tests.support import Scenario
from workflow.engine.errors import GuardFailed, ValidationFailed


def submit_refusal(world: Scenario, action_id: int) -> list[str]:
    with pytest.raises(GuardFailed) as refused:
        world.fire("action", action_id, "submit_to_psc")
    return [r.code for r in refused.value.reasons]


def test_a_complete_validated_fiche_goes_to_the_psc(world: Scenario) -> None:
    action = world.submitted_action()
    assert action.state == "psc_review"
    assert action.psc_round == 1
    assert str(action.psc_deadline) == "2026-12-07"  # submission + psc_vote_days (10)


def test_an_empty_fiche_lists_every_missing_part(world: Scenario) -> None:
    request = world.request_in_review()
    world.fire("request", request.id, "accept")
    action_id = world.get(type(request), request.id).action.id
    assert submit_refusal(world, action_id) == [
        "no_objectives",
        "no_context",
        "too_few_activities",
        "no_focal_point",
        "not_validated_by_partner",
    ]


def test_a_fiche_with_more_activities_than_the_setting_is_refused(world: Scenario) -> None:
    action = world.action(activities=3)
    world.setting("max_activities", 2)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    assert submit_refusal(world, action.id) == ["too_many_activities"]


def test_cancelled_activities_do_not_count_towards_the_fiche(world: Scenario) -> None:
    action = world.action(activities=1)
    world.fire("activity", action.activities[0].id, "cancel", data={"reason": "Replaced."})
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    assert submit_refusal(world, action.id) == ["too_few_activities"]


def test_an_activity_without_a_tentative_period_blocks_the_fiche(world: Scenario) -> None:
    action = world.action(activities=1)
    world.add_activity(action.id, 2, planned_start=None, planned_end=None, title="Undated visit")
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    assert submit_refusal(world, action.id) == ["activity_without_period"]


def test_any_edit_after_the_partner_validated_voids_the_validation(world: Scenario) -> None:
    action = world.action()
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    validated = world.get(Action, action.id)
    assert validated.partner_validated_by == "Somchai P."
    assert str(validated.partner_validated_on) == "2026-11-27"
    world.edit("action", action.id, {"objectives": "Sharper objectives."})
    assert world.get(Action, action.id).partner_validated_on is None
    assert submit_refusal(world, action.id) == ["not_validated_by_partner"]


def test_adding_an_activity_after_validation_voids_it_too(world: Scenario) -> None:
    action = world.action()
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.add_activity(action.id, 3)
    assert world.get(Action, action.id).partner_validated_on is None


def test_a_psc_too_small_once_drafters_are_excluded_blocks_submission(world: Scenario) -> None:
    action = world.action()
    world.setting("psc_min_voters", 4)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    assert submit_refusal(world, action.id) == ["psc_electorate_too_small"]


def test_implementation_completes_only_when_every_activity_is_closed(world: Scenario) -> None:
    action = world.approved_action(activities=2)
    world.held_activity(action, 1)
    with pytest.raises(GuardFailed) as refused:
        world.fire("action", action.id, "complete_implementation")
    assert [r.code for r in refused.value.reasons] == ["activities_open", "nothing_completed"]
    world.completed_activity(action, 0)
    with pytest.raises(GuardFailed) as refused:
        world.fire("action", action.id, "complete_implementation")
    assert [r.code for r in refused.value.reasons] == ["activities_open"]  # the held one
    assert refused.value.reasons[0].message.endswith(f": {action.activities[1].title}.")
    # Refused whole (on PostgreSQL by the write's own statement): no move, no history row.
    after = world.get(Action, action.id)
    assert (after.state, after.evaluation_due_on) == ("implementation", None)
    assert world.history("action", action.id)[-1].trigger != "complete_implementation"
    activity = after.activities[1]
    report = {"report": "Held.", "participant_feedback": "Good."}
    world.fire("activity", activity.id, "submit_report", data=report)
    world.fire("activity", activity.id, "accept_report")
    assert world.fire("action", action.id, "complete_implementation").state == "evaluation"


def test_implementation_with_nothing_completed_cannot_complete(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    world.fire("activity", action.activities[0].id, "cancel", data={"reason": "Dropped."})
    with pytest.raises(GuardFailed) as refused:
        world.fire("action", action.id, "complete_implementation")
    assert [r.code for r in refused.value.reasons] == ["nothing_completed"]


def test_closing_needs_a_complete_evaluation_named_field_by_field(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    world.completed_activity(action, 0)
    world.fire("action", action.id, "complete_implementation")
    bad = {
        "evaluation": {
            "dac": {"relevance": 5},
            "partner_feedback": "",
            "good_practice": ["ownership", "teamwork"],
        }
    }
    with pytest.raises(ValidationFailed) as refused:
        world.fire("action", action.id, "close", data=bad)
    codes = {r.code for r in refused.value.reasons}
    assert {
        "data.evaluation.dac.relevance",
        "data.evaluation.dac.impact",
        "data.evaluation.partner_feedback",
        "data.evaluation.expert_feedback",
        "data.evaluation.good_practice",
    } <= codes
    assert world.get(Action, action.id).state == "evaluation"


def test_a_fiche_outside_six_or_seven_activities_is_submitted_with_a_warning(
    world: Scenario,
) -> None:
    from workflow import services

    action = world.action(activities=2)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    view = {
        a.trigger: a
        for a in services.transitions_for(world.uow(), "action", action.id, world.staff.id)
    }
    assert view["submit_to_psc"].allowed
    assert [w.code for w in view["submit_to_psc"].warnings] == ["unusual_activity_count"]
    world.fire("action", action.id, "submit_to_psc")
    entry = world.history("action", action.id)[-1]
    assert entry.data["warnings"][0]["code"] == "unusual_activity_count"

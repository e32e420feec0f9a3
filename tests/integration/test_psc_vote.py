"""The PSC's vote through the service: electorate, rounds, the decision firing by itself."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from db.models import Action, Activity, PscVote, User
from tests.support import Scenario
from workflow.action.votes import apply_silence_procedure, close_silent_rounds
from workflow.admin.users import deactivate_user
from workflow.engine.errors import Forbidden, GuardFailed, InvalidTransition, ValidationFailed


def vote_refusal(world: Scenario, action_id: int, member: User, decision: str = "approve") -> str:
    with pytest.raises(GuardFailed) as refused:
        world.vote(action_id, member, decision, "A comment.")
    return refused.value.reasons[0].code


def test_unanimous_approval_moves_the_action_to_implementation_as_the_system(
    world: Scenario,
) -> None:
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "approve")
    world.vote(action.id, world.psc[1], "approve")
    assert world.get(Action, action.id).state == "psc_review"
    world.vote(action.id, world.psc[2], "approve")
    assert world.get(Action, action.id).state == "implementation"
    decision = world.history("action", action.id)[-1]
    assert (decision.trigger, decision.actor_id) == ("psc_approve", None)
    assert decision.data["approve"] == 3 and decision.data["round"] == 1


def test_a_single_reject_rejects_at_once_and_cancels_the_activities(world: Scenario) -> None:
    action = world.submitted_action(activities=2)
    world.vote(action.id, world.psc[1], "reject", "Not a migration priority of the partner.")
    rejected = world.get(Action, action.id)
    assert rejected.state == "rejected"
    assert {a.state for a in rejected.activities} == {"cancelled"}
    with pytest.raises(InvalidTransition):
        world.vote(action.id, world.psc[0], "approve")


def test_a_request_for_changes_starts_a_new_round_and_voids_the_validation(
    world: Scenario,
) -> None:
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "approve")
    world.vote(action.id, world.psc[1], "request_changes", "Add a gender dimension.")
    world.vote(action.id, world.psc[2], "approve")
    back = world.get(Action, action.id)
    assert (back.state, back.psc_round, back.partner_validated_on) == ("fiche_drafting", 2, None)
    # Round 2: the same members vote again, once each.
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.fire("action", action.id, "submit_to_psc")
    for member in world.psc:
        world.vote(action.id, member, "approve")
    assert world.get(Action, action.id).state == "implementation"
    with world.uow() as uow:
        rounds = uow.session.execute(
            sa.select(PscVote.round, sa.func.count())
            .where(PscVote.action_id == action.id)
            .group_by(PscVote.round)
            .order_by(PscVote.round)
        ).all()
    assert [tuple(r) for r in rounds] == [(1, 3), (2, 3)]


def test_a_member_cannot_vote_twice_in_a_round(world: Scenario) -> None:
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "approve")
    assert vote_refusal(world, action.id, world.psc[0]) == "already_voted"


def test_the_drafter_of_the_fiche_cannot_vote(world: Scenario) -> None:
    drafter = world.user("dora", "staff", "psc")
    action = world.action()
    world.edit("action", action.id, {"context": "Rewritten by Dora."}, by=drafter)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.fire("action", action.id, "submit_to_psc")
    assert vote_refusal(world, action.id, drafter) == "not_in_electorate"


def test_the_owner_and_the_submitter_cannot_vote(world: Scenario) -> None:
    owner = world.user("olga", "staff", "psc")
    submitter = world.user("sam", "staff", "psc")
    action = world.action()
    world.edit("action", action.id, {"owner": owner.id})
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.fire("action", action.id, "submit_to_psc", by=submitter)
    assert vote_refusal(world, action.id, owner) == "not_in_electorate"
    assert vote_refusal(world, action.id, submitter) == "not_in_electorate"


def test_a_member_outside_the_electorate_and_a_non_member_are_refused(world: Scenario) -> None:
    action = world.submitted_action()
    late = world.user("late", "psc")  # joined after the electorate was fixed
    assert vote_refusal(world, action.id, late) == "not_in_electorate"
    with pytest.raises(Forbidden):
        world.vote(action.id, world.staff, "approve")
    assert world.count(PscVote) == 0


def test_a_vote_needs_a_known_decision_and_a_comment_unless_approving(world: Scenario) -> None:
    action = world.submitted_action()
    with pytest.raises(ValidationFailed) as refused:
        world.vote(action.id, world.psc[0], "maybe")
    assert [r.code for r in refused.value.reasons] == ["decision"]
    with pytest.raises(ValidationFailed) as refused:
        world.vote(action.id, world.psc[0], "reject", "  ")
    assert [r.code for r in refused.value.reasons] == ["comment"]
    assert world.count(PscVote) == 0


def test_a_member_deactivated_during_the_round_leaves_the_electorate(world: Scenario) -> None:
    action = world.submitted_action()
    with world.uow() as uow:
        uow.session.get(User, world.psc[2].id).active = False  # type: ignore[union-attr]
        uow.commit()
    world.vote(action.id, world.psc[0], "approve")
    world.vote(action.id, world.psc[1], "approve")
    assert world.get(Action, action.id).state == "implementation"


def test_psc_decisions_cannot_be_fired_by_a_user(world: Scenario) -> None:
    action = world.submitted_action()
    for trigger in ("psc_approve", "psc_request_changes", "psc_reject"):
        with pytest.raises(Forbidden):
            world.fire("action", action.id, trigger, by=world.psc[0])
    assert world.get(Action, action.id).state == "psc_review"


def test_the_silence_procedure_counts_silence_as_approval_at_the_deadline(
    world: Scenario,
) -> None:
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "approve")
    world.clock.advance(dt.timedelta(days=11))  # the day after the deadline
    assert apply_silence_procedure(world.uow(), action.id) is None  # setting off by default
    world.setting("silence_procedure", True)
    assert close_silent_rounds(world.uow) == [(action.id, "approve")]
    assert world.get(Action, action.id).state == "implementation"
    decision = world.history("action", action.id)[-1]
    assert decision.data["counted_as_approving"] == [world.psc[1].id, world.psc[2].id]


def test_the_silence_procedure_waits_for_the_deadline(world: Scenario) -> None:
    action = world.submitted_action()
    world.setting("silence_procedure", True)
    world.clock.advance(dt.timedelta(days=10))  # the deadline day: members may still vote
    assert close_silent_rounds(world.uow) == []
    assert world.get(Action, action.id).state == "psc_review"
    assert all(a.state == "planned" for a in world.get(Action, action.id).activities)
    assert world.count(Activity) == 2


def test_deactivating_the_last_member_who_had_not_voted_decides_the_round(
    world: Scenario,
) -> None:
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "approve")
    world.vote(action.id, world.psc[1], "approve")
    assert deactivate_user(world.uow(), world.admin.id, world.psc[2].id) == [(action.id, "approve")]
    assert world.get(Action, action.id).state == "implementation"
    assert world.get(User, world.psc[2].id).active is False


def test_a_round_whose_whole_electorate_left_goes_back_to_drafting(world: Scenario) -> None:
    action = world.submitted_action()
    for member in world.psc[:2]:
        deactivate_user(world.uow(), world.admin.id, member.id)
    assert deactivate_user(world.uow(), world.admin.id, world.psc[2].id) == [
        (action.id, "request_changes")
    ]
    back = world.get(Action, action.id)
    assert (back.state, back.psc_round) == ("fiche_drafting", 2)


def test_only_an_admin_deactivates_users(world: Scenario) -> None:
    with pytest.raises(Forbidden):
        deactivate_user(world.uow(), world.staff.id, world.psc[0].id)
    assert world.get(User, world.psc[0].id).active is True


def test_the_decision_counts_only_the_votes_of_the_current_electorate(world: Scenario) -> None:
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "request_changes", "More detail on the budget.")
    deactivate_user(world.uow(), world.admin.id, world.psc[0].id)
    world.vote(action.id, world.psc[1], "approve")
    world.vote(action.id, world.psc[2], "approve")
    assert world.get(Action, action.id).state == "implementation"
    tally = world.history("action", action.id)[-1].data
    assert (tally["approve"], tally["request_changes"], tally["electorate"]) == (2, 0, 2)


def test_a_rejection_gives_its_comment_to_the_action_and_its_activities(
    world: Scenario,
) -> None:
    action = world.submitted_action(activities=1)
    world.vote(action.id, world.psc[0], "reject", "Outside the EU's priorities.")
    rejected = world.get(Action, action.id)
    reason = "Rejected by the PSC: Outside the EU's priorities."
    assert rejected.closing_reason == reason
    assert rejected.activities[0].cancel_reason == reason

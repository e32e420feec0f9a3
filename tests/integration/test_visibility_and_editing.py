"""Who sees what (404 outside one's view) and what may be edited when (each edit in history)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from db.models import Action, Activity, Expert, HistoryEntry, Request
from tests.support import Scenario
from workflow import services
from workflow.engine.errors import Forbidden, InvalidTransition, NotFound, Stale, ValidationFailed
from workflow.read.access import visibility_filter


def visible_ids(world: Scenario, model: type, user: object) -> list[int]:
    with world.uow() as uow:
        query = sa.select(model.id).where(visibility_filter(model, user)).order_by(model.id)
        return list(uow.session.scalars(query))


def test_a_focal_point_sees_only_the_actions_linked_to_them(world: Scenario) -> None:
    mine = world.action(activities=1)
    other = world.action(activities=1, focal=False)
    assert visible_ids(world, Action, world.focal) == [mine.id]
    assert visible_ids(world, Request, world.focal) == [mine.request_id]
    assert visible_ids(world, Activity, world.focal) == [a.id for a in mine.activities]
    with pytest.raises(NotFound):
        services.transitions_for(world.uow(), "action", other.id, world.focal.id)


def test_an_expert_sees_only_their_activities_and_those_actions(world: Scenario) -> None:
    action = world.approved_action(activities=2)
    assigned = world.scheduled_activity(action, 0)
    assert visible_ids(world, Activity, world.expert_user) == [assigned.id]
    assert visible_ids(world, Action, world.expert_user) == [action.id]
    assert visible_ids(world, Request, world.expert_user) == []
    assert visible_ids(world, Expert, world.expert_user) == [world.expert.id]


def test_staff_psc_and_admin_see_everything(world: Scenario) -> None:
    action = world.action(activities=1, focal=False)
    for user in (world.staff, world.psc[0], world.admin):
        assert visible_ids(world, Action, user) == [action.id]


def test_available_transitions_say_what_blocks_each_one(world: Scenario) -> None:
    action = world.action(activities=1)
    staff_view = {
        a.trigger: a
        for a in services.transitions_for(world.uow(), "action", action.id, world.staff.id)
    }
    assert set(staff_view) == {"submit_to_psc", "validate_fiche", "cancel"}
    assert not staff_view["submit_to_psc"].allowed
    assert [r.code for r in staff_view["submit_to_psc"].reasons] == ["not_validated_by_partner"]
    assert [r.code for r in staff_view["validate_fiche"].reasons] == ["role_not_allowed"]
    assert staff_view["cancel"].allowed and staff_view["cancel"].requires == ["reason"]
    focal_view = {
        a.trigger: a
        for a in services.transitions_for(world.uow(), "action", action.id, world.focal.id)
    }
    assert focal_view["validate_fiche"].allowed


def test_an_edit_writes_a_history_row_with_old_and_new_values(world: Scenario) -> None:
    request = world.request()
    world.edit(
        "request",
        request.id,
        {"countries": ["TH", "la"], "summary": "Shorter."},
        comment="After the call with the ministry.",
    )
    entry = world.history("request", request.id)[-1]
    assert (entry.trigger, entry.from_state, entry.to_state) == ("edit", "received", "received")
    assert entry.data == {
        "countries": [["TH"], ["LA", "TH"]],
        "summary": [request.summary, "Shorter."],
    }
    assert entry.comment == "After the call with the ministry."


def test_fields_not_editable_in_the_state_are_refused_with_not_editable(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    with pytest.raises(InvalidTransition) as refused:
        world.edit("action", action.id, {"objectives": "New."}, comment="Why not.")
    assert [r.code for r in refused.value.reasons] == ["not_editable"]
    with pytest.raises(InvalidTransition):
        world.edit("request", action.request_id, {"summary": "Too late."})


def test_editing_during_implementation_needs_a_comment(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    changes = {
        "focal_points": [{"name": "New FP", "institution": "MoL", "email": "fp2@example.org"}]
    }
    with pytest.raises(ValidationFailed) as refused:
        world.edit("action", action.id, changes)
    assert [r.code for r in refused.value.reasons] == ["comment"]
    world.edit("action", action.id, changes, comment="Somchai moved to another post.")
    assert [fp.email for fp in world.get(Action, action.id).focal_points] == ["fp2@example.org"]


def test_an_edit_with_an_old_version_is_stale_and_changes_nothing(world: Scenario) -> None:
    request = world.request()
    world.edit("request", request.id, {"summary": "First."}, version=request.version)
    before = world.count(HistoryEntry)
    with pytest.raises(Stale):
        world.edit("request", request.id, {"summary": "Second."}, version=request.version)
    assert world.get(Request, request.id).summary == "First."
    assert world.count(HistoryEntry) == before


def test_only_staff_may_edit(world: Scenario) -> None:
    action = world.action(activities=1)
    with pytest.raises(Forbidden):
        world.edit("action", action.id, {"title": "Mine now"}, by=world.focal)


def test_a_planned_activity_edit_checks_its_dates(world: Scenario) -> None:
    action = world.action(activities=1)
    activity = action.activities[0]
    with pytest.raises(ValidationFailed) as refused:
        world.edit("activity", activity.id, {"planned_end": "2020-01-01"})
    assert [r.code for r in refused.value.reasons] == ["planned_end"]


def test_planned_activities_cannot_be_edited_while_the_psc_reviews_or_when_suspended(
    world: Scenario,
) -> None:
    action = world.submitted_action(activities=2)
    activity_id = action.activities[0].id
    with pytest.raises(InvalidTransition) as refused:
        world.edit("activity", activity_id, {"title": "Changed behind the PSC's back"})
    assert [r.code for r in refused.value.reasons] == ["not_editable"]
    for member in world.psc:
        world.vote(action.id, member, "approve")
    world.fire("action", action.id, "suspend", data={"reason": "Elections."})
    with pytest.raises(InvalidTransition):
        world.edit("activity", activity_id, {"title": "Changed"}, comment="Why not.")
    assert world.get(Activity, activity_id).title == "Workshop 1"


def test_the_transitions_of_an_activity_show_a_focal_point_nothing_of_other_actions(
    world: Scenario,
) -> None:
    other = world.approved_action(activities=1)
    world.fire(
        "activity", other.activities[0].id, "schedule", data={"expert_ids": [world.expert.id]}
    )
    mine = world.action(activities=1)
    world.edit("activity", mine.activities[0].id, {"expert_ids": [world.expert.id]})
    view = services.transitions_for(world.uow(), "activity", mine.activities[0].id, world.focal.id)
    assert {r.code for a in view for r in a.reasons} == {"role_not_allowed"}


def test_an_unknown_code_is_422_even_with_a_stale_version_or_in_a_frozen_state(
    world: Scenario,
) -> None:
    request = world.request()
    world.edit("request", request.id, {"summary": "First."})
    with pytest.raises(ValidationFailed) as refused:
        world.edit("request", request.id, {"countries": ["QQ"]}, version=request.version)
    assert [r.code for r in refused.value.reasons] == ["countries"]
    with pytest.raises(ValidationFailed) as refused:
        world.edit("request", request.id, {"owner": 999})
    assert [r.code for r in refused.value.reasons] == ["owner"]


def test_an_edit_that_changes_nothing_writes_nothing(world: Scenario) -> None:
    action = world.action(activities=1)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    before = (world.count(HistoryEntry), world.get(Action, action.id).version)
    world.edit("action", action.id, {"objectives": "Better victim identification."})
    after = world.get(Action, action.id)
    assert (world.count(HistoryEntry), after.version) == before
    assert after.partner_validated_on is not None


def test_cancelling_an_activity_while_drafting_voids_the_partner_validation(
    world: Scenario,
) -> None:
    action = world.action(activities=2)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.fire("activity", action.activities[1].id, "cancel", data={"reason": "Merged."})
    assert world.get(Action, action.id).partner_validated_on is None


def test_an_edit_refuses_an_endorsement_in_the_future_as_creation_does(world: Scenario) -> None:
    request = world.request()
    before = world.count(HistoryEntry)
    tomorrow = (world.clock.now().date() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(ValidationFailed) as refused:
        world.edit("request", request.id, {"endorsed_on": tomorrow})
    assert [r.code for r in refused.value.reasons] == ["endorsed_on"]
    assert world.get(Request, request.id).endorsed_on == request.endorsed_on
    assert world.count(HistoryEntry) == before
    world.edit("request", request.id, {"endorsed_on": None})
    assert world.get(Request, request.id).endorsed_on is None

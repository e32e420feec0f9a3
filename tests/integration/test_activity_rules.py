"""Activities: what the Action's state allows, scheduling, double-booking, reports."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from db.models import Activity, HistoryEntry, OutboxMessage
from tests.support import Scenario
from workflow import services
from workflow.engine.errors import GuardFailed, InvalidTransition, NotFound, ValidationFailed
from workflow.lifecycles import fire_transition


def guard_codes(world: Scenario, activity_id: int, trigger: str, **kw: object) -> list[str]:
    with pytest.raises(GuardFailed) as refused:
        world.fire("activity", activity_id, trigger, **kw)
    return [r.code for r in refused.value.reasons]


def test_while_the_fiche_is_drafted_activities_can_only_be_cancelled(world: Scenario) -> None:
    action = world.action(activities=2)
    first, second = action.activities
    codes = guard_codes(world, first.id, "schedule", data={"expert_ids": [world.expert.id]})
    assert codes == ["action_not_active"]
    assert world.fire("activity", second.id, "cancel", data={"reason": "Merged."}).state == (
        "cancelled"
    )


def test_a_suspended_action_lets_reports_through_and_nothing_else(world: Scenario) -> None:
    action = world.approved_action(activities=2)
    held = world.held_activity(action, 0)
    world.fire("action", action.id, "suspend", data={"reason": "Elections."})
    codes = guard_codes(
        world, action.activities[1].id, "schedule", data={"expert_ids": [world.expert.id]}
    )
    assert codes == ["action_not_active"]
    report = {"report": "Held as planned.", "participant_feedback": "Good."}
    assert world.fire("activity", held.id, "submit_report", data=report).state == (
        "report_submitted"
    )


def test_activities_of_an_action_in_psc_review_cannot_move(world: Scenario) -> None:
    action = world.submitted_action(activities=1)
    activity = action.activities[0]
    schedule = {"expert_ids": [world.expert.id]}
    assert guard_codes(world, activity.id, "schedule", data=schedule) == ["action_not_active"]
    assert guard_codes(world, activity.id, "cancel", data={"reason": "x"}) == ["action_not_active"]
    assert world.get(Activity, activity.id).state == "planned"


def test_a_completed_activity_cannot_be_cancelled(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    activity = world.completed_activity(action, 0)
    with pytest.raises(InvalidTransition):
        world.fire("activity", activity.id, "cancel", data={"reason": "x"})


def test_scheduling_needs_dates_and_an_expert(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    undated = world.add_activity(action.id, 2, planned_start=None, planned_end=None)
    assert guard_codes(world, undated.id, "schedule") == ["dates_not_fixed", "no_expert"]


def test_scheduling_fixes_dates_and_experts_from_the_data(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    undated = world.add_activity(action.id, 2, planned_start=None, planned_end=None)
    data = {
        "planned_start": "2027-03-01",
        "planned_end": "2027-03-03",
        "expert_ids": [world.expert.id],
    }
    scheduled = world.fire("activity", undated.id, "schedule", data=data)
    scheduled = world.get(Activity, scheduled.id)
    assert (scheduled.state, str(scheduled.planned_start), str(scheduled.planned_end)) == (
        "scheduled",
        "2027-03-01",
        "2027-03-03",
    )
    assert [e.id for e in scheduled.experts] == [world.expert.id]


def test_an_expert_cannot_be_booked_on_overlapping_dates(world: Scenario) -> None:
    action = world.approved_action(activities=2)
    first = world.scheduled_activity(action, 0)  # 2027-01-11 .. 2027-01-13
    second = action.activities[1]
    clash = {
        "planned_start": str(first.planned_end),
        "planned_end": "2027-01-20",
        "expert_ids": [world.expert.id],
    }
    history = len(world.history("activity", second.id))
    assert guard_codes(world, second.id, "schedule", data=clash) == ["expert_double_booked"]
    # Refused whole (on PostgreSQL found in the write's own statement, then rolled back):
    # no state, dates, booking, history row or notice of it.
    refused = world.get(Activity, second.id)
    assert (refused.state, refused.experts) == ("planned", [])
    assert str(refused.planned_end) != clash["planned_end"]
    assert len(world.history("activity", second.id)) == history
    with world.uow() as uow:
        told = sa.select(OutboxMessage.id).where(OutboxMessage.object_id == second.id)
        assert not list(uow.session.scalars(told.where(OutboxMessage.object_kind == "activity")))
    # The day after the first one ends is free (ranges are inclusive).
    free = {**clash, "planned_start": str(first.planned_end + dt.timedelta(days=1))}
    assert world.fire("activity", second.id, "schedule", data=free).state == "scheduled"


def test_held_activities_book_the_expert_on_their_actual_dates(world: Scenario) -> None:
    action = world.approved_action(activities=2)
    world.held_activity(action, 0)  # actual 2026-11-18 .. 2026-11-20
    second = action.activities[1]
    clash = {
        "planned_start": "2026-11-20",
        "planned_end": "2026-11-21",
        "expert_ids": [world.expert.id],
    }
    assert guard_codes(world, second.id, "schedule", data=clash) == ["expert_double_booked"]


def test_marking_held_sets_the_report_due_date_thirty_days_after_the_end(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    held = world.held_activity(action, 0, end="2026-11-20")
    assert (held.state, str(held.report_due_on)) == ("held", "2026-12-20")
    assert (held.participants_total, held.participants_women, held.participants_men) == (20, 12, 8)


def test_an_activity_cannot_be_marked_held_before_it_ended(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    activity = world.scheduled_activity(action, 0)
    data = {"actual_start": "2026-11-26", "actual_end": "2026-11-28", "participants": {"total": 5}}
    assert guard_codes(world, activity.id, "mark_held", data=data) == ["not_yet_held"]


def test_actual_dates_in_the_wrong_order_are_refused_naming_the_field(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    activity = world.scheduled_activity(action, 0)
    data = {
        "actual_start": "2026-11-10",
        "actual_end": "2026-11-01",
        "participants": {"total": 5, "women": 4, "men": 3},
    }
    with pytest.raises(ValidationFailed) as refused:
        world.fire("activity", activity.id, "mark_held", data=data)
    assert [r.code for r in refused.value.reasons] == ["data.actual_end", "data.participants.men"]


def test_a_returned_report_is_due_fourteen_days_after_its_return(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    activity = world.held_activity(action, 0)
    world.fire(
        "activity",
        activity.id,
        "submit_report",
        by=world.expert_user,
        data={"report": "Draft.", "participant_feedback": "Fine."},
    )
    with pytest.raises(ValidationFailed) as refused:
        world.fire("activity", activity.id, "return_report")
    assert [r.code for r in refused.value.reasons] == ["comment"]
    returned = world.fire("activity", activity.id, "return_report", comment="Add the agenda.")
    assert (returned.state, str(returned.report_due_on)) == ("held", "2026-12-11")


def test_every_activity_fire_bumps_its_action_version(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    before = world.get(type(action), action.id).version
    world.scheduled_activity(action, 0)
    assert world.get(type(action), action.id).version == before + 1


def test_cancelling_an_action_cancels_its_open_activities_with_the_reason(world: Scenario) -> None:
    action = world.action(activities=2)
    world.fire("action", action.id, "cancel", data={"reason": "The ministry was dissolved."})
    for activity in world.get(type(action), action.id).activities:
        assert (activity.state, activity.cancel_reason) == (
            "cancelled",
            "The ministry was dissolved.",
        )
        rows = world.history("activity", activity.id)
        assert [(r.trigger, r.from_state, r.to_state) for r in rows][-1] == (
            "cancel",
            "planned",
            "cancelled",
        )
    assert isinstance(rows[-1], HistoryEntry) and rows[-1].actor_id == world.staff.id


def test_dates_outside_an_expert_s_availability_warn_but_do_not_block(world: Scenario) -> None:
    june = [{"start": "2027-06-01", "end": "2027-06-30"}]
    busy = world.new_expert("jan.novak@example.org", "Jan Novak", "CZ", availability=june)
    action = world.approved_action(activities=1)
    activity = action.activities[0]
    view = {
        a.trigger: a
        for a in services.transitions_for(world.uow(), "activity", activity.id, world.staff.id)
    }
    assert view["schedule"].warnings == []  # no expert chosen yet
    world.fire("activity", activity.id, "schedule", data={"expert_ids": [busy.id]})
    entry = world.history("activity", activity.id)[-1]
    assert entry.trigger == "schedule"
    assert [w["code"] for w in entry.data["warnings"]] == ["expert_unavailable"]
    assert "Jan Novak" in entry.data["warnings"][0]["message"]


def test_an_expert_available_on_the_dates_raises_no_warning(world: Scenario) -> None:
    winter = [{"start": "2027-01-01", "end": "2027-03-31"}]
    free = world.new_expert("eva.berg@example.org", "Eva Berg", "SE", availability=winter)
    action = world.approved_action(activities=1)
    activity = action.activities[0]
    world.fire("activity", activity.id, "schedule", data={"expert_ids": [free.id]})
    assert "warnings" not in world.history("activity", activity.id)[-1].data


def test_scheduling_with_an_unknown_expert_is_refused_naming_the_ids(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    activity = action.activities[0]
    with pytest.raises(ValidationFailed) as refused:
        world.fire("activity", activity.id, "schedule", data={"expert_ids": [999999]})
    assert [(r.code, r.message) for r in refused.value.reasons] == [
        ("data.expert_ids", "Unknown: 999999.")
    ]
    assert world.get(Activity, activity.id).state == "planned"


def test_a_known_expert_read_with_the_act_does_not_hide_an_unknown_one(world: Scenario) -> None:
    """The experts sent are read and locked with the act (`LockedWith`): a known one found
    there, the unknown one is still named, and an unknown actor or object is refused as
    before, whatever the ids."""
    action = world.approved_action(activities=1)
    activity = action.activities[0]
    data = {"expert_ids": [999999, world.expert.id]}
    with pytest.raises(ValidationFailed) as refused:
        world.fire("activity", activity.id, "schedule", data=data)
    assert [(r.code, r.message) for r in refused.value.reasons] == [
        ("data.expert_ids", "Unknown: 999999.")
    ]
    assert world.get(Activity, activity.id).state == "planned"
    with pytest.raises(NotFound):
        world.fire("activity", 999999, "schedule", data=data)
    with pytest.raises(NotFound, match="No active user has the id 999999"):
        fire_transition(world.uow(), "activity", activity.id, "schedule", 999999, data=data)


def test_scheduling_with_an_end_before_the_stored_start_is_refused(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    activity = action.activities[0]  # planned 2027-01-11 .. 2027-01-13
    data = {"planned_end": "2027-01-01", "expert_ids": [world.expert.id]}
    with pytest.raises(ValidationFailed) as refused:
        world.fire("activity", activity.id, "schedule", data=data)
    assert [r.code for r in refused.value.reasons] == ["data.planned_end"]


def test_a_double_booking_is_named_with_every_other_reason(world: Scenario) -> None:
    first = world.scheduled_activity(world.approved_action(activities=1), 0)
    drafted = world.action(activities=1)  # its activities may not be scheduled yet
    clash = {
        "planned_start": str(first.planned_start),
        "planned_end": str(first.planned_end),
        "expert_ids": [world.expert.id],
    }
    codes = guard_codes(world, drafted.activities[0].id, "schedule", data=clash)
    assert codes == ["action_not_active", "expert_double_booked"]

"""Bad input gets a clear error naming the field or rule, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from db.models import Activity, Expert, HistoryEntry, PscVote, Request
from tests.support import Scenario, activity_payload, request_payload
from workflow import services
from workflow.activity.services import add_activity
from workflow.engine.errors import GuardFailed, NotFound, ValidationFailed, WorkflowError
from workflow.expert.services import create_expert

COUNTED = (Request, Activity, Expert, HistoryEntry, PscVote)


def refused(world: Scenario, error: type[WorkflowError], call: Callable[[], Any]) -> list[str]:
    """Run `call`, expect `error`, check that no row was written; return the reason codes."""
    before = [world.count(m) for m in COUNTED]
    with pytest.raises(error) as caught:
        call()
    assert [world.count(m) for m in COUNTED] == before
    return [r.code for r in caught.value.reasons]


def new_request(world: Scenario, **overrides: Any) -> Callable[[], Any]:
    return lambda: services.create_request(
        world.uow(), world.staff.id, request_payload(**overrides)
    )


def test_an_unknown_country_code_is_named(world: Scenario) -> None:
    assert refused(world, ValidationFailed, new_request(world, countries=["TH", "XX"])) == [
        "countries"
    ]


def test_a_malformed_country_code_is_named_with_its_position(world: Scenario) -> None:
    assert refused(world, ValidationFailed, new_request(world, countries=["Thailand"])) == [
        "countries.0"
    ]


def test_an_unknown_requester_type_is_named(world: Scenario) -> None:
    assert refused(world, ValidationFailed, new_request(world, requester_type="company")) == [
        "requester_type"
    ]


def test_an_unknown_thematic_area_and_topic_are_named_together(world: Scenario) -> None:
    codes = refused(
        world, ValidationFailed, new_request(world, thematic_areas=["tourism"], topics=["piracy"])
    )
    assert codes == ["thematic_areas", "topics"]


def test_a_received_date_in_the_future_is_refused(world: Scenario) -> None:
    assert refused(world, ValidationFailed, new_request(world, received_on="2027-01-01")) == [
        "received_on"
    ]


def test_unknown_and_missing_fields_are_all_named(world: Scenario) -> None:
    payload = request_payload(colour="blue")
    del payload["summary"]
    codes = refused(
        world,
        ValidationFailed,
        lambda: services.create_request(world.uow(), world.staff.id, payload),
    )
    assert sorted(codes) == ["colour", "summary"]


def test_an_unknown_trigger_is_not_found(world: Scenario) -> None:
    request = world.request()
    with pytest.raises(NotFound, match="no transition 'approve_quickly'"):
        world.fire("request", request.id, "approve_quickly")


def test_an_unknown_user_is_refused(world: Scenario) -> None:
    request = world.request()
    assert (
        refused(
            world,
            NotFound,
            lambda: services.fire_transition(
                world.uow(), "request", request.id, "start_screening", 9999
            ),
        )
        == []
    )
    assert world.get(Request, request.id).state == "received"


def test_planned_dates_in_the_wrong_order_are_refused(world: Scenario) -> None:
    action = world.action(activities=0, focal=False)
    payload = activity_payload(1, planned_start="2027-02-10", planned_end="2027-02-01")
    codes = refused(
        world,
        ValidationFailed,
        lambda: add_activity(world.uow(), action.id, world.staff.id, payload),
    )
    assert codes == ["planned_end"]


def test_an_activity_count_above_the_setting_is_refused(world: Scenario) -> None:
    action = world.action(activities=2, focal=False)
    world.setting("max_activities", 2)
    codes = refused(world, GuardFailed, lambda: world.add_activity(action.id, 3))
    assert codes == ["too_many_activities"]


def test_a_vote_by_a_non_member_is_refused(world: Scenario) -> None:
    action = world.submitted_action()
    outsider = world.user("outsider", "psc")
    codes = refused(world, GuardFailed, lambda: world.vote(action.id, outsider, "approve"))
    assert codes == ["not_in_electorate"]


def test_malformed_transition_data_is_refused_field_by_field(world: Scenario) -> None:
    request = world.request_in_review()
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.fire("request", request.id, "decline", data={"reasons": "", "extra": 1}),
    )
    assert codes == ["data.reasons", "data.extra"]


def test_an_expert_with_an_unknown_nationality_or_type_is_refused(world: Scenario) -> None:
    payload = {
        "name": "X",
        "email": "x@example.org",
        "nationality": "QQ",
        "type": "consultant",
        "gender": "female",
    }
    codes = refused(
        world, ValidationFailed, lambda: create_expert(world.uow(), world.staff.id, payload)
    )
    assert codes == ["type"]
    payload["type"] = "non_governmental"
    codes = refused(
        world, ValidationFailed, lambda: create_expert(world.uow(), world.staff.id, payload)
    )
    assert codes == ["nationality"]


def test_a_second_expert_with_the_same_email_is_refused(world: Scenario) -> None:
    payload = {
        "name": "Twin",
        "email": "MARIE.DUPONT@example.org",
        "nationality": "FR",
        "type": "eu_government",
        "gender": "female",
    }
    codes = refused(
        world, ValidationFailed, lambda: create_expert(world.uow(), world.staff.id, payload)
    )
    assert codes == ["email"]

"""The edges of input: lengths, dates, control characters, blank required texts, long comments.

Each refusal is a 422 naming the field, and nothing is written (`refused`)."""

from __future__ import annotations

from typing import Any

import pytest

from db import lengths
from db.models import Action, Activity, Expert, PscVote, Request
from tests.integration.test_bad_input import new_request, refused
from tests.support import Scenario, activity_payload
from workflow.activity.services import add_activity
from workflow.engine.errors import ValidationFailed
from workflow.expert.services import create_expert

LONG = lengths.LONG_TEXT


def expert_payload(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Jan Novak",
        "email": "jan.novak@example.org",
        "nationality": "CZ",
        "type": "eu_government",
        "gender": "male",
        **overrides,
    }


def new_expert(world: Scenario, **overrides: Any) -> Any:
    return lambda: create_expert(world.uow(), world.staff.id, expert_payload(**overrides))


# 1. one length per field


def test_a_name_longer_than_its_column_is_refused(world: Scenario) -> None:
    long_name = "N" * (lengths.NAME + 1)
    assert refused(world, ValidationFailed, new_expert(world, name=long_name)) == ["name"]
    create_expert(world.uow(), world.staff.id, expert_payload(name="N" * lengths.NAME))
    action = world.action(activities=1)
    focal = [{"name": long_name, "institution": "MoL", "email": "fp@example.org"}]
    codes = refused(
        world, ValidationFailed, lambda: world.edit("action", action.id, {"focal_points": focal})
    )
    assert codes == ["focal_points.0.name"]


# 3. dates


@pytest.mark.parametrize(
    "day",
    [
        1_700_000_000,
        "2026-09-01T00:00:00",
        "2026-09-01T10:30:00Z",
        "0001-01-01",
        "1800-01-01",
        "2026-9-1",
        "20260901",
        "1989-12-31",
        "3026-01-01",
        True,
    ],
)
def test_a_date_must_be_an_iso_calendar_date_in_a_plausible_range(
    world: Scenario, day: Any
) -> None:
    assert refused(world, ValidationFailed, new_request(world, received_on=day)) == ["received_on"]


def test_every_shape_s_dates_share_the_rule(world: Scenario) -> None:
    action = world.action(activities=0, focal=False)
    payload = activity_payload(1, planned_start=1_900_000_000, planned_end="2027-02-01")
    codes = refused(
        world,
        ValidationFailed,
        lambda: add_activity(world.uow(), action.id, world.staff.id, payload),
    )
    assert codes == ["planned_start"]
    availability = [{"start": "1800-01-01", "end": "2027-01-01"}]
    assert refused(world, ValidationFailed, new_expert(world, availability=availability)) == [
        "availability.0.start"
    ]


def test_the_date_range_s_message_names_its_bounds(world: Scenario) -> None:
    with pytest.raises(ValidationFailed) as caught:
        new_request(world, received_on="1800-01-01")()
    assert "1990-01-01" in caught.value.reasons[0].message


# 5. control characters and blank required texts


def test_control_characters_are_refused_in_names_and_one_line_texts(world: Scenario) -> None:
    assert refused(world, ValidationFailed, new_expert(world, name="Jan\nNovak")) == ["name"]
    assert refused(world, ValidationFailed, new_request(world, requester_name="Mo\tL")) == [
        "requester_name"
    ]
    assert refused(world, ValidationFailed, new_request(world, summary="Bell \x07 here")) == [
        "summary"
    ]


def test_line_breaks_and_tabs_belong_in_long_texts(world: Scenario) -> None:
    request = world.request(summary="First line.\n\tSecond line.")
    assert world.get(Request, request.id).summary == "First line.\n\tSecond line."


def test_a_required_text_needs_visible_characters(world: Scenario) -> None:
    assert refused(world, ValidationFailed, new_request(world, summary="\u200b \u2003")) == [
        "summary"
    ]
    request = world.request_in_review()
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.fire("request", request.id, "decline", data={"reasons": "\x01 \x02"}),
    )
    assert codes == ["data.reasons"]


def test_a_required_comment_needs_visible_characters(world: Scenario) -> None:
    action = world.approved_action(activities=1)
    activity = world.held_activity(action)
    report = {"report": "Held.", "participant_feedback": "Useful."}
    world.fire("activity", activity.id, "submit_report", data=report)
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.fire("activity", activity.id, "return_report", comment="\x01\x02 "),
    )
    assert codes == ["comment"]
    changes = {"title": "Another title"}
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.edit("action", action.id, changes, comment=" \x1b "),
    )
    assert codes == ["comment"]
    submitted = world.submitted_action()
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.vote(submitted.id, world.psc[0], "request_changes", "\x01 \u200b"),
    )
    assert codes == ["comment"]
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.vote(submitted.id, world.psc[0], "reject", "\u200b\u2003"),
    )
    assert codes == ["comment"]


# 6. comments up to the long-text limit, each comment bounded


def test_a_reject_vote_with_a_comment_at_the_limit_rejects(world: Scenario) -> None:
    action = world.submitted_action()
    world.vote(action.id, world.psc[0], "reject", "R" * LONG)
    rejected = world.get(Action, action.id)
    assert rejected.state == "rejected"
    assert len(rejected.closing_reason or "") <= LONG


def test_comments_longer_than_a_long_text_are_refused(world: Scenario) -> None:
    action = world.submitted_action()
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.vote(action.id, world.psc[0], "approve", "A" * (LONG + 1)),
    )
    assert codes == ["comment"]
    request = world.request()
    codes = refused(
        world,
        ValidationFailed,
        lambda: world.fire("request", request.id, "start_screening", comment="C" * (LONG + 1)),
    )
    assert codes == ["comment"]
    assert world.count(PscVote) == 0
    assert world.count(Activity) >= 1 and world.count(Expert) >= 1

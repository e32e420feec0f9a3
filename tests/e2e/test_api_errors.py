"""Each error status of docs/api.md's table, with its body, and the order the checks run in."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse

from db.models import Action, HistoryEntry, Request
from tests.e2e.api_client import ApiClient
from tests.support import Scenario


def error(response: TestResponse, status: int, code: str) -> dict[str, Any]:
    """The error body, checked to be exactly {"error", "message", "reasons"}."""
    body: dict[str, Any] = response.get_json()
    assert response.status_code == status, (response.status_code, body)
    assert set(body) == {"error", "message", "reasons"} and body["error"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert all(set(r) == {"code", "message"} for r in body["reasons"])
    return body


def codes(body: dict[str, Any]) -> list[str]:
    return [r["code"] for r in body["reasons"]]


def test_401_without_a_token_with_a_bad_one_and_before_every_other_check(
    api: ApiClient, world: Scenario
) -> None:
    error(api.call("GET", "/requests"), 401, "unauthenticated")
    error(api.call("GET", "/requests", token="not-a-token"), 401, "unauthenticated")
    response = api.call("POST", "/requests/999/transitions/accept", raw=b"not json")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    error(response, 401, "unauthenticated")
    wrong = api.client.post("/api/v1/auth/token", json={"username": "alice", "password": "nope"})
    error(wrong, 401, "unauthenticated")


def test_400_when_the_body_is_not_json_or_not_an_object(api: ApiClient, world: Scenario) -> None:
    request = world.request()
    for raw in (b"{not json", b"", b"[1, 2]", b'"text"', b"NaN", b"\xff\xfe"):
        response = api.call("PATCH", f"/requests/{request.id}", world.staff, raw=raw)
        error(response, 400, "bad_request")


def test_404_for_no_such_object_an_invisible_one_or_no_such_trigger(
    api: ApiClient, world: Scenario
) -> None:
    request = world.request()
    error(api.get("/requests/4242", world.staff), 404, "not_found")
    # A focal point sees only the Requests of Actions linked to them.
    error(api.get(f"/requests/{request.id}", world.focal), 404, "not_found")
    error(api.get(f"/requests/{request.id}/history", world.focal), 404, "not_found")
    fired = api.post(f"/requests/{request.id}/transitions/launch", world.staff, {"version": 1})
    error(fired, 404, "not_found")
    # 404 comes before the body's shape: an invisible object with a malformed envelope.
    error(
        api.post(
            f"/requests/{request.id}/transitions/start_screening", world.focal, {"version": "one"}
        ),
        404,
        "not_found",
    )
    error(api.get("/no/such/route", world.staff), 404, "not_found")


def test_403_when_the_role_does_not_allow_it(api: ApiClient, world: Scenario) -> None:
    request = world.request()
    member = world.psc[0]
    body = error(
        api.post(f"/requests/{request.id}/transitions/start_screening", member, {"version": 1}),
        403,
        "forbidden",
    )
    assert codes(body) == ["role_not_allowed"]
    action = world.submitted_action()
    decided = api.post(
        f"/actions/{action.id}/transitions/psc_approve", world.staff, {"version": action.version}
    )
    error(decided, 403, "forbidden")
    error(
        api.post(f"/actions/{action.id}/votes", world.staff, {"decision": "approve"}),
        403,
        "forbidden",
    )
    error(api.post("/requests", member, {"bogus": 1}), 403, "forbidden")


def test_422_names_the_field_by_its_dotted_path(api: ApiClient, world: Scenario) -> None:
    request = world.request_in_review()
    path = f"/requests/{request.id}/transitions/decline"
    body = error(
        api.post(path, world.staff, {"version": request.version}), 422, "validation_failed"
    )
    assert codes(body) == ["data.reasons"]
    body = error(
        api.post("/requests", world.staff, {"countries": ["XX"], "summary": 3}),
        422,
        "validation_failed",
    )
    assert {"requester_name", "summary", "received_on"} <= set(codes(body))
    created = api.post("/requests", world.staff, {**_payload(), "countries": ["ZZ"]})
    assert codes(error(created, 422, "validation_failed")) == ["countries"]
    action = _in_evaluation(world)
    evaluation = {"dac": {"relevance": 9}, "partner_feedback": "", "good_practice": ["x"]}
    closed = api.post(
        f"/actions/{action.id}/transitions/close",
        world.staff,
        {"version": action.version, "data": {"evaluation": evaluation}},
    )
    found = codes(error(closed, 422, "validation_failed"))
    assert {"data.evaluation.dac.relevance", "data.evaluation.dac.impact"} <= set(found)
    assert "data.evaluation.good_practice" in found
    body = error(api.get("/requests", world.staff, per_page="many"), 422, "validation_failed")
    assert codes(body) == ["per_page"]


def test_409_stale_invalid_transition_and_guard_failed(api: ApiClient, world: Scenario) -> None:
    request = world.request()
    stale = api.post(
        f"/requests/{request.id}/transitions/start_screening",
        world.staff,
        {"version": request.version + 1},
    )
    error(stale, 409, "stale")
    accept = api.post(
        f"/requests/{request.id}/transitions/accept", world.staff, {"version": request.version}
    )
    assert codes(error(accept, 409, "invalid_transition")) == ["not_possible_from_state"]
    action = world.action(activities=0, focal=False)
    frozen = api.patch(f"/requests/{request.id}", world.staff, {"version": 1, "summary": "x"})
    assert frozen.status_code == 200  # still received: editable
    accepted = world.get(Request, action.request_id)
    body = error(
        api.patch(
            f"/requests/{accepted.id}",
            world.staff,
            {"version": accepted.version, "summary": "Changed."},
        ),
        409,
        "invalid_transition",
    )
    assert codes(body) == ["not_editable"]
    submit = api.post(
        f"/actions/{action.id}/transitions/submit_to_psc", world.staff, {"version": action.version}
    )
    assert codes(error(submit, 409, "guard_failed")) == [
        "too_few_activities",
        "no_focal_point",
        "not_validated_by_partner",
    ]


def test_409_for_a_vote_outside_the_electorate_or_a_second_vote(
    api: ApiClient, world: Scenario
) -> None:
    outsider = world.user("drafter", "psc", "staff")
    action = world.action()
    world.edit("action", action.id, {"title": "Edited by a PSC member"}, by=outsider)
    world.fire("action", action.id, "validate_fiche", by=world.focal)
    world.fire("action", action.id, "submit_to_psc")
    path = f"/actions/{action.id}/votes"
    api.ok(api.post(path, world.psc[0], {"decision": "approve"}))
    twice = api.post(path, world.psc[0], {"decision": "approve"})
    assert codes(error(twice, 409, "guard_failed")) == ["already_voted"]
    drafter = api.post(path, outsider, {"decision": "approve"})
    assert codes(error(drafter, 409, "guard_failed")) == ["not_in_electorate"]
    assert [v["member"]["username"] for v in api.ok(api.get(path, world.staff, round=1))] == [
        "psc1"
    ]
    assert world.get(Action, action.id).state == "psc_review"


def test_nothing_is_written_by_a_refused_request(api: ApiClient, world: Scenario) -> None:
    request = world.request_in_review()
    before = world.count(HistoryEntry), world.get(Request, request.id).version
    api.post(f"/requests/{request.id}/transitions/decline", world.staff, {"version": 99})
    api.post(f"/requests/{request.id}/transitions/accept", world.psc[0], {"version": 2})
    api.patch(f"/requests/{request.id}", world.staff, {"version": 2, "countries": ["QQ"]})
    assert (world.count(HistoryEntry), world.get(Request, request.id).version) == before


def _payload() -> dict[str, Any]:
    from tests.support import request_payload

    return request_payload()


def _in_evaluation(world: Scenario) -> Action:
    action = world.approved_action(activities=1)
    activity = world.held_activity(action)
    report = {"report": "Done.", "participant_feedback": "Good."}
    world.fire("activity", activity.id, "submit_report", data=report)
    world.fire("activity", activity.id, "accept_report")
    world.fire("action", action.id, "complete_implementation")
    found: Action = world.get(Action, action.id)
    return found

"""Bad bodies a careless or hostile client sends: each refused (400 or 422), nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from db.models import Activity, Expert, HistoryEntry, Request
from tests.e2e.api_client import ApiClient
from tests.support import Scenario, activity_payload, request_payload

HUGE = "x" * 200_000


def rows(world: Scenario) -> tuple[int, ...]:
    return tuple(world.count(m) for m in (Request, Activity, Expert, HistoryEntry))


CASES: list[tuple[str, Any, int, str]] = [
    ("malformed", b'{"requester_name": "A",', 400, ""),
    ("a list", b'[{"requester_name": "A"}]', 400, ""),
    ("a huge string", {**request_payload(), "summary": HUGE}, 422, "summary"),
    ("a wrong type", {**request_payload(), "countries": "TH"}, 422, "countries"),
    ("an unknown field", {**request_payload(), "priority": "high"}, 422, "priority"),
    ("a NUL character", {**request_payload(), "summary": "a\u0000b"}, 422, "summary"),
    ("a huge number", {**request_payload(), "owner_id": 10**20}, 422, "owner_id"),
    ("a lone surrogate", b'{"summary": "\\ud800"}', 422, "summary"),
    ("a date as a number", {**request_payload(), "received_on": 1_700_000_000}, 422, "received_on"),
    (
        "a date-time",
        {**request_payload(), "received_on": "2026-09-01T00:00:00"},
        422,
        "received_on",
    ),
    ("year 1", {**request_payload(), "received_on": "0001-01-01"}, 422, "received_on"),
    ("a long name", {**request_payload(), "requester_name": "N" * 301}, 422, "requester_name"),
    ("a tab in a name", {**request_payload(), "requester_name": "Mo\tL"}, 422, "requester_name"),
    ("an invisible summary", {**request_payload(), "summary": "\u200b"}, 422, "summary"),
]


@pytest.mark.parametrize(("what", "body", "status", "field"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_new_request_is_refused_and_nothing_is_written(
    api: ApiClient, world: Scenario, what: str, body: Any, status: int, field: str
) -> None:
    before = rows(world)
    raw = body if isinstance(body, bytes) else None
    response = api.call("POST", "/requests", world.staff, None if raw else body, raw=raw)
    found = response.get_json()
    assert response.status_code == status, found
    if field:
        assert field in [r["code"] for r in found["reasons"]], found
    assert rows(world) == before


def test_bad_edits_fires_and_activities_are_refused_with_the_field_named(
    api: ApiClient, world: Scenario
) -> None:
    action = world.action(activities=1)
    activity_id = action.activities[0].id
    before = rows(world)
    attempts = [
        (
            "PATCH",
            f"/activities/{activity_id}",
            {"version": 1, "planned_start": "soon"},
            "planned_start",
        ),
        ("PATCH", f"/activities/{activity_id}", {"version": "1", "title": "T"}, "version"),
        ("PATCH", f"/actions/{action.id}", {"version": action.version, "title": HUGE}, "title"),
        ("PATCH", f"/actions/{action.id}", {"version": action.version, "colour": "red"}, "colour"),
        ("POST", f"/actions/{action.id}/activities", activity_payload(2, type="party"), "type"),
        (
            "POST",
            f"/actions/{action.id}/activities",
            activity_payload(2, planned_end="2020-01-01"),
            "planned_end",
        ),
        (
            "POST",
            f"/actions/{action.id}/transitions/cancel",
            {"version": action.version, "data": {"reason": 7}},
            "data.reason",
        ),
        (
            "POST",
            f"/actions/{action.id}/transitions/cancel",
            {"version": action.version, "data": [1]},
            "data",
        ),
        (
            "POST",
            f"/actions/{action.id}/transitions/cancel",
            {"version": action.version, "data": {"reason": "r"}, "urgent": True},
            "urgent",
        ),
        ("POST", f"/actions/{action.id}/votes", {"decision": "maybe"}, "decision"),
        ("POST", "/experts", {"name": "N", "email": "not-an-email"}, "email"),
    ]
    for method, path, body, field in attempts:
        user = world.psc[1] if path.endswith("/votes") else world.staff
        response = api.call(method, path, user, body)
        found = response.get_json()
        assert response.status_code in (400, 422), (path, body, found)
        assert field in [r["code"] for r in found["reasons"]], (path, body, found)
    assert rows(world) == before


def test_unstorable_values_sent_to_an_invisible_object_still_answer_404_first(
    api: ApiClient, world: Scenario
) -> None:
    action = world.action(activities=1, focal=False)  # not linked to the focal point
    body = {"version": action.version, "data": {"reason": "a\u0000b"}, "comment": "\u0000"}
    response = api.call("POST", f"/actions/{action.id}/transitions/cancel", world.focal, body)
    assert response.status_code == 404, response.get_json()
    as_staff = api.call("POST", f"/actions/{action.id}/transitions/cancel", world.staff, body)
    assert as_staff.status_code == 422
    assert {r["code"] for r in as_staff.get_json()["reasons"]} == {"data.reason", "comment"}


def test_a_nul_in_a_username_is_refused_without_reaching_the_database(
    api: ApiClient, world: Scenario
) -> None:
    response = api.call("POST", "/auth/token", None, {"username": "a\u0000", "password": "x"})
    assert response.status_code == 422
    assert response.get_json()["reasons"][0]["code"] == "username"

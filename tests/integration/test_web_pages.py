"""The web UI's object pages, transition forms and PSC votes, through Flask's test client.

Each test checks what the page says and what the database holds afterwards,
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from db.models import Action, HistoryEntry, PscVote, Request
from tests.support import PASSWORD, Scenario
from workflow.services import transitions_for

Client = Callable[..., FlaskClient]


@pytest.fixture
def web(api_app: Any) -> Iterator[Client]:
    """A test client signed in as the given user (CSRF is off in TestConfig, on in its test)."""

    def client_for(user: Any) -> FlaskClient:
        client: FlaskClient = api_app.test_client()
        answer = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert answer.status_code == 302, answer.text
        return client

    yield client_for


def text(answer: Any) -> str:
    """The page's visible text, tags removed and blanks collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.get_data(as_text=True)))


def test_an_anonymous_visitor_is_sent_to_login_and_back(api_app: Any, world: Scenario) -> None:
    request = world.request()
    answer = api_app.test_client().get(f"/requests/{request.id}")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/login?next=/requests/{request.id}"


def test_the_page_shows_the_state_label_the_buttons_and_the_blocked_reasons_word_for_word(
    web: Client, world: Scenario
) -> None:
    action = world.action(focal=True)  # not validated by the partner yet
    page = web(world.staff).get(f"/actions/{action.id}")
    assert page.status_code == 200
    shown = text(page)
    assert "State: Drafting the Action Fiche" in shown
    assert '<button type="submit" class="govuk-button" data-module="govuk-button">Cancel' not in (
        page.get_data(as_text=True)
    )  # Cancel needs a reason: a link to its form, named by its label
    assert re.search(r'<a class="govuk-button[^"]*"[^>]*>Cancel</a>', page.get_data(as_text=True))
    available = transitions_for(world.uow(), "action", action.id, world.staff.id)
    blocked = next(a for a in available if a.trigger == "submit_to_psc")
    assert not blocked.allowed
    for reason in blocked.reasons:
        assert reason.message in page.get_data(as_text=True).replace("&#39;", "'")
    assert 'id="state-fiche_drafting" class="node state mieux-current"' in page.text


def test_a_transition_without_data_fires_from_its_button(web: Client, world: Scenario) -> None:
    request = world.request()
    client = web(world.staff)
    answer = client.post(
        f"/requests/{request.id}/fire/start_screening", data={"version": request.version}
    )
    assert answer.status_code == 302
    assert world.get(Request, request.id).state == "eligibility_review"
    assert [h.trigger for h in world.history("request", request.id)] == [
        "create",
        "start_screening",
    ]
    assert "Done: Start screening." in text(client.get(answer.headers["Location"]))


def test_a_stale_form_is_a_409_that_keeps_what_was_typed_and_changes_nothing(
    web: Client, world: Scenario
) -> None:
    request = world.request_in_review()
    old = world.get(Request, request.id).version
    world.fire("request", request.id, "ask_information")
    world.fire("request", request.id, "information_received")
    before = world.count(HistoryEntry)
    answer = web(world.staff).post(
        f"/requests/{request.id}/fire/decline",
        data={"version": old, "reasons": "Outside the programme's scope", "comment": "Sorry"},
    )
    assert answer.status_code == 409
    shown = text(answer)
    assert "Someone else changed this request while you were working. Nothing was saved." in shown
    assert "Outside the programme&#39;s scope" in answer.get_data(as_text=True)
    assert ">Sorry</textarea>" in answer.get_data(as_text=True)
    assert f'name="version" value="{old + 2}"' in answer.get_data(as_text=True)
    assert world.get(Request, request.id).state == "eligibility_review"
    assert world.count(HistoryEntry) == before


def test_missing_data_is_shown_next_to_its_field_with_the_input_kept(
    web: Client, world: Scenario
) -> None:
    action = world.approved_action()
    activity = world.get(Action, action.id).activities[0]
    world.fire("activity", activity.id, "schedule", data={"expert_ids": [world.expert.id]})
    version = world.get(type(activity), activity.id).version
    answer = web(world.staff).post(
        f"/activities/{activity.id}/fire/mark_held",
        data={"version": version, "actual_start": "2026-11-18", "participants.total": "x"},
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'href="#field-actual-end"' in html  # the summary links to the field
    assert re.search(
        r'id="field-participants-total" name="participants.total" type="number"'
        r'[^>]*value="x"',
        html,
    )
    assert 'value="2026-11-18"' in html
    assert world.get(type(activity), activity.id).state == "scheduled"


def test_what_a_user_may_not_see_is_404_and_a_page_their_roles_may_not_use_is_403(
    web: Client, world: Scenario
) -> None:
    action = world.action(focal=False)  # the focal point is not linked to it
    assert web(world.focal).get(f"/actions/{action.id}").status_code == 404
    assert web(world.staff).get("/actions/999999").status_code == 404
    assert web(world.staff).get(f"/actions/{action.id}/fire/psc_approve").status_code == 403
    answer = web(world.staff).get("/psc")
    assert answer.status_code == 403
    assert "You may not use this page" in text(answer)


def test_a_psc_member_votes_from_the_queue_in_two_clicks(web: Client, world: Scenario) -> None:
    action = world.submitted_action()
    member = world.psc[0]
    client = web(member)
    queue = client.get("/psc").get_data(as_text=True)
    link = f'<a class="govuk-link" href="/actions/{action.id}">{action.title}</a>'
    assert link in queue.replace("&#39;", "'")
    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert '<label class="govuk-label" for="vote-comment">Comment</label>' in page
    for label in ("Approve", "Request changes", "Reject"):
        assert f">{label}</button>" in page
    answer = client.post(
        f"/actions/{action.id}/vote", data={"decision": "approve", "round": "1", "comment": ""}
    )
    assert answer.status_code == 302
    votes = world.count(PscVote)
    assert votes == 1
    assert action.title not in client.get("/psc").get_data(as_text=True)


def test_a_vote_needs_a_comment_unless_approving_and_a_closed_round_is_a_409(
    web: Client, world: Scenario
) -> None:
    action = world.submitted_action()
    client = web(world.psc[1])
    answer = client.post(
        f"/actions/{action.id}/vote", data={"decision": "reject", "round": "1", "comment": "  "}
    )
    assert answer.status_code == 422
    assert "A comment is required unless approving." in text(answer)
    stale = client.post(f"/actions/{action.id}/vote", data={"decision": "approve", "round": "2"})
    assert stale.status_code == 409
    assert "This round of the vote has closed" in text(stale)
    assert world.count(PscVote) == 0
    assert world.get(Action, action.id).state == "psc_review"


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    api_app: Any, world: Scenario
) -> None:
    request = world.request()
    api_app.config["WTF_CSRF_ENABLED"] = True
    client = api_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)
    assert token is not None
    client.post(
        "/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    answer = client.post(
        f"/requests/{request.id}/fire/start_screening", data={"version": request.version}
    )
    assert answer.status_code == 400
    assert "The CSRF token is missing." in text(answer)
    assert world.get(Request, request.id).state == "received"


def test_the_eligibility_checklist_shows_each_guard_met_or_not_with_its_reasons(
    web: Client, world: Scenario
) -> None:
    request = world.request_in_review(endorsed_by=None, endorsed_on=None)
    page = text(web(world.staff).get(f"/requests/{request.id}"))
    assert "Eligibility checklist" in page
    assert "The Request names a thematic area Met" in page
    assert "A high-level endorsement is recorded (who and when)" in page
    assert "Not met" in page.split("A high-level endorsement is recorded")[1][:300]
    assert "Eligibility checklist" not in text(web(world.psc[0]).get(f"/requests/{request.id}"))

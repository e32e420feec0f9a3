"""Accounts through the web UI and the API (Flask's test client, both databases): the
session renewed at login, "log out everywhere", throttling shared by two application
instances, 429 with Retry-After, the forgot and set-password pages, the audit page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from db.models import AuditEntry, OutboxMessage, User
from tests.integration.test_web_admin import can_log_in, signed_in, text
from tests.support import PASSWORD, Scenario
from webui import create_app, services
from webui.config import TestConfig
from workflow.admin.links import issue_link
from workflow.services import FixedClock

NEW_PASSWORD = "a brand new passphrase"


def a_link(world: Scenario, user: User, rule: str = "password_reset") -> str:
    """The token an account e-mail's delivery would issue (tests/e2e reads real e-mails)."""
    with world.uow() as uow:
        token, _ = issue_link(uow.session, user.id, rule, world.clock.now())
        uow.commit()
    return token


# sessions


def test_the_session_is_renewed_at_login(api_app: Flask, world: Scenario) -> None:
    client = api_app.test_client()
    client.get("/login")
    with client.session_transaction() as before:  # what a visitor's session held before
        before["planted"] = "by whoever held this browser before"
    answer = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert answer.status_code == 302
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["_user_id"] == f"{world.staff.id}:0"


def test_log_out_everywhere_ends_every_session_of_the_user_only(
    api_app: Flask, world: Scenario
) -> None:
    laptop, phone = signed_in(api_app, "alice"), signed_in(api_app, "alice")
    carol = signed_in(api_app, "carol")
    answer = laptop.post("/account/logout-everywhere")
    assert answer.status_code == 302 and answer.location.endswith("/login")
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert carol.get("/").status_code == 200
    assert world.get(User, world.staff.id).session_generation == 1
    assert signed_in(api_app, "alice").get("/").status_code == 200  # a new login works


def test_a_changed_password_keeps_this_session_and_ends_the_others(
    api_app: Flask, world: Scenario
) -> None:
    here, there = signed_in(api_app, "alice"), signed_in(api_app, "alice")
    form = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    assert here.post("/account/password", data=form).status_code == 302
    assert here.get("/").status_code == 200
    assert there.get("/").status_code == 302


def test_a_session_from_before_generations_must_log_in_again(
    api_app: Flask, world: Scenario
) -> None:
    client = api_app.test_client()
    with client.session_transaction() as old:
        old["_user_id"] = str(world.staff.id)
    assert client.get("/").status_code == 302


# throttling


def test_two_application_instances_share_the_failed_login_counts(
    api_app: Flask, db_url: str, clock: FixedClock, world: Scenario
) -> None:
    other = create_app(TestConfig(db_url), clock=clock)
    try:
        wrong = {"username": "alice", "password": "not the password"}
        for app in (api_app, other, api_app, other, api_app):
            assert app.test_client().post("/login", data=wrong).status_code == 200
        right = {"username": "alice", "password": PASSWORD}
        answer = other.test_client().post("/login", data=right)
        assert answer.status_code == 429
        assert "Too many failed logins: try again after 09:15 UTC." in text(answer)
        assert can_log_in(api_app, "carol", PASSWORD)  # another account, the same address
    finally:
        services(other).engine.dispose()


def test_the_api_answers_a_throttled_token_request_429_with_retry_after(
    api_app: Flask, world: Scenario, clock: FixedClock
) -> None:
    client = api_app.test_client()
    wrong = {"username": "alice", "password": "not the password"}
    for _ in range(5):
        assert client.post("/api/v1/auth/token", json=wrong).status_code == 401
    clock.advance(dt.timedelta(seconds=30))
    answer = client.post("/api/v1/auth/token", json={"username": "alice", "password": PASSWORD})
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == str(15 * 60 - 30)
    assert answer.json["error"] == "throttled"
    assert answer.json["message"] == "Too many failed logins: try again in 15 minutes."
    token_op = client.get("/api/v1/openapi.json").json["paths"]["/auth/token"]["post"]
    assert "Retry-After" in token_op["responses"]["429"]["headers"]


# forgot my password, and the link's page


def test_forgot_answers_the_same_whether_or_not_the_address_has_an_account(
    api_app: Flask, world: Scenario
) -> None:
    client = api_app.test_client()
    assert 'href="/account/forgot"' in client.get("/login").text
    answers = []
    for email in ("marie.dupont@example.org", "nobody@example.org"):
        answer = client.post("/account/forgot", data={"email": email}, follow_redirects=True)
        answers.append((answer.status_code, text(answer).replace(email, "EMAIL")))
    assert answers[0] == answers[1] and answers[0][0] == 200
    assert "If an account has the address EMAIL, an e-mail" in answers[0][1]
    with world.uow() as uow:
        rows = uow.session.scalars(sa.select(OutboxMessage.recipient_user_id)).all()
    assert rows == [world.expert_user.id]
    assert client.post("/account/forgot", data={"email": ""}).status_code == 422


def test_the_link_page_sets_the_password_once_and_says_why_a_link_fails(
    api_app: Flask, world: Scenario, clock: FixedClock
) -> None:
    client = api_app.test_client()
    token = a_link(world, world.expert_user)
    page = client.get(f"/account/set-password/{token}")
    assert page.status_code == 200 and "Your username is marie." in text(page)
    mismatch = {"new_password": NEW_PASSWORD, "confirm_password": "something else"}
    assert client.post(f"/account/set-password/{token}", data=mismatch).status_code == 422
    short = {"new_password": "too short", "confirm_password": "too short"}
    refused = client.post(f"/account/set-password/{token}", data=short)
    assert refused.status_code == 422 and "Use at least 12 characters." in text(refused)
    good = {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    done = client.post(f"/account/set-password/{token}", data=good, follow_redirects=True)
    assert "Your password is set: log in as marie." in text(done)
    assert can_log_in(api_app, "marie", NEW_PASSWORD)
    used = client.post(f"/account/set-password/{token}", data=good)
    assert used.status_code == 410 and "This link has already been used" in text(used)
    late = a_link(world, world.staff)
    clock.advance(dt.timedelta(hours=2))
    expired = client.get(f"/account/set-password/{late}")
    assert expired.status_code == 410 and "This link has expired" in text(expired)
    assert "Ask for a new link" in text(expired)
    unknown = client.get("/account/set-password/made-up")
    assert unknown.status_code == 404 and "This link is not valid" in text(unknown)


# the admin's side: invitations and the audit page


def test_an_admin_invites_a_user_by_leaving_the_password_empty(
    api_app: Flask, world: Scenario
) -> None:
    admin = signed_in(api_app, "root")
    form = {"username": "nadia", "full_name": "Nadia", "roles": ["staff"], "password": ""}
    refused = admin.post("/admin/users", data=form)
    assert refused.status_code == 422
    assert "Give an e-mail address for the invitation, or a password." in text(refused)
    invited = admin.post(
        "/admin/users", data=form | {"email": "nadia@example.org"}, follow_redirects=True
    )
    assert "nadia is invited: an e-mail with a link to choose a password" in text(invited)
    with world.uow() as uow:
        rule = uow.session.scalar(sa.select(OutboxMessage.rule))
    assert rule == "invitation"


@pytest.fixture
def many_entries(world: Scenario) -> None:
    with world.uow() as uow:
        uow.session.add_all(
            AuditEntry(
                at=world.clock.now(),
                actor_id=world.admin.id,
                actor_name="root",
                action="setting.change",
                object_kind="setting",
                object_key=f"key{n}",
                before={f"key{n}": n},
                after={f"key{n}": n + 1},
            )
            for n in range(50)
        )
        uow.commit()


def test_the_audit_page_is_for_admins_newest_first_and_paged(
    api_app: Flask, world: Scenario, many_entries: None
) -> None:
    assert signed_in(api_app, "alice").get("/admin/audit").status_code == 403
    admin: FlaskClient = signed_in(api_app, "root")
    admin.post("/admin/settings", data={"key": "psc_vote_days", "value": "12"})
    first = text(admin.get("/admin/audit"))
    assert "Page 1 of 2" in first
    newest = first.index("setting.change setting psc_vote_days")
    assert "psc_vote_days : 10" in first[newest:] and "psc_vote_days : 12" in first[newest:]
    last: Any = text(admin.get("/admin/audit?page=2"))
    assert "Page 2 of 2" in last and "(command line)" in last and "psc_vote_days" not in last

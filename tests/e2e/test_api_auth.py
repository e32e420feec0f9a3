"""Tokens: issued for a password or by `mieux token`, stored hashed, revoked, expiring."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask

from db.models import ApiToken
from mieux.cli import cli
from tests.e2e.api_client import ApiClient
from tests.support import PASSWORD, Scenario
from workflow.admin.tokens import hash_token
from workflow.engine.clock import FixedClock


def test_a_token_is_issued_for_a_password_and_only_its_hash_is_kept(
    api: ApiClient, world: Scenario
) -> None:
    response = api.client.post(
        "/api/v1/auth/token", json={"username": "alice", "password": PASSWORD}
    )
    body = api.ok(response, 201)
    assert set(body) == {"token", "expires_at"}
    assert body["expires_at"] == "2026-12-27T09:00:00Z"  # the clock + token_expiry_days (30)
    with world.uow() as uow:
        stored = list(uow.session.scalars(sa.select(ApiToken.token_hash)))
    assert stored == [hash_token(body["token"])] and body["token"] not in stored
    assert api.get("/requests", world.staff).status_code == 200


def test_a_deleted_token_no_longer_works(api: ApiClient, world: Scenario) -> None:
    token = api.token(world.staff)
    assert api.call("DELETE", "/auth/token", token=token).status_code == 204
    assert api.call("GET", "/requests", token=token).status_code == 401


def test_a_token_expires_after_the_setting(
    api: ApiClient, world: Scenario, clock: FixedClock
) -> None:
    token = api.token(world.staff)
    clock.advance(dt.timedelta(days=30))
    assert api.call("GET", "/requests", token=token).status_code == 401


def test_a_deactivated_user_s_token_stops_working(api: ApiClient, world: Scenario) -> None:
    token = api.token(world.staff2)
    with world.uow() as uow:
        uow.session.execute(sa.text("UPDATE users SET active = false WHERE username = 'carol'"))
        uow.commit()
    assert api.call("GET", "/requests", token=token).status_code == 401


def test_the_cli_creates_and_revokes_tokens(
    api_app: Flask, api: ApiClient, world: Scenario
) -> None:
    runner = api_app.test_cli_runner()
    created = runner.invoke(cli, ["token", "create", "alice"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[0]
    assert api.call("GET", "/actions", token=token).status_code == 200
    revoked = runner.invoke(cli, ["token", "revoke", "alice"])
    assert revoked.exit_code == 0 and "Revoked 1 token" in revoked.output
    assert api.call("GET", "/actions", token=token).status_code == 401
    unknown = runner.invoke(cli, ["token", "create", "nobody"])
    assert unknown.exit_code == 1 and "nobody" in unknown.output


def test_a_browser_session_does_not_open_the_api_and_the_api_sets_no_cookie(
    api: ApiClient, world: Scenario
) -> None:
    with api.client.session_transaction() as session:
        session["_user_id"] = str(world.staff.id)  # what Flask-Login would keep
        session["_fresh"] = True
    assert api.client.get("/api/v1/requests").status_code == 401
    response = api.get("/requests", world.staff)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_the_token_does_not_work_on_html_pages(api: ApiClient, world: Scenario) -> None:
    token = api.token(world.staff)
    page = api.client.get("/", headers={"Authorization": f"Bearer {token}"})
    # The page renders as for anyone, and no session is opened for the token's user.
    assert "Set-Cookie" not in page.headers
    with api.client.session_transaction() as session:
        assert "_user_id" not in session

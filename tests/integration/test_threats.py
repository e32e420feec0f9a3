"""The threats of docs/security.md that no other test file covers, one test each."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from db.models import Request, ThematicArea
from tests.support import PASSWORD, Scenario
from workflow.admin.tokens import issue_for_username


def signed_in(app: Any, user: Any) -> Any:
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    return client


def test_a_label_that_looks_like_a_formula_is_exported_as_text(
    api_app: Any, world: Scenario
) -> None:
    with world.uow() as uow:  # an admin relabels an area (reference data)
        uow.session.execute(
            sa.update(ThematicArea)
            .where(ThematicArea.code == "irregular_migration")
            .values(label='=HYPERLINK("http://evil.example","x")')
        )
        uow.commit()
    world.action()
    answer = signed_in(api_app, world.staff).get("/dashboard/actions_by_area.csv")
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[1] == ['\'=HYPERLINK("http://evil.example","x")', "1"]


def test_what_users_type_is_shown_as_text_never_as_markup(api_app: Any, world: Scenario) -> None:
    request = world.request(summary='<script>alert("x")</script><img src=x onerror=alert(1)>')
    page = signed_in(api_app, world.staff).get(f"/requests/{request.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert" not in page and "<img src=x" not in page


def test_the_login_sends_nobody_to_another_site(api_app: Any, world: Scenario) -> None:
    form = {"username": world.staff.username, "password": PASSWORD}
    for target in ("https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:x"):
        answer = api_app.test_client().post("/login", query_string={"next": target}, data=form)
        assert answer.status_code == 302
        location = urlsplit(answer.headers["Location"])
        assert (location.scheme, location.netloc) == ("", ""), target
        assert location.path.startswith("/") and not location.path.startswith("//"), target


def test_the_login_says_the_same_for_an_unknown_user_and_a_wrong_password(
    api_app: Any, world: Scenario
) -> None:
    unknown = api_app.test_client().post("/login", data={"username": "nobody", "password": "x"})
    wrong = api_app.test_client().post(
        "/login", data={"username": world.staff.username, "password": "x"}
    )
    assert unknown.status_code == wrong.status_code == 200
    # the same page, but for the name typed, which is kept in its field
    assert unknown.text.replace("nobody", world.staff.username) == wrong.text
    assert b"Wrong username or password." in unknown.get_data()
    api = api_app.test_client()
    refusals = [
        api.post("/api/v1/auth/token", json={"username": name, "password": "x"})
        for name in ("nobody", world.staff.username)
    ]
    assert [r.status_code for r in refusals] == [401, 401]
    assert refusals[0].get_json() == refusals[1].get_json()


def test_a_huge_form_or_body_is_refused_before_it_is_read(api_app: Any, world: Scenario) -> None:
    client = signed_in(api_app, world.staff)
    huge = "x" * 2_000_000
    assert client.post("/requests/new", data={"summary": huge}).status_code == 413
    token = issue_for_username(world.uow(), world.staff.username)[0]
    answer = api_app.test_client().post(
        "/api/v1/requests", json={"summary": huge}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 413
    assert world.count(Request) == 0


def test_sql_in_a_value_is_stored_as_text_and_in_a_filter_is_refused(
    api_app: Any, world: Scenario
) -> None:
    name = "Robert'); DROP TABLE requests;--"
    request = world.request(requester_name=name)
    assert world.get(Request, request.id).requester_name == name
    token = issue_for_username(world.uow(), world.staff.username)[0]
    answer = api_app.test_client().get(
        "/api/v1/requests",
        query_string={"state": "received' OR '1'='1"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 422
    assert world.count(Request) == 1


def test_forged_numbers_in_an_edit_form_are_refused_not_a_crash(
    api_app: Any, world: Scenario
) -> None:
    action = world.action(activities=1)
    client = signed_in(api_app, world.staff)
    activity = action.activities[0]
    answer = client.post(
        f"/activities/{activity.id}/edit",
        data={"version": str(activity.version), "expert_ids": "x", "title": "T"},
    )
    assert answer.status_code == 422
    assert "expert_ids" in answer.text or "expert" in answer.text.lower()
    # a forged row count: read as at most 100 rows, never looped over a billion times
    answer = client.post(
        f"/actions/{action.id}/edit",
        data={"version": str(action.version), "focal_rows": "999999999999", "title": "T"},
    )
    assert answer.status_code in (409, 422)
    assert world.get(type(action), action.id).version == action.version


def test_a_refused_new_request_shows_its_reasons(api_app: Any, world: Scenario) -> None:
    client = signed_in(api_app, world.staff)
    page = client.get("/requests/new").text
    once = page.split('name="once" value="', 1)[1].split('"', 1)[0]
    answer = client.post("/requests/new", data={"once": once, "summary": "S"})
    assert answer.status_code == 422
    assert world.count(Request) == 0

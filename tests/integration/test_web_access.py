"""Every role against every page, API route and trigger, as docs/security.md's tables say.

The tables are written by hand (tests/access_table.py parses them); this drives each
cell through the application's test client and reports every difference at once, and
fails when a route of the application has no row (a new page needs its rows).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import TestResponse

from db.models import Notification
from tests.access_table import ROLES, Row, fill, routes, triggers
from tests.support import PASSWORD, Scenario
from webui import services
from workflow.admin.tokens import issue_for_username
from workflow.services import Upload, add_deliverable, calendar_token, upload_cv

# What every write sends: a stale version, an empty form, a wrong round: let through, it
# is refused for its input and stores nothing, so the rows do not depend on their order.
FORM = {"version": "0", "round": "0", "once": "", "comment": "", "decision": ""}
BODY = {"version": 0}
PLURAL = {"request": "requests", "action": "actions", "activity": "activities"}


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DELIVERABLE = {"type": "other", "title": "A guide", "language": "en", "issued_on": "2026-11-20"}


def deliverable(app: Any, world: Scenario, action_id: int) -> int:
    store = services(app).store
    upload = Upload("guide.pdf", io.BytesIO(PDF))
    staff = world.staff.id
    return add_deliverable(world.uow(), store, staff, "action", action_id, DELIVERABLE, upload).id


def with_cv(app: Any, world: Scenario, expert_id: int) -> int:
    upload = Upload("cv.pdf", io.BytesIO(PDF))
    upload_cv(world.uow(), services(app).store, world.staff.id, expert_id, upload)
    return expert_id


def build(app: Any, world: Scenario) -> dict[str, int | str]:
    """The objects the tables' placeholders name (docs/security.md)."""
    action = world.action(activities=2)
    activity, sibling = action.activities
    world.edit("activity", activity.id, {"expert_ids": [world.expert.id]})
    other = world.action(activities=1, focal=False)
    key = str(app.config["SECRET_KEY"]).encode()  # {user}'s link: no visitor renews it
    with world.uow() as uow:
        notice = Notification(
            user_id=world.staff2.id, rule="r", object_kind="action", object_id=1, subject="S"
        )
        uow.session.add(notice)
        uow.commit()
        notice_id = notice.id
    return {
        "action": action.id,
        "activity": activity.id,
        "sibling_activity": sibling.id,
        "request": action.request_id,
        "other_action": other.id,
        "other_activity": other.activities[0].id,
        "other_request": other.request_id,
        "open_request": world.request_in_review().id,
        "expert": with_cv(app, world, world.expert.id),
        "other_expert": with_cv(app, world, world.new_expert("so@example.org", "Someone").id),
        "user": world.staff2.id,
        "notice": notice_id,
        "deliverable": deliverable(app, world, action.id),
        "other_deliverable": deliverable(app, world, other.id),
        "calendar": calendar_token(world.uow(), key, world.staff2.id),
    }


class Visitor:
    """One role's browser session and API token (none for `anonymous`)."""

    def __init__(self, app: Any, world: Scenario, user: Any) -> None:
        self.app, self.world, self.user = app, world, user
        self.web = app.test_client()
        self.token = issue_for_username(world.uow(), user.username)[0] if user else None
        self.log_in()

    def log_in(self) -> None:
        if self.user is not None:
            form = {"username": self.user.username, "password": PASSWORD}
            assert self.web.post("/login", data=form).status_code == 302

    def call(self, method: str, path: str) -> TestResponse:
        if not path.startswith("/api/"):
            data = FORM if method == "POST" else None
            answer = self.web.open(path, method=method, data=data)
            if path in ("/logout", "/account/logout-everywhere"):
                self.log_in()
            return answer
        token = self.token
        if method == "DELETE" and self.user is not None:  # it revokes what it presents
            token = issue_for_username(self.world.uow(), self.user.username)[0]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = BODY if method in ("POST", "PATCH") else None
        return self.app.test_client().open(path, method=method, headers=headers, json=body)


def outcome(answer: TestResponse) -> str:
    status = answer.status_code
    if status >= 500 or status == 405:
        return str(status)
    if status == 401 or (status == 302 and "/login?next=" in answer.headers["Location"]):
        return "login"
    return str(status) if status in (403, 404) else "ok"


def visitors(app: Any, world: Scenario) -> dict[str, Visitor]:
    users = (world.staff, world.psc[0], world.focal, world.expert_user, world.admin, None)
    return {role: Visitor(app, world, user) for role, user in zip(ROLES, users, strict=True)}


def test_every_role_meets_the_table_on_every_route_and_trigger(
    api_app: Any, world: Scenario
) -> None:
    ids = build(api_app, world)
    people = visitors(api_app, world)
    cases: list[tuple[int, str, str, dict[str, str]]] = [
        (row.line, row.method, fill(row.path, ids), row.expected) for row in routes()
    ]
    for row in triggers():
        kind = next(k for k in PLURAL if row.target.rstrip("}").endswith(k))
        object_id = fill(row.target, ids)
        api = f"/api/v1/{PLURAL[kind]}/{object_id}/transitions/{row.trigger}"
        web = f"/{PLURAL[kind]}/{object_id}/fire/{row.trigger}"
        cases += [(row.line, "POST", api, row.expected), (row.line, "POST", web, row.expected)]
    differences = []
    for line, method, path, expected in cases:
        for role, visitor in people.items():
            answer = visitor.call(method, path)
            answer.close()
            if (got := outcome(answer)) != expected[role]:
                differences.append(
                    f"docs/security.md:{line} {method} {path} as {role}: "
                    f"expected {expected[role]}, got {got} ({answer.status_code})"
                )
    assert not differences, "\n".join(differences)


def test_focal_points_and_experts_list_only_what_is_theirs(api_app: Any, world: Scenario) -> None:
    ids = build(api_app, world)
    people = visitors(api_app, world)
    others = {
        "requests": {ids["other_request"], ids["open_request"]},
        "actions": {ids["other_action"]},
        "activities": {ids["other_activity"]},
        "experts": {ids["other_expert"]},
    }
    others_for = {"focal_point": others, "expert": {**others, "requests": {ids["request"]}}}
    leaks = []
    for role, hidden in others_for.items():
        visitor = people[role]
        for plural, unseen in hidden.items():
            listed = visitor.call("GET", f"/api/v1/{plural}?per_page=100").get_json()["items"]
            page = visitor.call("GET", f"/{plural}").get_data(as_text=True)
            for object_id in unseen:
                if object_id in {item["id"] for item in listed}:
                    leaks.append(f"GET /api/v1/{plural} shows {role} #{object_id}")
                if f'href="/{plural}/{object_id}"' in page:
                    leaks.append(f"GET /{plural} shows {role} #{object_id}")
        for path in ("/api/v1/stats", "/dashboard"):
            assert visitor.call("GET", path).status_code == 200
        library = visitor.call("GET", "/api/v1/deliverables?per_page=100").get_json()["items"]
        page = visitor.call("GET", "/library").get_data(as_text=True)
        assert {item["id"] for item in library} == {ids["deliverable"]}, role
        assert f"/deliverables/{ids['other_deliverable']}/file" not in page, role
        assert f"/deliverables/{ids['deliverable']}/file" in page, role
    assert not leaks
    # and the staff user does see them: the check above looks where they would be
    staff_page = people["staff"].call("GET", "/actions").get_data(as_text=True)
    assert f'href="/actions/{ids["other_action"]}"' in staff_page


@pytest.fixture
def routed_app(sqlite_template: Path) -> Any:
    from webui import create_app
    from webui.config import TestConfig

    return create_app(TestConfig(f"sqlite:///{sqlite_template}"))


def _covered(app: Any, rows: list[Row]) -> tuple[set[tuple[str, str]], list[str]]:
    adapter = app.url_map.bind("localhost")
    covered, unknown = set(), []
    placeholders = {name: 1 for name in "abcdefghijklmnopqrstuvwxyz"}
    for row in rows:
        path = row.path
        try:
            rule, _ = adapter.match(
                path.format_map(_Ones(placeholders)), method=row.method, return_rule=True
            )
        except Exception as error:  # NotFound, MethodNotAllowed, RequestRedirect
            unknown.append(f"docs/security.md:{row.line} {row.method} {path}: {error!r}")
            continue
        covered.add((rule.rule, row.method))
    return covered, unknown


class _Ones(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 1


def test_every_route_of_the_application_has_a_row_in_the_table(routed_app: Any) -> None:
    rows = routes() + [
        Row("POST", f"/{plural}/1/fire/cancel", {}, row.line)
        for row in triggers()[:1]
        for plural in ("actions",)
    ]
    rows += [Row("POST", "/api/v1/actions/1/transitions/cancel", {}, rows[-1].line)]
    covered, unknown = _covered(routed_app, rows)
    missing = [
        f"{method} {rule.rule} (endpoint {rule.endpoint})"
        for rule in routed_app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if (rule.rule, method) not in covered
    ]
    assert not unknown, "rows that match no route of the application:\n" + "\n".join(unknown)
    assert not missing, (
        "routes with no row in docs/security.md's access table (add one per role):\n"
        + "\n".join(missing)
    )

"""Hostile and random values in every field of every form, posted with a valid CSRF token.

Each example fetches the form's page (a fresh CSRF token, `once` token and version),
keeps or replaces each field's value, and posts it: never a 5xx, and a refusal
(4xx) stores nothing (every table's rows and every object's version compared).
On SQLite and on PostgreSQL (which refuses a NUL in a text: it must be a 422 there).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.snapshot import changes, snapshotter
from tests.support import PASSWORD, Scenario
from webui import create_app, services
from webui.config import TestConfig
from workflow.engine.clock import FixedClock
from workflow.engine.unit_of_work import UnitOfWork

pytestmark = pytest.mark.e2e
EXAMPLES = int(os.environ.get("MIEUX_FORM_FUZZ_EXAMPLES", "10"))
# Values that have broken web forms elsewhere: empty, blank, NUL and control characters,
# markup, SQL, formulas, huge and negative numbers, impossible dates, right-to-left marks.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    '=HYPERLINK("http://x")',
    "-1",
    "0",
    "99999999999999999999",
    "1e308",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "\u202eevil",
    "é" * 3000,
    "x" * 70_000,
    "{}",
    "[]",
    "null",
]
NEVER_CHANGED = {"csrf_token"}  # a valid token, always: the forgery check is tested elsewhere


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values offered


class Forms(HTMLParser):
    """The POST forms of a page, with each field's current or offered values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append(Form(a.get("action", "")))
        elif not self.forms:
            return
        elif tag in ("input", "select") and a.get("name"):
            values = self.forms[-1].fields.setdefault(a["name"], [])
            if a.get("type") not in ("submit",) and "value" in a:
                values.append(a["value"])
            self.select = a["name"]
        elif tag == "option" and self.forms[-1].fields:
            self.forms[-1].fields[self.select].append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.forms[-1].fields.setdefault(a["name"], [])

    def handle_data(self, data: str) -> None:
        if self.textarea and self.forms:
            self.forms[-1].fields[self.textarea].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None


def form_on(page: str, action: str, path: str | None = None) -> Form:
    """The first POST form of `page` (served at `path`) that posts to `action`."""
    parser = Forms()
    parser.feed(page)
    found = [f for f in parser.forms if (f.action or path or action).split("?")[0] == action]
    assert found, f"no form posting to {action}"
    return found[0]


@pytest.fixture
def fuzz_app(db_url: str, clock: FixedClock) -> Iterator[tuple[Any, Scenario, dict[str, str]]]:
    config = TestConfig(db_url)
    config.WTF_CSRF_ENABLED = True
    app = create_app(config, clock=clock)
    mieux = services(app)
    world = Scenario(lambda: UnitOfWork(mieux.session_factory, clock), clock)
    fiche = world.action(activities=1)
    approved = world.approved_action(activities=3)
    world.scheduled_activity(approved, 1)
    held = world.held_activity(approved, 2)
    review = world.submitted_action(activities=1)
    request = world.request_in_review()
    a, planned, sched = approved.id, approved.activities[0].id, approved.activities[1].id
    world.edit("activity", planned, {"expert_ids": [world.expert.id]}, comment="Assigned.")
    pages = {
        # form action -> the page that shows it, and who posts it
        "/requests/new": "staff /requests/new",
        f"/requests/{request.id}/edit": f"staff /requests/{request.id}/edit",
        f"/requests/{request.id}/fire/decline": f"staff /requests/{request.id}/fire/decline",
        f"/requests/{request.id}/fire/withdraw": f"staff /requests/{request.id}/fire/withdraw",
        f"/actions/{fiche.id}/edit": f"staff /actions/{fiche.id}/edit",
        f"/actions/{a}/edit": f"staff /actions/{a}/edit",
        f"/actions/{fiche.id}/activities/new": f"staff /actions/{fiche.id}/activities/new",
        f"/actions/{a}/fire/suspend": f"staff /actions/{a}/fire/suspend",
        f"/actions/{fiche.id}/fire/cancel": f"staff /actions/{fiche.id}/fire/cancel",
        f"/actions/{review.id}/vote": f"psc /actions/{review.id}",
        f"/activities/{planned}/edit": f"staff /activities/{planned}/edit",
        f"/activities/{planned}/fire/schedule": f"staff /activities/{planned}/fire/schedule",
        f"/activities/{sched}/fire/mark_held": f"staff /activities/{sched}/fire/mark_held",
        f"/activities/{held.id}/fire/submit_report": (
            f"staff /activities/{held.id}/fire/submit_report"
        ),
        "/account/password": "staff /account/password",
        "/admin/users": "admin /admin/users",
        f"/admin/users/{world.staff2.id}": f"admin /admin/users/{world.staff2.id}",
        "/admin/settings": "admin /admin/settings",
        "/admin/reference": "admin /admin/reference",
        "/login": "anonymous /login",
    }
    app.config["FUZZ_WORLD"] = world
    yield app, world, pages
    mieux.engine.dispose()


def client_for(app: Any, world: Scenario, role: str) -> Any:
    client = app.test_client()
    if role == "anonymous":
        return client
    user = {"staff": world.staff, "psc": world.psc[0], "admin": world.admin}[role]
    token = form_on(client.get("/login").text, "/login").fields["csrf_token"][0]
    form = {"username": user.username, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302
    return client


def fuzz_form(client: Any, page: str, action: str, snapshot: Any) -> None:
    names = sorted(form_on(client.get(page).text, action, page).fields)
    values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))

    @given(changed=st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(changed: dict[str, str]) -> None:
        shown = client.get(page)
        if shown.status_code != 200:  # an earlier example fired it: the object moved on
            return
        form = form_on(shown.text, action, page)
        data = {name: (offered[:1] or [""]) for name, offered in form.fields.items()}
        for name, value in changed.items():
            if name not in NEVER_CHANGED:
                data[name] = [value]
        before = snapshot()
        answer = client.post(action, data=data)
        assert answer.status_code < 500, f"{answer.status_code} for {data}"
        if 400 <= answer.status_code < 500 and action != "/login":
            assert not changes(before, snapshot()), f"{answer.status_code} yet stored"

    run()


def test_hostile_values_in_every_form_field_store_nothing_when_refused(
    fuzz_app: tuple[Any, Scenario, dict[str, str]],
) -> None:
    app, world, pages = fuzz_app
    snapshot = snapshotter(services(app).engine)
    clients = {role: client_for(app, world, role) for role in ("staff", "psc", "admin")}
    failed = {}
    for action, where in pages.items():
        role, page = where.split(" ")
        client = clients.get(role) or client_for(app, world, role)
        try:
            fuzz_form(client, page, action, snapshot)
        except (Exception, BaseExceptionGroup) as error:  # one failure must not hide others
            failed[action] = "".join(traceback.format_exception(error))[-1200:]
    assert not failed, "\n\n".join(f"{action}: {error}" for action, error in failed.items())

"""axe-core on the pages the flows do not visit: lists, experts, admin pages, the password
page, a 404 and a 403 page, with a phone-sized viewport as well as a desktop one."""

from __future__ import annotations

from typing import Any

import pytest

from db.engine import make_engine, make_session_factory
from tests.e2e.conftest import PASSWORD, axe_violations, log_in
from workflow.services import SystemClock, UnitOfWork, add_user

PAGES = {
    "ana": [
        "/requests",
        "/actions?state=closed&sort=name",
        "/activities",
        "/experts",
        "/requests/new",
        "/account/password",
        "/psc",
        "/actions/999",
        "/dashboard",
        "/notifications",
        "/library",
        "/account/calendar",
    ],
    "root": [
        "/admin/users",
        "/admin/users/1",
        "/admin/settings",
        "/admin/reference",
        "/admin/outbox",
        "/admin/audit",
    ],
}


@pytest.fixture
def admin_user(web_database: str) -> None:
    factory = make_session_factory(make_engine(web_database))
    add_user(UnitOfWork(factory, SystemClock()), "root", ["admin"], PASSWORD, full_name="Root")


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation_on_any_other_page(
    served: str, browser: Any, admin_user: None, viewport: tuple[int, int]
) -> None:
    found = {}
    for username, paths in PAGES.items():
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        page.goto(served + "/login")
        log_in(page, served, username)
        for path in paths:
            page.goto(served + path)
            found[path] = axe_violations(page)
        page.close()
    assert found == {path: [] for paths in PAGES.values() for path in paths}

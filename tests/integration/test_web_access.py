"""Who reaches which page: every role against every page (200, 403, or 404 when the
object is outside their view), as a table written out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import PASSWORD, Scenario

ROLES = ("staff", "psc", "focal", "expert", "admin")
# page -> the status for staff, psc, focal point, expert, admin
PAGES: dict[str, tuple[int, ...]] = {
    "/": (200, 200, 200, 200, 200),
    "/requests": (200, 200, 200, 200, 200),
    "/actions": (200, 200, 200, 200, 200),
    "/activities": (200, 200, 200, 200, 200),
    "/experts": (200, 200, 200, 200, 200),
    "/psc": (403, 200, 403, 403, 403),
    "/requests/new": (200, 403, 403, 403, 403),
    "/admin/users": (403, 403, 403, 403, 200),
    "/admin/settings": (403, 403, 403, 403, 200),
    "/admin/reference": (403, 403, 403, 403, 200),
    "/admin/outbox": (403, 403, 403, 403, 200),
    "/admin/audit": (403, 403, 403, 403, 200),
    "/account/password": (200, 200, 200, 200, 200),
    "/dashboard": (200, 200, 200, 200, 200),
    "/notifications": (200, 200, 200, 200, 200),
    # an Action the focal point is not linked to, and to which the expert is not assigned
    "/actions/{unlinked}": (200, 200, 404, 404, 200),
    "/actions/{unlinked}/edit": (200, 403, 404, 404, 403),
    "/requests/{request}": (200, 200, 404, 404, 200),
    "/experts/{expert}": (200, 200, 404, 200, 200),
}


def users(world: Scenario) -> dict[str, Any]:
    return dict(
        zip(
            ROLES,
            (world.staff, world.psc[0], world.focal, world.expert_user, world.admin),
            strict=True,
        )
    )


def test_every_role_meets_the_expected_answer_on_every_page(api_app: Any, world: Scenario) -> None:
    unlinked = world.action(focal=False)
    ids = {"unlinked": unlinked.id, "request": unlinked.request_id, "expert": world.expert.id}
    found: dict[str, tuple[int, ...]] = {}
    clients = {}
    for role, user in users(world).items():
        clients[role] = api_app.test_client()
        clients[role].post("/login", data={"username": user.username, "password": PASSWORD})
    for page in PAGES:
        path = page.format(**ids)
        found[page] = tuple(clients[role].get(path).status_code for role in ROLES)
    assert found == PAGES


@pytest.mark.parametrize("path", ["/", "/requests/1", "/admin/users", "/psc", "/experts"])
def test_an_anonymous_visitor_always_goes_to_the_login_page(api_app: Any, path: str) -> None:
    answer = api_app.test_client().get(path)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/login?next=")

"""Pages run a bounded number of queries, whatever the number of rows (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from tests.support import PASSWORD, Scenario


@contextmanager
def counted(app: Any) -> Iterator[list[str]]:
    """The SQL statements the application runs inside the block."""
    from webui import services

    statements: list[str] = []
    engine = services(app).engine

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def queries_for(app: Any, client: Any, path: str) -> int:
    with counted(app) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def signed_in(app: Any, world: Scenario) -> Any:
    client = app.test_client()
    client.post("/login", data={"username": world.staff.username, "password": PASSWORD})
    return client


def test_lists_and_home_run_the_same_queries_for_3_or_13_rows(
    api_app: Any, world: Scenario
) -> None:
    client = signed_in(api_app, world)
    for _ in range(3):
        world.action(activities=1)
    few = {
        p: queries_for(api_app, client, p)
        for p in ("/", "/requests", "/actions", "/activities", "/dashboard")
    }
    for _ in range(10):
        world.action(activities=2)
    many = {p: queries_for(api_app, client, p) for p in few}
    assert many == few
    dashboard = few.pop("/dashboard")
    assert max(few.values()) <= 25, few
    assert dashboard <= 45  # one GROUP BY a figure, and the reference data read once


def test_an_action_page_runs_the_same_queries_for_1_or_7_activities(
    api_app: Any, world: Scenario
) -> None:
    client = signed_in(api_app, world)
    small, large = world.action(activities=1), world.action(activities=7)
    assert queries_for(api_app, client, f"/actions/{small.id}") == queries_for(
        api_app, client, f"/actions/{large.id}"
    )


def api_queries(api_app: Any, api: Any, world: Scenario, path: str) -> int:
    api.token(world.staff)  # the token is issued before counting
    with counted(api_app) as statements:
        assert api.get(path, world.staff).status_code == 200, path
    return len(statements)


API_PATHS = (
    "/requests",
    "/actions",
    "/activities",
    "/actions?state=implementation",
    "/stats",
)


def test_api_lists_and_stats_run_the_same_queries_for_2_or_8_actions(
    api_app: Any, api: Any, world: Scenario
) -> None:
    for _ in range(2):
        world.approved_action(activities=2)
    few = {p: api_queries(api_app, api, world, p) for p in API_PATHS}
    for _ in range(6):
        world.approved_action(activities=3)
    many = {p: api_queries(api_app, api, world, p) for p in API_PATHS}
    assert many == few
    # The token (one lean query), the actor with their roles (one), a page's count and rows
    # and their relations (a query each), or one GROUP BY a figure.
    assert max(v for p, v in few.items() if p != "/stats") <= 12, few
    assert few["/stats"] <= 28, few  # with the roster's three figures


def test_an_object_its_transitions_and_history_run_the_same_queries_for_1_or_7_activities(
    api_app: Any, api: Any, world: Scenario
) -> None:
    small, large = world.approved_action(activities=1), world.approved_action(activities=7)
    client = signed_in(api_app, world)
    counts = {}
    for action in (small, large):
        counts[action.id] = [
            api_queries(api_app, api, world, f"/actions/{action.id}{tail}")
            for tail in ("", "/transitions", "/history")
        ] + [queries_for(api_app, client, f"/activities/{action.activities[0].id}")]
    assert counts[small.id] == counts[large.id], counts

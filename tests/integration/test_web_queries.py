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
    paths = ("/", "/requests", "/actions", "/activities", "/dashboard")
    for path in paths:  # the reference data is read once, then kept while its stamp holds
        queries_for(api_app, client, path)
    few = {p: queries_for(api_app, client, p) for p in paths}
    for _ in range(10):
        world.action(activities=2)
    many = {p: queries_for(api_app, client, p) for p in few}
    assert many == few
    dashboard = few.pop("/dashboard")
    # The session's user with their unread count, the reader with their roles, the
    # count and the rows, the reference data's stamp and the staff (SQLite adds a BEGIN
    # a transaction); before: 20 (the reference data's ten lists read on every page).
    assert max(few[p] for p in ("/requests", "/actions", "/activities")) <= 9, few
    assert few["/"] <= 9, few  # the agenda's lists and the states' counts; before: 14
    assert dashboard <= 45  # one GROUP BY a figure, and the reference data read once


def test_a_list_shows_a_new_partner_country_at_once(api_app: Any, world: Scenario) -> None:
    """The reference data is kept per process while its stamp holds: a change renews it."""
    from workflow.admin.reference import set_partner_country

    client = signed_in(api_app, world)
    assert 'value="KR"' not in client.get("/requests").get_data(as_text=True)
    set_partner_country(world.uow(), world.admin.id, "KR", "asia", ["DCI"])
    assert 'value="KR"' in client.get("/requests").get_data(as_text=True)


def test_an_action_page_runs_the_same_queries_for_1_or_7_activities(
    api_app: Any, world: Scenario
) -> None:
    client = signed_in(api_app, world)
    small, large = world.action(activities=1), world.action(activities=7)
    counts = [queries_for(api_app, client, f"/actions/{a.id}") for a in (small, large)]
    assert counts[0] == counts[1]
    # One read for the whole page (the actor with their roles and the settings' stamp, the
    # Action and its relations, history, guards, reminders, files, activities, PSC rounds)
    # after the session's user: 17 on PostgreSQL, SQLite adds two BEGINs; before: 33 and
    # 37, the actor read five times (the object, transitions, history, votes, files).
    assert counts[0] <= 19, counts
    with counted(api_app) as statements:
        client.get(f"/actions/{large.id}")
    users = [s for s in statements if "FROM users LEFT OUTER JOIN user_roles" in s]
    assert len(users) == 2, users  # the session's user, then the page's actor: once each


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


def test_a_list_counts_up_to_its_cap_then_says_there_are_more(
    api_app: Any, world: Scenario, monkeypatch: Any
) -> None:
    """Counting a million Activities to print their number took half a second at 100,000
    Actions: a list counts up to a cap, and past it says so (the rows are all listed)."""
    from workflow.read import listing

    for _ in range(3):
        world.action(activities=1)
    client = signed_in(api_app, world)
    whole = client.get("/actions").get_data(as_text=True)
    assert "More than" not in whole  # counted exactly
    monkeypatch.setattr(listing, "COUNT_CAP", 2)
    capped = client.get("/actions").get_data(as_text=True)
    assert "More than 2 found: narrow the list with the filters." in capped
    assert capped.count('href="/actions/') == whole.count('href="/actions/')

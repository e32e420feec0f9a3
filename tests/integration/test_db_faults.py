"""Database faults as clear answers (issue 12): a read-only database gives 503 with the API's
error body or an error page, and nothing is written; a row that clashes at the database is a
409 `conflict`, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from db.engine import make_engine
from db.models import Request
from tests.e2e.api_client import ApiClient
from tests.support import PASSWORD, Scenario, request_payload
from webui import create_app, services
from webui.config import TestConfig


@pytest.fixture
def read_only_app(db_url: str) -> Iterator[Any]:
    """The application on the same database, opened read-only (a standby, a full disk...)."""
    if db_url.startswith("sqlite"):
        path = sa.engine.make_url(db_url).database
        app = create_app(TestConfig(f"sqlite:///file:{path}?mode=ro&uri=true"))
        yield app
    else:
        name = sa.engine.make_url(db_url).database
        admin = make_engine(db_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(
                f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'
            )
        app = create_app(TestConfig(db_url))
        yield app
        with admin.connect() as connection:
            connection.exec_driver_sql(
                f'ALTER DATABASE "{name}" RESET default_transaction_read_only'
            )
        admin.dispose()
    services(app).engine.dispose()


def test_a_read_only_database_answers_503_and_keeps_serving_reads(
    api: ApiClient, world: Scenario, read_only_app: Any
) -> None:
    request = world.request()
    token = api.token(world.staff)  # issued while the database was writable
    page = api.app.test_client()
    assert page.post("/login", data={"username": "alice", "password": PASSWORD}).status_code == 302
    cookie = page.get_cookie("session")
    assert cookie is not None
    read_only = ApiClient(read_only_app, world)
    read_only.tokens["alice"] = token

    listed = read_only.get("/requests", world.staff)
    assert listed.status_code == 200 and listed.get_json()["total"] == 1
    refused = read_only.post("/requests", world.staff, request_payload(summary="Not kept."))
    assert refused.status_code == 503
    assert refused.get_json() == {
        "error": "unavailable",
        "message": "The database cannot be used just now (unreachable, busy or read-only): "
        "nothing was saved. Try again in a moment.",
        "reasons": [],
    }
    assert refused.headers["Retry-After"] == "30"

    browser = read_only_app.test_client()
    browser.set_cookie("session", cookie.value)
    fired = browser.post(
        f"/requests/{request.id}/fire/start_screening", data={"version": request.version}
    )
    assert fired.status_code == 503
    assert "The service is unavailable" in fired.get_data(as_text=True)
    assert fired.headers["Retry-After"] == "30"
    assert world.count(Request) == 1
    assert world.get(Request, request.id).state == request.state  # nothing half-written


def test_a_clash_found_only_by_the_database_is_a_409_and_keeps_nothing(
    api: ApiClient, world: Scenario, engine: sa.Engine
) -> None:
    # A rule only the database knows (here a unique index the code does not check first, as
    # two requests at one instant both pass a check) refuses the second row at commit.
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE UNIQUE INDEX one_summary ON requests (summary)")
    first = api.post("/requests", world.staff, request_payload())
    assert first.status_code == 201
    second = api.post("/requests", world.staff, request_payload(countries=["PH"]))
    assert second.status_code == 409
    assert second.get_json()["error"] == "conflict"
    assert second.get_json()["message"].endswith("nothing was saved.")
    assert world.count(Request) == 1

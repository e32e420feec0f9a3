"""The database stopped while the application serves: clear 503s, then, once it is back,
service resumes by itself and nothing is lost (issue 12). On a private PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from db.engine import make_engine
from db.migrate import upgrade
from tests.private_postgres import PrivatePostgres
from tests.support import PASSWORD, request_payload
from webui import create_app, services
from webui.config import TestConfig
from workflow.services import add_user

API = "/api/v1"


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    yield server
    server.destroy()


def test_requests_get_503_while_the_database_is_down_then_it_recovers(
    private_pg: PrivatePostgres,
) -> None:
    upgrade(private_pg.url)
    app = create_app(TestConfig(private_pg.url))
    add_user(services(app).uow(), "ana", ["staff"], PASSWORD)
    client = app.test_client()
    token = client.post(f"{API}/auth/token", json={"username": "ana", "password": PASSWORD})
    auth = {"Authorization": f"Bearer {token.get_json()['token']}"}
    created = client.post(f"{API}/requests", json=request_payload(), headers=auth)
    assert created.status_code == 201, created.get_json()
    page = app.test_client()
    logged_in = page.post("/login", data={"username": "ana", "password": PASSWORD})
    assert logged_in.status_code == 302

    private_pg.stop()
    listed = client.get(f"{API}/requests", headers=auth)
    assert listed.status_code == 503
    assert listed.get_json()["error"] == "unavailable"
    assert "nothing was saved" in listed.get_json()["message"]
    assert listed.headers["Retry-After"] == "30"
    lost = client.post(f"{API}/requests", json=request_payload(summary="Lost."), headers=auth)
    assert lost.status_code == 503 and lost.get_json()["error"] == "unavailable"
    home = page.get("/")
    assert home.status_code == 503
    assert "The service is unavailable" in home.get_data(as_text=True)

    private_pg.start()  # no restart of the application: its pool finds the server again
    listed = client.get(f"{API}/requests", headers=auth)
    assert listed.status_code == 200, listed.get_json()
    assert [r["summary"] for r in listed.get_json()["items"]] == [request_payload()["summary"]]
    again = client.post(f"{API}/requests", json=request_payload(summary="Kept."), headers=auth)
    assert again.status_code == 201
    assert page.get("/").status_code == 200  # the session survived too
    services(app).engine.dispose()
    engine = make_engine(private_pg.url)
    with engine.connect() as connection:
        summaries = set(connection.scalars(sa.text("SELECT summary FROM requests")))
    engine.dispose()
    assert summaries == {request_payload()["summary"], "Kept."}

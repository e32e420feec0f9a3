"""`mieux demo --full`: after the small set, the report's figures for 2009-2019, read back.

One load (about a minute of work: every Request walked through the real
services) serves every assertion, on SQLite: the rules it goes through are
the same on PostgreSQL, which the rest of the suite covers.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mieux.cli import cli
from mieux.demo.full_plan import LAC, REPORT
from mieux.demo.loader import DEMO_PASSWORD
from tests.conftest import CHEAP_HASHER, NOW
from workflow.engine.clock import FixedClock

SPAN = {"from": "2009-01-01", "to": "2019-12-31"}


@pytest.fixture(scope="session")
def full(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app on a database where `mieux demo`, then `mieux demo --full`, ran."""
    from webui import create_app, services
    from webui.config import TestConfig

    database = tmp_path_factory.mktemp("full") / "full.sqlite3"
    shutil.copyfile(sqlite_template, database)
    app = create_app(TestConfig(f"sqlite:///{database}"), clock=FixedClock(NOW))
    runner = app.test_cli_runner()
    with pytest.MonkeyPatch.context() as patch:  # as conftest's cheap_password_hashing
        patch.setattr("workflow.admin.passwords.HASHER", CHEAP_HASHER)
        small = runner.invoke(cli, ["demo"])
        assert small.exit_code == 0, small.output
        app.config["full_output"] = runner.invoke(cli, ["demo", "--full"])
        app.config["again_output"] = runner.invoke(cli, ["demo", "--full"])
    yield app
    services(app).engine.dispose()


def stats(app: Any, **query: str) -> dict[str, Any]:
    client = app.test_client()
    answer = client.post(
        "/api/v1/auth/token", json={"username": "officer", "password": DEMO_PASSWORD}
    )
    token = answer.get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    reply = client.get("/api/v1/stats", query_string=query, headers=headers)
    assert reply.status_code == 200, reply.get_json()
    return dict(reply.get_json())


def check_the_full_demo_loads_once_and_a_second_run_adds_nothing(full: Any) -> None:
    first, again = full.config["full_output"], full.config["again_output"]
    assert first.exit_code == 0, first.output
    assert re.search(r"Demo data: 1\d\d cases loaded", first.output), first.output
    assert again.exit_code == 0 and "0 cases loaded" in again.output


def check_the_api_gives_the_reports_figures_for_2009_to_2019(full: Any) -> None:
    figures = stats(full, **SPAN)
    assert figures["requests_total"] == 147
    assert sum(figures["requests_by_year"].values()) == 147
    assert set(figures["requests_by_year"]) == {str(y) for y in range(2009, 2020)}
    assert figures["countries_with_actions"] > 120
    closed = figures["actions_closed"]
    assert closed["total"] == 109
    assert closed["by_area"]["irregular_migration"] == 41
    assert closed["by_topic"]["trafficking_in_human_beings"] == 27
    assert figures["actions_by_region"][LAC] == 25
    in_lac = stats(full, region=LAC, **SPAN)
    assert in_lac["actions_total"] == 25 and len(in_lac["actions_by_country"]) == 11
    experts = figures["experts"]
    assert (experts["roster"], experts["deployed"]) == (675, 340)
    assert experts["by_gender"] == {"male": 207, "female": 133}
    assert experts["by_type"] == REPORT.by_type
    assert experts["by_member_state"] == REPORT.by_member_state
    assert sum(experts["by_member_state"].values()) == 173
    # Every Request of the span was answered: none is still waiting for a decision.
    waiting = {"received", "eligibility_review", "awaiting_information"}
    assert not waiting & set(figures["requests_by_state"])


def check_the_sixteen_case_studies_are_named_actions_in_it(full: Any) -> None:
    client = full.test_client()
    client.post("/login", data={"username": "officer", "password": DEMO_PASSWORD})
    for place in ("Philippines", "Peru", "Costa Rica", "Cape Verde", "Mexico", "Malawi"):
        page = client.get("/actions", query_string={"q": place})
        assert page.status_code == 200 and place in page.text, place


def check_the_dashboard_shows_the_same_figures(full: Any) -> None:
    client = full.test_client()
    client.post("/login", data={"username": "officer", "password": DEMO_PASSWORD})
    page = client.get("/dashboard", query_string=SPAN)
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert ">147<" in text.replace(" ", "")
    assert "675 in the roster, 340 deployed" in text
    gender = client.get("/dashboard/experts_by_gender.csv", query_string=SPAN).text
    assert "207" in gender and "133" in gender


def test_the_full_demo_reads_as_the_report_counts_it(full: Any) -> None:
    """One test for one load (a minute of work): split in several tests, pytest-xdist loaded
    it once on each worker."""
    check_the_full_demo_loads_once_and_a_second_run_adds_nothing(full)
    check_the_api_gives_the_reports_figures_for_2009_to_2019(full)
    check_the_sixteen_case_studies_are_named_actions_in_it(full)
    check_the_dashboard_shows_the_same_figures(full)

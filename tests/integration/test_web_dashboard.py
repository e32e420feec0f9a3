"""The dashboard's figures are the statistics' numbers, on the page and in each CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.support import PASSWORD, Scenario


def signed_in(app: Any, user: Any) -> Any:
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    return client


def rows_of(answer: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True))))


def test_the_csv_of_a_figure_holds_the_numbers_of_the_page(api_app: Any, world: Scenario) -> None:
    world.submitted_action()
    world.request()
    client = signed_in(api_app, world.staff)
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Requests by state" in page.text
    answer = client.get("/dashboard/requests_by_state.csv")
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert rows_of(answer) == [["Requests by state", "count"], ["Accepted", "1"], ["Received", "1"]]
    assert rows_of(client.get("/dashboard/actions_by_state.csv"))[1:] == [["In PSC review", "1"]]
    assert client.get("/dashboard/nothing.csv").status_code == 404


def test_a_region_filter_narrows_every_figure(api_app: Any, world: Scenario) -> None:
    world.action()  # Thailand: Asia
    client = signed_in(api_app, world.staff)
    asia = rows_of(client.get("/dashboard/actions_by_region.csv?region=asia"))
    africa = rows_of(client.get("/dashboard/actions_by_region.csv?region=west_africa"))
    assert asia[1:] == [["Asia (incl. Central Asia)", "1"]]
    assert africa[1:] == []


def test_the_days_of_receipt_narrow_the_figures_and_a_bad_day_is_explained(
    api_app: Any, world: Scenario
) -> None:
    world.request(received_on="2015-06-01", countries=["PE"])
    world.request()  # received in 2026
    client = signed_in(api_app, world.staff)
    page = client.get("/dashboard?from=2009-01-01&to=2019-12-31")
    assert page.status_code == 200 and 'value="2019-12-31"' in page.text
    years = rows_of(client.get("/dashboard/requests_by_year.csv?from=2009-01-01&to=2019-12-31"))
    assert years[1:] == [["2015", "1"]]
    refused = client.get("/dashboard?to=31/12/2019")
    assert refused.status_code == 422
    assert "Write the day as YYYY-MM-DD" in refused.text
    unknown = client.get("/dashboard?region=atlantis")  # was a 500 before the 422 page
    assert unknown.status_code == 422 and "Unknown region" in unknown.text

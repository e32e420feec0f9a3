"""The dashboard in a real browser: filtered by region and by days of receipt, each figure's
table following the filter, with no accessibility violation (axe-core)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from db.engine import make_engine, make_session_factory
from db.models import User
from tests.e2e.conftest import axe_violations, log_in
from tests.support import request_payload
from workflow.services import SystemClock, UnitOfWork, create_request


@pytest.fixture
def requests_over_the_years(web_database: str) -> None:
    factory = make_session_factory(make_engine(web_database))
    with factory() as session:
        ana = session.scalar(sa.select(User.id).where(User.username == "ana"))
    for received, country in (("2015-06-01", "PE"), ("2017-03-01", "TH"), ("2026-09-01", "TH")):
        payload = request_payload(received_on=received, endorsed_on=received, countries=[country])
        create_request(UnitOfWork(factory, SystemClock()), ana, payload)


def table_rows(page: Any, caption: str) -> list[list[str]]:
    """The rows of the table behind the chart titled `caption`."""
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return [
        [(cell.text_content() or "").strip() for cell in row.locator("th, td").all()]
        for row in table.locator("tbody tr").all()
    ]


def test_the_dashboard_filtered_by_region_and_days_of_receipt(
    served: str, browser: Any, requests_over_the_years: None
) -> None:
    page = browser.new_page()
    page.goto(served + "/login")
    log_in(page, served, "ana")
    page.goto(served + "/dashboard")
    assert table_rows(page, "Requests by year received") == [
        ["2015", "1"],
        ["2017", "1"],
        ["2026", "1"],
    ]
    page.get_by_label("Region", exact=True).select_option(label="Asia (incl. Central Asia)")
    page.get_by_label("Received from").fill("2009-01-01")
    page.get_by_label("Received until").fill("2019-12-31")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**to=2019-12-31**")  # the filtered page, not the one before it
    assert "region=asia" in page.url
    # Only Thailand's Request of 2017 is both in Asia and within 2009-2019.
    assert table_rows(page, "Requests by year received") == [["2017", "1"]]
    assert page.get_by_label("Received until").input_value() == "2019-12-31"
    assert axe_violations(page) == []
    page.get_by_label("Received until").fill("")
    page.get_by_label("Received from").fill("2020-01-01")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**from=2020-01-01**")
    assert table_rows(page, "Requests by year received") == [["2026", "1"]]

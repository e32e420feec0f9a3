"""In a real browser: staff add a deliverable to an Action (a forged file first, refused),
then find it in the library and download it; axe-core checks each page on the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from db.engine import make_engine, make_session_factory
from tests.e2e.conftest import axe_violations
from tests.integration.test_library import PDF, PNG
from tests.support import PASSWORD, Scenario
from workflow.services import FixedClock, UnitOfWork

pytestmark = pytest.mark.e2e


@pytest.fixture
def action_id(web_database: str) -> int:
    factory = make_session_factory(make_engine(web_database))
    clock = FixedClock(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC))
    world = Scenario(lambda: UnitOfWork(factory, clock), clock)
    return world.action(activities=1).id


def test_upload_a_deliverable_then_find_and_download_it(
    served: str, browser: Any, action_id: int
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "/login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{served}/actions/{action_id}")
    page.get_by_role("link", name="Add a deliverable").click()
    assert axe_violations(page) == []

    page.get_by_label("Title").fill("National referral mechanism: standard operating procedures")
    page.get_by_label("Type").select_option("standard_operating_procedures")
    page.get_by_label("Language").select_option("fr")
    page.get_by_label("Date of the document").fill("2026-11-20")
    page.get_by_label("File").set_input_files(
        {"name": "sop.pdf", "mimeType": "application/pdf", "buffer": PNG}
    )
    page.get_by_role("button", name="Upload").click()
    summary = page.locator(".govuk-error-summary")
    assert "is not a real PDF file" in summary.inner_text()
    assert page.get_by_label("Title").input_value().startswith("National referral")  # kept
    assert axe_violations(page) == []

    page.get_by_label("File").set_input_files(
        {"name": "sop.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload").click()
    assert "The file sop.pdf is added." in page.locator(".govuk-notification-banner").inner_text()
    assert page.url.endswith(f"/actions/{action_id}")

    page.get_by_role("link", name="Library").click()
    page.get_by_label("Words").fill("referral thailand")
    page.get_by_label("Type").select_option("standard_operating_procedures")
    page.get_by_role("button", name="Search").click()
    results = page.locator("table.mieux-files tbody tr")
    assert results.count() == 1
    assert "Standard operating procedures" in results.inner_text()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        results.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == "sop.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    page.close()

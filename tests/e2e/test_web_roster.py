"""Finding and assigning an expert in a real browser: staff open an activity, filter the
roster by language, see who is booked then (not choosable), assign a free expert; the
roster and an expert's page too. axe-core checks every page visited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.engine import make_engine, make_session_factory
from db.models import Activity
from tests.conftest import NOW
from tests.e2e.conftest import axe_violations, log_in
from tests.support import PASSWORD, Scenario
from workflow.services import FixedClock, UnitOfWork

pytestmark = pytest.mark.e2e


@pytest.fixture
def roster_world(web_database: str) -> dict[str, Any]:
    """A planned activity (2027-01-11..13) of an Action being drafted; Bea is booked on
    another Action's activity then; Fred speaks Spanish and is free."""
    factory = make_session_factory(make_engine(web_database))
    clock = FixedClock(NOW)
    world = Scenario(lambda: UnitOfWork(factory, clock), clock)
    drafting = world.action(activities=1)
    elsewhere = world.approved_action(activities=1)
    bea = world.new_expert("bea@example.org", "Bea Booked", "ES", languages=["es"])
    fred = world.new_expert(
        "fred@example.org",
        "Fred Free",
        "ES",
        languages=["es", "en"],
        thematic_areas=["irregular_migration"],
        availability=[{"start": "2027-01-01", "end": "2027-01-31"}],
    )
    busy = elsewhere.activities[0]
    world.fire("activity", busy.id, "schedule", data={"expert_ids": [bea.id]})
    return {"world": world, "activity": drafting.activities[0].id, "bea": bea.id, "fred": fred.id}


def test_staff_find_an_expert_by_language_and_assign_one_who_is_free(
    served: str, browser: Any, roster_world: dict[str, Any], tmp_path: Path
) -> None:
    world, activity = roster_world["world"], roster_world["activity"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    checked: list[str] = []

    def check() -> None:
        page.wait_for_load_state()
        assert axe_violations(page) == [], page.url
        checked.append(page.url)

    page.goto(served + "/login")
    log_in(page, served, "alice", PASSWORD)
    page.goto(f"{served}/activities/{activity}")
    page.get_by_role("link", name="Find an expert").click()
    check()
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**language=es**")  # the filtered page, not the one before it
    check()
    labels = page.locator("#experts label.govuk-checkboxes__label").all_inner_texts()
    assert labels == ["Bea Booked", "Fred Free"]
    assert page.get_by_label("Bea Booked", exact=True).is_disabled()
    assert "Booked then" in page.locator(f"#expert-{roster_world['bea']}-hint").inner_text()
    fred = page.get_by_label("Fred Free", exact=True)
    assert fred.is_enabled()
    fred.check()
    page.screenshot(path=str(tmp_path / "finder.png"), full_page=True)
    page.get_by_role("button", name="Assign the chosen experts").click()
    check()
    assert page.url.endswith(f"/activities/{activity}")
    assert "The experts are assigned." in page.inner_text("main")
    assigned = world.get(Activity, activity).experts
    assert [e.id for e in assigned] == [roster_world["fred"]]
    # The roster and Fred's page, now with a deployment.
    page.get_by_role("link", name="Experts", exact=True).click()
    check()
    page.get_by_role("link", name="Fred Free").click()
    check()
    assert "Workshop 1" in page.locator("#deployments-heading + table").inner_text()
    assert len(checked) == 5
    page.close()

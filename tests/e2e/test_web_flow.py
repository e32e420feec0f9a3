"""The whole programme in a real browser: a Request becomes an Action, the PSC signs it off,
an activity is held and reported, the Action is evaluated and closed; and a PSC member
who requests changes sends the Fiche back to drafting. axe-core checks every page visited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db.engine import make_engine, make_session_factory
from tests.e2e.conftest import PASSWORD, axe_violations, log_in
from workflow.services import (
    SystemClock,
    UnitOfWork,
    add_user,
    create_expert,
)

TODAY = dt.date.today()
FOCAL_EMAIL = "focal@ministry.example.org"
EXPERT_EMAIL = "marie.dupont@interieur.example.fr"


@pytest.fixture
def people(web_database: str) -> dict[str, int]:
    """The cast: staff (ana, from conftest), three PSC members, a focal point, an expert."""
    factory = make_session_factory(make_engine(web_database))

    def uow() -> UnitOfWork:
        return UnitOfWork(factory, SystemClock())

    for n in (1, 2, 3):
        add_user(uow(), f"psc{n}", ["psc"], PASSWORD, full_name=f"Member {n}")
    add_user(uow(), "focal", ["focal_point"], PASSWORD, FOCAL_EMAIL, "Somchai Focal")
    add_user(uow(), "marie", ["expert"], PASSWORD, EXPERT_EMAIL, "Marie Dupont")
    staff = 1  # ana, the first user
    expert = create_expert(
        uow(),
        staff,
        {
            "name": "Marie Dupont",
            "email": EXPERT_EMAIL,
            "nationality": "FR",
            "type": "eu_government",
            "gender": "female",
        },
    )
    return {"expert": expert.id}


class Visitor:
    """One browser page that logs in as people in turn and checks every page with axe."""

    def __init__(self, page: Any, base: str, shots: Path) -> None:
        self.page, self.base, self.shots = page, base, shots
        self.checked: list[str] = []

    def check(self) -> None:
        self.page.wait_for_load_state()
        assert axe_violations(self.page) == [], self.page.url
        self.checked.append(self.page.url)

    def as_(self, username: str) -> None:
        if self.page.get_by_role("button", name="Log out").count():
            self.page.get_by_role("button", name="Log out").click()
        self.page.goto(self.base + "/")
        log_in(self.page, self.base, username)
        self.check()

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).first.click()
        self.check()

    def state(self) -> str:
        return self.page.locator("main strong.govuk-tag").first.inner_text()

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


@pytest.fixture
def visitor(served: str, browser: Any, people: dict[str, int], tmp_path: Path) -> Iterator[Visitor]:
    page = browser.new_page()
    yield Visitor(page, served, tmp_path)
    page.close()


def record_request(v: Visitor) -> None:
    v.page.goto(v.base + "/requests/new")
    v.check()
    p = v.page
    p.get_by_label("Requesting institution").fill("Ministry of Labour of the Philippines")
    p.get_by_label("Type of requester").select_option(label="National public administration")
    p.get_by_label("Countries").select_option(["PH"])
    p.get_by_label("Irregular migration, THB and migrant smuggling").check()
    p.get_by_label("Received on").fill(TODAY.isoformat())
    p.get_by_label("Summary of the request").fill("Help to identify victims of trafficking.")
    p.get_by_label("Endorsed by (optional)").fill("EU Delegation in Manila")
    p.get_by_label("Endorsed on (optional)").fill(TODAY.isoformat())
    v.click("button", "Record the Request")
    assert v.page.get_by_text("The Request is recorded.").is_visible()


def draft_fiche(v: Visitor, expert_id: int) -> str:
    """From the accepted Request to a Fiche with a focal point and one activity; its URL."""
    v.click("button", "Start screening")
    assert v.state() == "In eligibility review"
    v.click("button", "Accept")
    assert v.state() == "Accepted"
    v.click("link", re.compile(r"^Action \d+$"))  # type: ignore[arg-type]
    action_url = v.page.url
    v.click("link", re.compile(r"^Edit"))  # type: ignore[arg-type]
    p = v.page
    p.get_by_label("Objectives").fill("Better identification of victims.")
    p.get_by_label("Context").fill("A referral mechanism exists since 2014.")
    p.get_by_label("Name 1").fill("Somchai Focal")
    p.get_by_label("Institution 1").fill("Ministry of Labour")
    p.get_by_label("E-mail 1").fill(FOCAL_EMAIL)
    v.click("button", "Save changes")
    v.click("link", "Add an activity")
    p.get_by_label("Type").select_option(label="Assessment and preparation session")
    p.get_by_label("Title").fill("Assessment mission")
    p.get_by_label("Place").fill("Manila")
    p.get_by_label("Planned start").fill((TODAY - dt.timedelta(days=3)).isoformat())
    p.get_by_label("Planned end").fill((TODAY - dt.timedelta(days=2)).isoformat())
    p.locator(f'input[name="expert_ids"][value="{expert_id}"]').check()
    v.click("button", "Add the activity")
    assert v.page.url == action_url
    return action_url


def validate_and_submit(v: Visitor, action_url: str, title: str) -> None:
    v.as_("focal")
    v.click("link", title)  # from "Action Fiches to validate"
    v.click("button", "Validate the Fiche (partner)")
    v.as_("ana")
    v.page.goto(action_url)
    v.check()
    v.click("button", "Submit to the PSC")
    assert v.state() == "In PSC review"


def title_of(v: Visitor) -> str:
    heading = v.page.get_by_role("heading", level=1).inner_text()
    return heading.split(": ", 1)[1]


def test_a_request_goes_all_the_way_to_a_closed_action(
    visitor: Visitor, people: dict[str, int]
) -> None:
    v = visitor
    v.as_("ana")
    record_request(v)
    action_url = draft_fiche(v, people["expert"])
    title = title_of(v)
    validate_and_submit(v, action_url, title)
    for member in ("psc1", "psc2", "psc3"):
        v.as_(member)
        v.click("link", title)  # the queue on the member's home page: one click...
        v.click("button", "Approve")  # ...and two
        assert v.page.get_by_text("Your vote is recorded: Approve.").is_visible()
    assert v.state() == "In implementation"
    v.shot("action-in-implementation")

    v.as_("ana")
    v.page.goto(action_url)
    v.click("link", "Assessment mission")
    activity_url = v.page.url
    v.click("button", "Schedule")
    v.click("button", "Schedule")
    assert v.state() == "Scheduled"
    v.click("button", "Mark as held")
    v.page.get_by_label("Actual start").fill((TODAY - dt.timedelta(days=3)).isoformat())
    v.page.get_by_label("Actual end").fill((TODAY - dt.timedelta(days=2)).isoformat())
    v.page.get_by_label("Participants: total").fill("24")
    v.page.get_by_label("Participants: women").fill("15")
    v.page.get_by_label("Participants: men").fill("9")
    v.click("button", "Mark as held")
    assert v.state() == "Held"

    v.as_("marie")
    v.click("link", "Assessment mission")  # "Reports you owe"
    v.click("button", "Submit the report")
    v.page.get_by_label("Report").fill("The mission met the task force.")
    v.page.get_by_label("Participant feedback").fill("Useful and practical.")
    v.click("button", "Submit the report")
    assert v.state() == "Report submitted"

    v.as_("ana")
    v.page.goto(activity_url)
    v.click("button", "Accept the report")
    assert v.state() == "Completed"
    v.page.goto(action_url)
    v.click("button", "Complete implementation")
    assert v.state() == "In evaluation"
    v.click("button", "Close")
    for criterion in (
        "relevance",
        "effectiveness",
        "efficiency",
        "sustainability",
        "impact",
        "coherence",
        "eu added value",
    ):
        v.page.get_by_label(f"DAC rating: {criterion}").fill("3")
    v.page.get_by_label("Partner feedback").fill("Valued the peer approach.")
    v.page.get_by_label("Expert feedback").fill("Committed counterparts.")
    v.page.get_by_label("Lessons learned").fill("Agree on focal points early.")
    v.page.get_by_label("Ownership").check()
    v.click("button", "Close")
    assert v.state() == "Closed"
    assert v.page.get_by_text(
        "Path taken: Drafting the Action Fiche → In PSC review → "
        "In implementation → In evaluation → Closed."
    ).is_visible()
    v.shot("action-closed")
    assert len(v.checked) > 30


def test_a_member_who_requests_changes_sends_the_fiche_back_to_drafting(
    visitor: Visitor, people: dict[str, int]
) -> None:
    v = visitor
    v.as_("ana")
    record_request(v)
    action_url = draft_fiche(v, people["expert"])
    title = title_of(v)
    validate_and_submit(v, action_url, title)
    for member in ("psc1", "psc3"):
        v.as_(member)
        v.click("link", title)
        v.click("button", "Approve")
    v.as_("psc2")  # the last vote decides: not unanimous, so changes are requested
    v.click("link", title)
    v.click("button", "Request changes")  # without the comment it needs
    assert v.page.get_by_text("A comment is required unless approving.").first.is_visible()
    v.page.get_by_label("Comment").fill("Add a gender analysis to the Fiche.")
    v.click("button", "Request changes")
    assert v.state() == "Drafting the Action Fiche"
    v.as_("ana")
    v.page.goto(action_url)
    v.check()
    row = v.page.locator(".govuk-summary-list__row", has_text="Partner validated by")
    assert "none" in row.inner_text()
    assert v.page.get_by_text("Add a gender analysis to the Fiche.").first.is_visible()

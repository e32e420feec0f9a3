"""The notification settings page in a real browser: reached from the header, keyboard-and-
label operable, saved, shown again as saved, and free of serious axe-core violations."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.engine import make_engine, make_session_factory
from db.models import NoticePreference, User
from tests.e2e.conftest import axe_violations, log_in


def stored(web_database: str) -> list[tuple[str, bool, bool]]:
    with make_session_factory(make_engine(web_database))() as session:
        query = sa.select(User.username, NoticePreference.email, NoticePreference.daily_digest)
        return [tuple(row) for row in session.execute(query.join(NoticePreference))]


def test_a_user_sets_their_own_notification_settings(
    served: str, web_database: str, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "/login")
    log_in(page, served, "ana")
    page.get_by_role("link", name="Notification settings").click()
    assert page.url == served + "/account/notifications"
    assert page.get_by_role("heading", level=1).inner_text() == "Notification settings"
    # Ana has no e-mail address: the page says her notices stay in the app.
    assert "no e-mail address" in page.locator(".govuk-inset-text").inner_text()
    assert page.get_by_label("Send me e-mails").is_checked()
    assert page.get_by_label("One e-mail for each notice").is_checked()
    assert axe_violations(page) == []

    page.get_by_label("No e-mails: only the notifications page").check()
    page.get_by_label("One e-mail a day listing the day's notices").check()
    page.get_by_role("button", name="Save the settings").click()
    assert "Your notification settings are saved." in page.locator("main").inner_text()
    assert page.get_by_label("No e-mails: only the notifications page").is_checked()
    assert page.get_by_label("One e-mail a day listing the day's notices").is_checked()
    assert stored(web_database) == [("ana", False, True)]
    page.set_viewport_size({"width": 390, "height": 844})
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/notices-preferences.png", full_page=True)
    page.close()

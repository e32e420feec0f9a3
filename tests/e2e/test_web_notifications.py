"""In the browser: the header's unread count, the notifications page (each notice's link,
Mark as read, Mark all as read), and the admin's outbox with its Retry button, the
messages refused by a real SMTP server until it takes them. axe-core on each page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from db.engine import make_engine, make_session_factory
from db.models import User
from notifications.mail import SmtpMailer
from notifications.outbox import deliver
from tests.e2e.conftest import PASSWORD, axe_violations, log_in
from tests.smtp import Inbox, SmtpServer, free_port, smtp_settings
from tests.support import request_payload
from workflow.services import (
    Due,
    SystemClock,
    UnitOfWork,
    add_user,
    change_setting,
    create_request,
    enqueue,
)

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def uow(web_database: str) -> Iterator[Callable[[], UnitOfWork]]:
    engine = make_engine(web_database)
    sessions = make_session_factory(engine)
    yield lambda: UnitOfWork(sessions, SystemClock())
    engine.dispose()


def reminders_about_a_request(uow: Callable[[], UnitOfWork], username: str) -> tuple[int, int]:
    """A Request owned by `username`, and three reminders to them about it: (request, user)."""
    with uow() as unit:
        user_id = unit.session.scalar(sa.select(User.id).where(User.username == username))
    today = dt.datetime.now(dt.UTC).date().isoformat()  # the served app runs on the real clock
    request = create_request(uow(), user_id, request_payload(received_on=today))
    dues = [
        Due(rule, "request", request.id, user_id, None, day, dt.date.fromisoformat(day))
        for rule, day in (
            ("eligibility", "2026-09-16"),
            ("rapid_reaction_warning", "2026-11-16"),
            ("rapid_reaction_missed", "2026-12-01"),
        )
    ]
    assert enqueue(uow(), dues) == 3
    return request.id, user_id


def unread(page: Any) -> str | None:
    count = page.locator(".mieux-count")
    return count.text_content() if count.count() else None


def test_the_unread_count_and_the_notifications_page(
    served: str, browser: Any, uow: Callable[[], UnitOfWork]
) -> None:
    request_id, _ = reminders_about_a_request(uow, "ana")
    page = browser.new_page()
    page.goto(served + "/login")
    log_in(page, served, "ana")
    assert unread(page) == "3 unread"

    page.get_by_role("link", name="Notifications").click()
    assert page.locator("h1").text_content() == "Notifications"
    assert page.get_by_text("New", exact=True).count() == 3
    assert axe_violations(page) == []
    subject = page.locator("main li a").first.text_content() or ""
    # A button's name is its label and, for screen readers, the notice it acts on.
    assert subject.startswith("Due since 2026-12-01: the first activity (rapid reaction missed)")
    page.get_by_role("button", name=f"Mark as read : {subject}").click()
    assert page.url.endswith("/notifications") and unread(page) == "2 unread"
    assert page.get_by_text("New", exact=True).count() == 2
    assert page.get_by_role("button", name=f"Mark as read : {subject}").count() == 0

    page.get_by_role("link", name=subject).click()
    assert page.url == f"{served}/requests/{request_id}"
    assert page.locator("#reminders-heading").text_content() == "Coming reminders"
    assert page.locator("[data-rule=eligibility] td").last.text_content() == "Ana Staff"
    assert axe_violations(page) == []
    page.go_back()

    page.get_by_role("button", name="Mark all as read").click()
    assert page.get_by_text("2 notification(s) marked as read.").is_visible()
    assert unread(page) is None and page.get_by_text("New", exact=True).count() == 0
    assert page.locator("main li a").count() == 3  # read, still listed
    assert axe_violations(page) == []
    page.close()


class Refusing(Inbox):
    """A mail server that refuses every message until `accepting` is set."""

    accepting = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.accepting:
            return "554 5.7.1 Refused for the test"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.inbox = Refusing()
    server.start()
    yield server
    server.stop()


def test_the_admin_retries_messages_the_mail_server_refused(
    served: str, browser: Any, uow: Callable[[], UnitOfWork], smtp: SmtpServer
) -> None:
    add_user(uow(), "root", ["admin"], PASSWORD, full_name="Root")
    add_user(uow(), "bo", ["staff"], PASSWORD, "bo@example.org", "Bo Owner")
    with uow() as unit:
        change_setting(unit.session, "outbox_max_attempts", 2)
        unit.commit()
    reminders_about_a_request(uow, "bo")
    mailer = SmtpMailer(smtp_settings(smtp.port))
    now = dt.datetime.now(dt.UTC)
    assert deliver(uow, mailer, now) == {"retrying": 3}
    assert deliver(uow, mailer, now + 2 * MINUTE) == {"failed": 3}  # the second refusal

    page = browser.new_page()
    page.goto(served + "/login")
    log_in(page, served, "root")
    page.goto(served + "/admin/outbox")
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    assert page.get_by_text("Failed", exact=True).count() == 3
    assert page.get_by_text("SMTPDataError: (554, b'5.7.1 Refused for the test')").count() == 3
    assert axe_violations(page) == []

    smtp.inbox.accepting = True  # type: ignore[attr-defined]
    subject = rows.first.locator("td").first.text_content() or ""
    page.get_by_role("button", name=f"Retry : {subject}").click()
    assert page.get_by_text("The message will be sent at the next delivery pass.").is_visible()
    assert page.get_by_text("1 message waits to be sent.").is_visible()
    waiting = page.locator("tbody tr", has_text=subject)
    assert "Waiting (0 attempts)" in (waiting.text_content() or "")
    assert page.get_by_role("button", name=f"Retry : {subject}").count() == 0

    assert deliver(uow, mailer, dt.datetime.now(dt.UTC) + MINUTE) == {"sent": 1}
    [message] = smtp.inbox.messages
    assert message["Subject"] == subject and message["To"] == "Bo Owner <bo@example.org>"
    page.reload()
    assert page.get_by_text("0 messages wait to be sent.").is_visible()
    assert page.locator("tbody tr").count() == 2  # the other two still failed
    assert page.locator("tbody tr", has_text=subject).count() == 0
    page.close()

"""The invitation and reset e-mails followed in a real browser: the e-mail read back from
aiosmtpd, its link opened in Chromium, axe-core on every page met, on both databases."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from db.engine import make_engine, make_session_factory
from notifications.mail import SmtpMailer, SmtpSettings
from notifications.outbox import deliver
from tests.e2e.conftest import PASSWORD, axe_violations, log_in
from tests.smtp import SmtpServer, free_port
from webui import create_app, services
from webui.config import TestConfig
from workflow.services import FixedClock, UnitOfWork, add_user

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
CHOSEN = "my own chosen passphrase"
RESET = "a reset passphrase here"


class Site:
    """The served application, its clock, and its outbox delivered to a real SMTP server."""

    def __init__(self, url: str, db_url: str, clock: FixedClock, smtp: SmtpServer) -> None:
        self.url, self.clock, self.smtp = url, clock, smtp
        self.engine = make_engine(db_url)
        self.factory = make_session_factory(self.engine)
        settings = SmtpSettings("127.0.0.1", smtp.port, None, None, "none", "noreply@x", url, 5)
        self.mailer = SmtpMailer(settings)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.factory, self.clock)

    def deliver_link(self, to: str) -> str:
        """Deliver the outbox; the link of the newest e-mail to `to` (both parts agree)."""
        deliver(self.uow, self.mailer, self.clock.now())
        received = [m for rcpts, m in self.smtp.inbox.received if rcpts == [to]]
        text = received[-1].get_body(("plain",)).get_content()
        html = received[-1].get_body(("html",)).get_content()
        [link] = re.findall(re.escape(self.url) + r"/account/set-password/[\w-]+", text)
        assert link in html
        return str(link)


@pytest.fixture
def site(db_url: str) -> Iterator[Site]:
    clock = FixedClock(NOW)
    config = TestConfig(db_url)
    config.WTF_CSRF_ENABLED = True
    app = create_app(config, clock=clock)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    smtp = SmtpServer(free_port())
    smtp.start()
    found = Site(f"http://127.0.0.1:{server.server_port}", db_url, clock, smtp)
    add_user(found.uow(), "root", ["admin"], PASSWORD, full_name="Root Admin")
    yield found
    smtp.stop()
    server.shutdown()
    found.engine.dispose()
    services(app).engine.dispose()


def heading(page: Any) -> str:
    return str(page.locator("h1").inner_text())


def test_an_invitation_and_a_reset_followed_in_the_browser(site: Site, browser: Any) -> None:
    checked: dict[str, list[str]] = {}
    admin = browser.new_page()
    admin.goto(site.url + "/login")
    log_in(admin, site.url, "root")
    admin.goto(site.url + "/admin/users")
    admin.get_by_label("Username").fill("nadia")
    admin.get_by_label("Full name").fill("Nadia Haddad")
    admin.get_by_label("E-mail").fill("nadia@example.org")
    admin.get_by_label("Programme staff").check()
    admin.get_by_role("button", name="Add the user").click()
    assert "nadia is invited" in admin.locator(".govuk-notification-banner").inner_text()
    checked["/admin/users"] = axe_violations(admin)

    invitation = site.deliver_link("nadia@example.org")
    [message] = site.smtp.inbox.messages
    assert message["To"] == "Nadia Haddad <nadia@example.org>"
    assert "Dear Nadia Haddad," in message.get_body(("plain",)).get_content()
    visitor = browser.new_page()
    visitor.goto(invitation)
    assert heading(visitor) == "Choose your password"
    checked["invitation"] = axe_violations(visitor)
    visitor.get_by_label("New password", exact=True).fill(CHOSEN)
    visitor.get_by_label("New password again").fill(CHOSEN)
    visitor.get_by_role("button", name="Set the password").click()
    expect(visitor.locator("body")).to_contain_text("Your password is set: log in as nadia.")
    log_in(visitor, site.url, "nadia", CHOSEN)
    assert visitor.get_by_text("Signed in as").is_visible()
    visitor.goto(invitation)  # a second use of the link
    assert heading(visitor) == "This link has already been used"
    checked["used"] = axe_violations(visitor)

    visitor.get_by_role("button", name="Log out").first.click()
    visitor.get_by_role("link", name="Forgot your password?").click()
    checked["/account/forgot"] = axe_violations(visitor)
    visitor.get_by_label("E-mail address").fill("nadia@example.org")
    visitor.get_by_role("button", name="Send me a link").click()
    sent = "If an account has the address nadia@example.org"
    expect(visitor.locator("body")).to_contain_text(sent)
    reset = site.deliver_link("nadia@example.org")
    visitor.goto(reset)
    assert heading(visitor) == "Set a new password"
    visitor.get_by_label("New password", exact=True).fill(RESET)
    visitor.get_by_label("New password again").fill(RESET)
    visitor.get_by_role("button", name="Set the password").click()
    log_in(visitor, site.url, "nadia", CHOSEN)
    expect(visitor.locator("body")).to_contain_text("Wrong username or password.")
    log_in(visitor, site.url, "nadia", RESET)
    assert visitor.get_by_text("Signed in as").is_visible()

    visitor.context.clear_cookies()
    site.clock.advance(dt.timedelta(minutes=1))  # one reset e-mail a minute at most
    visitor.goto(site.url + "/account/forgot")
    visitor.get_by_label("E-mail address").fill("nadia@example.org")
    visitor.get_by_role("button", name="Send me a link").click()
    late = site.deliver_link("nadia@example.org")
    site.clock.advance(dt.timedelta(minutes=61))
    visitor.goto(late)
    assert heading(visitor) == "This link has expired"
    checked["expired"] = axe_violations(visitor)
    assert checked == {key: [] for key in checked}

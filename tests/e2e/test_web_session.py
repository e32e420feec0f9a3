"""Signing in and out in a real browser; the pages' headers; axe-core on each page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import axe_violations, log_in


def test_a_visitor_logs_in_comes_back_to_the_page_asked_for_and_logs_out(
    served: str, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(served + "/?kind=all")
    assert page.url == served + "/login?next=/?kind%3Dall"
    assert axe_violations(page) == []
    log_in(page, served, "ana", "wrong password!")
    assert page.get_by_text("Wrong username or password.").first.is_visible()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.get_by_label("Username").input_value() == "ana"  # what was typed is kept
    log_in(page, served, "ana")
    assert page.url == served + "/?kind=all"
    assert page.get_by_role("heading", name="What needs you now").is_visible()
    assert page.get_by_role("cell", name="Drafting the Action Fiche").is_visible()
    assert page.get_by_text("Ana Staff").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    page.get_by_role("button", name="Log out").click()
    assert page.url == served + "/login"
    assert page.get_by_text("You are logged out.").is_visible()
    page.goto(served + "/")
    assert page.url.startswith(served + "/login")
    assert blocked == []  # nothing on the pages breaks the Content-Security-Policy


def test_every_page_carries_the_security_headers(served: str, browser: Any) -> None:
    response = browser.new_page().goto(served + "/login")
    headers = response.headers
    policy = headers["content-security-policy"]
    assert policy.startswith("default-src 'self'; script-src 'self' 'nonce-")
    assert "style-src 'self'; img-src 'self' data:; object-src 'none'" in policy
    assert policy.endswith("form-action 'self'; frame-ancestors 'none'")
    assert headers["x-content-type-options"] == "nosniff"
    cookie = response.header_value("set-cookie") or ""
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

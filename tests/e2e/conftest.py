"""The web UI served for real (a thread with werkzeug's server) and the system Chromium.

Playwright drives /usr/bin/chromium with the flags below; no browser is ever
downloaded. `axe_violations` runs axe-core (vendored by axe-playwright-python)
in the page.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from db.engine import make_engine, make_session_factory
from webui import create_app
from webui.config import TestConfig
from workflow.services import UnitOfWork, add_user

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "correct horse battery"
# axe-core's tags for WCAG 2.0-2.2 A and AA (EN 301 549 follows WCAG 2.1 AA).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "EN-301-549"]


@pytest.fixture
def web_database(sqlite_template: Path, tmp_path: Path) -> str:
    database = tmp_path / "browser.sqlite3"
    shutil.copyfile(sqlite_template, database)
    url = f"sqlite:///{database}"
    factory = make_session_factory(make_engine(url))
    add_user(UnitOfWork(factory), "ana", ["staff"], PASSWORD, full_name="Ana Staff")
    return url


@pytest.fixture
def served(web_database: str) -> Iterator[str]:
    config = TestConfig(web_database)
    config.WTF_CSRF_ENABLED = True  # the browser posts real forms, with their tokens
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    shutil.rmtree(config.UPLOAD_DIR, ignore_errors=True)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM} (scripts/run-tests installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def axe_violations(page: Any) -> list[str]:
    """The serious and critical WCAG 2.2 AA violations axe-core finds on the page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def log_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Submit the login form and wait for the page it leads to: read before that page has
    loaded, the content is empty, and a goto would cancel the login's own navigation."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()

"""The home page in a real browser (Playwright driving the system Chromium)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from webui import create_app
from webui.config import TestConfig

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def served(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    import shutil

    database = tmp_path / "browser.sqlite3"
    shutil.copyfile(sqlite_template, database)
    app = create_app(TestConfig(f"sqlite:///{database}"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def browser() -> Iterator[object]:
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


def test_the_home_page_lists_each_lifecycle_with_its_states(
    served: str, browser: object, tmp_path: Path
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(served + "/")
    assert page.get_by_role("heading", name="MIEUX Workflow").is_visible()
    for kind in ("Requests", "Actions", "Activities"):
        assert page.get_by_role("heading", name=kind).is_visible()
    assert page.get_by_role("cell", name="Drafting the Action Fiche").is_visible()
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert (tmp_path / "home.png").stat().st_size > 1000

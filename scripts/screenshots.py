"""Screenshots of the main pages for each role, at desktop and phone widths.

Loads the demo data into a throw-away SQLite database, serves the web UI on
127.0.0.1 and has the system Chromium (Playwright) log in as each demo user.
Run it from the repository: `.venv/bin/python scripts/screenshots.py [FOLDER]`
(default docs/screenshots). Needs the test extra (Playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import threading
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from mieux.demo.loader import DEMO_PASSWORD, load_demo
from webui import create_app
from webui.config import TestConfig

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# (demo user, [(name, path)]); paths found from the demo data at run time where needed.
PAGES = {
    "officer": [
        ("home", "/"),
        ("requests", "/requests"),
        ("request-new", "/requests/new"),
        ("action", "/actions/{implementing}"),
        ("activity", "/activities/{held}"),
        ("close-form", "/actions/{evaluating}/fire/close"),
        ("request-checklist", "/requests/{screening}"),
        ("fiche", "/actions/{drafting}"),
        ("experts", "/experts"),
        ("library", "/library"),
        ("dashboard", "/dashboard"),
        ("notifications", "/notifications"),
    ],
    "psc2": [("home", "/"), ("vote", "/actions/{reviewing}")],
    "expert": [("home", "/")],
    "admin": [
        ("home", "/"),
        ("users", "/admin/users"),
        ("settings", "/admin/settings"),
        ("audit", "/admin/audit"),
        ("outbox", "/admin/outbox"),
    ],
    "{focal}": [("home", "/"), ("fiche", "/actions/{drafting}")],
}


def first(session_factory: object, sql: str) -> int:
    with session_factory() as session:  # type: ignore[operator]
        return int(session.execute(sa.text(sql)).scalars().first())


FOCAL_OF_DRAFT = (
    "select u.username from users u join focal_points f on lower(u.email) = f.email "
    "join actions a on a.id = f.action_id where a.state = 'fiche_drafting'"
)


def first_text(session_factory: object, sql: str) -> str:
    with session_factory() as session:  # type: ignore[operator]
        return str(session.execute(sa.text(sql)).scalars().first())


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{tempfile.mkdtemp()}/screenshots.sqlite3"
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    load_demo(factory, dt.datetime.now(dt.UTC))
    ids = {
        "implementing": first(factory, "select id from actions where state='implementation'"),
        "held": first(factory, "select id from activities where state='held'"),
        "evaluating": first(factory, "select id from actions where state='evaluation'"),
        "reviewing": first(factory, "select id from actions where state='psc_review'"),
        "screening": first(factory, "select id from requests where state='eligibility_review'"),
        "drafting": first(factory, "select id from actions where state='fiche_drafting'"),
    }
    focal = first_text(factory, FOCAL_OF_DRAFT)
    config = TestConfig(url)
    config.WTF_CSRF_ENABLED = True
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for template, pages in PAGES.items():
            user = template.format(focal=focal)
            for width_name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + "/login")
                page.get_by_label("Username").fill(user)
                page.get_by_label("Password").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Log in").click()
                for name, path in pages:
                    page.goto(base + path.format(**ids))
                    role = "focal" if template == "{focal}" else user
                    target = folder / f"{role}-{name}-{width_name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))

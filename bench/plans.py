"""The PostgreSQL plans of what pages and the deadline scan send, on a generated database.

Every statement a path sends (through the test client) is run again under
EXPLAIN ANALYZE with its own parameters; the slowest, and every sequential
scan of a large table, are printed: where an index may be wanted.

    .venv/bin/python -m bench.plans URL [PATH ...]
    .venv/bin/python -m bench.plans URL --scan     # every plan of one deadline scan
"""

from __future__ import annotations

import argparse
import re
from typing import Any

import sqlalchemy as sa

from bench.generate import NOW, PASSWORD
from bench.web import sample_paths

LARGE = ("history", "activities", "actions", "requests", "activity_experts", "psc_votes")


def captured(url: str, paths: list[str]) -> list[tuple[str, str, Any]]:
    """(path, statement, parameters) of every SELECT the paths and one scan send."""
    from webui import create_app, services
    from webui.config import TestConfig
    from workflow.services import FixedClock, UnitOfWork, scan

    app = create_app(TestConfig(url))
    engine = services(app).engine
    web = app.test_client()
    web.post("/login", data={"username": "staff1", "password": PASSWORD})
    token = web.post("/api/v1/auth/token", json={"username": "staff1", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    found: list[tuple[str, str, Any]] = []
    current = [""]

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            found.append((current[0], statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", keep)
    for path in paths:
        current[0] = path
        web.get(path, headers=headers)
    current[0] = "deadline scan"
    scan(UnitOfWork(services(app).session_factory, FixedClock(NOW)))
    sa.event.remove(engine, "before_cursor_execute", keep)
    engine.dispose()
    return found


def explain(url: str, statements: list[tuple[str, str, Any]]) -> list[tuple[float, str, str]]:
    """(milliseconds, path, plan) of each statement, slowest first."""
    engine = sa.create_engine(url)
    plans = []
    with engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for path, statement, parameters in statements:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            took = re.search(r"Execution Time: ([\d.]+) ms", plan)
            plans.append((float(took.group(1)) if took else 0.0, path, plan))
        connection.rollback()
    engine.dispose()
    return sorted(plans, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--scan", action="store_true", help="the deadline scan's queries only")
    args = parser.parse_args()
    paths = [] if args.scan else args.paths or sample_paths(args.url)
    plans = explain(args.url, captured(args.url, paths))
    for took, path, plan in plans[: args.top]:
        print(f"=== {took:.1f} ms  ({path})\n{plan}\n")
    for took, path, plan in plans[args.top :]:
        scans = [t for t in LARGE if re.search(rf"Seq Scan on {t}\b", plan)]
        if scans:
            print(f"=== {took:.1f} ms  ({path}): sequential scan of {', '.join(scans)}\n{plan}\n")


if __name__ == "__main__":
    main()

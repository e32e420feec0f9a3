"""A process killed with SIGKILL in the middle of its fires, on SQLite and PostgreSQL: after
a restart the data is consistent (issue 12). Every transition happens whole with its history
row or not at all, so whatever instant the kill lands on, the database tells one story."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from tests.support import request_payload
from webui import create_app, services
from webui.config import TestConfig
from workflow.services import FixedClock, UnitOfWork, create_request

TABLES = {"request": "requests", "action": "actions", "activity": "activities"}


def fire_until_killed(url: str, completed: int) -> list[int]:
    """Run tests/e2e/fire_loop.py, kill it at a random instant after `completed` Actions;
    the ids of the Actions it reported complete."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.fire_loop", url],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    reported = [int(child.stdout.readline()) for _ in range(completed)]
    time.sleep(random.uniform(0.0, 0.4))  # somewhere inside the next Action's fires
    child.send_signal(signal.SIGKILL)
    reported += [int(line) for line in child.stdout.read().split()]
    child.stdout.close()
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    return reported


def check_consistent(connection: sa.Connection) -> None:
    """Each object's history starts with its creation, chains state to state and ends in the
    object's state; its version counts at least its history rows; accepted Requests have
    exactly their Actions."""
    history: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for row in connection.execute(
        sa.text(
            "SELECT object_kind, object_id, trigger, from_state, to_state FROM history "
            "WHERE object_kind != 'expert' ORDER BY id"
        )
    ):
        history[(row.object_kind, row.object_id)].append(row)
    for kind, table in TABLES.items():
        for obj in connection.execute(sa.text(f"SELECT id, state, version FROM {table}")):
            rows = history.pop((kind, obj.id), [])
            assert rows and rows[0].trigger == "create" and rows[0].from_state is None, (kind, obj)
            for before, after in itertools.pairwise(rows):
                assert after.from_state == before.to_state, (kind, obj.id, before, after)
            assert rows[-1].to_state == obj.state, (kind, obj)
            assert obj.version >= len(rows), (kind, obj, len(rows))
    assert history == {}, f"history rows of objects that do not exist: {list(history)}"
    accepted = set(connection.scalars(sa.text("SELECT id FROM requests WHERE state='accepted'")))
    linked = set(connection.scalars(sa.text("SELECT request_id FROM actions")))
    assert accepted == linked


def test_a_killed_process_leaves_consistent_data(db_url: str) -> None:
    reported = fire_until_killed(db_url, completed=2)
    app = create_app(TestConfig(db_url))  # the restart: the application opens the database
    engine = services(app).engine
    with engine.connect() as connection:
        check_consistent(connection)
        actions = set(connection.scalars(sa.text("SELECT id FROM actions")))
        staff = connection.scalar(sa.text("SELECT id FROM users WHERE username = 'alice'"))
    assert set(reported) <= actions  # every Action reported complete is there
    # and the database takes writes again (no lock left behind by the dead process)
    clock = FixedClock(services(app).clock.now())
    created = create_request(
        UnitOfWork(services(app).session_factory, clock), staff, request_payload()
    )
    with engine.connect() as connection:
        check_consistent(connection)
        assert connection.scalar(sa.text(f"SELECT state FROM requests WHERE id = {created.id}"))
    engine.dispose()

"""Fires transitions in a loop on the database at argv[1] until it is killed: the victim of
test_kill.py. Prints one line per Action completed (request received, screened, accepted,
Fiche drafted, two activities added), flushed, so the test knows what was committed."""

from __future__ import annotations

import datetime as dt
import sys

from db.engine import make_engine, make_session_factory
from tests.support import Scenario
from workflow.services import FixedClock, UnitOfWork


def main(url: str) -> None:
    factory = make_session_factory(make_engine(url))
    clock = FixedClock(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC))
    world = Scenario(lambda: UnitOfWork(factory, clock), clock)
    print("ready", flush=True)
    while True:
        action = world.action(activities=2)
        print(action.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])

"""The kept counts (migration 0022) under concurrency, on PostgreSQL: a fire appending its
changes while the scheduler folds them, and two foldings at once, lose no change and count
none twice; the scheduler's job and `mieux scheduler --once` fold them. Every kind of write
is checked against counts from the rows in tests/integration/test_figures.py."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session, sessionmaker

from bench.generate import generate
from db.engine import make_engine, make_session_factory
from db.models import Activity, tallies
from notifications.scheduler import add_jobs
from tests.integration.test_figures import counted_states
from workflow.activity.states import ActivityState
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.tallies import fold, kept_counts, state_counts


@pytest.fixture
def factory(pg_url: str) -> Iterator[sessionmaker[Session]]:
    generate(pg_url, actions=8)
    engine = make_engine(pg_url)
    yield make_session_factory(engine)
    engine.dispose()


def rows_of(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(tallies)) or 0


def check(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        assert state_counts(session) == counted_states(session)


def test_a_fold_while_a_fire_is_open_keeps_the_fire_s_changes(
    factory: sessionmaker[Session],
) -> None:
    ids = tallies.c.id
    with factory() as writer:
        first = writer.scalar(sa.select(sa.func.min(Activity.id)))
        last = writer.scalar(sa.select(sa.func.max(ids)))
        writer.execute(
            sa.update(Activity).where(Activity.id == first).values(state=ActivityState.CANCELLED)
        )  # rows of changes appended, not yet committed
        fires = set(writer.scalars(sa.select(ids).where(ids > last)))
        assert len(fires) >= 2  # the Activity's state, its Action's tally
        fold(UnitOfWork(factory))  # the scheduler, meanwhile, in its own transaction
        writer.commit()
    check(factory)
    with factory() as session:
        assert set(session.scalars(sa.select(ids).where(ids.in_(fires)))) == fires  # kept
    fold(UnitOfWork(factory))  # and folded by the next folding
    with factory() as session:
        assert rows_of(session) == sum(len(v) for v in kept_counts(session).values())
    check(factory)


def test_two_folds_at_once_count_each_change_once(factory: sessionmaker[Session]) -> None:
    done: list[int] = []
    with factory() as first:  # a fold half done: its rows deleted, its sums not yet written
        gone = first.execute(sa.delete(tallies).returning(*tallies.c["figure", "key", "n"]))
        sums = Counter[tuple[str, str]]()
        for figure, key, n in gone:
            sums[figure, key] += n
        second = threading.Thread(target=lambda: done.append(fold(UnitOfWork(factory))))
        second.start()
        time.sleep(0.5)
        assert second.is_alive()  # waits on the rows the first deleted
        rows = [{"figure": f, "key": k, "n": n, "part": 0} for (f, k), n in sums.items()]
        first.execute(sa.insert(tallies), rows)
        first.commit()
    second.join(10)
    assert done == [0]  # found them gone, and the first's sums not yet visible to it
    check(factory)


def test_the_scheduler_folds_the_counts(factory: sessionmaker[Session]) -> None:
    job = add_jobs(BackgroundScheduler(), lambda: UnitOfWork(factory), None).get_job("tallies_fold")
    assert job is not None
    with factory() as session:
        before = rows_of(session)
        session.execute(sa.update(Activity).values(state=ActivityState.CANCELLED))
        session.commit()
        assert rows_of(session) > before
    job.func(*job.args)
    with factory() as session:
        assert rows_of(session) == sum(len(v) for v in kept_counts(session).values())
    check(factory)

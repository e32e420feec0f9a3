"""A held unit of work (the demo's load): many acts in one transaction, kept or dropped whole.

Each act still goes through the services' checks and writes its history; an act's
commit only flushes, the holder's commit keeps everything, and a refused act
spoils the whole so nothing half-done can be kept.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import HistoryEntry, Request
from tests.conftest import NOW
from tests.support import Scenario
from workflow.services import FixedClock, HeldUnitOfWork, InvalidTransition, RequestState


@pytest.fixture
def held(engine: sa.Engine) -> Iterator[tuple[Session, HeldUnitOfWork]]:
    with Session(engine, expire_on_commit=False) as session:
        yield session, HeldUnitOfWork(session, FixedClock(NOW))


def count(engine: sa.Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_acts_read_each_others_writes_and_are_kept_only_when_the_holder_commits(
    engine: sa.Engine, held: tuple[Session, HeldUnitOfWork]
) -> None:
    session, uow = held
    world = Scenario(lambda: uow, FixedClock(NOW))
    request = world.request_in_review()
    world.fire("request", request.id, "accept")  # its guards read the earlier acts' rows
    assert world.get(Request, request.id).state == RequestState.ACCEPTED
    triggers = [h.trigger for h in world.history("request", request.id)]
    assert triggers[0] == "create" and triggers[-1] == "accept" and len(triggers) >= 3
    session.commit()
    assert count(engine, Request) == 1 and count(engine, HistoryEntry) >= len(triggers)


def test_a_holder_that_drops_the_acts_keeps_nothing(
    engine: sa.Engine, held: tuple[Session, HeldUnitOfWork]
) -> None:
    session, uow = held
    world = Scenario(lambda: uow, FixedClock(NOW))
    world.request_in_review()
    session.rollback()
    assert count(engine, Request) == 0 and count(engine, HistoryEntry) == 0


def test_a_refused_act_spoils_the_whole_and_later_acts_are_refused(
    engine: sa.Engine, held: tuple[Session, HeldUnitOfWork]
) -> None:
    session, uow = held
    world = Scenario(lambda: uow, FixedClock(NOW))
    request = world.request()
    with pytest.raises(InvalidTransition):
        world.fire("request", request.id, "accept")  # not from `received`
    with pytest.raises(RuntimeError, match="An earlier act of this held unit of work failed"):
        world.request()
    session.commit()  # even a holder that commits regardless keeps nothing of it
    assert count(engine, Request) == 0

"""A delivery pass's bounds, on SQLite and PostgreSQL: one transaction and a fixed number of
statements a message, at most one message claimed and not recorded at any moment, and so
at most one message sent twice by a sender killed anywhere in a pass."""

from __future__ import annotations

import datetime as dt
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from db.engine import make_engine, make_session_factory
from db.models import OutboxMessage, OutboxStatus
from notifications.outbox import deliver
from tests.integration.test_outbox import NOW, due
from workflow.deadlines.delivery import CLAIM_LEASE
from workflow.services import FixedClock, Message, UnitOfWork, add_user, enqueue

KILLED = 137  # the exit status of the killed sender (as after SIGKILL)


@pytest.fixture
def ann(uow_factory: Callable[[], UnitOfWork]) -> int:
    return add_user(uow_factory(), "ann", ["staff"], "pw-123456789", "ann@example.org").id


def queue(uow_factory: Callable[[], UnitOfWork], user: int, objects: range) -> list[int]:
    """A reminder to `user` about each object; the outbox ids, oldest first."""
    enqueue(uow_factory(), [due(user, object_id=n) for n in objects])
    return [row_id for row_id, _, _ in outbox(uow_factory)]


def outbox(uow_factory: Callable[[], UnitOfWork]) -> list[tuple[int, OutboxStatus, dt.datetime]]:
    with uow_factory() as uow:
        columns = OutboxMessage.id, OutboxMessage.status, OutboxMessage.next_attempt_at
        return [tuple(r) for r in uow.session.execute(sa.select(*columns).order_by(columns[0]))]  # type: ignore[misc]


@contextmanager
def counted(engine: sa.Engine) -> Iterator[tuple[list[str], list[int]]]:
    """The statements sent (SQLite's BEGINs left out, as PostgreSQL's are not seen) and the
    commits, while the block runs."""
    statements: list[str] = []
    commits: list[int] = []

    def statement(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if not sql.startswith("BEGIN"):
            locking = " FOR UPDATE SKIP LOCKED" if "FOR UPDATE SKIP LOCKED" in sql else ""
            statements.append(" ".join(sql.split()[:2]) + locking)

    def commit(conn: Any) -> None:
        commits.append(1)

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "commit", commit)
    try:
        yield statements, commits
    finally:
        sa.event.remove(engine, "before_cursor_execute", statement)
        sa.event.remove(engine, "commit", commit)


def test_a_message_costs_one_transaction_and_two_or_three_statements(
    uow_factory: Callable[[], UnitOfWork], engine: sa.Engine, ann: int
) -> None:
    sent: list[int] = []
    passes = []
    for objects in (range(1, 4), range(4, 13)):  # a pass of 3 messages, then one of 9
        queue(uow_factory, ann, objects)
        with counted(engine) as (statements, commits):
            assert deliver(uow_factory, lambda m: sent.append(m.id), NOW) == {"sent": len(objects)}
        passes.append((list(statements), len(commits)))
    [(few, few_commits), (many, many_commits)] = passes
    # What six more messages cost: one transaction each; on PostgreSQL one statement that
    # records the outcome and leases the next (autocommit: no BEGIN, no COMMIT sent); on
    # SQLite the outcome, the claim and its lease.
    assert many_commits - few_commits == 6
    per_message = (
        ["WITH recorded FOR UPDATE SKIP LOCKED"]
        if engine.dialect.name == "postgresql"
        else ["UPDATE outbox", "SELECT picked.id,", "UPDATE outbox"]
    )
    assert Counter(many) - Counter(few) == Counter(per_message * 6)
    assert len(many) - len(few) == len(per_message) * 6
    assert sorted(sent) == [row_id for row_id, _, _ in outbox(uow_factory)]


def claimed_not_recorded(url: str) -> tuple[int, list[int]]:
    """Seen from another connection: how many rows are sent, and which pending rows are
    claimed (leased beyond NOW)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            table = OutboxMessage.__table__
            sent = connection.scalar(
                sa.select(sa.func.count()).where(table.c.status == OutboxStatus.SENT)
            )
            pending = sa.select(table.c.id).where(table.c.status == OutboxStatus.PENDING)
            claimed = connection.scalars(pending.where(table.c.next_attempt_at > NOW))
            return sent or 0, sorted(claimed)
    finally:
        engine.dispose()


def test_while_a_message_is_handed_over_it_is_the_only_one_claimed_and_the_earlier_are_recorded(
    uow_factory: Callable[[], UnitOfWork], db_url: str, ann: int
) -> None:
    ids = queue(uow_factory, ann, range(1, 6))
    seen: list[tuple[int, tuple[int, list[int]]]] = []

    def send(message: Message) -> None:
        seen.append((message.id, claimed_not_recorded(db_url)))

    assert deliver(uow_factory, send, NOW) == {"sent": 5}
    assert seen == [(row_id, (n, [row_id])) for n, row_id in enumerate(ids)]


def test_a_pass_stopped_early_records_its_last_message_and_keeps_no_claim(
    uow_factory: Callable[[], UnitOfWork], ann: int
) -> None:
    ids = queue(uow_factory, ann, range(1, 7))
    assert deliver(uow_factory, lambda m: None, NOW, limit=2) == {"sent": 2}
    assert outbox(uow_factory) == [(i, OutboxStatus.SENT, NOW) for i in ids[:2]] + [
        (i, OutboxStatus.PENDING, NOW)
        for i in ids[2:]  # due now: no lease left behind
    ]

    def refused(message: Message) -> None:
        raise ConnectionRefusedError("the server is down")

    # Three failures stop a pass: the third is recorded, the next one is not touched.
    assert deliver(uow_factory, refused, NOW) == {"retrying": 3}
    retry = NOW + dt.timedelta(minutes=1)
    assert outbox(uow_factory)[2:] == [(i, OutboxStatus.PENDING, retry) for i in ids[2:5]] + [
        (ids[5], OutboxStatus.PENDING, NOW)
    ]
    assert deliver(uow_factory, lambda m: None, retry) == {"sent": 4}


def run_until_killed(url: str, server: Path, kill: str) -> int:
    """A delivery pass in a child process that dies (os._exit: no cleanup, no rollback
    of its own) at `kill`: "handed_over", once the server has taken the third message
    and before its success is recorded; "recording", as it sends the statement that
    records the second message (in the transaction that leases the third). Its exit
    status."""
    pid = os.fork()
    if pid:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    try:  # the child: its own engine, nothing shared with the test's
        engine = make_engine(url)
        handed: list[int] = []

        def send(message: Message) -> None:
            with server.open("a") as inbox:
                inbox.write(f"{message.id}\n")
            handed.append(message.id)
            if kill == "handed_over" and len(handed) == 3:
                os._exit(KILLED)

        def statement(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
            recording = sql.startswith(("UPDATE outbox SET status", "WITH recorded"))
            if kill == "recording" and len(handed) == 2 and recording:
                os._exit(KILLED)

        sa.event.listen(engine, "before_cursor_execute", statement)
        sessions = make_session_factory(engine)
        deliver(lambda: UnitOfWork(sessions, FixedClock(NOW)), send, NOW)
        os._exit(0)
    except BaseException:
        traceback.print_exc()
        os._exit(1)


@pytest.mark.parametrize("kill", ["handed_over", "recording"])
def test_a_sender_killed_anywhere_in_a_pass_sends_one_message_twice_at_most(
    uow_factory: Callable[[], UnitOfWork], db_url: str, ann: int, tmp_path: Path, kill: str
) -> None:
    ids = queue(uow_factory, ann, range(1, 7))
    server = tmp_path / "inbox"
    assert run_until_killed(db_url, server, kill) == KILLED
    in_flight = ids[2] if kill == "handed_over" else ids[1]
    # The message in flight keeps its lease; nothing after it was claimed, and what came
    # before is recorded. (Waited for: PostgreSQL may see the dead connection late.)
    deadline = time.monotonic() + 30
    while claimed_not_recorded(db_url) != (ids.index(in_flight), [in_flight]):
        assert time.monotonic() < deadline, claimed_not_recorded(db_url)
        time.sleep(0.05)

    # The next pass, once the lease has run out.
    later = NOW + CLAIM_LEASE + dt.timedelta(minutes=1)

    def send(message: Message) -> None:
        with server.open("a") as inbox:
            inbox.write(f"{message.id}\n")

    assert deliver(uow_factory, send, later) == {"sent": len(ids) - ids.index(in_flight)}
    received = Counter(int(line) for line in server.read_text().split())
    assert received == Counter({**dict.fromkeys(ids, 1), in_flight: 2})
    assert {status for _, status, _ in outbox(uow_factory)} == {OutboxStatus.SENT}

"""`mieux scheduler --once` as real processes on one PostgreSQL database, a real SMTP server
(aiosmtpd) in the test process: two schedulers at once, and one killed with SIGKILL.

Each reminder is counted by its outbox key (rule, object, recipient, occurrence),
read back from the `X-Mieux-Outbox-Id` of every e-mail the server received, and
compared with what the deadline rules find at the same `--now`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from db.engine import make_engine, make_session_factory
from db.models import OutboxMessage, OutboxStatus
from tests.smtp import Inbox, SmtpServer, free_port
from tests.support import request_payload
from workflow.deadlines.delivery import CLAIM_LEASE
from workflow.services import FixedClock, UnitOfWork, add_user, create_request, due_reminders
from workflow.services import load_settings as settings_of

RECEIVED = "2026-11-01"  # eligibility due 2026-11-16 for each Request
NOW = "2026-11-16T09:00:00+00:00"
Key = tuple[str, str, int, str, str]


class Database:
    """The test's PostgreSQL database: the workflow's units of work and the outbox read back."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = make_session_factory(self.engine)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, FixedClock(dt.datetime.fromisoformat(NOW)))

    def requests_due(self, count: int) -> set[Key]:
        """`count` Requests received on RECEIVED by three owners with e-mail addresses; the
        keys of the reminders the rules find at NOW."""
        owners = [
            add_user(self.uow(), f"owner{n}", ["staff"], "pw-123456789", f"o{n}@example.org")
            for n in range(3)
        ]
        for n in range(count):
            payload = request_payload(received_on=RECEIVED)
            create_request(self.uow(), owners[n % 3].id, payload)
        with self.uow() as uow:
            found = due_reminders(uow.session, uow.now(), settings_of(uow.session))
        assert {d.rule for d in found} == {"eligibility"} and len(found) == count
        return {d.key for d in found}

    def outbox(self) -> dict[int, tuple[Key, OutboxStatus]]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(OutboxMessage.__table__))
            return {
                r.id: ((r.rule, r.object_kind, r.object_id, r.recipient, r.occurrence), r.status)
                for r in rows
            }

    def leased(self, row_id: int) -> bool:
        """The row is pending and claimed by a sender: its next attempt after NOW."""
        with self.engine.connect() as connection:
            query = sa.select(OutboxMessage.next_attempt_at).where(OutboxMessage.id == row_id)
            return connection.scalar(query) > dt.datetime.fromisoformat(NOW)

    def delivered(self, inbox: Inbox) -> Counter[Key]:
        """How many e-mails the server holds for each outbox key."""
        rows = self.outbox()
        return Counter(rows[int(m["X-Mieux-Outbox-Id"])][0] for m in inbox.messages)


@pytest.fixture
def database(pg_url: str) -> Iterator[Database]:
    found = Database(pg_url)
    yield found
    found.engine.dispose()


def scheduler_once(
    database: Database, port: int, cwd: Path, now: str = NOW
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "MIEUX_DATABASE_URL": database.url,
        "MIEUX_SECRET_KEY": "process-test",
        "MIEUX_SMTP_HOST": "127.0.0.1",
        "MIEUX_SMTP_PORT": str(port),
        "MIEUX_BASE_URL": "http://mieux.test",
    }
    command = [sys.executable, "-m", "mieux", "scheduler", "--once", "--now", now]
    return subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


def number(output: str, before: str) -> int:
    """The count printed before `before` ("Scan: 12 new", "Delivery at ...: 12 sent")."""
    for line in output.splitlines():
        words = [w.strip(".,:") for w in line.split()]
        for count, word in itertools.pairwise(words):
            if word == before and count.isdigit():
                return int(count)
    return 0


class Rendezvous(Inbox):
    """Holds the first message until a second one is being handed over at the same time:
    proof that two schedulers deliver at once (else it gives up after `patience`)."""

    def __init__(self, patience: float = 30.0) -> None:
        super().__init__()
        self.patience, self.in_flight, self.overlapped = patience, 0, False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.in_flight += 1
        try:
            waited = 0.0
            while not self.overlapped and waited < self.patience:
                self.overlapped = self.in_flight >= 2
                await asyncio.sleep(0.02)
                waited += 0.02
            return await super().handle_DATA(server, session, envelope)
        finally:
            self.in_flight -= 1


def test_two_scheduler_processes_deliver_each_reminder_exactly_once(
    database: Database, tmp_path: Path
) -> None:
    expected = database.requests_due(24)
    server = SmtpServer(free_port())
    server.inbox = Rendezvous()
    server.start()
    try:
        processes = [scheduler_once(database, server.port, tmp_path) for _ in range(2)]
        outputs = [finished(p) for p in processes]
    finally:
        server.stop()
    assert server.inbox.overlapped  # both processes were handing messages over at once
    assert sum(number(o, "new") for o in outputs) == 24  # each row created by one scan
    assert [number(o, "sent") > 0 for o in outputs] == [True, True]
    assert sum(number(o, "sent") for o in outputs) == 24
    assert database.delivered(server.inbox) == Counter(dict.fromkeys(expected, 1))
    assert {status for _, status in database.outbox().values()} == {OutboxStatus.SENT}


class HeldReply(Inbox):
    """Keeps every message on receipt (as a mail server queues it) and replies at once,
    except to the `hold`-th: its reply waits until `release()`, the sender waiting for it."""

    def __init__(self, hold: int) -> None:
        super().__init__()
        self.hold, self.count = hold, 0
        self.released = asyncio.Event()
        self.loop: asyncio.AbstractEventLoop | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.loop = asyncio.get_running_loop()
        reply = await super().handle_DATA(server, session, envelope)
        self.count += 1
        if self.count == self.hold:
            await self.released.wait()
        return reply

    def release(self) -> None:
        assert self.loop is not None
        self.loop.call_soon_threadsafe(self.released.set)


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_scheduler_killed_mid_delivery_loses_nothing_and_resends_one_message(
    database: Database, tmp_path: Path
) -> None:
    expected = database.requests_due(6)
    server = SmtpServer(free_port())
    inbox = server.inbox = HeldReply(hold=3)
    server.start()
    try:
        killed = scheduler_once(database, server.port, tmp_path)
        wait_for(lambda: len(inbox.messages) == 3)  # the third is queued, its reply held
        in_flight = int(inbox.messages[-1]["X-Mieux-Outbox-Id"])
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=30)  # reaped, its pipes closed
        inbox.release()
        assert killed.returncode == -signal.SIGKILL
        # The message in flight keeps the lease the killed sender took: pending, claimed.
        assert database.outbox()[in_flight][1] == OutboxStatus.PENDING
        assert database.leased(in_flight)
        sent_before = [k for k, s in database.outbox().values() if s == OutboxStatus.SENT]
        assert len(sent_before) == 2

        # At once: the three never claimed go; the leased one waits for its lease to end.
        output = finished(scheduler_once(database, server.port, tmp_path))
        assert number(output, "new") == 0 and number(output, "sent") == 3
        assert database.outbox()[in_flight][1] == OutboxStatus.PENDING
        later = (dt.datetime.fromisoformat(NOW) + CLAIM_LEASE + dt.timedelta(minutes=1)).isoformat()
        output = finished(scheduler_once(database, server.port, tmp_path, later))
    finally:
        server.stop()
    assert number(output, "new") == 0 and number(output, "sent") == 1
    counts = database.delivered(server.inbox)
    doubled = database.outbox()[in_flight][0]
    # Nothing lost; the one message handed over whose success was never recorded, twice.
    assert counts == Counter({**dict.fromkeys(expected, 1), doubled: 2})
    assert {status for _, status in database.outbox().values()} == {OutboxStatus.SENT}

"""The outbox: each reminder stored once, delivered to a real SMTP server at least once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from db.engine import make_engine, make_session_factory
from db.models import Action, Notification, OutboxMessage, OutboxStatus
from mieux.cli import cli
from notifications.mail import SmtpMailer
from notifications.outbox import deliver
from tests.smtp import BASE_URL, Inbox, SmtpServer, free_port
from tests.smtp import smtp_settings as settings
from tests.support import Scenario
from workflow.deadlines import claims
from workflow.deadlines.delivery import Claimed, _message
from workflow.services import (
    Due,
    FixedClock,
    Message,
    UnitOfWork,
    add_user,
    change_setting,
    enqueue,
)

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def due(
    user_id: int | None = None,
    email: str | None = None,
    rule: str = "report_due",
    object_id: int = 7,
    occurrence: str = "2026-11-27",
    **facts: object,
) -> Due:
    return Due(
        rule=rule,
        object_kind="activity",
        object_id=object_id,
        recipient_user_id=user_id,
        recipient_email=email,
        occurrence=occurrence,
        due_on=dt.date.fromisoformat(occurrence[:10]),
        facts={"title": "Workshop on border data", **facts},
    )


def rows(uow_factory: Callable[[], UnitOfWork]) -> list[OutboxMessage]:
    with uow_factory() as uow:
        return list(uow.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
def ann(uow_factory: Callable[[], UnitOfWork]) -> int:
    user = add_user(uow_factory(), "ann", ["staff"], "pw-123456789", "ann@example.org", "Ann Lee")
    return user.id


def test_a_reminder_reaches_the_user_by_email_and_in_app(
    uow_factory: Callable[[], UnitOfWork], ann: int, smtp: SmtpServer, mailer: SmtpMailer
) -> None:
    # The reminder of 27 November, a week before the report's day.
    assert enqueue(uow_factory(), [due(ann, report_due_on="2026-12-04")]) == 1
    assert deliver(uow_factory, mailer, NOW) == {"sent": 1}

    [(recipients, message)] = smtp.inbox.received
    assert recipients == ["ann@example.org"]
    assert message["To"] == "Ann Lee <ann@example.org>"
    assert message["Subject"] == (
        "Due on 2026-12-04: the activity report (Activity 7: Workshop on border data)"
    )
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    plain, markup = text.get_content(), html.get_content()
    assert "Dear Ann Lee," in plain and "The activity report is due on 4 December 2026" in plain
    assert f"{BASE_URL}/activities/7" in plain
    assert "Report due on: 2026-12-04" in plain
    assert f'<a href="{BASE_URL}/activities/7">' in markup and "Dear Ann Lee," in markup

    [row] = rows(uow_factory)
    assert (row.status, row.sent_at, row.attempts) == (OutboxStatus.SENT, NOW, 1)
    with uow_factory() as uow:
        notices = uow.session.scalars(sa.select(Notification)).all()
        assert [(n.user_id, n.object_kind, n.object_id) for n in notices] == [(ann, "activity", 7)]
        assert notices[0].subject == row.subject


def test_an_expert_without_an_account_is_written_to_at_their_address(
    uow_factory: Callable[[], UnitOfWork], smtp: SmtpServer, mailer: SmtpMailer
) -> None:
    enqueue(uow_factory(), [due(email="jo@example.com", recipient_name="Jo Smith")])
    deliver(uow_factory, mailer, NOW)
    [(recipients, message)] = smtp.inbox.received
    assert recipients == ["jo@example.com"] and message["To"] == "Jo Smith <jo@example.com>"
    with uow_factory() as uow:  # nobody to notify in the application
        assert uow.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_the_same_due_twice_is_one_row_and_one_email(
    uow_factory: Callable[[], UnitOfWork], ann: int, smtp: SmtpServer, mailer: SmtpMailer
) -> None:
    assert enqueue(uow_factory(), [due(ann), due(ann)]) == 1
    assert enqueue(uow_factory(), [due(ann)]) == 0
    deliver(uow_factory, mailer, NOW)
    assert enqueue(uow_factory(), [due(ann)]) == 0  # also once it was sent
    deliver(uow_factory, mailer, NOW + MINUTE)
    assert len(rows(uow_factory)) == 1 and len(smtp.inbox.messages) == 1
    with uow_factory() as uow:
        assert uow.session.scalar(sa.select(sa.func.count(Notification.id))) == 1


def test_a_new_occurrence_supersedes_the_pending_one_only(
    uow_factory: Callable[[], UnitOfWork], ann: int, smtp: SmtpServer, mailer: SmtpMailer
) -> None:
    enqueue(uow_factory(), [due(ann, occurrence="2026-11-25"), due(ann, object_id=8)])
    enqueue(uow_factory(), [due(ann, occurrence="2026-11-26")])
    statuses = [(r.object_id, r.occurrence, r.status) for r in rows(uow_factory)]
    assert statuses == [
        (7, "2026-11-25", OutboxStatus.SUPERSEDED),
        (8, "2026-11-27", OutboxStatus.PENDING),  # another object: untouched
        (7, "2026-11-26", OutboxStatus.PENDING),
    ]
    deliver(uow_factory, mailer, NOW)
    enqueue(uow_factory(), [due(ann, occurrence="2026-11-27")])
    assert [r.status for r in rows(uow_factory)][1:] == [
        OutboxStatus.SENT,
        OutboxStatus.SENT,  # a sent one stays sent
        OutboxStatus.PENDING,
    ]
    subjects = sorted(m["Subject"] for m in smtp.inbox.messages)
    assert len(subjects) == 2 and "2026-11-25" not in " ".join(subjects)


class Connections(Inbox):
    """Also notes the client's address and port of each message: one per connection."""

    def __init__(self) -> None:
        super().__init__()
        self.peers: list[object] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


def test_a_pass_sends_over_one_connection_and_opens_it_again_once_if_dropped(
    uow_factory: Callable[[], UnitOfWork], ann: int
) -> None:
    server = SmtpServer(free_port())
    inbox = server.inbox = Connections()
    server.start()
    mailer = SmtpMailer(settings(server.port))
    try:
        enqueue(uow_factory(), [due(ann, object_id=n) for n in range(1, 6)])
        assert deliver(uow_factory, mailer, NOW) == {"sent": 5}
        assert len(inbox.peers) == 5 and len(set(inbox.peers)) == 1

        # The server restarts between two messages of one connection: the kept
        # connection is dead, the next message goes over a new one, once.
        enqueue(uow_factory(), [due(ann, object_id=n) for n in (6, 7)])
        [first, second] = [r for r in rows(uow_factory) if r.status == OutboxStatus.PENDING]
        with mailer.connection() as send, uow_factory() as uow:
            messages = {m.id: m for m in _messages(uow)}
            send(messages[first.id])
            server.stop()
            server.start()
            send(messages[second.id])
            server.stop()  # down for good: the error is the message's, for a retry
            with pytest.raises(ConnectionRefusedError):
                send(messages[second.id])
        ids = [int(m["X-Mieux-Outbox-Id"]) for m in inbox.messages]
        assert ids[-2:] == [first.id, second.id] and inbox.peers[-2] != inbox.peers[-1]
    finally:
        server.stop()


def _messages(uow: UnitOfWork) -> list[Message]:
    """The pending rows as the mailer gets them (the claim's own reading)."""
    rows = uow.session.execute(claims.reading(claims.DUE.subquery()), {"now": NOW}).all()
    return [
        message
        for row in rows
        if isinstance(message := _message(uow.session, Claimed(**row._mapping), NOW), Message)
    ]


def test_without_a_mail_server_setting_the_emails_wait(
    uow_factory: Callable[[], UnitOfWork], ann: int
) -> None:
    enqueue(uow_factory(), [due(ann)])
    assert deliver(uow_factory, None, NOW) == {}
    [row] = rows(uow_factory)
    assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.PENDING, 0, None)


def test_while_the_mail_server_is_down_emails_wait_then_arrive_once(
    uow_factory: Callable[[], UnitOfWork], ann: int
) -> None:
    server = SmtpServer(free_port())  # not started: connections are refused
    mailer = SmtpMailer(settings(server.port))
    enqueue(uow_factory(), [due(ann), due(ann, object_id=8)])

    assert deliver(uow_factory, mailer, NOW) == {"retrying": 2}
    for row in rows(uow_factory):
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
        assert row.next_attempt_at == NOW + MINUTE and row.last_error
    assert deliver(uow_factory, mailer, NOW + dt.timedelta(seconds=30)) == {}  # not yet due

    server.start()
    try:
        assert deliver(uow_factory, mailer, NOW + MINUTE) == {"sent": 2}
        assert deliver(uow_factory, mailer, NOW + 2 * MINUTE) == {}
        assert len(server.inbox.messages) == 2
    finally:
        server.stop()
    assert [(r.status, r.attempts) for r in rows(uow_factory)] == [(OutboxStatus.SENT, 2)] * 2


def test_after_outbox_max_attempts_failures_the_email_is_failed(
    uow_factory: Callable[[], UnitOfWork], ann: int
) -> None:
    with uow_factory() as uow:
        change_setting(uow.session, "outbox_max_attempts", 6)
        uow.commit()
    mailer = SmtpMailer(settings(free_port()))
    enqueue(uow_factory(), [due(ann)])
    at, waits = NOW, []
    for _ in range(5):
        assert deliver(uow_factory, mailer, at) == {"retrying": 1}
        [row] = rows(uow_factory)
        waits.append(row.next_attempt_at - at)
        at = row.next_attempt_at
    assert waits == [dt.timedelta(minutes=m) for m in (1, 5, 15, 60, 360)]
    assert deliver(uow_factory, mailer, at) == {"failed": 1}
    [row] = rows(uow_factory)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 6)
    assert "ConnectionRefusedError" in (row.last_error or "")
    assert deliver(uow_factory, mailer, at + dt.timedelta(days=1)) == {}


def test_a_user_without_an_email_address_gets_the_notice_in_app_only(
    uow_factory: Callable[[], UnitOfWork], mailer: SmtpMailer, smtp: SmtpServer
) -> None:
    bob = add_user(uow_factory(), "bob", ["staff"], "pw-123456789", None, "Bob").id
    enqueue(uow_factory(), [due(bob)])
    assert deliver(uow_factory, mailer, NOW) == {"in_app": 1}
    [row] = rows(uow_factory)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.IN_APP, 0, None)
    assert smtp.inbox.messages == []
    with uow_factory() as uow:
        assert uow.session.scalar(sa.select(sa.func.count(Notification.id))) == 1


def test_the_scheduler_once_delivers_and_exits_0_also_when_the_server_is_down(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webui import create_app, services
    from webui.config import TestConfig

    app: Flask = create_app(TestConfig(db_url), clock=FixedClock(NOW))
    uow_factory = services(app).uow
    ann = add_user(uow_factory(), "ann", ["staff"], "pw-123456789", "ann@example.org", "Ann Lee")
    enqueue(uow_factory(), [due(ann.id)])
    server = SmtpServer(free_port())
    monkeypatch.setenv("MIEUX_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MIEUX_SMTP_PORT", str(server.port))
    monkeypatch.setenv("MIEUX_BASE_URL", BASE_URL)
    runner = app.test_cli_runner()
    try:
        down = runner.invoke(cli, ["scheduler", "--once", "--now", "2026-11-27T09:00:00Z"])
        assert down.exit_code == 0, down.output
        assert "1 retrying" in down.output
        server.start()
        up = runner.invoke(cli, ["scheduler", "--once", "--now", "2026-11-27T09:05:00+00:00"])
        assert up.exit_code == 0 and "1 sent" in up.output, up.output
        assert len(server.inbox.messages) == 1
        bad = runner.invoke(cli, ["scheduler", "--once", "--now", "tomorrow"])
        assert bad.exit_code == 2 and "ISO" in bad.output
    finally:
        server.stop()
        services(app).engine.dispose()


def test_two_delivery_passes_at_once_send_each_email_exactly_once(pg_url: str) -> None:
    engine = make_engine(pg_url)
    sessions = make_session_factory(engine)
    clock = FixedClock(NOW)

    def uow_factory() -> UnitOfWork:
        return UnitOfWork(sessions, clock)

    server = SmtpServer(free_port(), delay=0.01)
    server.start()
    try:
        ann = add_user(uow_factory(), "ann", ["staff"], "pw-123456789", "ann@example.org", "Ann")
        enqueue(uow_factory(), [due(ann.id, object_id=n) for n in range(1, 41)])
        mailer = SmtpMailer(settings(server.port))
        start = threading.Barrier(2)
        counts: list[int] = []

        def run() -> None:
            start.wait()
            counts.append(deliver(uow_factory, mailer, NOW)["sent"])

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ids = sorted(int(m["X-Mieux-Outbox-Id"]) for m in server.inbox.messages)
        assert sum(counts) == 40 and len(ids) == 40 and len(set(ids)) == 40
        assert all(count > 0 for count in counts)  # both passes took part
        assert {r.status for r in rows(uow_factory)} == {OutboxStatus.SENT}
    finally:
        server.stop()
        engine.dispose()


def test_two_scans_enqueueing_at_once_store_each_due_once(pg_url: str) -> None:
    engine = make_engine(pg_url)
    sessions = make_session_factory(engine)

    def uow_factory() -> UnitOfWork:
        return UnitOfWork(sessions, FixedClock(NOW))

    try:
        ann = add_user(uow_factory(), "ann", ["staff"], "pw-123456789", "ann@example.org", "Ann")
        dues = [due(ann.id, object_id=n) for n in range(1, 31)]
        start = threading.Barrier(2)
        created: list[int] = []

        def run() -> None:
            start.wait()
            created.append(enqueue(uow_factory(), dues))

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(created) == 30 and len(rows(uow_factory)) == 30
    finally:
        engine.dispose()


def test_the_scheduler_once_applies_the_silence_procedure_at_its_now(
    db_url: str, world: Scenario
) -> None:
    from webui import create_app, services
    from webui.config import TestConfig

    action = world.submitted_action()
    world.setting("silence_procedure", True)
    deadline = world.get(Action, action.id).psc_deadline
    app: Flask = create_app(TestConfig(db_url), clock=FixedClock(NOW))
    runner = app.test_cli_runner()
    try:
        on_the_day = runner.invoke(cli, ["scheduler", "--once", "--now", f"{deadline}T12:00Z"])
        assert on_the_day.exit_code == 0, on_the_day.output
        assert world.get(Action, action.id).state == "psc_review"
        after = runner.invoke(
            cli, ["scheduler", "--once", "--now", f"{deadline + dt.timedelta(days=1)}T12:00Z"]
        )
        assert after.exit_code == 0, after.output
        assert world.get(Action, action.id).state == "implementation"
    finally:
        services(app).engine.dispose()

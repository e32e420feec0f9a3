"""An event's notices, stored in three statements (one on PostgreSQL): the same rows as the
outbox's add_dues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from tests.integration.notice_support import notices_of, outbox
from tests.support import Scenario
from workflow.deadlines import Due
from workflow.deadlines.outbox import outbox_row
from workflow.events.store import folded, store_event
from workflow.services import OutboxStatus, UnitOfWork

DAY = dt.date(2026, 11, 20)


def dues(occurrence: str, *recipients: int | str) -> list[Due]:
    return [
        Due(
            "activity_scheduled",
            "activity",
            7,
            r if isinstance(r, int) else None,
            r if isinstance(r, str) else None,
            occurrence,
            DAY,
            {"title": "Workshop", "role": "expert"},
        )
        for r in recipients
    ]


def store(uow_factory: Callable[[], UnitOfWork], found: list[Due]) -> int:
    with uow_factory() as uow:
        created = store_event(uow.session, uow.now(), found)
        uow.commit()
    return created


def test_an_event_is_stored_once_and_a_new_occurrence_supersedes_the_pending_one(
    world: Scenario, uow_factory: Callable[[], UnitOfWork]
) -> None:
    user, other = world.expert_user.id, world.staff.id
    assert store(uow_factory, dues("2027-01-11/v1", user, "guest@example.org")) == 2
    assert store(uow_factory, dues("2027-01-11/v1", user, "guest@example.org")) == 0
    assert store(uow_factory, dues("2027-01-11/v1", other)) == 1  # another recipient
    assert notices_of(uow_factory, user) == ["activity_scheduled"]  # not twice
    # Rescheduled: the new occurrence supersedes the pending rows of its recipients only.
    assert store(uow_factory, dues("2027-02-01/v2", user, "guest@example.org")) == 2
    rows = {(r.recipient, r.occurrence): r for r in outbox(uow_factory, "activity_scheduled")}
    assert {key: row.status for key, row in rows.items()} == {
        (str(user), "2027-01-11/v1"): OutboxStatus.SUPERSEDED,
        ("guest@example.org", "2027-01-11/v1"): OutboxStatus.SUPERSEDED,
        (str(other), "2027-01-11/v1"): OutboxStatus.PENDING,
        (str(user), "2027-02-01/v2"): OutboxStatus.PENDING,
        ("guest@example.org", "2027-02-01/v2"): OutboxStatus.PENDING,
    }
    new = rows[(str(user), "2027-02-01/v2")]
    # Each column as `outbox_row` writes it (on PostgreSQL, what every row of the event
    # shares is bound once or written as a constant).
    [due] = [d for d in dues("2027-02-01/v2", user) if d.recipient_user_id == user]
    with uow_factory() as uow:
        expected = outbox_row(due, uow.now())
    stored = {c: getattr(new, c) for c in expected}
    stored["next_attempt_at"] = stored["next_attempt_at"].replace(tzinfo=dt.UTC)
    stored["created_at"] = stored["created_at"].replace(tzinfo=dt.UTC)
    assert stored == expected
    assert new.subject == "The activity is scheduled from ? to ? (Activity 7: Workshop)"
    assert new.recipient_user_id == user and new.recipient_email is None
    assert rows[("guest@example.org", "2027-02-01/v2")].recipient_email == "guest@example.org"
    # An in-app notice for each user told, none for an address.
    assert notices_of(uow_factory, user) == ["activity_scheduled"] * 2
    assert notices_of(uow_factory, other) == ["activity_scheduled"]


def test_an_event_tells_only_its_new_recipients_in_one_statement_on_postgresql(
    engine: sa.Engine, world: Scenario, uow_factory: Callable[[], UnitOfWork]
) -> None:
    user, other = world.expert_user.id, world.staff.id
    assert store(uow_factory, dues("2027-01-11/v1", user)) == 1
    sent: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        # The same event again with one more recipient: only the new one is stored and told,
        # and the first recipient's pending row is not superseded by its own occurrence.
        assert store(uow_factory, dues("2027-01-11/v1", user, other)) == 1
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    writes = [s for s in sent if "outbox" in s or "notifications" in s]
    if engine.dialect.name == "postgresql":
        assert len(writes) == 1 and writes[0].lstrip().startswith("WITH")
    else:
        assert len(writes) == 3
    rows = outbox(uow_factory, "activity_scheduled")
    assert [(r.recipient, r.status) for r in rows] == [
        (str(user), OutboxStatus.PENDING),
        (str(other), OutboxStatus.PENDING),
    ]
    assert notices_of(uow_factory, user) == notices_of(uow_factory, other) == ["activity_scheduled"]
    # A new occurrence for both: both older rows superseded, each told once more.
    assert store(uow_factory, dues("2027-02-01/v2", user, other)) == 2
    statuses = [r.status for r in outbox(uow_factory, "activity_scheduled")]
    assert statuses == [OutboxStatus.SUPERSEDED] * 2 + [OutboxStatus.PENDING] * 2
    assert notices_of(uow_factory, other) == ["activity_scheduled"] * 2


@pytest.mark.parametrize("count", [1, 4])
def test_the_folded_statement_is_compiled_once_per_number_of_rows(count: int) -> None:
    # A multi-row VALUES is compiled again at every execution by SQLAlchemy (no cache key):
    # that cost more than the round trips the fold saves. The statement must stay cacheable.
    assert folded(count).statement._generate_cache_key() is not None
    assert folded(count, 2).statement._generate_cache_key() is not None
    assert folded(count) is folded(count)

"""An event's notices, stored in three statements: the same rows as the outbox's add_dues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tests.integration.notice_support import notices_of, outbox
from tests.support import Scenario
from workflow.deadlines import Due
from workflow.events.store import store_event
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
    assert new.subject == "The activity is scheduled from ? to ? (Activity 7: Workshop)"
    assert new.recipient_user_id == user and new.recipient_email is None
    assert rows[("guest@example.org", "2027-02-01/v2")].recipient_email == "guest@example.org"
    # An in-app notice for each user told, none for an address.
    assert notices_of(uow_factory, user) == ["activity_scheduled"] * 2
    assert notices_of(uow_factory, other) == ["activity_scheduled"]

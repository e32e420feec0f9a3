"""Notice preferences: e-mails off (in-app only), the daily digest (one e-mail listing the
day's notices, each once), the defaults, and what the service refuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from db.models import OutboxStatus
from notifications.mail import SmtpMailer
from notifications.outbox import deliver
from tests.integration.notice_support import notices_of, outbox, parts
from tests.smtp import BASE_URL, SmtpServer
from workflow.services import (
    Due,
    FixedClock,
    Preferences,
    UnitOfWork,
    ValidationFailed,
    add_user,
    enqueue,
    my_preferences,
    set_preferences,
)

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
NEXT_MORNING = dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.UTC)


def notice(user_id: int, object_id: int, rule: str = "activity_scheduled") -> Due:
    facts = {"title": f"Workshop {object_id}", "planned_start": "2027-01-11"}
    facts |= {"planned_end": "2027-01-13", "report_due_on": "2026-12-11"}
    day = dt.date(2026, 11, 27)
    return Due(rule, "activity", object_id, user_id, None, f"v{object_id}", day, facts)


@pytest.fixture
def ann(uow_factory: Callable[[], UnitOfWork]) -> int:
    user = add_user(uow_factory(), "ann", ["staff"], "pw-123456789", "ann@example.org", "Ann Lee")
    return user.id


@pytest.fixture
def bob(uow_factory: Callable[[], UnitOfWork]) -> int:
    return add_user(uow_factory(), "bob", ["staff"], "pw-123456789", "bob@example.org", "Bob").id


def test_the_defaults_are_email_on_and_single_emails(
    uow_factory: Callable[[], UnitOfWork], ann: int
) -> None:
    assert my_preferences(uow_factory(), ann) == Preferences(email=True, daily_digest=False)
    assert my_preferences(uow_factory(), ann).channel == "email"
    nobody = add_user(uow_factory(), "nobody", ["staff"], "pw-123456789", None, "No Address")
    assert my_preferences(uow_factory(), nobody.id).channel == "in_app"


def test_emails_off_keeps_the_notice_in_app_only(
    uow_factory: Callable[[], UnitOfWork], ann: int, smtp: SmtpServer, mailer: SmtpMailer
) -> None:
    set_preferences(uow_factory(), ann, False, False)
    enqueue(uow_factory(), [notice(ann, 7)])
    assert deliver(uow_factory, mailer, NOW) == {"in_app": 1}
    assert smtp.inbox.messages == []
    [row] = outbox(uow_factory)
    assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.IN_APP, 0, None)
    assert notices_of(uow_factory, ann) == ["activity_scheduled"]
    # The digest chosen with e-mails off: still in-app only.
    set_preferences(uow_factory(), ann, False, True)
    enqueue(uow_factory(), [notice(ann, 8)])
    assert deliver(uow_factory, mailer, NEXT_MORNING) == {"in_app": 1}
    assert smtp.inbox.messages == []


def test_the_daily_digest_lists_the_days_notices_once_in_one_email(
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
    ann: int,
    bob: int,
    smtp: SmtpServer,
    mailer: SmtpMailer,
) -> None:
    assert set_preferences(uow_factory(), ann, True, True).channel == "digest"
    enqueue(uow_factory(), [notice(ann, 7), notice(ann, 8, "report_returned"), notice(bob, 7)])
    # The same day: Bob (single e-mails) gets his; Ann's wait for her digest.
    assert deliver(uow_factory, mailer, NOW + dt.timedelta(hours=5)) == {"sent": 1}
    assert [to for to, _ in smtp.inbox.received] == [["bob@example.org"]]

    clock.at = NEXT_MORNING  # a notice of the new day waits for the next digest
    enqueue(uow_factory(), [notice(ann, 9)])
    smtp.inbox.received.clear()
    assert deliver(uow_factory, mailer, NEXT_MORNING) == {"sent": 1}
    [(to, digest)] = smtp.inbox.received
    assert to == ["ann@example.org"] and digest["To"] == "Ann Lee <ann@example.org>"
    assert digest["Subject"] == "Your notices of 2026-11-27 (2)"
    plain, html = parts(digest)
    assert "Dear Ann Lee," in plain and "Your notices of 27 November 2026:" in plain
    scheduled = "The activity is scheduled from 2027-01-11 to 2027-01-13"
    returned = "The activity report was returned: the new due date is 2026-12-11"
    for object_id, subject in (
        (7, f"{scheduled} (Activity 7: Workshop 7)"),
        (8, f"{returned} (Activity 8: Workshop 8)"),
    ):
        link = f"{BASE_URL}/activities/{object_id}"
        assert plain.count(subject) == 1 and link in plain
        assert f'<a href="{link}">{subject}</a>' in html
    assert "Workshop 9" not in plain and f"{BASE_URL}/notifications" in plain

    statuses = {(r.rule, r.object_id, r.recipient): r.status for r in outbox(uow_factory)}
    assert statuses == {
        ("activity_scheduled", 7, str(ann)): OutboxStatus.DIGESTED,
        ("report_returned", 8, str(ann)): OutboxStatus.DIGESTED,
        ("activity_scheduled", 7, str(bob)): OutboxStatus.SENT,
        ("activity_scheduled", 9, str(ann)): OutboxStatus.PENDING,
        ("daily_digest", ann, str(ann)): OutboxStatus.SENT,
    }
    [digest_row] = outbox(uow_factory, "daily_digest")
    assert (digest_row.object_kind, digest_row.recipient, digest_row.occurrence) == (
        "user",
        str(ann),
        "2026-11-27",
    )
    # Each notice once: another pass the same day sends nothing; no in-app notice of the
    # digest itself (its items have theirs).
    smtp.inbox.received.clear()
    assert deliver(uow_factory, mailer, NEXT_MORNING + dt.timedelta(hours=1)) == {}
    assert notices_of(uow_factory, ann) == [
        "activity_scheduled",
        "report_returned",
        "activity_scheduled",
    ]


def test_back_to_single_emails_sends_what_waited_for_the_digest(
    uow_factory: Callable[[], UnitOfWork], ann: int, smtp: SmtpServer, mailer: SmtpMailer
) -> None:
    set_preferences(uow_factory(), ann, True, True)
    enqueue(uow_factory(), [notice(ann, 7)])
    assert deliver(uow_factory, mailer, NOW) == {}
    set_preferences(uow_factory(), ann, True, False)
    assert deliver(uow_factory, mailer, NOW) == {"sent": 1}
    assert outbox(uow_factory, "daily_digest") == []


def test_preferences_refuse_what_is_not_true_or_false(
    uow_factory: Callable[[], UnitOfWork], ann: int
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        set_preferences(uow_factory(), ann, "yes", False)
    assert [r.code for r in refused.value.reasons] == ["email"]
    assert my_preferences(uow_factory(), ann) == Preferences()


def test_event_notices_older_than_the_catch_up_horizon_stay_in_app(
    uow_factory: Callable[[], UnitOfWork], ann: int, smtp: SmtpServer, mailer: SmtpMailer
) -> None:
    """No backlog of old news after a long stop (or from the demo's history): the notice
    is kept in-app; a reminder of the same age would still be sent (its own rules)."""
    enqueue(uow_factory(), [notice(ann, 7)])
    eight_days_later = NOW + dt.timedelta(days=8)
    assert deliver(uow_factory, mailer, eight_days_later) == {"in_app": 1}
    assert smtp.inbox.messages == []
    [row] = outbox(uow_factory)
    assert (row.status, row.last_error) == (
        OutboxStatus.IN_APP,
        "not e-mailed: older than the horizon",
    )
    assert notices_of(uow_factory, ann) == ["activity_scheduled"]

"""Delivering the outbox: one pass hands every due message to the mailer, one at a time,
over one SMTP connection."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from itertools import islice

from notifications.mail import SmtpMailer
from workflow.services import (
    Delivered,
    OutboxStatus,
    Send,
    UnitOfWork,
    deliveries,
    gather_digests,
    pending_count,
)

log = logging.getLogger(__name__)
MAX_PER_PASS = 500
# A mail server that is down fails every message: stop the pass early, the rest wait.
MAX_FAILURES_PER_PASS = 3


def deliver(
    uow_factory: Callable[[], UnitOfWork],
    send: Send | None,
    now: dt.datetime,
    limit: int = MAX_PER_PASS,
) -> Counter[str]:
    """One delivery pass at `now`; counts the messages "sent", "retrying" and "failed".

    First the notices of users who chose a daily digest are gathered into one
    message per user and day. Without a mailer (no MIEUX_SMTP_HOST) nothing is
    gathered or claimed: the messages wait,
    pending. A failed send is recorded on its row (retried later) and the pass
    goes on with the next message; no failure of the mail server escapes.
    """
    done: Counter[str] = Counter()
    if send is None:
        waiting = pending_count(uow_factory())
        if waiting:
            log.warning("No mail server configured (MIEUX_SMTP_HOST): %s e-mail(s) wait", waiting)
        return done
    digests = gather_digests(uow_factory(), now)  # yesterday's notices of digest users
    if digests:
        log.info("Daily digests: %s gathered", digests)
    with one_connection(send) as sending, closing(deliveries(uow_factory, now, sending)) as pass_:
        _count(islice(pass_, limit), done)  # closed: a pass stopped early records its last
    return done


@contextmanager
def one_connection(send: Send) -> Iterator[Send]:
    """The mailer as one SMTP connection for the whole pass (any other `Send` as it is)."""
    if isinstance(send, SmtpMailer):
        with send.connection() as connection:
            yield connection
    else:
        yield send


def _count(outcomes: Iterator[Delivered], done: Counter[str]) -> None:
    """Count the outcomes into `done`, stopping after MAX_FAILURES_PER_PASS failures."""
    for outcome in outcomes:
        if outcome.status in (OutboxStatus.SENT, OutboxStatus.IN_APP):
            done[outcome.status.value] += 1  # in_app: no e-mail wanted or possible
            continue
        retrying = outcome.status is OutboxStatus.PENDING
        done["retrying" if retrying else outcome.status.value] += 1
        log.warning(
            "Outbox message %s not sent (%s): %s", outcome.id, outcome.status, outcome.error
        )
        if done["retrying"] + done["failed"] >= MAX_FAILURES_PER_PASS:
            break

"""APScheduler 3 running the workflow's periodic jobs inside `mieux serve` or on its own."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from notifications.outbox import deliver
from workflow.services import (
    Send,
    UnitOfWork,
    close_silent_rounds,
    enqueue,
    fold_tallies,
    scan,
)

log = logging.getLogger(__name__)
SCAN_MINUTES = 15
DELIVER_MINUTES = 1
# The kept counts' rows of changes folded this often: a count read sums at most a few
# minutes of changes (migration 0022).
FOLD_MINUTES = 5
AnyScheduler = TypeVar("AnyScheduler", bound=BaseScheduler)


def scan_psc_deadlines(uow_factory: Callable[[], UnitOfWork]) -> None:
    for action_id, outcome in close_silent_rounds(uow_factory):
        log.info("Silence procedure decided Action %s: %s", action_id, outcome)


def scan_reminders(uow_factory: Callable[[], UnitOfWork]) -> int:
    """One scan of the deadline rules into the outbox; the number of new reminders (a
    reminder already there is not written again)."""
    added = enqueue(uow_factory(), scan(uow_factory()))
    if added:
        log.info("Reminders: %s new in the outbox", added)
    return added


def deliver_outbox(uow_factory: Callable[[], UnitOfWork], send: Send | None) -> None:
    """One delivery pass at the scheduler's clock (the unit of work's)."""
    done = deliver(uow_factory, send, uow_factory().now())
    if done:
        log.info("Outbox: %s", dict(done))


def fold_counts(uow_factory: Callable[[], UnitOfWork]) -> int:
    """Fold the kept counts' rows of changes into one row a count; how many were folded."""
    folded = fold_tallies(uow_factory())
    log.debug("Tallies: %s rows of changes folded", folded)
    return folded


def add_jobs(
    scheduler: AnyScheduler, uow_factory: Callable[[], UnitOfWork], send: Send | None
) -> AnyScheduler:
    """The jobs; each is idempotent, so a restart or a second process does no harm."""
    common = {"max_instances": 1, "coalesce": True}
    scheduler.add_job(
        scan_psc_deadlines,
        "interval",
        minutes=SCAN_MINUTES,
        args=[uow_factory],
        id="psc_deadlines",
        **common,
    )
    scheduler.add_job(
        scan_reminders,
        "interval",
        minutes=SCAN_MINUTES,
        args=[uow_factory],
        id="reminders_scan",
        **common,
    )
    scheduler.add_job(
        deliver_outbox,
        "interval",
        minutes=DELIVER_MINUTES,
        args=[uow_factory, send],
        id="outbox_delivery",
        **common,
    )
    scheduler.add_job(
        fold_counts,
        "interval",
        minutes=FOLD_MINUTES,
        args=[uow_factory],
        id="tallies_fold",
        **common,
    )
    return scheduler


def start_scheduler(
    uow_factory: Callable[[], UnitOfWork], send: Send | None = None
) -> BackgroundScheduler:
    """Start the jobs in a background thread (`mieux serve`)."""
    scheduler = add_jobs(BackgroundScheduler(timezone="UTC"), uow_factory, send)
    scheduler.start()
    return scheduler

"""APScheduler 3 running the workflow's periodic jobs inside `mieux serve` or on its own."""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from workflow.services import UnitOfWork, close_silent_rounds

log = logging.getLogger(__name__)
SCAN_MINUTES = 15


def scan_psc_deadlines(uow_factory: Callable[[], UnitOfWork]) -> None:
    for action_id, outcome in close_silent_rounds(uow_factory):
        log.info("Silence procedure decided Action %s: %s", action_id, outcome)


def start_scheduler(uow_factory: Callable[[], UnitOfWork]) -> BackgroundScheduler:
    """Start the jobs; each is idempotent, so a restart or a second process does no harm."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        scan_psc_deadlines,
        "interval",
        minutes=SCAN_MINUTES,
        args=[uow_factory],
        id="psc_deadlines",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler

"""One scan: every reminder due at `now`, across all the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from workflow.admin.settings import Settings, load_settings
from workflow.deadlines import Due
from workflow.deadlines.actions import evaluation, psc_vote
from workflow.deadlines.activities import experts_unconfirmed, reports
from workflow.deadlines.digest import digest
from workflow.deadlines.intake import eligibility, rapid_reaction
from workflow.deadlines.window import Window, newest_only, window_for
from workflow.engine.unit_of_work import UnitOfWork

Rule = Callable[[Session, Window, Settings], list[Due]]
RULE_SCANS: tuple[Rule, ...] = (
    eligibility,
    rapid_reaction,
    psc_vote,
    experts_unconfirmed,
    reports,
    evaluation,
    digest,
)


def due_reminders(session: Session, now: dt.datetime, settings: Settings) -> list[Due]:
    """Every reminder due at `now` within the catch-up horizon, the newest occurrence only,
    one per (rule, object, recipient, occurrence); sorted by day then key."""
    window = window_for(now, settings)
    found = [due for rule in RULE_SCANS for due in rule(session, window, settings)]
    return newest_only(found)


def scan(uow: UnitOfWork) -> list[Due]:
    """The service: one read-only scan at the unit of work's clock."""
    with uow:
        return due_reminders(uow.session, uow.now(), load_settings(uow.session))

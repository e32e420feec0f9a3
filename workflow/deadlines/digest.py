"""The periodic digest: the day after each quarter, half-year and year ends.

On 1 July the half-year's digest replaces Q2's, on 1 January the year's
replaces Q4's and H2's: one digest a day, for the longest period just ended.
`statistics_for` has no date range (only phases), so the figures are counted
here over the period's dates.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Activity, Request
from workflow.activity.states import ActivityState
from workflow.admin.settings import Settings
from workflow.deadlines import Due
from workflow.deadlines.recipients import programme_manager
from workflow.deadlines.window import Window, dues

HELD = ActivityState.tagged("booked_on_actual_dates")
PERIOD_MONTHS = {1: ("year", 12), 4: ("Q1", 3), 7: ("H1", 6), 10: ("Q3", 3)}


def period_ending_before(day: dt.date) -> tuple[str, dt.date, dt.date] | None:
    """The period whose digest is due on `day`: (name, first day, last day), or None."""
    if day.day != 1 or day.month not in PERIOD_MONTHS:
        return None
    name, months = PERIOD_MONTHS[day.month]
    last = day - dt.timedelta(days=1)
    first_month = last.month - months + 1
    label = f"{last.year}" if name == "year" else f"{last.year}-{name}"
    return label, dt.date(last.year, first_month, 1), last


def digest(session: Session, window: Window, settings: Settings) -> list[Due]:
    """`digest` to the programme manager, one per digest day in the window."""
    found: list[Due] = []
    day = window.first
    while day <= window.last:
        period = period_ending_before(day)
        if period is not None:
            label, first, last = period
            facts: dict[str, object] = {"period": label, "from": str(first), "to": str(last)}
            facts |= figures(session, first, last)
            who = programme_manager(session, settings)
            found += dues("digest", ("programme", 0), who, f"{day}/{label}", day, facts)
        day += dt.timedelta(days=1)
    return found


def figures(session: Session, first: dt.date, last: dt.date) -> dict[str, object]:
    """The period's counts: Requests received (by state now), Activities held, participants."""
    received = Request.received_on.between(first, last)
    by_state = session.execute(
        sa.select(Request.state, sa.func.count()).where(received).group_by(Request.state)
    ).all()
    held = session.execute(
        sa.select(
            sa.func.count(), sa.func.coalesce(sa.func.sum(Activity.participants_total), 0)
        ).where(Activity.state.in_(HELD), Activity.actual_start.between(first, last))
    ).one()
    return {
        "requests_received": sum(n for _, n in by_state),
        "requests_by_state": {str(state): int(n) for state, n in sorted(by_state)},
        "activities_held": int(held[0] or 0),
        "participants": int(held[1] or 0),
    }

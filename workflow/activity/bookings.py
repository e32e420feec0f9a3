"""When an expert is taken: the Activities that book their experts on overlapping dates.

One definition for the `schedule` guard that refuses double-booking and for the
expert finder that shows who is booked then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from db.models import Activity, Expert, activity_experts
from workflow.activity.states import ActivityState


def overlapping(start: Any, end: Any) -> sa.ColumnElement[bool]:
    """Activities whose booked dates overlap [start, end] (inclusive ranges overlap when
    each starts on or before the other ends): planned dates until held, then actual ones."""
    planned = sa.and_(
        Activity.state.in_(ActivityState.tagged("booked_on_planned_dates")),
        Activity.planned_start <= end,
        Activity.planned_end >= start,
    )
    actual = sa.and_(
        Activity.state.in_(ActivityState.tagged("booked_on_actual_dates")),
        Activity.actual_start <= end,
        Activity.actual_end >= start,
    )
    return sa.or_(planned, actual)


def bookings(
    start: dt.date, end: dt.date, activity_id: int, ids: Sequence[int] | None = None
) -> sa.Select[int, str, str, int]:
    """(expert id, expert name, other activity's title, its id) for every expert (or those
    of `ids`) booked on another activity than `activity_id` between start and end."""
    query = _bookings(start, end, activity_id)
    if ids is not None:
        query = query.where(Expert.id.in_(ids))
    return query.order_by(Expert.id, Activity.id)


def _bookings(start: Any, end: Any, activity_id: Any) -> sa.Select[int, str, str, int]:
    return (
        sa.select(Expert.id, Expert.name, Activity.title, Activity.id)
        .join(activity_experts, activity_experts.c.expert_id == Expert.id)
        .join(Activity, Activity.id == activity_experts.c.activity_id)
        .where(Activity.id != activity_id, overlapping(start, end))
    )


def _experts_booked(prefix: str) -> sa.Select[int, str, str, int]:
    """`bookings` of some experts, built once (every `schedule` asks it): the same statement
    keeps its cache key; the dates, activity and experts bound at execution (parameters
    `start`, `end`, `activity_id`, `ids`, each after `prefix`)."""
    return (
        _bookings(
            sa.bindparam(f"{prefix}start", type_=sa.Date),
            sa.bindparam(f"{prefix}end", type_=sa.Date),
            sa.bindparam(f"{prefix}activity_id", type_=sa.Integer),
        )
        .where(Expert.id.in_(sa.bindparam(f"{prefix}ids", expanding=True)))
        .order_by(Expert.id, Activity.id)
    )


# The `schedule` guard's: its parameters named apart from those of the writes it may be
# sent with (the expert links' `activity_id` and `ids`).
BOOKINGS_CHECK = _experts_booked("booking_")

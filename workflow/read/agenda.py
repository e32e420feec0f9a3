"""What needs a user now: the home page of each role, overdue first.

Staff: Requests to screen (by their eligibility due date), Fiches to finish,
reports due or overdue. PSC members: the votes (see psc_queue). Focal points:
Fiches to validate. Experts: the reports they owe. Each list is one query
over what the user may see, capped, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, Request, User
from workflow.action.states import ActionState
from workflow.activity.states import ActivityState
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.access import visibility_filter
from workflow.read.psc_queue import Waiting, waiting
from workflow.read.queries import actor, read_only
from workflow.read.tallies import state_counts
from workflow.request.states import RequestState

LIMIT = 50  # a home page lists the most urgent; the lists have the rest


@dataclass(frozen=True)
class Item:
    """One thing to do: the object, its name, and the day it is due (None: no date)."""

    kind: str
    object_id: int
    name: str
    due_on: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class Section:
    key: str  # screen, fiches, reports, validate, owed
    items: list[Item]


@dataclass(frozen=True)
class Home:
    """The home page: the user's sections, a PSC member's votes waiting (None for others),
    and for staff and admin each lifecycle's states with the number of objects in each."""

    sections: list[Section]
    votes: list[Waiting] | None
    counts: dict[str, dict[str, int]]  # kind -> state -> number


def home_for(uow: UnitOfWork, user_id: int) -> Home:
    """Everything the home page shows, in one transaction (the user read once)."""
    with uow:
        session = read_only(uow)
        user = actor(session, user_id)
        votes = waiting(session, user.id) if "psc" in user.roles else None
        counts = state_counts(session) if user.roles & {"staff", "admin"} else {}
        return Home(_sections(session, user, uow.now().date()), votes, counts)


def agenda_for(uow: UnitOfWork, user_id: int) -> list[Section]:
    """The user's sections, in the order of their roles' work."""
    with uow:
        session = read_only(uow)
        return _sections(session, actor(session, user_id), uow.now().date())


def _sections(session: Session, user: User, today: dt.date) -> list[Section]:
    sections = []
    if "staff" in user.roles:
        sections += [
            Section("screen", _requests_to_screen(session, user, today)),
            Section("fiches", _fiches(session, user, today, mine=True)),
            Section("reports", _reports(session, user, today)),
        ]
    if "focal_point" in user.roles:
        sections.append(Section("validate", _fiches(session, user, today, mine=False)))
    if "expert" in user.roles:
        sections.append(Section("owed", _reports(session, user, today)))
    return sections


def _items(session: Session, kind: str, query: Any, today: dt.date) -> list[Item]:
    rows = session.execute(query.limit(LIMIT))
    return [Item(kind, i, name, due, due is not None and due < today) for i, name, due in rows]


def _requests_to_screen(session: Session, user: User, today: dt.date) -> list[Item]:
    """The open Requests, the nearest eligibility date first: the first rows of each open
    state from ix_requests_state_eligibility_due_on, merged (one query). With `state IN`,
    PostgreSQL walked the date index and filtered out every closed Request before them."""
    columns = (Request.id, Request.requester_name, Request.eligibility_due_on)
    order = (Request.eligibility_due_on, Request.id)
    firsts = [
        sa.select(*columns)
        .where(Request.state == state, visibility_filter(Request, user))
        .order_by(*order)
        .limit(LIMIT)
        .subquery()
        for state in RequestState.tagged("open")
    ]
    merged = sa.union_all(*(sa.select(first) for first in firsts)).subquery()
    query = sa.select(merged).order_by(merged.c.eligibility_due_on, merged.c.id)
    return _items(session, "request", query, today)


def _fiches(session: Session, user: User, today: dt.date, *, mine: bool) -> list[Item]:
    """Fiches being drafted: the user's own (staff), or awaiting their validation (partner)."""
    where = [Action.state == ActionState.FICHE_DRAFTING, visibility_filter(Action, user)]
    where.append(Action.owner_id == user.id if mine else Action.partner_validated_on.is_(None))
    query = (
        sa.select(Action.id, Action.title, Action.rapid_reaction_due_on)
        .where(*where)
        .order_by(Action.rapid_reaction_due_on, Action.id)
    )
    return _items(session, "action", query, today)


def _reports(session: Session, user: User, today: dt.date) -> list[Item]:
    """Activity reports due (held, not yet accepted), the longest overdue first."""
    query = (
        sa.select(Activity.id, Activity.title, Activity.report_due_on)
        .where(
            Activity.state == ActivityState.HELD,
            Activity.report_due_on.is_not(None),
            visibility_filter(Activity, user),
        )
        .order_by(Activity.report_due_on, Activity.id)
    )
    return _items(session, "activity", query, today)

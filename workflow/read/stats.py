"""The programme's figures (GET /stats): counts by year, state, region, area, expert, gender.

Every count is a GROUP BY in the database over what the user may see,
optionally within a phase (by the Request's received date) and a region
(an object counts in a region when one of its countries lies there); the
roster's figures (workflow.read.figures) ignore the phase and the region.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.actions import action_countries
from db.activities import activity_tallies
from db.models import Action, Activity, Country, Phase, Region, Request, User
from db.requests import request_countries
from workflow.activity.states import ActivityState
from workflow.admin.settings import load_settings
from workflow.engine.errors import invalid
from workflow.read.access import SEES_EVERYTHING, visibility_filter
from workflow.read.figures import (
    HELD,
    action_figures,
    activity_figures,
    expert_figures,
    rapid_figures,
    request_figures,
    tally,
    within,
)
from workflow.read.kept_figures import kept_figures
from workflow.read.tallies import kept_counts

# The first and last day of receipt of the Requests counted, both included; None: open.
Span = tuple[dt.date | None, dt.date | None]


def _sees_all(user: User | None) -> bool:
    return user is None or bool(user.roles & SEES_EVERYTHING)


def _requests(
    session: Session, user: User | None, phase: str | None, region: str | None, span: Span
) -> Any:
    """The ids of the Requests in scope, as a subquery (None: all of them); those `user` may
    see unless None."""
    if _sees_all(user) and not phase and not region and span == (None, None):
        return None
    query = sa.select(Request.id)
    first, last = span
    if first is not None:
        query = query.where(Request.received_on >= first)
    if last is not None:
        query = query.where(Request.received_on <= last)
    if user is not None:
        query = query.where(visibility_filter(Request, user))
    if phase:
        found = session.get(Phase, phase)
        if found is None:
            raise invalid("phase", f"Unknown phase {phase!r}.")
        query = query.where(Request.received_on >= found.starts_on)
        if found.ends_on is not None:
            query = query.where(Request.received_on < found.ends_on)
    if region:
        if session.get(Region, region) is None:
            raise invalid("region", f"Unknown region {region!r}.")
        in_region = sa.select(request_countries.c.request_id).join(
            Country, Country.code == request_countries.c.country_code
        )
        query = query.where(Request.id.in_(in_region.where(Country.region_code == region)))
    return query


def _actions(user: User, requests: Any, region: str | None) -> Any:
    if requests is None and _sees_all(user) and not region:
        return None
    query = sa.select(Action.id).where(visibility_filter(Action, user))
    query = query.where(within(Action.request_id, requests))
    if region:
        # A join, not `Action.id IN (...)` beside `request_id IN (...)`: SQLite would probe
        # its (request_id, id) index with every pair of the two lists (27 s at 10,000
        # Actions for a region). The ids may repeat: the result is only ever used in IN.
        query = query.join(action_countries, action_countries.c.action_id == Action.id).join(
            Country, Country.code == action_countries.c.country_code
        )
        query = query.where(Country.region_code == region)
    return query


def statistics_for(
    session: Session,
    user: User,
    phase: str | None = None,
    region: str | None = None,
    span: Span = (None, None),
) -> dict[str, Any]:
    """Every figure of docs/api.md's /stats, within the phase, region and span given.

    `span` is (first, last) day of receipt, both included, either open: the
    figures of Requests received then, and of their Actions, like a phase.
    One query computes the figures of one table (a GROUP BY over every key the
    figures need, folded here), so the tables are read once each; the rapid
    reaction and the deployed experts read facts kept by triggers (migration 0021).
    """
    first, last = span
    if first is not None and last is not None and first > last:
        raise invalid("to", f"The span ends ({last}) before it starts ({first}).")
    requests = _requests(session, user, phase, region, span)
    # An Action counts when the user may see it, even if its Request is hidden from them
    # (an expert sees the Actions of their Activities but no Request): the phase and
    # region select among all Requests here, visibility applies to the Action itself.
    actions = _actions(user, _requests(session, None, phase, region, span), region)
    if actions is None:  # every Action, for a user who sees everything: the kept counts
        return kept_figures(kept_counts(session), load_settings(session).rapid_reaction_days)
    return {
        **_request_figures(session, requests),
        **action_figures(session, actions),
        "rapid_reaction": _rapid_reaction(session, actions),
        "experts": expert_figures(session, user, actions),
        **_activity_figures(session, user, actions),
    }


def _request_figures(session: Session, requests: Any) -> dict[str, Any]:
    # By day and state, in the order of ix_requests_figures (no hash, no per-row year):
    # a few rows a day, folded into years here.
    rows = session.execute(
        sa.select(Request.received_on, Request.state, sa.func.count())
        .where(within(Request.id, requests))
        .group_by(Request.received_on, Request.state)
    ).all()
    return request_figures(
        tally((d.year, n) for d, _s, n in rows), tally((s, n) for _d, s, n in rows)
    )


def _rapid_reaction(session: Session, actions: Any) -> dict[str, Any]:
    """Days from receipt to the first activity held, per Action that has one."""
    # One row per number of days, not per Action: what comes back is bounded by the
    # spread of the delays, whatever the number of Actions.
    days = Action.first_held_days  # kept by triggers (migration 0021)
    rows = session.execute(
        sa.select(days, sa.func.count())
        .where(within(Action.id, actions), days.is_not(None))
        .group_by(days)
    ).all()
    spread = [(int(d or 0), int(n)) for d, n in rows]  # never None: filtered out
    return rapid_figures(spread, load_settings(session).rapid_reaction_days)


def _activity_figures(session: Session, user: User, actions: Any) -> dict[str, Any]:
    """Activities by type (all but cancelled) and the participants of those held, one pass:
    over the tallies per Action and type (migration 0021) for a user who sees every
    activity of an Action, over the activities themselves for an expert (theirs only)."""
    if _sees_all(user):
        tallies = activity_tallies.c
        counts: tuple[Any, ...] = (
            tallies.type_code,
            sa.func.sum(tallies.activities),
            sa.func.sum(tallies.participants_total),
            sa.func.sum(tallies.participants_women),
            sa.func.sum(tallies.participants_men),
        )
        query = sa.select(*counts).where(within(tallies.action_id, actions))
    else:
        held = Activity.state.in_(HELD)
        counts = (
            Activity.type_code,
            sa.func.count().filter(Activity.state != ActivityState.CANCELLED),
            sa.func.sum(Activity.participants_total).filter(held),
            sa.func.sum(Activity.participants_women).filter(held),
            sa.func.sum(Activity.participants_men).filter(held),
        )
        query = sa.select(*counts).where(
            within(Activity.action_id, actions), visibility_filter(Activity, user)
        )
    rows = session.execute(query.group_by(counts[0])).all()
    total, women, men = (sum(int(r[i] or 0) for r in rows) for i in (2, 3, 4))
    return activity_figures(tally((r[0], r[1]) for r in rows), total, women, men)

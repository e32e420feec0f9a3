"""The programme's figures computed the straightforward way: one GROUP BY per figure over the
rows themselves (workflow/read/stats.py before migration 0021), the reference the fast
figures are checked against (tests/integration/test_figures.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.actions import action_areas, action_countries, action_topics
from db.models import Action, Activity, Country, Expert, Phase, Region, Request, User
from db.models import activity_experts as deployments
from db.requests import request_countries
from workflow.action.states import ActionState
from workflow.activity.states import ActivityState
from workflow.admin.settings import load_settings
from workflow.engine.errors import invalid
from workflow.read.access import SEES_EVERYTHING, visibility_filter

HELD = ActivityState.tagged("booked_on_actual_dates")
# The first and last day of receipt of the Requests counted, both included; None: open.
Span = tuple[dt.date | None, dt.date | None]


def _within(column: Any, ids: Any) -> Any:
    """`column IN ids`, or no condition at all when every row is in scope (None): a staff
    member's figures over all the data then scan each table once, with no semi-join."""
    return sa.true() if ids is None else column.in_(ids)


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
    query = query.where(_within(Action.request_id, requests))
    if region:
        in_region = sa.select(action_countries.c.action_id).join(
            Country, Country.code == action_countries.c.country_code
        )
        query = query.where(Action.id.in_(in_region.where(Country.region_code == region)))
    return query


def _counts(
    session: Session, key: Any, counted: Any, *where: Any, join: Any = None
) -> dict[str, int]:
    query = sa.select(key, sa.func.count(sa.distinct(counted))).where(*where)
    if join is not None:
        query = query.select_from(join)
    rows = session.execute(query.group_by(key).order_by(key)).all()
    return {str(k): int(n) for k, n in rows if k is not None}


def _by_link(
    session: Session, link: sa.Table, column: str, actions: Any, *where: Any
) -> dict[str, int]:
    key = link.c[column]
    join = link.join(Action, Action.id == link.c.action_id)
    return _counts(
        session, key, link.c.action_id, _within(link.c.action_id, actions), *where, join=join
    )


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
    """
    first, last = span
    if first is not None and last is not None and first > last:
        raise invalid("to", f"The span ends ({last}) before it starts ({first}).")
    requests = _requests(session, user, phase, region, span)
    # An Action counts when the user may see it, even if its Request is hidden from them
    # (an expert sees the Actions of their Activities but no Request): the phase and
    # region select among all Requests here, visibility applies to the Action itself.
    actions = _actions(user, _requests(session, None, phase, region, span), region)
    in_requests = _within(Request.id, requests)
    year = sa.extract("year", Request.received_on)
    return {
        "requests_total": _total(session, Request.id, in_requests),
        "requests_by_year": _counts(session, year, Request.id, in_requests),
        "requests_by_state": _counts(session, Request.state, Request.id, in_requests),
        **_action_figures(session, actions),
        "rapid_reaction": _rapid_reaction(session, actions),
        "experts": _experts(session, user, actions),
        "activities_by_type": _counts(
            session,
            Activity.type_code,
            Activity.id,
            _within(Activity.action_id, actions),
            Activity.state != ActivityState.CANCELLED,
            visibility_filter(Activity, user),
        ),
        "participants_by_gender": _participants(session, user, actions),
    }


def _action_figures(session: Session, actions: Any) -> dict[str, Any]:
    in_scope, closed = _within(Action.id, actions), Action.state == ActionState.CLOSED
    linked = _within(action_countries.c.action_id, actions)
    by_region = action_countries.join(Country, Country.code == action_countries.c.country_code)
    countries = sa.select(sa.func.count(sa.distinct(action_countries.c.country_code)))
    return {
        "actions_total": _total(session, Action.id, in_scope),
        "actions_by_region": _counts(
            session, Country.region_code, action_countries.c.action_id, linked, join=by_region
        ),
        "actions_by_country": _by_link(session, action_countries, "country_code", actions),
        "actions_by_area": _by_link(session, action_areas, "area_code", actions),
        "actions_by_topic": _by_link(session, action_topics, "topic_code", actions),
        "actions_by_state": _counts(session, Action.state, Action.id, in_scope),
        "actions_closed": {
            "total": _total(session, Action.id, in_scope, closed),
            "by_area": _by_link(session, action_areas, "area_code", actions, closed),
            "by_topic": _by_link(session, action_topics, "topic_code", actions, closed),
        },
        "countries_with_actions": session.scalar(countries.where(linked)) or 0,
    }


def _total(session: Session, column: Any, *where: Any) -> int:
    return session.scalar(sa.select(sa.func.count(column)).where(*where)) or 0


def _rapid_reaction(session: Session, actions: Any) -> dict[str, Any]:
    """Days from receipt to the first activity held, per Action that has one."""
    first_held = (
        sa.select(Request.received_on, sa.func.min(Activity.actual_start).label("first_start"))
        .join(Action, Action.request_id == Request.id)
        .join(Activity, Activity.action_id == Action.id)
        .where(_within(Action.id, actions), Activity.state.in_(HELD))
        .group_by(Action.id, Request.received_on)
    )
    # One row per number of days, not per Action: what comes back is bounded by the
    # spread of the delays, whatever the number of Actions.
    first = first_held.subquery()
    days = _days_between(session, first.c.first_start, first.c.received_on)
    rows = session.execute(
        sa.select(days, sa.func.count()).where(first.c.first_start.is_not(None)).group_by(days)
    ).all()
    spread = sorted((int(d), int(n)) for d, n in rows)
    count = sum(n for _, n in spread)
    if not count:
        return {"median_days": None, "share_within_90": None}
    limit = load_settings(session).rapid_reaction_days
    within = sum(n for d, n in spread if d <= limit)
    every = [d for d, n in spread for _ in range(n)]  # straightforward: each Action's days
    return {"median_days": statistics.median(every), "share_within_90": within / count}


def _days_between(session: Session, later: Any, earlier: Any) -> Any:
    """Whole days from `earlier` to `later` (two dates) in SQL, on either database."""
    if session.get_bind().dialect.name == "sqlite":
        return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)
    return later - earlier


def _experts(session: Session, user: User, actions: Any) -> dict[str, Any]:
    visible = visibility_filter(Expert, user)
    deployed = (
        sa.select(deployments.c.expert_id)
        .join(Activity, Activity.id == deployments.c.activity_id)
        .where(_within(Activity.action_id, actions), Activity.state.in_(HELD))
    )
    out = sa.and_(visible, Expert.id.in_(deployed))
    return {
        "roster": _total(session, Expert.id, visible),
        "deployed": _total(session, Expert.id, out),
        "by_type": _counts(session, Expert.type, Expert.id, out),
        "by_gender": _counts(session, Expert.gender, Expert.id, out),
        # The Member State of their administration (migration 0016), not their nationality.
        "by_member_state": _counts(
            session, Expert.member_state_code, Expert.id, out, Expert.type == "eu_government"
        ),
    }


def _participants(session: Session, user: User, actions: Any) -> dict[str, int]:
    sums = session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(Activity.participants_total), 0),
            sa.func.coalesce(sa.func.sum(Activity.participants_women), 0),
            sa.func.coalesce(sa.func.sum(Activity.participants_men), 0),
        ).where(
            _within(Activity.action_id, actions),
            Activity.state.in_(HELD),
            visibility_filter(Activity, user),
        )
    ).one()
    total, women, men = (int(n) for n in sums)
    return {"women": women, "men": men, "unspecified": max(total - women - men, 0)}


def _grouped(session: Session, key: Any, *where: Any) -> dict[str, int]:
    query = sa.select(key, sa.func.count(Expert.id)).where(*where).group_by(key).order_by(key)
    return {str(k): int(n) for k, n in session.execute(query) if k is not None}


def reference_figures(
    session: Session,
    user: User,
    phase: str | None = None,
    region: str | None = None,
    span: Span = (None, None),
) -> dict[str, Any]:
    """statistics_for's figures, the roster's included, each from its own query."""
    figures = statistics_for(session, user, phase, region, span)
    visible = visibility_filter(Expert, user)
    figures["experts"] |= {
        "roster_by_type": _grouped(session, Expert.type, visible),
        "roster_by_gender": _grouped(session, Expert.gender, visible),
        "roster_by_member_state": _grouped(
            session, Expert.member_state_code, visible, Expert.type == "eu_government"
        ),
    }
    return figures

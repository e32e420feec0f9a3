"""The Actions' and the experts' figures of /stats, each table read in one query.

`actions` is the Actions in scope as a subquery of ids, or None when every
Action is (a staff member's figures over all the data: no condition at all).
"""

from __future__ import annotations

import statistics
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.actions import action_areas, action_countries, action_topics
from db.activities import held_deployments
from db.models import Action, Country, Expert, User
from workflow.action.states import ActionState
from workflow.activity.states import ActivityState
from workflow.expert.rules import EU_GOVERNMENT
from workflow.read.access import visibility_filter

HELD = ActivityState.tagged("booked_on_actual_dates")
# The Actions of a region: those of its countries (kind "region") less those counted twice.
REGION = {"region": 1, "extra": -1}
LINKS = ("country", "area", "topic")


def within(column: Any, ids: Any) -> Any:
    """`column IN ids`, or no condition at all when every row is in scope (None): a staff
    member's figures over all the data then scan each table once, with no semi-join."""
    return sa.true() if ids is None else column.in_(ids)


def tally(rows: Any) -> dict[str, int]:
    """(key, count) pairs summed per key, keys in order, None and zero counts left out: the
    figures of one GROUP BY over several keys, folded onto one of them."""
    sums: dict[Any, int] = {}
    for key, n in rows:
        if key is not None and n:
            sums[key] = sums.get(key, 0) + int(n)
    return {str(k): sums[k] for k in sorted(sums)}


def action_figures(session: Session, actions: Any) -> dict[str, Any]:
    """Actions by state, region, country, area and topic, and the closed ones, of the
    Actions in scope (every Action: workflow.read.kept_figures): two queries."""
    states = session.execute(
        sa.select(Action.state, sa.func.count())
        .where(within(Action.id, actions))
        .group_by(Action.state)
    ).all()
    links = _linked(session, actions)
    return shaped_action_figures(
        tally(states),
        {
            "region": tally((k, REGION.get(kind, 0) * n) for kind, k, n, _ in links),
            **{f: tally((k, n) for kind, k, n, _ in links if kind == f) for f in LINKS},
        },
        {f: tally((k, c) for kind, k, _, c in links if kind == f) for f in ("area", "topic")},
    )


def shaped_action_figures(
    by_state: dict[str, int], linked: dict[str, dict[str, int]], closed: dict[str, dict[str, int]]
) -> dict[str, Any]:
    """The Actions' figures from their counts by state, by link (region, country, area,
    topic) and closed by area and topic: the one shape of the counted and the kept paths."""
    return {
        "actions_total": sum(by_state.values()),
        "actions_by_region": linked["region"],
        "actions_by_country": linked["country"],
        "actions_by_area": linked["area"],
        "actions_by_topic": linked["topic"],
        "actions_by_state": by_state,
        "actions_closed": {
            "total": by_state.get(ActionState.CLOSED.value, 0),
            "by_area": closed["area"],
            "by_topic": closed["topic"],
        },
        "countries_with_actions": len(linked["country"]),
    }


def _linked(session: Session, actions: Any) -> list[Any]:
    """(kind, key, Actions, closed Actions) per region, country, area and topic, in one
    statement (UNION ALL of a GROUP BY per link table). The closed Actions are a set
    looked up by id (a hash of the few closed, from the index), not a join of every Action."""
    closed_ids = sa.select(Action.id).where(Action.state == ActionState.CLOSED)
    parts = []
    for kind, link, key in (
        ("area", action_areas, action_areas.c.area_code),
        ("topic", action_topics, action_topics.c.topic_code),
    ):
        closed = sa.func.count().filter(link.c.action_id.in_(closed_ids))
        parts.append(
            sa.select(sa.literal_column(f"'{kind}'"), key, sa.func.count(), closed)
            .where(within(link.c.action_id, actions))
            .group_by(key)
        )
    countries, none = action_countries.c, sa.literal_column("0", sa.Integer)
    parts.append(
        sa.select(sa.literal_column("'country'"), countries.country_code, sa.func.count(), none)
        .where(within(countries.action_id, actions))
        .group_by(countries.country_code)
    )
    # An Action with two countries of one region counts once there: each country's Actions
    # summed per region, less the extra countries of an Action within a region (a sort of
    # the few Actions with several countries, not a count(DISTINCT) of every pair).
    in_region = action_countries.join(Country, Country.code == countries.country_code)
    parts.append(
        sa.select(sa.literal_column("'region'"), Country.region_code, sa.func.count(), none)
        .select_from(in_region)
        .where(within(countries.action_id, actions))
        .group_by(Country.region_code)
    )
    several = (
        sa.select(countries.action_id)
        .where(within(countries.action_id, actions))
        .group_by(countries.action_id)
        .having(sa.func.count() > 1)
    )
    extra = (
        sa.select(Country.region_code, (sa.func.count() - 1).label("extra"))
        .select_from(in_region)
        .where(countries.action_id.in_(several))
        .group_by(countries.action_id, Country.region_code)
        .having(sa.func.count() > 1)
        .subquery()
    )
    parts.append(
        sa.select(sa.literal_column("'extra'"), extra.c.region_code, sa.func.sum(extra.c.extra))
        .add_columns(none)
        .group_by(extra.c.region_code)
    )
    return list(session.execute(sa.union_all(*parts)).all())


def expert_figures(session: Session, user: User, actions: Any) -> dict[str, Any]:
    """The roster (every expert the user may see, whatever the filters: an expert is in it
    or not) and the experts deployed on a held activity of an Action in scope, by type,
    gender and Member State (of their administration, migration 0016): one query."""
    if actions is None:
        out: Any = Expert.deployed  # kept by triggers (migration 0021)
    else:
        held = held_deployments.c  # kept by triggers (migration 0021)
        out = Expert.id.in_(sa.select(held.expert_id).where(held.action_id.in_(actions)))
    rows = session.execute(
        sa.select(
            Expert.type,
            Expert.gender,
            Expert.member_state_code,
            sa.func.count(),
            sa.func.count().filter(out),
        )
        .where(visibility_filter(Expert, user))
        .group_by(Expert.type, Expert.gender, Expert.member_state_code)
    ).all()
    return roster_figures(rows)


def roster_figures(rows: Any) -> dict[str, Any]:
    """The roster's and the deployed experts' figures from (type, gender, Member State,
    experts, deployed) rows."""
    eu = [r for r in rows if r[0] == EU_GOVERNMENT]
    return {
        "roster": sum(int(r[3]) for r in rows),
        "deployed": sum(int(r[4]) for r in rows),
        "by_type": tally((r[0], r[4]) for r in rows),
        "by_gender": tally((r[1], r[4]) for r in rows),
        "by_member_state": tally((r[2], r[4]) for r in eu),
        "roster_by_type": tally((r[0], r[3]) for r in rows),
        "roster_by_gender": tally((r[1], r[3]) for r in rows),
        "roster_by_member_state": tally((r[2], r[3]) for r in eu),
    }


def request_figures(by_year: dict[str, int], by_state: dict[str, int]) -> dict[str, Any]:
    return {
        "requests_total": sum(by_state.values()),
        "requests_by_year": by_year,
        "requests_by_state": by_state,
    }


def activity_figures(by_type: dict[str, int], total: int, women: int, men: int) -> dict[str, Any]:
    """Activities by type (all but cancelled), and the participants of those held by gender."""
    return {
        "activities_by_type": by_type,
        "participants_by_gender": {
            "women": women,
            "men": men,
            "unspecified": max(total - women - men, 0),
        },
    }


def rapid_figures(spread: list[tuple[int, int]], limit: int) -> dict[str, Any]:
    """The median days to the first activity held, and the share within `limit` days, from
    (days, how many Actions) pairs."""
    spread = sorted(spread)
    count = sum(n for _, n in spread)
    if not count:
        return {"median_days": None, "share_within_90": None}
    soon = sum(n for d, n in spread if d <= limit)
    return {"median_days": median_of(spread, count), "share_within_90": soon / count}


def median_of(spread: list[tuple[int, int]], count: int) -> float | int:
    """The median of values given as sorted (value, how many) pairs (statistics.median's)."""
    middle = sorted({(count - 1) // 2, count // 2})  # one middle when the count is odd
    found: list[int] = []
    seen = 0
    for value, n in spread:
        found += [value] * sum(1 for m in middle if seen <= m < seen + n)
        seen += n
    return statistics.median(found)

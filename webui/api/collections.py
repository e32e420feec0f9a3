"""Shapes of the API's pages and of the figures of GET /stats."""

from __future__ import annotations

from typing import Any

from pydantic import create_model

from webui.api.schemas import (
    ActionOut,
    ActivityOut,
    ExpertBrief,
    ExpertOut,
    NotificationOut,
    Out,
    RequestOut,
)


def page_of(item: Any, name: str) -> type[Out]:
    """`{"items", "page", "per_page", "total"}` around one kind of item."""
    model: type[Out] = create_model(
        name,
        __base__=Out,
        items=(list[item], ...),  # type: ignore[valid-type]
        page=(int, ...),
        per_page=(int, ...),
        total=(int, ...),
    )
    return model


PAGES: dict[str, type[Out]] = {
    "requests": page_of(RequestOut, "RequestPage"),
    "actions": page_of(ActionOut, "ActionPage"),
    "activities": page_of(ActivityOut, "ActivityPage"),
    "experts": page_of(ExpertOut | ExpertBrief, "ExpertPage"),
    "notifications": page_of(NotificationOut, "NotificationPage"),
}

Counts = dict[str, int]


class ClosedActions(Out):
    total: int
    by_area: Counts
    by_topic: Counts


class RapidReaction(Out):
    median_days: float | None
    share_within_90: float | None


class ExpertFigures(Out):
    roster: int
    deployed: int
    by_type: Counts
    by_gender: Counts
    by_member_state: Counts
    roster_by_type: Counts
    roster_by_gender: Counts
    roster_by_member_state: Counts


class StatsOut(Out):
    requests_total: int
    requests_by_year: Counts
    requests_by_state: Counts
    actions_total: int
    actions_by_region: Counts
    actions_by_country: Counts
    actions_by_area: Counts
    actions_by_topic: Counts
    actions_by_state: Counts
    actions_closed: ClosedActions
    countries_with_actions: int
    rapid_reaction: RapidReaction
    experts: ExpertFigures
    activities_by_type: Counts
    participants_by_gender: Counts

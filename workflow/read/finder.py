"""Finding an expert for an activity: the roster filtered by thematic area, language, type
and availability on the activity's dates, with who is booked elsewhere then.

The roster is a few hundred rows whose languages, areas and availability are JSON
lists: they are filtered here rather than in SQL (the same on SQLite and PostgreSQL).
Bookings come from the query the `schedule` guard uses, so the finder and the
refusal of a double-booking agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.experts import EXPERT_TYPES
from db.models import Activity, Expert, ThematicArea
from workflow.activity.bookings import bookings
from workflow.activity.guards import covers
from workflow.engine.errors import invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import load_visible, require_role
from workflow.read.queries import actor, read_only


@dataclass(frozen=True)
class Search:
    area: str = ""
    language: str = ""
    type: str = ""
    available: bool = False  # only experts whose stated availability covers the dates


@dataclass(frozen=True)
class Booking:
    activity_id: int
    title: str


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    type: str
    nationality: str
    languages: tuple[str, ...]
    areas: tuple[str, ...]
    available: bool | None  # None: the activity has no dates, or the expert stated none
    booked: tuple[Booking, ...]
    assigned: bool

    @property
    def choosable(self) -> bool:
        return not self.booked and not self.assigned


@dataclass(frozen=True)
class Finding:
    activity_id: int
    title: str
    state: str
    version: int
    start: dt.date | None
    end: dt.date | None
    candidates: list[Candidate]
    assigned: list[tuple[int, str]]
    languages: list[str] = field(default_factory=list)  # every language of the roster


def find_experts(uow: UnitOfWork, activity_id: int, actor_id: int, search: Search) -> Finding:
    """The experts matching `search` for the activity (staff only), by name."""
    with uow:
        session = read_only(uow)
        user = actor(session, actor_id)
        activity: Activity = load_visible(session, Activity, activity_id, user)
        require_role(user, "staff", "find experts for an activity")
        check_search(session, search)
        start, end = activity.planned_start, activity.planned_end
        dates = (start, end) if start and end else None
        booked: dict[int, list[Booking]] = {}
        if dates:
            for expert_id, _name, title, other in session.execute(bookings(*dates, activity.id)):
                booked.setdefault(expert_id, []).append(Booking(other, title))
        assigned = {e.id: e.name for e in activity.experts}
        rows = session.execute(
            sa.select(
                Expert.id,
                Expert.name,
                Expert.type,
                Expert.nationality_code,
                Expert.languages,
                Expert.thematic_areas,
                Expert.availability,
            ).order_by(Expert.name, Expert.id)
        ).all()
        candidates = []
        for id_, name, type_, nationality, languages, areas, periods in rows:
            available = covers(periods, *dates) if dates and periods else None
            if (
                (search.area and search.area not in areas)
                or (search.language and search.language not in languages)
                or (search.type and search.type != type_)
                or (search.available and dates and available is not True)
            ):
                continue
            candidates.append(
                Candidate(
                    id_,
                    name,
                    type_,
                    nationality,
                    tuple(languages),
                    tuple(areas),
                    available,
                    tuple(booked.get(id_, ())),
                    id_ in assigned,
                )
            )
        spoken = sorted({code for row in rows for code in row.languages})
        return Finding(
            activity.id,
            activity.title,
            activity.state,
            activity.version,
            start,
            end,
            candidates,
            sorted(assigned.items(), key=lambda item: item[1]),
            spoken,
        )


def check_search(session: Session, search: Search) -> None:
    """Unknown filter values are refused by name (a typo must not look like 'nobody')."""
    if search.type and search.type not in EXPERT_TYPES:
        raise invalid("type", f"must be one of {', '.join(EXPERT_TYPES)}")
    if search.area and session.get(ThematicArea, search.area) is None:
        raise invalid("area", f"Unknown thematic area {search.area!r}.")
    if search.language and not (len(search.language) == 2 and search.language.isalpha()):
        raise invalid("language", "must be an ISO 639-1 code such as en, fr or es")


def roster_where(search: Search) -> list[sa.ColumnElement[bool]]:
    """The roster page's filters as SQL: the JSON lists are matched on their text (a code
    between double quotes), which reads the same on SQLite and PostgreSQL."""
    where: list[sa.ColumnElement[bool]] = []
    if search.type:
        where.append(Expert.type == search.type)
    if search.area:
        where.append(sa.cast(Expert.thematic_areas, sa.Text).like(f'%"{search.area}"%'))
    if search.language:
        where.append(sa.cast(Expert.languages, sa.Text).like(f'%"{search.language}"%'))
    return where

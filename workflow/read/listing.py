"""The lists of Requests, Actions and Activities: filters, search, sort and paging.

Two queries a page (the count, up to a cap, and the rows), reading only the
columns a list shows, whatever the number of rows; visibility applies as
everywhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from db.actions import action_areas, action_countries
from db.models import Action, Activity, Country, Request, User
from db.requests import request_areas, request_countries
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.access import visibility_filter
from workflow.read.queries import Page, actor, paging, read_only

PER_PAGE = 100  # the lists of Requests, Actions and Activities: 100 rows a page
# A list counts its rows up to this many, then says "more than": counting a million
# Activities to print their number took half a second at 100,000 Actions (EXPLAIN).
COUNT_CAP = 10_000


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; empty values do not narrow."""

    state: str = ""
    search: str = ""
    country: str = ""
    region: str = ""
    area: str = ""
    year: int | None = None
    owner_id: int | None = None
    action_id: int | None = None  # the Activities of one Action
    sort: str = "newest"  # newest, oldest, name


@dataclass(frozen=True)
class Row:
    """One line of a list."""

    object_id: int
    name: str
    state: str
    day: dt.date | None
    owner: str


def _columns(kind: str) -> tuple[Any, Any, Any, Any]:
    """The model, its name column, its date column, and the owner column (or None)."""
    if kind == "request":
        return Request, Request.requester_name, Request.received_on, Request.owner_id
    if kind == "action":
        return Action, Action.title, Action.created_at, Action.owner_id
    return Activity, Activity.title, Activity.planned_start, None


def _scope(kind: str, filters: Filters) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of the filters that apply to `kind`."""
    model, name, day, owner = _columns(kind)
    where: list[sa.ColumnElement[bool]] = []
    if filters.state:
        where.append(model.state == filters.state)
    if filters.search:
        where.append(name.ilike(f"%{filters.search.strip()}%"))
    if filters.year:
        start = dt.date(filters.year, 1, 1)
        where.append(sa.and_(day >= start, day < start.replace(year=filters.year + 1)))
    if filters.owner_id and owner is not None:
        where.append(owner == filters.owner_id)
    if filters.action_id and kind == "activity":
        where.append(Activity.action_id == filters.action_id)
    where += _places(kind, filters)
    return where


def _places(kind: str, filters: Filters) -> list[sa.ColumnElement[bool]]:
    """Country, region and area filters, through the link tables (Activities: their Action's)."""
    if not (filters.country or filters.region or filters.area):
        return []
    own = Request if kind == "request" else Action
    countries, areas = (
        (request_countries, request_areas)
        if kind == "request"
        else (action_countries, action_areas)
    )
    key = countries.c.request_id if kind == "request" else countries.c.action_id
    area_key = areas.c.request_id if kind == "request" else areas.c.action_id
    ids: list[Any] = []
    if filters.country:
        ids.append(sa.select(key).where(countries.c.country_code == filters.country.upper()))
    if filters.region:
        regional = sa.select(Country.code).where(Country.region_code == filters.region)
        ids.append(sa.select(key).where(countries.c.country_code.in_(regional)))
    if filters.area:
        ids.append(sa.select(area_key).where(areas.c.area_code == filters.area))
    column = Activity.action_id if kind == "activity" else own.id
    return [column.in_(subquery) for subquery in ids]


def list_page(
    uow: UnitOfWork, user_id: int, kind: str, filters: Filters, page: int = 1
) -> Page[Row]:
    """One page of the list of `kind` the user may see, narrowed by `filters`."""
    page, per_page = paging(page, PER_PAGE)
    model, name, day, owner = _columns(kind)
    with uow:
        session = read_only(uow)
        user = actor(session, user_id)
        where = sa.and_(visibility_filter(model, user), *_scope(kind, filters))
        capped = sa.select(model.id).where(where).limit(COUNT_CAP + 1).subquery()
        counted = session.scalar(sa.select(sa.func.count()).select_from(capped)) or 0
        owner_name = User.full_name if owner is not None else sa.literal("")
        query = sa.select(model.id, name, model.state, day, owner_name).where(where)
        if owner is not None:
            query = query.join(User, User.id == owner)
        order = {"oldest": [day.asc(), model.id], "name": [name, model.id]}.get(
            filters.sort, [day.desc(), model.id.desc()]
        )
        rows = session.execute(query.order_by(*order).limit(per_page).offset((page - 1) * per_page))
        items = [
            Row(i, n, s, d.date() if isinstance(d, dt.datetime) else d, o) for i, n, s, d, o in rows
        ]
        return Page(items, page, per_page, min(counted, COUNT_CAP), counted > COUNT_CAP)

"""Reading the library: an Action's or an activity's files, and the search at /library.

Every query keeps only the deliverables of Actions the user may see
(visibility_filter), and leaves withdrawn ones out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.actions import action_areas, action_countries
from db.models import Action, Country, Deliverable, StoredFile, ThematicArea, User
from workflow.library.shapes import TYPE_LABELS
from workflow.read.access import visibility_filter
from workflow.read.queries import Page, paging


@dataclass(frozen=True)
class Entry:
    id: int
    action_id: int
    action_title: str
    activity_id: int | None
    type: str
    type_label: str
    title: str
    language: str
    issued_on: dt.date
    file_name: str
    media_type: str
    size: int
    uploaded_at: dt.datetime


@dataclass(frozen=True)
class Search:
    """What /library was asked: words, and a type, a country and an area (codes; empty: any)."""

    text: str = ""
    type: str = ""
    country: str = ""
    area: str = ""


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _entries(user: User, *where: sa.ColumnElement[bool]) -> sa.Select[Deliverable, str, StoredFile]:
    return (
        sa.select(Deliverable, Action.title, StoredFile)
        .join(Action, Action.id == Deliverable.action_id)
        .join(StoredFile, StoredFile.id == Deliverable.file_id)
        .where(Deliverable.withdrawn_at.is_(None), visibility_filter(Action, user), *where)
    )


def _entry(deliverable: Deliverable, action_title: str, file: StoredFile) -> Entry:
    return Entry(
        id=deliverable.id,
        action_id=deliverable.action_id,
        action_title=action_title,
        activity_id=deliverable.activity_id,
        type=deliverable.type,
        type_label=TYPE_LABELS[deliverable.type],
        title=deliverable.title,
        language=deliverable.language,
        issued_on=deliverable.issued_on,
        file_name=file.original_name,
        media_type=file.media_type,
        size=file.size,
        uploaded_at=file.uploaded_at,
    )


def files_of(session: Session, user: User, kind: str, object_id: int) -> list[Entry]:
    """The listed files of an Action (its own deliverables) or of an activity's report."""
    if kind == "activity":
        where = Deliverable.activity_id == object_id
    else:
        where = sa.and_(Deliverable.action_id == object_id, Deliverable.activity_id.is_(None))
    query = _entries(user, where).order_by(Deliverable.issued_on.desc(), Deliverable.id)
    return [_entry(d, title, f) for d, title, f in session.execute(query)]


def _conditions(asked: Search) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    by_country = sa.select(action_countries.c.action_id)
    by_area = sa.select(action_areas.c.action_id)
    if asked.type:
        found.append(Deliverable.type == asked.type)
    if asked.country:
        found.append(
            Action.id.in_(by_country.where(action_countries.c.country_code == asked.country))
        )
    if asked.area:
        found.append(Action.id.in_(by_area.where(action_areas.c.area_code == asked.area)))
    for word in asked.text.split()[:10]:
        like = _like(word)
        types = [code for code, label in TYPE_LABELS.items() if word.lower() in label.lower()]
        countries = by_country.join(Country).where(Country.name.ilike(like, escape="\\"))
        areas = by_area.join(ThematicArea).where(ThematicArea.label.ilike(like, escape="\\"))
        found.append(
            sa.or_(
                Deliverable.title.ilike(like, escape="\\"),
                Action.title.ilike(like, escape="\\"),
                Deliverable.type.in_(types),
                Action.id.in_(countries),
                Action.id.in_(areas),
            )
        )
    return found


def search(
    session: Session, user: User, asked: Search, page: int = 1, per_page: int = 20
) -> Page[Entry]:
    """The deliverables that match every word (in their title, their Action's title, their
    type, or their Action's countries or areas) and the filters, newest first."""
    page, per_page = paging(page, per_page)
    query = _entries(user, *_conditions(asked))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    ordered = query.order_by(Deliverable.issued_on.desc(), Deliverable.id.desc())
    rows = session.execute(ordered.limit(per_page).offset((page - 1) * per_page))
    return Page([_entry(d, title, f) for d, title, f in rows], page, per_page, total)

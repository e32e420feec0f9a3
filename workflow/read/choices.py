"""The reference data as (code, label) pairs, for the UI's filters and forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import (
    ActivityType,
    Country,
    Instrument,
    Phase,
    Region,
    RequesterType,
    ThematicArea,
    Topic,
    User,
    UserRole,
)
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import read_only

Pairs = list[tuple[str, str]]


@dataclass(frozen=True)
class Choices:
    """Every code list a form offers, each sorted by its label."""

    partner_countries: Pairs
    regions: Pairs
    areas: Pairs
    topics: Pairs
    requester_types: Pairs
    activity_types: Pairs
    staff: Pairs  # (user id, full name)
    countries: Pairs  # every ISO country
    instruments: Pairs
    phases: Pairs


def _pairs(session: Session, code: Any, label: Any, *where: sa.ColumnElement[bool]) -> Pairs:
    query = sa.select(code, label).where(*where).order_by(label)
    return [(str(c), str(name)) for c, name in session.execute(query)]


def choices(uow: UnitOfWork) -> Choices:
    """The reference data, in one short transaction (a few small queries)."""
    with uow:
        s = read_only(uow)
        return Choices(
            partner_countries=_pairs(
                s, Country.code, Country.name, Country.region_code.is_not(None)
            ),
            regions=_pairs(s, Region.code, Region.label),
            areas=_pairs(s, ThematicArea.code, ThematicArea.label),
            topics=_pairs(s, Topic.code, Topic.label),
            requester_types=_pairs(s, RequesterType.code, RequesterType.label),
            activity_types=_pairs(s, ActivityType.code, ActivityType.label),
            staff=_pairs(
                s,
                sa.cast(User.id, sa.String),
                User.full_name,
                User.active.is_(True),
                User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == "staff")),
            ),
            countries=_pairs(s, Country.code, Country.name),
            instruments=_pairs(s, Instrument.code, Instrument.label),
            phases=_pairs(s, Phase.code, Phase.label),
        )

"""The reference data as (code, label) pairs, for the UI's filters and forms."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import (
    ActivityType,
    CacheStamp,
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


# The reference data this process read last, with the stamp the database had then.
_kept: tuple[str, Choices] | None = None


def choices(uow: UnitOfWork) -> Choices:
    """The reference data, in one short transaction: the stamp of the reference data and
    the active staff, and the reference data itself only when its stamp changed since this
    process last read it (every change renews it: `set_partner_country`, a migration).
    Users are never kept: the staff are read each time."""
    global _kept
    with uow:
        s = read_only(uow)
        stamp = s.scalar(sa.select(CacheStamp.stamp).where(CacheStamp.name == "reference"))
        kept = _kept
        if stamp is None or kept is None or kept[0] != stamp:
            kept = (stamp or "", _reference(s))
            if stamp is not None:
                _kept = kept
        return replace(kept[1], staff=_staff(s))


def _staff(s: Session) -> Pairs:
    return _pairs(
        s,
        sa.cast(User.id, sa.String),
        User.full_name,
        User.active.is_(True),
        User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == "staff")),
    )


def _reference(s: Session) -> Choices:
    """Every code list but the staff (a few small queries)."""
    return Choices(
        partner_countries=_pairs(s, Country.code, Country.name, Country.region_code.is_not(None)),
        regions=_pairs(s, Region.code, Region.label),
        areas=_pairs(s, ThematicArea.code, ThematicArea.label),
        topics=_pairs(s, Topic.code, Topic.label),
        requester_types=_pairs(s, RequesterType.code, RequesterType.label),
        activity_types=_pairs(s, ActivityType.code, ActivityType.label),
        staff=[],
        countries=_pairs(s, Country.code, Country.name),
        instruments=_pairs(s, Instrument.code, Instrument.label),
        phases=_pairs(s, Phase.code, Phase.label),
    )

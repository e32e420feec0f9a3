"""The guards on accepting a Request: is it eligible on the date it was received?"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Instrument, Phase, Request, RequesterType
from workflow.engine.context import FireContext
from workflow.engine.definition import checks
from workflow.engine.errors import Reason, listed


def _valid_on(instrument: Instrument, day: dt.date) -> bool:
    # Validity is the half-open range [valid_from, valid_to).
    starts_ok = instrument.valid_from is None or instrument.valid_from <= day
    return starts_ok and (instrument.valid_to is None or day < instrument.valid_to)


def phase_in_force(session: Session, day: dt.date) -> Phase | None:
    """The programme phase in force on `day`, if any."""
    query = sa.select(Phase).where(
        Phase.starts_on <= day, sa.or_(Phase.ends_on.is_(None), Phase.ends_on > day)
    )
    return session.scalars(query.order_by(Phase.starts_on.desc())).first()


@checks("Every country is a partner country on the date the Request was received")
def countries_eligible(request: Request, ctx: FireContext) -> list[Reason]:
    """Guard `country_not_eligible`: every country is a partner under an instrument valid on
    the received date."""
    day = request.received_on
    refused = [c for c in request.countries if not any(_valid_on(i, day) for i in c.instruments)]
    return listed(
        "country_not_eligible",
        f"Not a partner country under an EU instrument valid on {day.isoformat()}",
        (f"{c.name} ({c.code})" for c in refused),
    )


@checks("The requester's type was eligible on that date")
def requester_eligible(request: Request, ctx: FireContext) -> list[Reason]:
    """Guard `requester_not_eligible`: the requester type is eligible on the received date."""
    kind = ctx.session.get(RequesterType, request.requester_type_code)
    if kind is None or kind.eligible_from is None or kind.eligible_from <= request.received_on:
        return []
    return [
        Reason(
            "requester_not_eligible",
            f"A {kind.label.lower()} may request support only from "
            f"{kind.eligible_from.isoformat()}; this Request was received on "
            f"{request.received_on.isoformat()}.",
        )
    ]


@checks("The Request names a thematic area")
def has_thematic_area(request: Request, ctx: FireContext) -> list[Reason]:
    """Guard `no_thematic_area`: the Request names at least one thematic area."""
    if request.thematic_areas:
        return []
    return [Reason("no_thematic_area", "The Request names no thematic area.")]


@checks("Its thematic areas are in the scope of the phase in force")
def areas_in_scope(request: Request, ctx: FireContext) -> list[Reason]:
    """Guard `no_phase_in_force` / `area_out_of_scope`: a phase is in force on the received
    date, and every thematic area is in its scope."""
    phase = phase_in_force(ctx.session, request.received_on)
    if phase is None:
        return [
            Reason(
                "no_phase_in_force",
                f"No programme phase was in force on {request.received_on.isoformat()}.",
            )
        ]
    scope = {a.code for a in phase.areas}
    outside = [a.label for a in request.thematic_areas if a.code not in scope]
    return listed("area_out_of_scope", f"{phase.label} does not cover", outside)


@checks("A high-level endorsement is recorded (who and when)")
def endorsed(request: Request, ctx: FireContext) -> list[Reason]:
    """Guard `not_endorsed`: the high-level endorsement (who, when) is recorded."""
    if request.endorsed_by and request.endorsed_on:
        return []
    return [
        Reason(
            "not_endorsed",
            "The high-level endorsement (who endorsed the Request, and when) is not recorded.",
        )
    ]

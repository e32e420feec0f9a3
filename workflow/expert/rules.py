"""The roster's rules that span fields: the Member State of an EU government expert, and
the order lists are stored in (one place for creating and editing)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.models import Country
from workflow.engine import resolve
from workflow.engine.errors import invalid

EU_GOVERNMENT = "eu_government"


def member_state(
    session: Session, type_: str, nationality: str, sent: bool, code: str | None
) -> str | None:
    """The Member State to store: the one sent (checked), else for an EU government expert
    their nationality when it is a Member State; other types have none."""
    if not sent:
        if type_ != EU_GOVERNMENT:
            return None
        country = session.get(Country, nationality)
        return nationality if country is not None and country.is_eu_member else None
    if code is None:
        return None
    if type_ != EU_GOVERNMENT:
        raise invalid(
            "member_state",
            "Only an expert from an EU Member State administration (type eu_government) "
            "has a Member State.",
        )
    country = resolve.countries(session, [code], "member_state")[0]
    if not country.is_eu_member:
        raise invalid("member_state", f"{country.name} ({country.code}) is not an EU Member State.")
    return country.code


def tidy(fields: dict[str, Any]) -> dict[str, Any]:
    """Languages sorted without repeats; availability periods in date order."""
    if "languages" in fields and fields["languages"] is not None:
        fields["languages"] = sorted(set(fields["languages"]))
    if "availability" in fields and fields["availability"] is not None:
        fields["availability"] = sorted(fields["availability"], key=lambda p: p["start"])
    return fields

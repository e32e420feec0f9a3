"""Typed access to the settings table: every rule's number comes from here."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from db.models import Setting


class Settings(BaseModel):
    """The programme's rules as numbers; seeded by a migration, edited by an admin."""

    model_config = ConfigDict(frozen=True)

    rapid_reaction_days: int
    rapid_reaction_warning_day: int
    eligibility_days: int
    psc_vote_days: int
    psc_min_voters: int
    silence_procedure: bool
    report_due_days: int
    report_return_days: int
    min_activities: int
    max_activities: int
    usual_activities_min: int
    usual_activities_max: int
    experts_confirmed_days: int
    evaluation_days: int
    reminder_hour: int
    programme_manager: str | None
    token_expiry_days: int


def load_settings(session: Session) -> Settings:
    """The settings table, read and checked against `Settings`."""
    rows = session.execute(sa.select(Setting.key, Setting.value)).all()
    return Settings.model_validate({key: value for key, value in rows})


def change_setting(session: Session, key: str, value: object) -> None:
    """Set one setting after checking its type against `Settings` (an admin's edit)."""
    current = load_settings(session).model_dump()
    if key not in current:
        raise KeyError(f"unknown setting {key!r}")
    checked = getattr(Settings.model_validate({**current, key: value}), key)
    session.execute(sa.update(Setting).where(Setting.key == key).values(value=checked))

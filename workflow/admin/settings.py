"""Typed access to the settings table: every rule's number comes from here."""

from __future__ import annotations

import functools
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.orm import Session

from db.models import CacheStamp, Setting


def _days(low: int = 1, high: int = 365) -> Any:
    return Field(ge=low, le=high, strict=True)


Days = Annotated[int, _days()]
Count = Annotated[int, Field(ge=0, le=100, strict=True)]


class Settings(BaseModel):
    """The programme's rules as numbers; seeded by a migration, edited by an admin."""

    model_config = ConfigDict(frozen=True)

    rapid_reaction_days: Annotated[int, _days(1, 3650)]
    rapid_reaction_warning_day: Annotated[int, _days(1, 3650)]
    eligibility_days: Days
    psc_vote_days: Days
    psc_min_voters: Annotated[int, Field(ge=1, le=100, strict=True)]
    silence_procedure: Annotated[bool, Field(strict=True)]
    report_due_days: Days
    report_return_days: Days
    min_activities: Count
    max_activities: Annotated[int, Field(ge=1, le=100, strict=True)]
    usual_activities_min: Count
    usual_activities_max: Count
    experts_confirmed_days: Annotated[int, _days(0, 365)]
    evaluation_days: Days
    reminder_hour: Annotated[int, Field(ge=0, le=23, strict=True)]
    catch_up_days: Annotated[int, _days(0, 365)]
    programme_manager: Annotated[str, Field(min_length=1, max_length=80)] | None
    token_expiry_days: Annotated[int, _days(1, 3650)]
    outbox_max_attempts: Annotated[int, Field(ge=1, le=50, strict=True)]
    invitation_expiry_days: Annotated[int, _days(1, 60)]
    reset_expiry_minutes: Annotated[int, Field(ge=5, le=1440, strict=True)]
    login_window_minutes: Annotated[int, Field(ge=1, le=1440, strict=True)]
    login_failures_per_account: Annotated[int, Field(ge=1, le=1000, strict=True)]
    login_failures_per_address: Annotated[int, Field(ge=1, le=10000, strict=True)]
    upload_max_mb: Annotated[int, Field(ge=1, le=500, strict=True)]

    @model_validator(mode="after")
    def consistent(self) -> Settings:
        """Settings that bound one another must stay in order."""
        pairs = (
            ("min_activities", "max_activities"),
            ("usual_activities_min", "usual_activities_max"),
            ("rapid_reaction_warning_day", "rapid_reaction_days"),
        )
        for low, high in pairs:
            if getattr(self, low) > getattr(self, high):
                raise ValueError(
                    f"{low} ({getattr(self, low)}) must not exceed {high} ({getattr(self, high)})"
                )
        return self


def load_settings(session: Session) -> Settings:
    """The settings table, read and checked against `Settings`."""
    rows = session.execute(sa.select(Setting.key, Setting.value)).all()
    return Settings.model_validate({key: value for key, value in rows})


# The settings this process read last, with the stamp the database had then.
_cached: tuple[str, Settings] | None = None


@functools.cache
def settings_stamp() -> sa.ScalarSelect[str]:
    """The settings' stamp, as a column to read in the act's first query (no query of its own).
    One object, built once: the queries that embed it keep their cache key."""
    return sa.select(CacheStamp.stamp).where(CacheStamp.name == "settings").scalar_subquery()


def settings_at(session: Session, stamp: str | None) -> Settings:
    """The settings as of `stamp` (read in this transaction): the ones kept in this process
    while the stamp is unchanged, else read again. Every process sees a change at its next
    act, since each act reads the stamp."""
    global _cached
    kept = _cached
    if stamp is not None and kept is not None and kept[0] == stamp:
        return kept[1]
    settings = load_settings(session)
    if stamp is not None:
        _cached = (stamp, settings)
    return settings


def change_setting(session: Session, key: str, value: object) -> None:
    """Set one setting after checking it against `Settings`: its type, its range, and its
    order with the settings it bounds (ValueError names the problem)."""
    current = load_settings(session).model_dump()
    if key not in current:
        raise KeyError(f"unknown setting {key!r}")
    checked = getattr(Settings.model_validate({**current, key: value}), key)
    session.execute(sa.update(Setting).where(Setting.key == key).values(value=checked))
    renew_stamp(session, "settings")


def renew_stamp(session: Session, name: str) -> None:
    """A new stamp for the cached table `name`: every process that keeps what it read of
    it reads it again at its next use."""
    session.execute(
        sa.update(CacheStamp).where(CacheStamp.name == name).values(stamp=uuid.uuid4().hex)
    )
